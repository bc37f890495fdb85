import { describe, expect, it } from 'vitest';
import { traceHash } from '../trace/hash.ts';
import { serverlessWorld } from './test-helpers.ts';

/** One scenario and one seed give one trace, with the serverless side in it. */

function run(seed: number) {
  const r = serverlessWorld({
    scenario: {
      name: 'determinism',
      seed,
      durationMs: 5000,
      network: { latencyMs: 1, jitterMs: 3 },
      topics: [{ name: 'views', partitions: 3 }, { name: 'dlq' }],
      producers: [
        {
          id: 'app',
          workload: {
            generators: [
              { topic: 'views', count: 60, intervalMs: 7, keys: 5, valueKind: 'pageView' },
            ],
          },
        },
      ],
    },
    serverless: {
      database: {
        tables: [{ name: 'pageViewCounts' }, { name: 'processedEvents' }],
        throttlePerMillion: 50_000,
      },
      functions: [{ name: 'counter', handler: 'countPageViewsIdempotent', reservedConcurrency: 2 }],
      triggers: [
        {
          function: 'counter',
          topic: 'views',
          batchSize: 7,
          parallelizationFactor: 2,
          maximumRetryAttempts: 3,
          destinationConfig: { onFailure: { destination: 'dlq' } },
        },
      ],
    },
    faults: [
      {
        at: 600,
        kind: 'invocationCrash',
        target: 'counter',
        point: 'afterDbWriteBeforeEmit',
        count: 2,
      },
      { at: 700, kind: 'dbLostReply', target: 'db', count: 2 },
    ],
  });
  r.runUntil(5000);
  return r.world.trace;
}

describe('serverless determinism', () => {
  it('gives the same trace for the same seed, and another for another seed', () => {
    const a = run(42);
    expect(a.some((e) => (e.type as string) === 'db.throttled')).toBe(true);
    expect(traceHash(run(42))).toBe(traceHash(a));
    expect(traceHash(run(43))).not.toBe(traceHash(a));
  });
});
