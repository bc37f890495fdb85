import { describe, expect, it } from 'vitest';
import type { Json } from '../core/types.ts';
import { TopologyTestDriver } from './driver/topology-test-driver.ts';
import { StreamsBuilder } from './dsl/streams-builder.ts';
import { Suppressed } from './dsl/ktable.ts';
import type { KTable } from './dsl/ktable.ts';
import type { KGroupedStream } from './dsl/kgrouped-stream.ts';
import { SessionWindows, TimeWindows } from './windows.ts';

function run(
  build: (grouped: KGroupedStream) => KTable,
  input: readonly [string | null, Json, number][],
) {
  const b = new StreamsBuilder();
  build(b.stream('in').groupByKey()).toStream().to('out');
  const driver = new TopologyTestDriver(b.build(), { recordTrace: true });
  const pipe = driver.createInputTopic('in');
  for (const [k, v, ts] of input) pipe.pipeInput(k, v, ts);
  return { driver, out: driver.createOutputTopic('out').readRecordsToList() };
}

describe('window assignment', () => {
  it('aligns tumbling windows to the epoch: [0, 5), [5, 10), ...', () => {
    const w = TimeWindows.ofSizeWithNoGrace(5);
    expect(w.windowsFor(0)).toEqual([{ startMs: 0, endMs: 5 }]);
    expect(w.windowsFor(4)).toEqual([{ startMs: 0, endMs: 5 }]);
    expect(w.windowsFor(5)).toEqual([{ startMs: 5, endMs: 10 }]);
    expect(w.windowsFor(1_234_567)).toEqual([{ startMs: 1_234_565, endMs: 1_234_570 }]);
  });

  it('puts a record in every hopping window containing it (size 5, advance 3: [0, 5), [3, 8), [6, 11), ...)', () => {
    const w = TimeWindows.ofSizeWithNoGrace(5).advanceBy(3);
    expect(w.windowsFor(2)).toEqual([{ startMs: 0, endMs: 5 }]);
    expect(w.windowsFor(4)).toEqual([
      { startMs: 0, endMs: 5 },
      { startMs: 3, endMs: 8 },
    ]);
    expect(w.windowsFor(7)).toEqual([
      { startMs: 3, endMs: 8 },
      { startMs: 6, endMs: 11 },
    ]);
  });

  it('rejects an advance larger than the size', () => {
    expect(() => TimeWindows.ofSizeWithNoGrace(5).advanceBy(6)).toThrow(/advancement interval/);
  });
});

describe('windowed aggregation', () => {
  it('forwards an updated count per record for its window (no record cache)', () => {
    const { out } = run(
      (g) => g.windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count(),
      [
        ['a', 'x', 1],
        ['a', 'x', 4],
        ['b', 'x', 5],
        ['a', 'x', 12],
      ],
    );
    expect(out.map((r) => [r.key, r.value, r.timestampMs])).toEqual([
      ['[a@0/10]', 1, 1],
      ['[a@0/10]', 2, 4],
      ['[b@0/10]', 1, 5],
      ['[a@10/20]', 1, 12],
    ]);
    expect(out[0].window).toEqual({ key: 'a', startMs: 0, endMs: 10 });
  });

  it('accepts a record while stream time < window end + grace and drops it from then on', () => {
    const windows = TimeWindows.ofSizeAndGrace(10, 5);
    const accepted = run(
      (g) => g.windowedBy(windows).count(),
      [
        ['a', 'x', 14],
        ['a', 'late', 9],
      ],
    );
    expect(accepted.out.map((r) => r.key)).toEqual(['[a@10/20]', '[a@0/10]']);
    const dropped = run(
      (g) => g.windowedBy(windows).count(),
      [
        ['a', 'x', 15],
        ['a', 'late', 9],
      ],
    );
    expect(dropped.out.map((r) => r.key)).toEqual(['[a@10/20]']);
    expect(dropped.driver.trace.filter((e) => e.type === 'record.droppedLate')).toMatchObject([
      {
        processor: 'KSTREAM-AGGREGATE-0000000002',
        key: 'a',
        timestampMs: 9,
        streamTimeMs: 15,
        windowStartMs: 0,
        windowEndMs: 10,
      },
    ]);
  });

  it('drops a late record only from the hopping windows that have closed', () => {
    const { out } = run(
      (g) => g.windowedBy(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5)).count(),
      [
        ['a', 'x', 12],
        ['a', 'late', 8],
      ],
    );
    // 8 falls in [0, 10) (closed: end 10 <= 12) and [5, 15) (open).
    expect(out.map((r) => [r.key, r.value])).toEqual([
      ['[a@5/15]', 1],
      ['[a@10/20]', 1],
      ['[a@5/15]', 2],
    ]);
  });

  it('reduces per window and stamps each result with the latest timestamp in it', () => {
    const { out } = run(
      (g) =>
        g
          .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
          .reduce((a, v) => (a as number) + (v as number)),
      [
        ['a', 3, 7],
        ['a', 4, 2],
      ],
    );
    expect(out.map((r) => [r.value, r.timestampMs])).toEqual([
      [3, 7],
      [7, 7],
    ]);
  });

  it('traces window.closed with the final value when stream time reaches end + grace', () => {
    const { driver } = run(
      (g) => g.windowedBy(TimeWindows.ofSizeAndGrace(10, 2)).count(),
      [
        ['a', 'x', 3],
        ['a', 'x', 11],
        ['a', 'x', 12],
      ],
    );
    expect(driver.trace.filter((e) => e.type === 'window.closed')).toMatchObject([
      { key: 'a', windowStartMs: 0, windowEndMs: 10, value: 1, streamTimeMs: 12 },
    ]);
  });
});

