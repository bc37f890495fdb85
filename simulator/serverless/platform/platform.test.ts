import { describe, expect, it } from 'vitest';
import type { Handler } from '../handler-api.ts';
import type { FunctionSpecInput, TriggerSpecInput } from '../schema.ts';
import { invocations, scenarioWith, serverlessWorld } from '../test-helpers.ts';

/** The function platform's documented behaviours: instances, concurrency, timeouts, faults, cost. */

type Sent = { atMs: number; key?: string; value?: unknown; partition?: number };

interface Setup {
  records: Sent[];
  handler?: Handler;
  /** A library handler instead of `handler`. */
  library?: string;
  fn?: Partial<FunctionSpecInput>;
  trigger?: Partial<TriggerSpecInput>;
  partitions?: number;
  faults?: unknown[];
  untilMs?: number;
}

function runWith(s: Setup) {
  const run = serverlessWorld({
    scenario: scenarioWith(
      [{ name: 't', partitions: s.partitions ?? 1 }, { name: 'entity-events' }],
      s.records.map((r) => ({
        atMs: r.atMs,
        topic: 't',
        key: r.key ?? 'k',
        value: r.value ?? 'v',
        partition: r.partition ?? 0,
      })),
    ),
    serverless: {
      database: { tables: [{ name: 'items' }, { name: 'entities' }] },
      functions: [{ name: 'f', handler: s.library ?? 'custom', ...s.fn }],
      triggers: [
        { function: 'f', topic: 't', batchSize: 1, maximumBatchingWindowMs: 0, ...s.trigger },
      ],
    },
    handlers: s.handler ? { f: s.handler } : undefined,
    faults: s.faults,
  });
  run.runUntil(s.untilMs ?? 10_000);
  return run;
}

describe('instances', () => {
  it('cold-starts an instance, reuses it warm, and reclaims it after the keep-alive', () => {
    const run = runWith({
      records: [{ atMs: 10 }, { atMs: 700 }, { atMs: 3000 }],
      handler: () => {},
      fn: { keepAliveMs: 1000, initDurationMs: 250 },
    });
    const starts = [...run.events('function.coldStarted'), ...run.events('function.warmStarted')]
      .sort((a, b) => a.at - b.at)
      .map((e) => [e.type, e.instance]);
    expect(starts).toEqual([
      ['function.coldStarted', 'f#1'],
      ['function.warmStarted', 'f#1'],
      ['function.coldStarted', 'f#2'],
    ]);
    const [reclaimed] = run.events('functionInstance.reclaimed');
    expect([reclaimed.instance, reclaimed.reason]).toEqual(['f#1', 'idle']);
    const secondEnded = run.events('function.succeeded')[1].at;
    expect(reclaimed.at).toBe(secondEnded + 1000);
    // The cold start's init phase delays the handler, and is billed.
    const [first] = run.events('function.succeeded');
    const [invoked] = run.events('function.invoked');
    expect(first.at - invoked.at).toBeGreaterThanOrEqual(250);
    const [cost] = run.events('cost.accrued', (e) => e.source === 'function');
    expect(cost.gbMs).toBe(((first.at - invoked.at) * 128) / 1024);
  });

  it('refuses invocations over the reserved concurrency; the trigger retries them after a backoff', () => {
    const slow: Handler = function* (_event, ctx) {
      yield* ctx.sleep(100);
    };
    const run = runWith({
      records: [
        { atMs: 10, partition: 0 },
        { atMs: 10, partition: 1 },
      ],
      partitions: 2,
      handler: slow,
      fn: { reservedConcurrency: 1 },
      trigger: { throttleBackoffMs: 50 },
    });
    const [throttled] = run.events('functionInstance.throttled');
    expect([throttled.concurrency, throttled.limit]).toEqual([1, 1]);
    expect(run.events('function.failed').map((e) => e.reason)).toContain('throttled');
    const retried = run.events('function.retried', (e) => e.reason === 'throttled');
    expect(retried.length).toBeGreaterThan(0);
    // A throttle is not a retry of the function: the batch keeps its attempt number.
    expect(retried.every((e) => e.attempt === 1)).toBe(true);
    // Both batches ran in the end, never two at once.
    const ran = run.events('function.succeeded');
    expect(ran).toHaveLength(2);
    const invoked = run.events('function.invoked');
    expect(invoked[1].at).toBeGreaterThanOrEqual(ran[0].at);
  });

  it('shares the account limit between functions without a reservation', () => {
    const run = runWith({
      records: [0, 1, 2].map((p) => ({ atMs: 10, partition: p })),
      partitions: 3,
      handler: function* (_event, ctx) {
        yield* ctx.sleep(100);
      },
    });
    expect(run.events('functionInstance.throttled')).toEqual([]);
    expect(new Set(run.events('function.invoked').map((e) => e.instance)).size).toBe(3);
  });
});

