import { describe, expect, it } from 'vitest';
import { queueDelivery, queueNothingLost } from '../../checks/queue-delivery.ts';
import type { Handler } from '../handler-api.ts';
import type { QueueSpecInput, QueueTriggerSpecInput } from '../queue-schema.ts';
import { scenarioWith, serverlessWorld } from '../test-helpers.ts';

/** A queue `orders` of `bodies`, all sent at t=10 (so one receive takes them all), read by function `work`. */
function queueRun(options: {
  bodies: unknown[];
  handler?: Handler;
  trigger?: Partial<QueueTriggerSpecInput>;
  queue?: Partial<QueueSpecInput>;
  timeoutMs?: number;
}) {
  const run = serverlessWorld({
    scenario: scenarioWith([{ name: 'unused' }], []),
    serverless: {
      database: { tables: [{ name: 'processed' }] },
      functions: [
        {
          name: 'work',
          handler: 'processMessages',
          timeoutMs: options.timeoutMs ?? 300,
          initDurationMs: 50,
        },
      ],
      queues: [
        {
          name: 'orders',
          visibilityTimeoutMs: 1000,
          redrivePolicy: { deadLetterTargetQueue: 'orders-dlq', maxReceiveCount: 2 },
          messages: options.bodies.map((body) => ({ atMs: 10, body: body as never })),
          ...options.queue,
        },
        { name: 'orders-dlq' },
      ],
      queueTriggers: [
        {
          function: 'work',
          queue: 'orders',
          batchSize: 10,
          maximumBatchingWindowMs: 50,
          maximumConcurrency: 2,
          ...options.trigger,
        },
      ],
    },
    handlers: options.handler ? { work: options.handler } : undefined,
  });
  run.runUntil(10_000);
  return run;
}

const REPORTING = { functionResponseTypes: ['ReportBatchItemFailures' as const] };

