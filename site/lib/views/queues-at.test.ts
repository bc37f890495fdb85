import { describe, expect, it } from 'vitest';
import poison from '../../../simulator/scenarios/queue-poison-message.json?raw';
import streamPartial from '../../../simulator/scenarios/stream-partial-batch.json?raw';
import { parseScenario } from '../../../simulator/scenario/load.ts';
import { runScenario } from '../../../simulator/scenario/run.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { queuesAt, queuesAtFromStart } from './queues-at.ts';
import { serverlessAt } from './serverless-at.ts';

function trace(text: string): readonly TraceEvent[] {
  const loaded = parseScenario(text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return runScenario(loaded.scenario).events;
}

const events = trace(poison);
/** The playhead just after the first event of `type` (that event shown). */
const after = (type: string, nth = 0) =>
  events.map((e, i) => (e.type === type ? i + 1 : -1)).filter((i) => i > 0)[nth];
const orders = (index: number) => queuesAt(events, index).queues.find((q) => q.name === 'orders')!;

describe('queuesAt', () => {
  it('shows a received message in flight until its visibility timeout, then visible with its receive count', () => {
    const poisonId = 'orders:1';
    const firstBack = after('queue.messagesVisible');
    const before = orders(firstBack - 1);
    expect(before.inFlight.find((m) => m.messageId === poisonId)).toMatchObject({
      receiveCount: 1,
      visibleAgainAtMs: 1120,
    });
    const back = orders(firstBack);
    expect(back.visible.map((m) => [m.messageId, m.receiveCount])).toEqual([[poisonId, 1]]);
    expect(back.inFlight.map((m) => m.messageId)).not.toContain(poisonId);
  });

  it('lists what each settled batch deleted and what it returned', () => {
    const { settled } = queuesAt(events, after('queueTrigger.batchSettled'));
    expect(settled).toEqual([
      {
        trigger: 'esm-fulfilOrder-orders',
        queue: 'orders',
        outcome: 'partialBatch',
        deleted: ['orders:0', 'orders:4', 'orders:6'],
        returned: ['orders:3'],
        problem: null,
      },
    ]);
  });

  it('moves the poison message to the dead-letter queue after three receives, and no sooner', () => {
    const moved = after('queue.movedToDeadLetterQueue');
    expect(orders(moved - 1).movedToDeadLetter).toEqual([]);
    const q = orders(moved);
    expect(q.movedToDeadLetter).toEqual([
      { messageId: 'orders:1', receiveCount: 3, deadLetterQueue: 'orders-dlq' },
    ]);
    expect([q.visible.length, q.inFlight.length, q.deleted, q.redeliveries]).toEqual([0, 0, 13, 3]);
    expect(q.processedMoreThanOnce).toBe(0);
    const dlq = queuesAt(events, moved).queues.find((x) => x.name === 'orders-dlq')!;
    expect(dlq.visible.map((m) => m.messageId)).toEqual(['orders:1']);
  });

  it('agrees with a fold from the start at every playhead, forward and back', () => {
    for (const index of [events.length, 40, 120, 5, events.length - 3])
      expect(queuesAt(events, index)).toEqual(queuesAtFromStart(events, index));
  });
});

describe('a stream batch after a partial batch response', () => {
  it('shows the offsets the response let through and the retry from the failed record', () => {
    const stream = trace(streamPartial);
    const partial = stream.findIndex((e) => e.type === 'function.partiallyFailed') + 1;
    const [batch] = serverlessAt(stream, partial).triggers[0].batches;
    expect([batch.offsets, batch.doneByPartialResponse]).toEqual([
      [2, 3, 4],
      [0, 1],
    ]);
  });
});

describe('duplicates in a queue', () => {
  it('counts a message two invocations succeeded with', () => {
    const settled = (at: number): TraceEvent => ({
      type: 'queueTrigger.batchSettled',
      at,
      trigger: 'esm',
      function: 'work',
      queue: 'jobs',
      outcome: 'succeeded',
      deleted: ['jobs:0'],
      returned: [],
      deletedRecordIds: [1],
      returnedRecordIds: [],
    });
    const sent: TraceEvent = {
      type: 'queue.messageSent',
      at: 0,
      queue: 'jobs',
      messageId: 'jobs:0',
      recordId: 1,
      body: null,
    };
    const twice = [sent, settled(10), settled(20)];
    expect(queuesAt(twice, 2).queues[0].processedMoreThanOnce).toBe(0);
    expect(queuesAt(twice, 3).queues[0].processedMoreThanOnce).toBe(1);
  });
});