describe('timeouts and crashes', () => {
  it('kills a handler at its timeout; the writes it already made stay', () => {
    const writesThenStalls: Handler = function* (_event, ctx) {
      yield* ctx.db.put('items', 'before', { n: 1 });
      yield* ctx.sleep(5000);
      yield* ctx.db.put('items', 'after', { n: 2 });
    };
    const run = runWith({
      records: [{ atMs: 10 }],
      handler: writesThenStalls,
      fn: { timeoutMs: 1000 },
      trigger: { maximumRetryAttempts: 0 },
    });
    const [failed] = run.events('function.failed');
    expect([failed.reason, failed.durationMs]).toEqual(['timeout', 1000]);
    expect(run.handles.database.store.peek('items', 'before')).toMatchObject({ n: 1 });
    expect(run.handles.database.store.peek('items', 'after')).toBeNull();
    // The timed-out instance is reset: it is not reused.
    expect(run.events('functionInstance.reclaimed').map((e) => e.reason)).toEqual(['timeout']);
  });

  it('crashes an invocation at beforeDbWrite before the write is sent', () => {
    const run = runWith({
      records: [{ atMs: 10 }],
      library: 'dualWriteNaive',
      faults: [{ at: 0, kind: 'invocationCrash', target: 'f', point: 'beforeDbWrite' }],
    });
    const [failed] = run.events('function.failed');
    expect(failed.reason).toBe('crash');
    expect(run.events('db.written', (e) => e.invocationId === failed.invocationId)).toEqual([]);
    expect(run.events('function.succeeded')).toHaveLength(1);
  });

  it('crashes an invocation at afterDbWriteBeforeEmit: the row is written and no event follows until the retry', () => {
    const run = runWith({
      records: [{ atMs: 10, key: 'order-1', value: 'shipped' }],
      library: 'dualWriteNaive',
      faults: [{ at: 0, kind: 'invocationCrash', target: 'f', point: 'afterDbWriteBeforeEmit' }],
    });
    const [failed] = run.events('function.failed');
    expect(run.events('db.written', (e) => e.invocationId === failed.invocationId)).toHaveLength(1);
    expect(run.events('function.emitted', (e) => e.invocationId === failed.invocationId)).toEqual(
      [],
    );
    // The retry writes the row again and emits once.
    expect(run.events('db.written')).toHaveLength(2);
    expect(run.events('function.emitted')).toHaveLength(1);
  });

  it('crashes an invocation at afterEmitBeforeSuccess: the retry emits the event a second time', () => {
    const run = runWith({
      records: [{ atMs: 10, key: 'order-1', value: 'shipped' }],
      library: 'dualWriteNaive',
      faults: [{ at: 0, kind: 'invocationCrash', target: 'f', point: 'afterEmitBeforeSuccess' }],
    });
    const events = run.logEvents('record.appended').filter((e) => e.topic === 'entity-events');
    expect(events).toHaveLength(2);
    expect(events[0].record.id).toBe(events[1].record.id);
    expect(run.events('function.failed').map((e) => e.reason)).toEqual(['crash']);
  });

  it('leaves a hung invocation to its timeout (invocationTimeout)', () => {
    const run = runWith({
      records: [{ atMs: 10 }],
      library: 'dualWriteNaive',
      fn: { timeoutMs: 700 },
      faults: [{ at: 0, kind: 'invocationTimeout', target: 'f', point: 'afterDbWriteBeforeEmit' }],
    });
    const [failed] = run.events('function.failed');
    expect([failed.reason, failed.durationMs]).toEqual(['timeout', 700]);
    expect(run.events('function.succeeded')).toHaveLength(1);
  });

  it('fails the invocation running on an instance that crashes', () => {
    const run = runWith({
      records: [{ atMs: 10 }],
      handler: function* (_event, ctx) {
        yield* ctx.sleep(1000);
      },
      faults: [{ at: 600, kind: 'instanceCrash', target: 'f' }],
    });
    const [failed] = run.events('function.failed');
    expect([failed.reason, failed.at]).toEqual(['crash', 600]);
    expect(run.events('functionInstance.reclaimed').map((e) => [e.instance, e.reason])).toEqual([
      ['f#1', 'crash'],
    ]);
    // The retry needs a new instance.
    expect(invocations(run).map((i) => i.attempt)).toEqual([1, 2]);
    expect(run.events('function.coldStarted').map((e) => e.instance)).toEqual(['f#1', 'f#2']);
  });
});

