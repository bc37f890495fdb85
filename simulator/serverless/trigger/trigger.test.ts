import { describe, expect, it } from 'vitest';
import type { Handler } from '../handler-api.ts';
import type { TriggerSpecInput } from '../schema.ts';
import { commits, invocations, scenarioWith, serverlessWorld } from '../test-helpers.ts';

/** The event source mapping's documented behaviours, each through a small run. */

type Sent = { atMs: number; value: string; partition?: number; key?: string };

/** One topic `t` (and a `dlq`), records sent as given, a function `f` with `handler`, one trigger. */
function runWith(
  records: Sent[],
  handler: Handler,
  trigger: Partial<TriggerSpecInput> = {},
  partitions = 1,
  untilMs = 10_000,
) {
  const run = serverlessWorld({
    scenario: scenarioWith(
      [{ name: 't', partitions }, { name: 'dlq' }],
      records.map((r) => ({
        atMs: r.atMs,
        topic: 't',
        key: r.key ?? null,
        value: r.value,
        partition: r.partition ?? 0,
      })),
    ),
    serverless: {
      functions: [{ name: 'f', handler: 'custom' }],
      triggers: [
        { function: 'f', topic: 't', batchSize: 1, maximumBatchingWindowMs: 0, ...trigger },
      ],
    },
    handlers: { f: handler },
  });
  run.runUntil(untilMs);
  return run;
}

/** Fails every invocation whose batch holds a record with value `poison` while `attempt <= failures`. */
function poisoned(failures = Infinity): Handler {
  return (event, ctx) => {
    if (event.records.some((r) => r.value === 'poison') && ctx.attempt <= failures)
      throw new Error('poison');
  };
}

const GROUP = 'esm-f-t';

describe('retries', () => {
  it('retries a failed batch while later records of its partition wait, and other partitions go on', () => {
    const run = runWith(
      [
        { atMs: 10, value: 'poison', partition: 0 },
        { atMs: 11, value: 'ok', partition: 0 },
        { atMs: 10, value: 'ok', partition: 1 },
      ],
      poisoned(2),
      {},
      2,
    );
    const p0 = invocations(run).filter((i) => i.partition === 0);
    expect(p0.map((i) => [i.offsets, i.attempt])).toEqual([
      [[0], 1],
      [[0], 2],
      [[0], 3],
      [[1], 1],
    ]);
    // Partition 1 did not wait for partition 0's retries.
    const p1 = invocations(run).find((i) => i.partition === 1)!;
    expect(p1.at).toBeLessThan(p0[1].at);
    // The offset of partition 0 was committed only once its first record succeeded.
    const succeededAt = run.events('function.succeeded')[0].at;
    const firstCommit = run
      .logEvents('offset.committed')
      .find((e) => e.group === GROUP && e.partition === 0)!;
    expect(firstCommit.at).toBeGreaterThan(succeededAt);
    expect(commits(run, GROUP, 0)).toEqual([1, 2]);
    expect(run.events('function.retried').map((e) => [e.attempt, e.reason])).toEqual([
      [2, 'error'],
      [3, 'error'],
    ]);
  });
});

describe('BisectBatchOnFunctionError', () => {
  it('splits a failing batch in two and retries each half, down to the record that fails', () => {
    const run = runWith(
      [0, 1, 2, 3].map((i) => ({ atMs: 10, value: i === 2 ? 'poison' : 'ok' })),
      poisoned(),
      {
        batchSize: 4,
        maximumBatchingWindowMs: 100,
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 0,
      },
    );
    expect(run.events('function.batchBisected').map((e) => [e.first, e.second])).toEqual([
      [
        [0, 1],
        [2, 3],
      ],
      [[2], [3]],
    ]);
    expect(invocations(run).map((i) => i.offsets)).toEqual([
      [0, 1, 2, 3],
      [0, 1],
      [2, 3],
      [2],
      [3],
    ]);
    const [dropped] = run.events('function.sentToDestination');
    expect([dropped.offsets, dropped.destination, dropped.reason]).toEqual([
      [2],
      null,
      'retriesExhausted',
    ]);
    expect(run.logEvents('records.processed').map((e) => e.offsets)).toEqual([[0, 1], [3]]);
  });
});

