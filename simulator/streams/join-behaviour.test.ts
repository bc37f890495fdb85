import { describe, expect, it } from 'vitest';
import { TopologyTestDriver } from './driver/topology-test-driver.ts';
import { StreamsBuilder } from './dsl/streams-builder.ts';
import type { KStream } from './dsl/kstream.ts';
import type { StreamsTraceEvent } from './events.ts';
import { outputsPerRow, pairJoiner } from './test-helpers.ts';
import type { TestDriverConfig } from './driver/topology-test-driver.ts';
import { JoinWindows } from './windows.ts';

type Join = 'join' | 'leftJoin' | 'outerJoin';

function streamJoin(kind: Join, windows: JoinWindows, config: TestDriverConfig = {}) {
  const b = new StreamsBuilder();
  const left = b.stream('left');
  const right = b.stream('right');
  (left[kind] as (o: KStream, j: typeof pairJoiner, w: JoinWindows) => KStream)(
    right,
    pairJoiner,
    windows,
  ).to('out');
  const driver = new TopologyTestDriver(b.build(), config);
  return {
    driver,
    left: driver.createInputTopic('left'),
    right: driver.createInputTopic('right'),
    out: driver.createOutputTopic('out'),
  };
}

describe('stream-stream joins, both arrival orders', () => {
  it('an inner join pairs two records whichever arrives first, stamped with the later timestamp', () => {
    for (const leftFirst of [true, false]) {
      const t = streamJoin('join', JoinWindows.ofTimeDifferenceWithNoGrace(10));
      if (leftFirst) t.left.pipeInput('k', 'A', 100);
      t.right.pipeInput('k', 'a', 105);
      if (!leftFirst) t.left.pipeInput('k', 'A', 100);
      expect(t.out.readRecordsToList()).toEqual([
        { key: 'k', value: ['A', 'a'], timestampMs: 105 },
      ]);
    }
  });

  it('a left join never emits [A, null] for a left record that finds its partner, in either order', () => {
    for (const leftFirst of [true, false]) {
      const t = streamJoin('leftJoin', JoinWindows.ofTimeDifferenceWithNoGrace(10));
      if (leftFirst) t.left.pipeInput('k', 'A', 100);
      t.right.pipeInput('k', 'a', 95);
      if (!leftFirst) t.left.pipeInput('k', 'A', 100);
      t.left.pipeInput('other', 'X', 500); // moves stream time far past every window
      expect(t.out.readKeyValuesToList()).toEqual([{ key: 'k', value: ['A', 'a'] }]);
    }
  });

  it('an outer join emits an unmatched right record as [null, a] once its window has closed', () => {
    const t = streamJoin('outerJoin', JoinWindows.ofTimeDifferenceWithNoGrace(10));
    t.right.pipeInput('k', 'a', 100);
    t.right.pipeInput('z', 'z', 110);
    expect(t.out.readValuesToList()).toEqual([]);
    t.right.pipeInput('z', 'z2', 111);
    expect(t.out.readRecordsToList()).toEqual([{ key: 'k', value: [null, 'a'], timestampMs: 100 }]);
  });
});