describe('suppress(untilWindowCloses)', () => {
  const suppressed = (grace: number) => (g: KGroupedStream) =>
    g
      .windowedBy(TimeWindows.ofSizeAndGrace(10, grace))
      .count()
      .suppress(Suppressed.untilWindowCloses());

  it('emits each window once, with its final count, when stream time reaches end + grace', () => {
    const { out } = run(suppressed(5), [
      ['a', 'x', 1],
      ['b', 'x', 2],
      ['a', 'x', 9],
      ['a', 'x', 14], // window [0,10) still open: 14 < 10 + 5
      ['a', 'x', 8], // out of order, within grace: counted
    ]);
    expect(out).toEqual([]);
    const closed = run(suppressed(5), [
      ['a', 'x', 1],
      ['b', 'x', 2],
      ['a', 'x', 9],
      ['a', 'x', 14],
      ['a', 'x', 8],
      ['c', 'x', 15],
    ]);
    expect(closed.out.map((r) => [r.key, r.value, r.timestampMs])).toEqual([
      ['[a@0/10]', 3, 9],
      ['[b@0/10]', 1, 2],
    ]);
  });

  it('is not moved by a record that the window aggregation dropped as late', () => {
    const { out } = run(suppressed(0), [
      ['a', 'x', 5],
      ['a', 'x', 25],
      ['b', 'old', 3], // late: dropped upstream, never reaches the suppression buffer
    ]);
    expect(out.map((r) => r.key)).toEqual(['[a@0/10]']);
  });

  it('buffers and emits visibly in the trace', () => {
    const { driver } = run(suppressed(0), [
      ['a', 'x', 5],
      ['a', 'x', 10],
    ]);
    const types = driver.trace.filter((e) => e.type.startsWith('suppress.')).map((e) => e.type);
    expect(types).toEqual(['suppress.buffered', 'suppress.buffered', 'suppress.emitted']);
  });
});

describe('session windows', () => {
  const gap = SessionWindows.ofInactivityGapAndGrace(5, 0);

  it('merges records closer than the gap, and a bridging record merges two sessions', () => {
    const withGrace = SessionWindows.ofInactivityGapAndGrace(5, 10);
    const { out } = run(
      (g) => g.windowedBy(withGrace).count(),
      [
        ['a', 'x', 0],
        ['a', 'x', 4],
        ['a', 'x', 20],
        ['a', 'x', 12], // 8 from 4 and 8 from 20: a session of its own (out of order, within grace)
        ['a', 'x', 16], // bridges [12,12] and [20,20]
      ],
    );
    expect(out.map((r) => [r.key, r.value, r.timestampMs])).toEqual([
      ['[a@0/0]', 1, 0],
      ['[a@0/0]', null, 0],
      ['[a@0/4]', 2, 4],
      ['[a@20/20]', 1, 20],
      ['[a@12/12]', 1, 12],
      ['[a@12/12]', null, 12],
      ['[a@20/20]', null, 20],
      ['[a@12/20]', 3, 20],
    ]);
  });

  it('drops a record whose session would end before stream time - grace - gap', () => {
    const { out, driver } = run(
      (g) => g.windowedBy(gap).count(),
      [
        ['a', 'x', 100],
        ['b', 'late', 94], // ends 94 < 100 - 0 - 5 = 95
        ['b', 'ok', 95],
      ],
    );
    expect(out.map((r) => r.key)).toEqual(['[a@100/100]', '[b@95/95]']);
    expect(driver.trace.filter((e) => e.type === 'record.droppedLate')).toHaveLength(1);
  });

  it('with suppress, emits each final session once and never the merged-away ones', () => {
    const { out } = run(
      (g) => g.windowedBy(gap).count().suppress(Suppressed.untilWindowCloses()),
      [
        ['a', 'x', 0],
        ['a', 'x', 4],
        ['a', 'x', 9],
        ['b', 'x', 20],
      ],
    );
    // session [0, 9] closes when stream time >= 9 + 0 + 5.
    expect(out.map((r) => [r.key, r.value])).toEqual([['[a@0/9]', 3]]);
  });
});

