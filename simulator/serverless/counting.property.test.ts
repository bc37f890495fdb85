import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../test/property.ts';
import { faultPoints } from './schema.ts';
import { serverlessWorld } from './test-helpers.ts';

/**
 * Counting page views under random fault schedules: the naive get-increment-put over-counts
 * whenever an invocation crashes after a write (its batch is retried and counted again); the
 * idempotent one (a conditional put of the event id, then the increment) never over-counts; the
 * transactional one (both in one transaction) counts exactly.
 */

const FILE = 'simulator/serverless/counting.property.test.ts';
const VIEWS = 24;

/** The function's timeout (AWS's default), and a bound on the trigger's wait before retrying a batch (100 ms here). */
const FUNCTION_TIMEOUT_MS = 3000;
const RETRY_WAIT_MS_MAX = 1000;

/**
 * Long enough for the trigger to finish the topic under this schedule: 20 s for the workload and
 * its ordinary retries, plus a whole timeout and a retry wait for every invocation a fault makes
 * hang (several hangs scheduled at once delay one partition's batch one after the other).
 */
function runLengthMs(faults: unknown[]): number {
  const hangs = faults
    .filter((f) => (f as { kind: string }).kind === 'invocationTimeout')
    .reduce((sum: number, f) => sum + ((f as { count?: number }).count ?? 1), 0);
  return 20_000 + hangs * (FUNCTION_TIMEOUT_MS + RETRY_WAIT_MS_MAX);
}

function countViews(handler: string, faults: unknown[], seed: number, clientAttempts = 3) {
  const durationMs = runLengthMs(faults);
  const run = serverlessWorld({
    scenario: {
      name: 'page views',
      seed,
      durationMs,
      topics: [{ name: 'views', partitions: 2 }],
      producers: [
        {
          id: 'app',
          workload: {
            generators: [
              {
                topic: 'views',
                count: VIEWS,
                intervalMs: 20,
                keys: ['ann', 'bob', 'cy'],
                valueKind: 'pageView',
              },
            ],
          },
        },
      ],
    },
    serverless: {
      database: { tables: [{ name: 'pageViewCounts' }, { name: 'processedEvents' }] },
      functions: [
        {
          name: 'counter',
          handler,
          timeoutMs: FUNCTION_TIMEOUT_MS,
          dbClient: { requestTimeoutMs: 200, maxAttempts: clientAttempts },
        },
      ],
      triggers: [
        { function: 'counter', topic: 'views', batchSize: 10, maximumBatchingWindowMs: 100 },
      ],
    },
    faults,
  });
  run.runUntil(durationMs);
  const appended = run.logEvents('record.appended').filter((e) => e.topic === 'views');
  const viewsBy = new Map<string, number>();
  for (const e of appended) viewsBy.set(e.record.key!, (viewsBy.get(e.record.key!) ?? 0) + 1);
  const counted = new Map(
    run.handles.database.store.dump('pageViewCounts').map((r) => [r.key, r.item.count as number]),
  );
  // Every record of the source was finished (the trigger committed past it), so counts are final.
  const ends = [0, 1].map((p) => appended.filter((e) => e.partition === p).length);
  const committed = [0, 1].map(
    (p) =>
      run
        .logEvents('offset.committed')
        .filter((e) => e.partition === p)
        .at(-1)?.offset ?? 0,
  );
  expect(committed, 'the trigger finished the topic').toEqual(ends);
  const crashes = run.events('function.failed', (e) => e.reason === 'crash').length;
  return { viewsBy, counted, crashes, total: [...counted.values()].reduce((a, b) => a + b, 0) };
}

const seedArb = fc.integer({ min: 0, max: 0xffff });

const crashAfterWrite = fc.record({
  at: fc.integer({ min: 0, max: 600 }),
  kind: fc.constant('invocationCrash'),
  target: fc.constant('counter'),
  point: fc.constantFrom('afterDbWriteBeforeEmit', 'afterEmitBeforeSuccess'),
  count: fc.integer({ min: 1, max: 2 }),
});

/** Any fault the serverless side knows, at any time during the run. */
const anyFault = fc.oneof(
  fc.record({
    at: fc.integer({ min: 0, max: 3000 }),
    kind: fc.constantFrom('invocationCrash', 'invocationTimeout'),
    target: fc.constant('counter'),
    point: fc.constantFrom(...faultPoints),
    count: fc.integer({ min: 1, max: 2 }),
  }),
  fc.record({
    at: fc.integer({ min: 0, max: 3000 }),
    kind: fc.constant('instanceCrash'),
    target: fc.constant('counter'),
  }),
  fc.record({
    at: fc.integer({ min: 0, max: 3000 }),
    kind: fc.constantFrom('dbLostReply', 'dbThrottle'),
    target: fc.constant('db'),
    count: fc.integer({ min: 1, max: 3 }),
  }),
);

describe('counting page views under faults', () => {
  const naive = 'the naive counter over-counts whenever an invocation crashes after a write';
  it(naive, () => {
    checkProperty(
      { file: FILE, name: naive },
      fc.tuple(fc.array(crashAfterWrite, { minLength: 1, maxLength: 3 }), seedArb),
      ([faults, seed]) => {
        const { total, crashes } = countViews('countPageViewsNaive', faults, seed);
        expect(crashes, 'a scheduled crash fired').toBeGreaterThan(0);
        expect(total).toBeGreaterThan(VIEWS);
      },
      { numRuns: 20 },
    );
  });

  it('the naive counter counts exactly when nothing fails', () => {
    expect(countViews('countPageViewsNaive', [], 1).total).toBe(VIEWS);
  });

  // With the client's own retries, a lost reply to the increment is retried and adds twice (see
  // the handlers' tests): the idempotency table guards the batch, not the single database call.
  const idempotent =
    'the idempotent counter never over-counts when its database client does not retry, whatever fails';
  it(idempotent, () => {
    checkProperty(
      { file: FILE, name: idempotent },
      fc.tuple(fc.array(anyFault, { maxLength: 4 }), seedArb),
      ([faults, seed]) => {
        const { viewsBy, counted } = countViews('countPageViewsIdempotent', faults, seed, 1);
        for (const [user, n] of counted)
          expect(n, `views of ${user}`).toBeLessThanOrEqual(viewsBy.get(user) ?? 0);
      },
      { numRuns: 20 },
    );
  });

  const transactional = 'the transactional counter counts every view exactly once, whatever fails';
  it(transactional, () => {
    checkProperty(
      { file: FILE, name: transactional },
      fc.tuple(fc.array(anyFault, { maxLength: 4 }), seedArb),
      ([faults, seed]) => {
        const { viewsBy, counted } = countViews('countPageViewsTransactional', faults, seed);
        expect(counted).toEqual(viewsBy);
      },
      { numRuns: 20 },
    );
  });
});
