import { describe, expect, it } from 'vitest';
import type { Json } from '../core/types.ts';
import { mirrored, outputsPerRow, pairJoiner, swapSides, type Row } from './test-helpers.ts';
import { JoinWindows } from './windows.ts';

/**
 * The join-semantics tables of the Kafka Streams documentation (developer guide, "Streams DSL",
 * section "Joining"; the same example on the Kafka wiki page "Kafka Streams Join Semantics"):
 * all records share one key, are processed in timestamp order, and the joiner returns
 * `[left, right]`. An empty cell is no output; `null` is a tombstone.
 *
 * For left/outer stream-stream joins the documentation's table still shows the pre-3.1 "spurious"
 * `[A, null]` at timestamp 3. Since Kafka 3.1 (KIP-633) a non-joined record is emitted only after
 * its window closes; the wiki's "Improved Left/Outer Stream-Stream Join (v3.1.x and newer)" table
 * shows rows 1-15 with no output at 3 and adds rows 40-100 where windows close. That is the table
 * transcribed here, with JoinWindows.ofTimeDifferenceWithNoGrace(15) (all of rows 1-15 in one
 * window; E, F and f alone in theirs).
 */

const rows: Row[] = [
  [1, 'L', null],
  [2, 'R', null],
  [3, 'L', 'A'],
  [4, 'R', 'a'],
  [5, 'L', 'B'],
  [6, 'R', 'b'],
  [7, 'L', null],
  [8, 'R', null],
  [9, 'L', 'C'],
  [10, 'R', 'c'],
  [11, 'R', null],
  [12, 'L', null],
  [13, 'R', null],
  [14, 'R', 'd'],
  [15, 'L', 'D'],
];

const extraRows: Row[] = [
  [40, 'L', 'E'],
  [60, 'L', 'F'],
  [80, 'R', 'f'],
  [100, 'L', 'G'],
];

const streamStreamInner: Json[][] = [
  [],
  [],
  [],
  [['A', 'a']],
  [['B', 'a']],
  [
    ['A', 'b'],
    ['B', 'b'],
  ],
  [],
  [],
  [
    ['C', 'a'],
    ['C', 'b'],
  ],
  [
    ['A', 'c'],
    ['B', 'c'],
    ['C', 'c'],
  ],
  [],
  [],
  [],
  [
    ['A', 'd'],
    ['B', 'd'],
    ['C', 'd'],
  ],
  [
    ['D', 'a'],
    ['D', 'b'],
    ['D', 'c'],
    ['D', 'd'],
  ],
];

const windows = JoinWindows.ofTimeDifferenceWithNoGrace(15);

describe('stream-stream join semantics (docs table, Kafka 3.1+)', () => {
  it('an inner join emits each match as soon as both records are there', () => {
    const out = outputsPerRow(
      (b) => b.stream('left').join(b.stream('right'), pairJoiner, windows).to('out'),
      [...rows, ...extraRows],
    );
    expect(out).toEqual([...streamStreamInner, [], [], [], []]);
  });

  it('a left join emits the same matches, and unmatched left records only once their window has closed', () => {
    const out = outputsPerRow(
      (b) => b.stream('left').leftJoin(b.stream('right'), pairJoiner, windows).to('out'),
      [...rows, ...extraRows],
    );
    expect(out).toEqual([...streamStreamInner, [], [['E', null]], [['F', null]], []]);
  });

  it('a left join with grace holds several unmatched records until the window and grace of each have passed', () => {
    // Window 10 ms, grace 20 ms: a record at t is emitted unmatched once stream time passes
    // t + 10 + 20 (KStreamKStreamJoin.emitNonJoinedOuterRecords). A, B and C wait together; the
    // right record at 25 matches none of them and must not release them; D at 36 releases the two
    // whose grace has run out (A and B), not C (8 + 30 = 38); E at 39 releases C.
    const graceful = JoinWindows.ofTimeDifferenceAndGrace(10, 20);
    const waiting: Row[] = [
      [0, 'L', 'A'],
      [5, 'L', 'B'],
      [8, 'L', 'C'],
      [25, 'R', 'x'],
      [36, 'L', 'D'],
      [39, 'L', 'E'],
    ];
    const out = outputsPerRow(
      (b) => b.stream('left').leftJoin(b.stream('right'), pairJoiner, graceful).to('out'),
      waiting,
    );
    expect(out).toEqual([
      [],
      [],
      [],
      [],
      [
        ['A', null],
        ['B', null],
      ],
      [['C', null]],
    ]);
  });

  it('an outer join also emits unmatched right records once their window has closed', () => {
    const out = outputsPerRow(
      (b) => b.stream('left').outerJoin(b.stream('right'), pairJoiner, windows).to('out'),
      [...rows, ...extraRows],
    );
    expect(out).toEqual([...streamStreamInner, [], [['E', null]], [['F', null]], [[null, 'f']]]);
  });

  it('swapping the inputs of an inner or outer join mirrors every result, in the same rows', () => {
    const all = [...rows, ...extraRows];
    const inner = outputsPerRow(
      (b) => b.stream('left').join(b.stream('right'), pairJoiner, windows).to('out'),
      swapSides(all),
    );
    expect(inner).toEqual(mirrored([...streamStreamInner, [], [], [], []]));
    const outer = outputsPerRow(
      (b) => b.stream('left').outerJoin(b.stream('right'), pairJoiner, windows).to('out'),
      swapSides(all),
    );
    expect(outer).toEqual(
      mirrored([...streamStreamInner, [], [['E', null]], [['F', null]], [[null, 'f']]]),
    );
  });
});