describe('stream-stream join windows', () => {
  it('joins records exactly the time difference apart, and not one millisecond more', () => {
    const t = streamJoin('join', JoinWindows.ofTimeDifferenceWithNoGrace(10));
    t.left.pipeInput('k', 'A', 100);
    t.right.pipeInput('k', 'in-after', 110);
    t.right.pipeInput('k', 'out-after', 111);
    t.right.pipeInput('k', 'in-before', 90);
    t.right.pipeInput('k', 'out-before', 89);
    expect(t.out.readValuesToList()).toEqual([
      ['A', 'in-after'],
      ['A', 'in-before'],
    ]);
  });

  it('honours asymmetric bounds: before(0).after(5) joins right records from t to t + 5 only', () => {
    const windows = JoinWindows.ofTimeDifferenceWithNoGrace(0).after(5);
    const t = streamJoin('join', windows);
    t.left.pipeInput('k', 'A', 100);
    for (const ts of [99, 100, 105, 106]) t.right.pipeInput('k', `r${ts}`, ts);
    expect(t.out.readValuesToList()).toEqual([
      ['A', 'r100'],
      ['A', 'r105'],
    ]);
  });

  it('emits an unmatched left record only when stream time passes t + after + grace', () => {
    const t = streamJoin('leftJoin', JoinWindows.ofTimeDifferenceAndGrace(10, 5));
    t.left.pipeInput('k', 'A', 10);
    t.right.pipeInput('x', 'x', 25); // 10 + 10 + 5 = 25: the window is still open
    expect(t.out.readValuesToList()).toEqual([]);
    t.right.pipeInput('x', 'x', 26);
    expect(t.out.readRecordsToList()).toEqual([{ key: 'k', value: ['A', null], timestampMs: 10 }]);
  });

  it("like Kafka 3.6+, may hold a closed record back until a later waiting record's window closes too", () => {
    // Kafka's scan leaves its "earliest waiting time" at the last record it looked at, so the
    // pre-check skips scans until that record's window has closed as well.
    const t = streamJoin('leftJoin', JoinWindows.ofTimeDifferenceWithNoGrace(10));
    t.left.pipeInput('a', 'A', 0);
    t.left.pipeInput('b', 'B', 5);
    t.left.pipeInput('d', 'D', 9);
    t.left.pipeInput('c', 'C', 11); // A's window [.., 10] has closed
    expect(t.out.readValuesToList()).toEqual([['A', null]]);
    t.left.pipeInput('e', 'E', 16); // B's has closed too, but the scan waits for D's (19)
    expect(t.out.readValuesToList()).toEqual([]);
    t.left.pipeInput('f', 'F', 20);
    expect(t.out.readValuesToList()).toEqual([
      ['B', null],
      ['D', null],
    ]);
  });

  it('still joins an out-of-order record that arrives within the grace period', () => {
    const t = streamJoin('leftJoin', JoinWindows.ofTimeDifferenceAndGrace(10, 20));
    t.left.pipeInput('k', 'A', 10);
    t.left.pipeInput('z', 'Z', 35); // stream time 35: A's window [0, 20] ended, grace not yet over
    t.right.pipeInput('k', 'a', 18);
    expect(t.out.readValuesToList()).toEqual([['A', 'a']]);
    t.left.pipeInput('z', 'Z', 100);
    expect(t.out.readValuesToList()).toEqual([['Z', null]]);
  });

  it('emits a left record that arrives after its window ended as [A, null] at once', () => {
    const t = streamJoin('leftJoin', JoinWindows.ofTimeDifferenceWithNoGrace(10));
    t.right.pipeInput('z', 'z', 100);
    t.left.pipeInput('k', 'late', 50);
    expect(t.out.readRecordsToList()).toEqual([
      { key: 'k', value: ['late', null], timestampMs: 50 },
    ]);
  });

  it("does not join records that expired from the other side's buffer", () => {
    const t = streamJoin('join', JoinWindows.ofTimeDifferenceWithNoGrace(10));
    t.right.pipeInput('k', 'a', 5);
    t.right.pipeInput('k', 'b', 100); // the right buffer keeps 20 ms: a (5) is gone
    t.left.pipeInput('k', 'A', 10);
    expect(t.out.readValuesToList()).toEqual([]);
  });
});

