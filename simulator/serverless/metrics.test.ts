import { describe, expect, it } from 'vitest';
import { serverlessMetrics } from './metrics.ts';
import { pricesSchema } from './schema.ts';
import { scenarioWith, serverlessWorld } from './test-helpers.ts';

describe('serverlessMetrics', () => {
  it('counts invocations, retries, database calls and cost from the trace', () => {
    const run = serverlessWorld({
      scenario: scenarioWith(
        [{ name: 'views' }],
        [0, 1, 2].map((i) => ({ atMs: 10 + i, topic: 'views', key: 'ann', value: 'view' })),
      ),
      serverless: {
        database: { tables: [{ name: 'pageViewCounts' }, { name: 'processedEvents' }] },
        functions: [{ name: 'counter', handler: 'countPageViewsIdempotent' }],
        triggers: [
          { function: 'counter', topic: 'views', batchSize: 3, maximumBatchingWindowMs: 50 },
        ],
      },
      faults: [
        { at: 0, kind: 'invocationCrash', target: 'counter', point: 'afterEmitBeforeSuccess' },
      ],
    });
    run.runUntil(5000);
    const prices = pricesSchema.parse({});
    const m = serverlessMetrics(run.world.trace, prices);
    // The first attempt wrote three ids and three counts, then crashed; the retry found the ids.
    expect([m.invocations, m.coldStarts, m.retries, m.failures.crash]).toEqual([2, 2, 1, 1]);
    expect([m.dbWrites, m.dbConditionFailures, m.writeUnits]).toEqual([6, 3, 9]);
    expect(m.databaseUsd).toBeCloseTo(9 * prices.writeUnitUsd, 18);
    const functionCosts = run.events('cost.accrued', (e) => e.source === 'function');
    expect(m.functionUsd).toBeCloseTo(functionCosts.at(-1)!.totalUsd, 18);
    expect(m.totalUsd).toBeCloseTo(m.functionUsd + m.databaseUsd, 18);
    expect(run.handles.database.store.peek('pageViewCounts', 'ann')?.count).toBe(3);
  });

  it('counts messages moved to a dead-letter queue, redeliveries and deletes', () => {
    // A poison message among two good ones, maxReceiveCount 3: it is received three times (two
    // redeliveries) and moved; the good ones are deleted after the first invocation.
    const run = serverlessWorld({
      scenario: scenarioWith([{ name: 'unused' }], []),
      serverless: {
        database: { tables: [{ name: 'processed' }] },
        functions: [{ name: 'work', handler: 'processMessages', timeoutMs: 300 }],
        queues: [
          {
            name: 'jobs',
            visibilityTimeoutMs: 500,
            redrivePolicy: { deadLetterTargetQueue: 'jobs-dlq', maxReceiveCount: 3 },
            messages: [{ n: 1 }, { poison: true }, { n: 2 }].map((body) => ({
              atMs: 10,
              body: body as never,
            })),
          },
          { name: 'jobs-dlq' },
        ],
        queueTriggers: [
          { function: 'work', queue: 'jobs', functionResponseTypes: ['ReportBatchItemFailures'] },
        ],
      },
    });
    run.runUntil(5000);
    const m = serverlessMetrics(run.world.trace, pricesSchema.parse({}));
    expect([m.messagesToDeadLetterQueue, m.redeliveries, m.messagesDeleted]).toEqual([1, 2, 2]);
    expect(m.invocations).toBe(3);
  });

  it('counts throttles apart from retries and failures', () => {
    // Reserved concurrency 1 and two partitions: both batches are due at once, one is throttled
    // and tried again when the instance is free. A throttle is not a failure of the code.
    const run = serverlessWorld({
      scenario: scenarioWith(
        [{ name: 'views', partitions: 2 }],
        [0, 1].flatMap((p) =>
          [0, 1].map((i) => ({
            atMs: 10 + i,
            topic: 'views',
            partition: p,
            key: `u${p}`,
            value: 'v',
          })),
        ),
      ),
      serverless: {
        database: { tables: [{ name: 'pageViewCounts' }, { name: 'processedEvents' }] },
        functions: [
          { name: 'counter', handler: 'countPageViewsIdempotent', reservedConcurrency: 1 },
        ],
        triggers: [
          { function: 'counter', topic: 'views', batchSize: 2, maximumBatchingWindowMs: 20 },
        ],
      },
      faults: [],
    });
    run.runUntil(5000);
    const m = serverlessMetrics(run.world.trace, pricesSchema.parse({}));
    const throttled = run.events('functionInstance.throttled').length;
    expect(throttled).toBeGreaterThan(0);
    expect(m.throttles).toBe(throttled);
    expect(m.retries).toBe(0);
    expect(Object.values(m.failures).reduce((a, b) => a + b, 0)).toBe(0);
    expect(m.invocations).toBe(run.events('function.invoked').length);
    expect(m.invocations).toBe(2);
  });
});