describe('handlers', () => {
  it('fails an invocation whose handler yields something that is not an effect', () => {
    const run = runWith({
      records: [{ atMs: 10 }],
      handler: function* () {
        yield 42 as never;
      },
      trigger: { maximumRetryAttempts: 0 },
    });
    expect(run.events('function.failed')[0].error).toMatch(/TypeError: A handler may only yield/);
  });

  it('hands a handler copies: changing a record it got, or a value after emitting it, changes no trace', () => {
    const kept: { value: { n: number } }[] = [];
    const run = runWith({
      records: [
        { atMs: 10, value: { n: 1 } },
        { atMs: 500, value: { n: 2 } },
      ],
      handler: function* (event, ctx) {
        for (const r of kept) r.value.n = 99; // the earlier emit's value, changed afterwards
        const record = event.records[0]! as unknown as { value: { n: number } };
        record.value.n = 42; // the record this handler was given
        const value = { n: (record.value.n as number) + 1 };
        yield* ctx.emit('entity-events', 'k', value);
        kept.push({ value });
      },
    });
    const appended = run
      .logEvents('record.appended')
      .filter((e) => e.topic !== '__consumer_offsets');
    expect(appended.map((e) => [e.topic, (e.record.value as { n: number }).n])).toEqual([
      ['t', 1],
      ['entity-events', 43],
      ['t', 2],
      ['entity-events', 43],
    ]);
  });

  it('fails a call whose data JSON cannot carry, naming why', () => {
    const run = runWith({
      records: [{ atMs: 10 }],
      handler: function* (_event, ctx) {
        yield* ctx.db.put('items', 'k', { count: 1n as unknown as number });
      },
      trigger: { maximumRetryAttempts: 0 },
    });
    expect(run.events('function.failed')[0].error).toMatch(
      /TypeError: A handler's call must carry JSON data: .*BigInt/,
    );
  });

  it('lets a handler catch a database error and go on', () => {
    const run = runWith({
      records: [{ atMs: 10 }],
      handler: function* (_event, ctx) {
        try {
          yield* ctx.db.get('noSuchTable', 'k');
        } catch (error) {
          yield* ctx.log('caught', String(error));
        }
      },
    });
    expect(run.events('function.logged')[0].data).toMatch(/ResourceNotFoundException/);
    expect(run.events('function.succeeded')).toHaveLength(1);
  });

  it('bills requests and GB-ms per invocation, with a running total', () => {
    const run = runWith({
      records: [{ atMs: 10 }, { atMs: 2000 }],
      handler: () => {},
      fn: { memoryMb: 1024, initDurationMs: 0 },
    });
    const costs = run.events('cost.accrued', (e) => e.source === 'function');
    expect(costs.map((c) => c.requests)).toEqual([1, 1]);
    // A handler that takes no time is billed the 1 ms minimum: 1 GB-ms at 1024 MB.
    expect(costs.map((c) => c.gbMs)).toEqual([1, 1]);
    const each = 0.2 / 1_000_000 + 0.0000166667 / 1000;
    expect(costs[0].usd).toBeCloseTo(each, 15);
    expect(costs[1].totalUsd).toBeCloseTo(2 * each, 15);
  });
});