describe("Kafka's KStreamKStreamLeftJoinTest.testLeftJoinedRecordsWithZeroAfterAreEmitted, transcribed", () => {
  it('emits each left record null-joined once the next one closes its zero-after window, and joins late right records', () => {
    const t = streamJoin('leftJoin', JoinWindows.ofTimeDifferenceWithNoGrace(100).after(0));
    const keys = ['0', '1', '2', '3'];
    const read = () =>
      t.out.readRecordsToList().map((r) => [r.key, (r.value as string[]).join('+'), r.timestampMs]);
    keys.forEach((k, i) => t.left.pipeInput(k, `A${k}`, 1000 + i));
    expect(read()).toEqual([
      ['0', 'A0+', 1000],
      ['1', 'A1+', 1001],
      ['2', 'A2+', 1002],
    ]);
    const rightRound = (prefix: string, ts: number) => {
      for (const k of keys) t.right.pipeInput(k, `${prefix}${k}`, ts);
      return read();
    };
    expect(rightRound('a', 999)).toEqual(keys.map((k, i) => [k, `A${k}+a${k}`, 1000 + i]));
    expect(rightRound('b', 1000)).toEqual(keys.map((k, i) => [k, `A${k}+b${k}`, 1000 + i]));
    expect(rightRound('c', 1001)).toEqual(
      keys.slice(1).map((k, i) => [k, `A${k}+c${k}`, 1001 + i]),
    );
    expect(rightRound('d', 1002)).toEqual(
      keys.slice(2).map((k, i) => [k, `A${k}+d${k}`, 1002 + i]),
    );
    expect(rightRound('e', 1003)).toEqual([['3', 'A3+e3', 1003]]);
    expect(rightRound('f', 1100)).toEqual([]);
  });
});

describe('null keys and null values in stream-stream joins', () => {
  it('an inner join drops records with a null key or a null value', () => {
    const t = streamJoin('join', JoinWindows.ofTimeDifferenceWithNoGrace(10));
    t.left.pipeInput(null, 'A', 1);
    t.right.pipeInput(null, 'a', 1);
    t.left.pipeInput('k', null, 1);
    t.right.pipeInput('k', 'b', 1);
    expect(t.out.readValuesToList()).toEqual([]);
  });

  it('a left join emits a null-key left record at once as [A, null] (KIP-962)', () => {
    const t = streamJoin('leftJoin', JoinWindows.ofTimeDifferenceWithNoGrace(10));
    t.left.pipeInput(null, 'A', 1);
    t.right.pipeInput(null, 'a', 2);
    expect(t.out.readKeyValuesToList()).toEqual([{ key: null, value: ['A', null] }]);
  });
});

describe('the outer-join emit throttle', () => {
  it('with a 1000 ms interval, scans for closed windows at most once per second of wall-clock time', () => {
    const t = streamJoin('leftJoin', JoinWindows.ofTimeDifferenceWithNoGrace(10), {
      outerJoinEmitIntervalMs: 1000,
    });
    t.left.pipeInput('a', 'A', 0); // scans the (empty) store at wall clock 0: no scan again before 1000
    t.left.pipeInput('z', 'Z', 20); // A's window has closed, but the scan must wait
    expect(t.out.readValuesToList()).toEqual([]);
    t.driver.advanceWallClockTime(1000);
    t.left.pipeInput('z', 'Z2', 40);
    expect(t.out.readValuesToList()).toEqual([
      ['A', null],
      ['Z', null],
    ]);
    t.left.pipeInput('z', 'Z3', 60); // Z2's window has closed too: wait for the wall clock again
    expect(t.out.readValuesToList()).toEqual([]);
  });
});

describe('stream-table joins, both arrival orders', () => {
  it('a stream record before the table row misses it; after, it finds it', () => {
    const rows = [
      [1, 'L', 'A'],
      [2, 'R', 'a'],
      [3, 'L', 'B'],
    ] as const;
    expect(
      outputsPerRow((b) => b.stream('left').join(b.table('right'), pairJoiner).to('out'), rows),
    ).toEqual([[], [], [['B', 'a']]]);
    expect(
      outputsPerRow((b) => b.stream('left').leftJoin(b.table('right'), pairJoiner).to('out'), rows),
    ).toEqual([[['A', null]], [], [['B', 'a']]]);
  });

  it('looks the table up as it is when the stream record arrives, whatever its timestamp', () => {
    const b = new StreamsBuilder();
    b.stream('left').join(b.table('right'), pairJoiner).to('out');
    const d = new TopologyTestDriver(b.build());
    d.createInputTopic('right').pipeInput('k', 'new', 50);
    d.createInputTopic('left').pipeInput('k', 'A', 10);
    expect(d.createOutputTopic('out').readRecordsToList()).toEqual([
      { key: 'k', value: ['A', 'new'], timestampMs: 10 },
    ]);
  });

  it('a left join emits a null-key stream record with null (KIP-962), an inner join drops it', () => {
    for (const [op, expected] of [
      ['join', []],
      ['leftJoin', [['A', null]]],
    ] as const) {
      const out = outputsPerRow(
        (b) => b.stream('left')[op](b.table('right'), pairJoiner).to('out'),
        [[1, 'L', 'A']],
        {},
        null as unknown as string,
      );
      expect(out).toEqual([expected]);
    }
  });
});