describe('stream-table join semantics (docs table)', () => {
  const inner: Json[][] = [
    [],
    [],
    [],
    [],
    [['B', 'a']],
    [],
    [],
    [],
    [],
    [],
    [],
    [],
    [],
    [],
    [['D', 'd']],
  ];
  const left: Json[][] = [
    [],
    [],
    [['A', null]],
    [],
    [['B', 'a']],
    [],
    [],
    [],
    [['C', null]],
    [],
    [],
    [],
    [],
    [],
    [['D', 'd']],
  ];

  it('an inner join emits only when a stream record finds a table row', () => {
    expect(
      outputsPerRow((b) => b.stream('left').join(b.table('right'), pairJoiner).to('out'), rows),
    ).toEqual(inner);
  });

  it('a left join emits every non-null stream record, with null when the table has no row', () => {
    expect(
      outputsPerRow((b) => b.stream('left').leftJoin(b.table('right'), pairJoiner).to('out'), rows),
    ).toEqual(left);
  });
});

describe('table-table join semantics (docs table)', () => {
  const inner: Json[][] = [
    [],
    [],
    [],
    [['A', 'a']],
    [['B', 'a']],
    [['B', 'b']],
    [null],
    [],
    [],
    [['C', 'c']],
    [null],
    [],
    [],
    [],
    [['D', 'd']],
  ];
  const left: Json[][] = [
    [],
    [],
    [['A', null]],
    [['A', 'a']],
    [['B', 'a']],
    [['B', 'b']],
    [null],
    [],
    [['C', null]],
    [['C', 'c']],
    [['C', null]],
    [null],
    [],
    [],
    [['D', 'd']],
  ];
  const outer: Json[][] = [
    [],
    [],
    [['A', null]],
    [['A', 'a']],
    [['B', 'a']],
    [['B', 'b']],
    [[null, 'b']],
    [null],
    [['C', null]],
    [['C', 'c']],
    [['C', null]],
    [null],
    [],
    [[null, 'd']],
    [['D', 'd']],
  ];

  it('an inner join has a row while both sides have one, and deletes it when either goes', () => {
    expect(
      outputsPerRow(
        (b) => b.table('left').join(b.table('right'), pairJoiner).toStream().to('out'),
        rows,
      ),
    ).toEqual(inner);
  });

  it('a left join has a row while the left side has one', () => {
    expect(
      outputsPerRow(
        (b) => b.table('left').leftJoin(b.table('right'), pairJoiner).toStream().to('out'),
        rows,
      ),
    ).toEqual(left);
  });

  it('an outer join has a row while either side has one', () => {
    expect(
      outputsPerRow(
        (b) => b.table('left').outerJoin(b.table('right'), pairJoiner).toStream().to('out'),
        rows,
      ),
    ).toEqual(outer);
  });

  it('swapping the inputs of an inner or outer table join mirrors every result, in the same rows', () => {
    expect(
      outputsPerRow(
        (b) => b.table('left').join(b.table('right'), pairJoiner).toStream().to('out'),
        swapSides(rows),
      ),
    ).toEqual(mirrored(inner));
    expect(
      outputsPerRow(
        (b) => b.table('left').outerJoin(b.table('right'), pairJoiner).toStream().to('out'),
        swapSides(rows),
      ),
    ).toEqual(mirrored(outer));
  });
});