describe('non-windowed aggregation', () => {
  it('counts per key, forwarding every update, and drops null keys and null values', () => {
    const { out, driver } = run(
      (g) => g.count(),
      [
        ['a', 'x', 1],
        [null, 'x', 2],
        ['a', null, 3],
        ['a', 'x', 4],
        ['b', 'x', 5],
      ],
    );
    expect(out.map((r) => [r.key, r.value])).toEqual([
      ['a', 1],
      ['a', 2],
      ['b', 1],
    ]);
    expect(driver.trace.filter((e) => e.type === 'record.skipped')).toHaveLength(2);
  });

  it('aggregates with an initializer and reduces with a reducer', () => {
    const agg = run(
      (g) =>
        g.aggregate(
          () => [],
          (_k, v, a) => [...(a as Json[]), v],
        ),
      [
        ['a', 1, 1],
        ['a', 2, 2],
      ],
    );
    expect(agg.out.map((r) => r.value)).toEqual([[1], [1, 2]]);
    const red = run(
      (g) => g.reduce((a, v) => `${a}${v}`),
      [
        ['a', 'x', 1],
        ['a', 'y', 2],
      ],
    );
    expect(red.out.map((r) => r.value)).toEqual(['x', 'xy']);
  });
});

describe('grouped-table aggregation (KTable.groupBy)', () => {
  function regions(build: (t: KTable) => KTable) {
    const b = new StreamsBuilder();
    build(b.table('users')).toStream().to('out');
    const driver = new TopologyTestDriver(b.build());
    return {
      driver,
      users: driver.createInputTopic('users'),
      out: driver.createOutputTopic('out'),
    };
  }
  const byRegion = (t: KTable) =>
    t.groupBy((user, v) => ({ key: (v as { region: string }).region, value: user }));

  it('counts rows per new key, moving a row from its old key to its new one and dropping deleted rows', () => {
    const { users, out } = regions((t) => byRegion(t).count());
    users.pipeInput('ann', { region: 'eu' }, 1);
    users.pipeInput('bob', { region: 'eu' }, 2);
    users.pipeInput('ann', { region: 'us' }, 3); // ann moves: eu loses one, us gains one
    users.pipeInput('bob', null, 4); // bob is deleted
    users.pipeInput('bob', { region: 'eu' }, 5);
    users.pipeInput('bob', { region: 'eu' }, 6); // same key before and after: one record, -1 then +1
    expect(out.readKeyValuesToList()).toEqual([
      { key: 'eu', value: 1 },
      { key: 'eu', value: 2 },
      { key: 'eu', value: 1 },
      { key: 'us', value: 1 },
      { key: 'eu', value: 0 },
      { key: 'eu', value: 1 },
      { key: 'eu', value: 1 },
    ]);
  });

  it("goes through a repartition topic named after its store, with Kafka's node names", () => {
    const b = new StreamsBuilder();
    byRegion(b.table('users')).count().toStream().to('out');
    const text = b.build().describe().toString();
    expect(text).toContain('Processor: KTABLE-SELECT-0000000003 (stores: [])');
    expect(text).toContain(
      'Sink: KSTREAM-SINK-0000000005 (topic: KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition)',
    );
    expect(text).toContain(
      'Processor: KTABLE-AGGREGATE-0000000007 (stores: [KTABLE-AGGREGATE-STATE-STORE-0000000004])',
    );
  });

  it('reduces with an adder and a subtractor', () => {
    const { users, out } = regions((t) =>
      t
        .groupBy((_u, v) => ({ key: 'all', value: (v as { n: number }).n }))
        .reduce(
          (a, v) => (a as number) + (v as number),
          (a, v) => (a as number) - (v as number),
        ),
    );
    users.pipeInput('a', { n: 5 }, 1);
    users.pipeInput('b', { n: 7 }, 2);
    users.pipeInput('a', { n: 1 }, 3);
    expect(out.readValuesToList()).toEqual([5, 12, 8]);
  });
});