describe('an SQS event source mapping', () => {
  it('deletes the messages a partial batch response does not name; only the named one returns, until the dead-letter queue', () => {
    const run = queueRun({ bodies: [{ n: 0 }, { poison: true }, { n: 2 }], trigger: REPORTING });
    const [first] = run.events('queueTrigger.batchSettled');
    expect([first.outcome, first.deleted, first.returned]).toEqual([
      'partialBatch',
      ['orders:0', 'orders:2'],
      ['orders:1'],
    ]);
    const receives = run
      .events('queue.messagesReceived')
      .map((e) => [e.messageIds, e.receiveCounts]);
    expect(receives).toEqual([
      [
        ['orders:0', 'orders:1', 'orders:2'],
        [1, 1, 1],
      ],
      [['orders:1'], [2]],
    ]);
    const moved = run.events('queue.movedToDeadLetterQueue');
    expect(moved.map((e) => [e.messageId, e.receiveCount, e.deadLetterQueue])).toEqual([
      ['orders:1', 2, 'orders-dlq'],
    ]);
    expect(queueDelivery(run.world.trace)).toMatchObject({
      sent: 3,
      processedOnce: 2,
      inDeadLetterQueue: 1,
      duplicates: 0,
    });
    expect(queueNothingLost(run.world.trace).ok).toBe(true);
  });

  it('returns the whole batch when the handler throws, so messages that had succeeded are processed again', () => {
    const run = queueRun({
      bodies: [{ n: 0 }, { failTimes: 1 }, { n: 2 }],
      handler: undefined,
      trigger: REPORTING,
      queue: { redrivePolicy: undefined },
    });
    // With onFailure "report" only orders:1 returns; compare with a handler that throws.
    const throwing = queueRun({
      bodies: [{ n: 0 }, { failTimes: 1 }, { n: 2 }],
      handler: throwAfter(),
      trigger: REPORTING,
      queue: { redrivePolicy: undefined },
    });
    expect(run.events('queueTrigger.batchSettled')[0].returned).toEqual(['orders:1']);
    const settled = throwing.events('queueTrigger.batchSettled');
    expect(settled.map((e) => [e.outcome, e.returned.length, e.deleted.length])).toEqual([
      ['error', 3, 0],
      ['succeeded', 0, 3],
    ]);
    expect(queueDelivery(throwing.world.trace)).toMatchObject({ processedOnce: 3, duplicates: 0 });
  });

  it('ignores batchItemFailures when ReportBatchItemFailures is off: the batch counts as a success', () => {
    const run = queueRun({ bodies: [{ n: 0 }, { poison: true }] });
    const [settled] = run.events('queueTrigger.batchSettled');
    expect([settled.outcome, settled.deleted]).toEqual(['succeeded', ['orders:0', 'orders:1']]);
    expect(run.events('queue.movedToDeadLetterQueue')).toEqual([]);
  });

  it('fails the whole batch, saying why, when batchItemFailures names a message not in it', () => {
    const run = queueRun({
      bodies: [{ n: 0 }, { n: 1 }],
      handler: function* (event, ctx) {
        if (ctx.attempt === 1) return { batchItemFailures: [{ itemIdentifier: 'orders:99' }] };
        yield* ctx.log('ok', event.records.length);
      },
      trigger: REPORTING,
    });
    const [invalid] = run.events('function.invalidBatchResponse');
    expect(invalid.problem).toContain(
      'batchItemFailures names "orders:99", which is not in the batch',
    );
    expect(invalid.problem).toContain('Lambda treats the whole batch as failed');
    const settled = run.events('queueTrigger.batchSettled');
    expect(settled.map((e) => [e.outcome, e.returned])).toEqual([
      ['invalidResponse', ['orders:0', 'orders:1']],
      ['succeeded', []],
    ]);
  });

  it('fails the whole batch when batchItemFailures is malformed', () => {
    const run = queueRun({
      bodies: [{ n: 0 }],
      handler: () => ({ batchItemFailures: [{ id: 'orders:0' }] }) as never,
      trigger: REPORTING,
    });
    const [invalid] = run.events('function.invalidBatchResponse');
    expect(invalid.problem).toContain(
      'batchItemFailures[0] has no non-empty string itemIdentifier',
    );
    expect(run.events('queueTrigger.batchSettled')[0].outcome).toBe('invalidResponse');
  });

  it('receives a message again while its first invocation still runs when the visibility timeout is shorter, and both succeed: a duplicate', () => {
    const slowFirstTime: Handler = function* (event, ctx) {
      if (ctx.attempt === 1) yield* ctx.sleep(1500);
      for (const r of event.records)
        yield* ctx.db.update('processed', r.itemIdentifier, { add: { times: 1 } });
    };
    const run = queueRun({
      bodies: [{ n: 0 }],
      handler: slowFirstTime,
      timeoutMs: 2000,
      queue: { visibilityTimeoutMs: 1000, redrivePolicy: undefined },
    });
    expect(run.handles.database.store.peek('processed', 'orders:0')?.times).toBe(2);
    expect(queueDelivery(run.world.trace)).toMatchObject({
      processedMoreThanOnce: 1,
      duplicates: 1,
    });
    const receives = run.events('queue.messagesReceived').map((e) => [e.at, e.receiveCounts]);
    expect(receives).toEqual([
      [10, [1]],
      [1010, [2]],
    ]);
    // The second receive's invocation deletes it; the first's delete names an older receipt handle.
    const deletes = run.events('queue.messagesDeleted');
    expect(deletes.map((e) => [e.messageIds, e.staleMessageIds])).toEqual([
      [['orders:0'], []],
      [[], ['orders:0']],
    ]);
  });

  it('waits for the batching window to fill a batch, then invokes with what it has', () => {
    const run = serverlessWorld({
      scenario: scenarioWith([{ name: 'unused' }], []),
      serverless: {
        functions: [{ name: 'work', handler: 'processMessages' }],
        database: { tables: [{ name: 'processed' }] },
        queues: [{ name: 'orders', generators: [{ count: 7, startAtMs: 10, intervalMs: 40 }] }],
        queueTriggers: [
          { function: 'work', queue: 'orders', batchSize: 5, maximumBatchingWindowMs: 100 },
        ],
      },
    });
    run.runUntil(5000);
    // One poller's window opens with the message of t=10 and closes 100 ms after it reached the
    // poller: three messages by then. Five pollers wait, so each message may go to another one.
    const invoked = run.events('function.invoked').map((e) => e.recordIds.length);
    expect(invoked.reduce((a, b) => a + b, 0)).toBe(7);
    expect(Math.max(...invoked)).toBeGreaterThan(1);
    expect(Math.max(...invoked)).toBeLessThanOrEqual(5);
    // Nothing is invoked before a window has run its 100 ms from the first message (t=10).
    expect(run.events('function.invoked')[0].at).toBeGreaterThanOrEqual(110);
  });
});

/** A handler that processes every message and then throws if any failed (no partial response). */
function throwAfter(): Handler {
  return function* (event, ctx) {
    let failed = 0;
    for (const r of event.records) {
      const value = r.value as { failTimes?: number };
      if ((value.failTimes ?? 0) >= (r.sqs?.approximateReceiveCount ?? 1)) failed++;
      else yield* ctx.db.update('processed', r.itemIdentifier, { add: { times: 1 } });
    }
    if (failed > 0) throw new Error(`${failed} failed`);
  };
}
