import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../trace/events.ts';
import { queueDelivery, queueNothingLost } from './queue-delivery.ts';

const sent = (n: number): TraceEvent => ({
  type: 'queue.messageSent',
  at: n,
  queue: 'jobs',
  messageId: `jobs:${n}`,
  recordId: n,
  body: { n },
});

const settled = (deleted: number[], returned: number[]): TraceEvent => ({
  type: 'queueTrigger.batchSettled',
  at: 50,
  trigger: 'esm',
  function: 'work',
  queue: 'jobs',
  outcome: returned.length > 0 ? 'partialBatch' : 'succeeded',
  deleted: deleted.map((n) => `jobs:${n}`),
  returned: returned.map((n) => `jobs:${n}`),
  deletedRecordIds: deleted,
  returnedRecordIds: returned,
});

const deletedEvent = (ids: number[]): TraceEvent => ({
  type: 'queue.messagesDeleted',
  at: 60,
  queue: 'jobs',
  messageIds: ids.map((n) => `jobs:${n}`),
  recordIds: ids,
  staleMessageIds: [],
});

describe('nothing lost from a queue', () => {
  it('holds when only messages an invocation succeeded with are deleted', () => {
    const trace = [sent(0), sent(1), settled([0], [1]), deletedEvent([0])];
    expect(queueNothingLost(trace)).toEqual({ ok: true });
  });

  it('names the first delete of a message no invocation succeeded with', () => {
    const trace = [sent(0), sent(1), settled([0], [1]), deletedEvent([0, 1])];
    const verdict = queueNothingLost(trace);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.index).toBe(3);
    expect(verdict.message).toBe(
      'message jobs:1 was deleted from queue jobs although no invocation processed it successfully: it is lost',
    );
  });

  it('counts messages processed once, duplicates, dead letters and those still waiting', () => {
    const moved: TraceEvent = {
      type: 'queue.movedToDeadLetterQueue',
      at: 70,
      queue: 'jobs',
      deadLetterQueue: 'jobs-dlq',
      messageId: 'jobs:2',
      recordId: 2,
      receiveCount: 3,
    };
    const trace = [
      sent(0),
      sent(1),
      sent(2),
      sent(3),
      settled([0, 1], []),
      settled([1], []),
      moved,
    ];
    expect(queueDelivery(trace)).toEqual({
      sent: 4,
      processedOnce: 1,
      processedMoreThanOnce: 1,
      duplicates: 1,
      inDeadLetterQueue: 1,
      pending: 1,
    });
  });
});