describe('partial batch responses (ReportBatchItemFailures)', () => {
  /** Reports offsets 2 and 4 as failed on the first attempt. */
  const reportsTwoAndFour: Handler = (event, ctx) => {
    if (ctx.attempt > 1) return;
    const failed = event.records.filter((r) => r.offset === 2 || r.offset === 4);
    return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.itemIdentifier })) };
  };
  const five = [0, 1, 2, 3, 4].map(() => ({ atMs: 10, value: 'v' }));
  const batchOfFive = { batchSize: 5, maximumBatchingWindowMs: 100 };

  it('retries from the lowest failed record, with everything after it', () => {
    const run = runWith(five, reportsTwoAndFour, {
      ...batchOfFive,
      functionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(invocations(run).map((i) => [i.offsets, i.attempt])).toEqual([
      [[0, 1, 2, 3, 4], 1],
      [[2, 3, 4], 2],
    ]);
    const [partial] = run.events('function.partiallyFailed');
    expect([partial.succeeded, partial.retrying]).toEqual([
      [0, 1],
      [2, 3, 4],
    ]);
    // The checkpoint moved to the lowest failed record before the retry finished.
    expect(commits(run, GROUP)).toEqual([2, 5]);
  });

  it('ignores the response when the mapping has not turned ReportBatchItemFailures on', () => {
    const run = runWith(five, reportsTwoAndFour, batchOfFive);
    expect(invocations(run).map((i) => i.offsets)).toEqual([[0, 1, 2, 3, 4]]);
    expect(commits(run, GROUP)).toEqual([5]);
  });

  it('fails the whole batch when an item identifier is not one of its records', () => {
    const unknown: Handler = (_event, ctx) => {
      if (ctx.attempt === 1) return { batchItemFailures: [{ itemIdentifier: 't-0-99' }] };
    };
    const run = runWith(five, unknown, {
      ...batchOfFive,
      functionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(invocations(run).map((i) => i.offsets)).toEqual([
      [0, 1, 2, 3, 4],
      [0, 1, 2, 3, 4],
    ]);
    expect(run.events('function.partiallyFailed')).toEqual([]);
    expect(run.events('function.invalidBatchResponse').map((e) => e.problem)).toEqual([
      'batchItemFailures names "t-0-99", which is not in the batch (its items: t-0-0, t-0-1, t-0-2, … t-0-4); Lambda treats the whole batch as failed',
    ]);
  });
});

describe('on-failure destination', () => {
  it('after the maximum retry attempts writes the batch to the dead-letter topic and moves on', () => {
    const run = runWith(
      [
        { atMs: 10, value: 'poison', key: 'k' },
        { atMs: 11, value: 'ok', key: 'k' },
      ],
      poisoned(),
      { maximumRetryAttempts: 2, destinationConfig: { onFailure: { destination: 'kafka://dlq' } } },
    );
    expect(invocations(run).map((i) => [i.offsets, i.attempt])).toEqual([
      [[0], 1],
      [[0], 2],
      [[0], 3],
      [[1], 1],
    ]);
    const [given] = run.events('function.sentToDestination');
    expect([given.offsets, given.destination, given.reason]).toEqual([
      [0],
      'dlq',
      'retriesExhausted',
    ]);
    const [dead] = run.logEvents('record.appended').filter((e) => e.topic === 'dlq');
    const source = run.logEvents('record.appended').find((e) => e.topic === 't' && e.offset === 0)!;
    expect(dead.record.id).toBe(source.record.id);
    expect(dead.record.value).toBe('poison');
    expect(dead.record.headers).toMatchObject({
      'lambda.source': 't-0-0',
      'lambda.failure': 'retriesExhausted',
      'lambda.attempts': '3',
    });
    // The partition moved on only once the dead letter was acknowledged.
    const nextInvoked = invocations(run)[3].at;
    expect(nextInvoked).toBeGreaterThan(dead.at);
    expect(commits(run, GROUP)).toEqual([1, 2]);
  });

  it('gives up records older than the maximum record age without sending them again', () => {
    const run = runWith([{ atMs: 10, value: 'poison' }], poisoned(), {
      maximumRecordAgeMs: 500,
      retryBackoffMs: 200,
      destinationConfig: { onFailure: { destination: 'dlq' } },
    });
    const [given] = run.events('function.sentToDestination');
    expect(given.reason).toBe('recordAgeExceeded');
    // Each attempt happened while the record was young enough; none after.
    for (const i of invocations(run)) expect(i.at - 10).toBeLessThanOrEqual(500);
    expect(given.at - 10).toBeGreaterThan(500);
    expect(run.logEvents('record.appended').filter((e) => e.topic === 'dlq')).toHaveLength(1);
  });
});

describe('batching', () => {
  it('waits for the batching window unless the batch is full', () => {
    const records = [0, 1, 2].map((i) => ({ atMs: 10 + i, value: 'v' }));
    const run = runWith(records, () => {}, { batchSize: 10, maximumBatchingWindowMs: 400 });
    const [built] = run.events('trigger.batchBuilt');
    expect(built.offsets).toEqual([0, 1, 2]);
    const fetched = run.logEvents('records.fetched')[0];
    expect(built.at).toBe(fetched.at + 400);
    const full = runWith(records, () => {}, { batchSize: 3, maximumBatchingWindowMs: 400 });
    expect(full.events('trigger.batchBuilt')[0].at).toBe(full.logEvents('records.fetched')[0].at);
  });

  it('with a parallelization factor runs batches of one partition side by side, in order per key', () => {
    const keys = ['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd', 'a', 'b', 'c', 'd'];
    const slow: Handler = function* (_event, ctx) {
      yield* ctx.sleep(50);
    };
    const run = runWith(
      keys.map((key, i) => ({ atMs: 10 + i, value: key, key })),
      slow,
      { parallelizationFactor: 4, batchSize: 2 },
    );
    const invoked = run.events('function.invoked');
    const ended = run.events('function.succeeded');
    // Some invocation began before the one before it ended: lanes overlap.
    expect(invoked.some((e, i) => i > 0 && e.at < ended[0].at)).toBe(true);
    // Per key, records were invoked in offset order.
    const fetched = new Map(
      run
        .logEvents('record.appended')
        .filter((e) => e.topic === 't')
        .map((e) => [e.offset, e.record.key]),
    );
    for (const key of ['a', 'b', 'c', 'd']) {
      const order = invoked.flatMap((e) => e.offsets).filter((o) => fetched.get(o) === key);
      expect(order).toEqual([...order].sort((x, y) => x - y));
      expect(order).toHaveLength(3);
    }
    expect(commits(run, GROUP).at(-1)).toBe(12);
  });
});

describe('at least once', () => {
  it('after a crash of the trigger, invokes again the records past the last committed offset', () => {
    const slow: Handler = function* (_event, ctx) {
      yield* ctx.sleep(100);
    };
    const run = serverlessWorld({
      scenario: scenarioWith(
        [{ name: 't' }],
        [0, 1, 2, 3].map((i) => ({ atMs: 10 + i, topic: 't', key: null, value: i, partition: 0 })),
      ),
      serverless: {
        functions: [{ name: 'f', handler: 'custom' }],
        triggers: [{ function: 'f', topic: 't', batchSize: 1, maximumBatchingWindowMs: 0 }],
      },
      handlers: { f: slow },
    });
    run.world.at(400, () => run.world.crash(GROUP));
    run.world.at(450, () => run.world.restart(GROUP));
    run.runUntil(10_000);
    const invoked = invocations(run).flatMap((i) => i.offsets);
    expect(invoked).toEqual([0, 1, 1, 2, 3]);
    // The answer for the first invocation of offset 1 went to the trigger's earlier life.
    expect(run.logEvents('message.dropped').map((e) => [e.kind, e.reason])).toContainEqual([
      'InvokeResponse',
      'targetDown',
    ]);
    expect(commits(run, GROUP).at(-1)).toBe(4);
  });
});