describe('table-table joins, both arrival orders', () => {
  it('reach the same row whichever side comes first', () => {
    const lr = [
      [1, 'L', 'A'],
      [2, 'R', 'a'],
    ] as const;
    const rl = [
      [1, 'R', 'a'],
      [2, 'L', 'A'],
    ] as const;
    const inner = (b: StreamsBuilder) =>
      b.table('left').join(b.table('right'), pairJoiner).toStream().to('out');
    const left = (b: StreamsBuilder) =>
      b.table('left').leftJoin(b.table('right'), pairJoiner).toStream().to('out');
    expect(outputsPerRow(inner, lr)).toEqual([[], [['A', 'a']]]);
    expect(outputsPerRow(inner, rl)).toEqual([[], [['A', 'a']]]);
    expect(outputsPerRow(left, lr)).toEqual([[['A', null]], [['A', 'a']]]);
    expect(outputsPerRow(left, rl)).toEqual([[], [['A', 'a']]]);
  });
});

describe('join buffers in the trace', () => {
  it('traces a record too old for its buffer as dropped, and still joins it with what the other buffer holds, as every Kafka release does (KStreamKStreamJoin.process, 3.8.0)', () => {
    // Retention of each buffer: before + after + grace = 20 ms.
    const t = streamJoin('join', JoinWindows.ofTimeDifferenceWithNoGrace(10), {
      recordTrace: true,
    });
    const out = t.driver.createOutputTopic('out');
    t.left.pipeInput('k', 'B', 200);
    t.right.pipeInput('k', 'a', 145);
    t.left.pipeInput('k', 'A', 150);
    expect(out.readValuesToList()).toEqual([['A', 'a']]);
    const left = t.driver.trace.filter(
      (e): e is Extract<StreamsTraceEvent, { type: 'join.buffered' | 'join.droppedExpired' }> =>
        (e.type === 'join.buffered' || e.type === 'join.droppedExpired') && e.side === 'left',
    );
    expect(left.map((e) => [e.type, e.value])).toEqual([
      ['join.buffered', 'B'],
      ['join.droppedExpired', 'A'],
    ]);
    expect(left[1]).toMatchObject({ timestampMs: 150, streamTimeMs: 200 });
    expect(t.driver.getWindowStore(left[1].store)!.fetch('k', 0, 1000)).toEqual([
      { timestampMs: 200, value: 'B' },
    ]);
  });

  it('shows a left record waiting for a partner, cancelled by the match, and the partner expiring from its buffer', () => {
    const t = streamJoin('leftJoin', JoinWindows.ofTimeDifferenceWithNoGrace(10), {
      recordTrace: true,
    });
    t.left.pipeInput('k', 'A', 100);
    t.right.pipeInput('k', 'a', 105);
    t.right.pipeInput('z', 'z', 200);
    const join = t.driver.trace.filter(
      (e): e is Extract<StreamsTraceEvent, { type: `join.${string}` }> =>
        e.type.startsWith('join.'),
    );
    expect(join.map((e) => `${e.type}:${'key' in e ? e.key : ''}`)).toEqual([
      'join.nonMatchBuffered:k',
      'join.buffered:k',
      'join.nonMatchCancelled:k',
      'join.matched:k',
      'join.buffered:k',
      'join.expired:k', // a (105) leaves the right buffer as z (200) moves its time past 105 + 20
      'join.buffered:z',
    ]);
    expect(join.every((e) => e.task === '0_0')).toBe(true);
  });
});
