import { describe, expect, it } from 'vitest';
import type { Handler } from '../handler-api.ts';
import type { FunctionSpecInput } from '../schema.ts';
import { invocations, scenarioWith, serverlessWorld } from '../test-helpers.ts';

/** The database as an actor: latency, throttling, lost replies, lazy TTL, cost. */

function runWith(
  handler: Handler | string,
  options: {
    fn?: Partial<FunctionSpecInput>;
    faults?: unknown[];
    records?: number;
    untilMs?: number;
  } = {},
) {
  const records = Array.from({ length: options.records ?? 1 }, (_, i) => ({
    atMs: 10 + i,
    topic: 't',
    key: 'alice',
    value: 'view',
  }));
  const run = serverlessWorld({
    scenario: scenarioWith([{ name: 't' }], records),
    serverless: {
      database: {
        tables: [
          { name: 'pageViewCounts' },
          { name: 'processedEvents' },
          { name: 'sessions', ttlAttribute: 'expiresAtMs' },
        ],
        latencyMs: 3,
      },
      functions: [
        { name: 'f', handler: typeof handler === 'string' ? handler : 'custom', ...options.fn },
      ],
      triggers: [{ function: 'f', topic: 't', batchSize: 1, maximumBatchingWindowMs: 0 }],
    },
    handlers: typeof handler === 'string' ? undefined : { f: handler },
    faults: options.faults,
  });
  run.runUntil(options.untilMs ?? 10_000);
  return run;
}

const count = (run: ReturnType<typeof runWith>) =>
  run.handles.database.store.peek('pageViewCounts', 'alice')?.count;

describe('database calls', () => {
  it('take a network round trip each way', () => {
    const run = runWith('countPageViewsNaive');
    const [read] = run.events('db.read');
    const sent = run.logEvents('message.sent').filter((e) => e.kind === 'DbRequest');
    expect(read.at - sent[0].at).toBe(3);
    expect(count(run)).toBe(1);
  });

  it('make a duplicate write when a lost reply fails the invocation and its batch is retried', () => {
    const run = runWith('countPageViewsNaive', {
      fn: { dbClient: { maxAttempts: 1, requestTimeoutMs: 100 } },
      faults: [{ at: 0, kind: 'dbLostReply', target: 'db' }],
    });
    // One view, counted twice: the put was applied, the client never heard, the batch ran again.
    expect(count(run)).toBe(2);
    expect(run.logEvents('message.dropped').map((e) => [e.kind, e.reason])).toEqual([
      ['DbWriteResponse', 'lostAck'],
    ]);
    expect(run.events('db.requestTimedOut')).toHaveLength(1);
    expect(invocations(run).map((i) => i.attempt)).toEqual([1, 2]);
  });

  it('make a duplicate ADD when the client itself retries after a lost reply', () => {
    const addsOne: Handler = function* (event, ctx) {
      for (const r of event.records)
        yield* ctx.db.update('pageViewCounts', r.key!, { add: { count: 1 } });
    };
    const run = runWith(addsOne, {
      fn: { dbClient: { maxAttempts: 3, requestTimeoutMs: 100 } },
      faults: [{ at: 0, kind: 'dbLostReply', target: 'db' }],
    });
    expect(count(run)).toBe(2);
    // The invocation itself succeeded: the duplicate is invisible to the trigger.
    expect(invocations(run)).toHaveLength(1);
    expect(run.events('db.written').map((e) => e.invocationId)).toEqual(['f:1', 'f:1']);
  });

  it('refuse throttled requests unapplied; the client retries with a doubling backoff', () => {
    const run = runWith('countPageViewsNaive', {
      fn: { dbClient: { maxAttempts: 3, retryBaseDelayMs: 20 } },
      faults: [{ at: 0, kind: 'dbThrottle', target: 'db', count: 2 }],
    });
    const throttled = run.events('db.throttled');
    expect(throttled).toHaveLength(2);
    const [read] = run.events('db.read');
    // Request, throttled, 20 ms, again, throttled, 40 ms, again: three round trips of 6 ms, 60 ms of backoff.
    expect(read.at - throttled[0].at).toBe(3 + 20 + 6 + 40 + 3);
    expect(count(run)).toBe(1);
    expect(run.events('function.failed')).toEqual([]);
  });

  it('fail the invocation once the client has used its attempts on throttles', () => {
    const run = runWith('countPageViewsNaive', {
      fn: { dbClient: { maxAttempts: 2, retryBaseDelayMs: 10 } },
      faults: [{ at: 0, kind: 'dbThrottle', target: 'db', count: 2 }],
    });
    expect(run.events('function.failed')[0].error).toMatch(
      /ProvisionedThroughputExceededException/,
    );
    expect(count(run)).toBe(1);
  });
});

describe('time to live', () => {
  it('keeps an expired item readable until the sweep deletes it, as DynamoDB does', () => {
    const writesThenReads: Handler = function* (_event, ctx) {
      yield* ctx.db.put('sessions', 's', { expiresAtMs: ctx.nowMs + 100 });
      yield* ctx.sleep(300);
      const late = yield* ctx.db.get('sessions', 's');
      yield* ctx.log('after expiry', late === null ? 'gone' : 'still there');
    };
    const run = runWith(writesThenReads, { untilMs: 3000 });
    expect(run.events('function.logged')[0].data).toBe('still there');
    const [expired] = run.events('db.itemExpired');
    expect(expired.key).toBe('s');
    expect(expired.at % 1000).toBe(0);
    expect(run.handles.database.store.peek('sessions', 's')).toBeNull();
  });
});

describe('database cost', () => {
  it('reports read and write units at most once per interval, with a running total', () => {
    const run = runWith('countPageViewsNaive', { records: 3 });
    const costs = run.events('cost.accrued', (e) => e.source === 'database');
    const units = costs.reduce((n, c) => [n[0] + c.readUnits, n[1] + c.writeUnits], [0, 0]);
    expect(units).toEqual([3, 3]);
    expect(costs.at(-1)!.totalUsd).toBeCloseTo((3 * (0.125 + 0.625)) / 1_000_000, 15);
    for (let i = 1; i < costs.length; i++)
      expect(costs[i].at - costs[i - 1].at).toBeGreaterThanOrEqual(100);
  });
});
