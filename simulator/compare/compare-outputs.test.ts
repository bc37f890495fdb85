import { describe, expect, it } from 'vitest';
import type { Json } from '../core/types.ts';
import { compareOutputs, latencySummary } from './compare-outputs.ts';
import type { OutputEntry } from './outputs.ts';

/** Outputs `[key, value, id]` at trace indexes 0, 1, 2, ... (+ `offset`). */
function outputs(list: [string, Json, number | null][], offset = 0): OutputEntry[] {
  return list.map(([key, value, id], i) => ({
    key,
    value,
    id,
    index: i + offset,
    visibleAtMs: i,
    latencyMs: 1,
  }));
}

describe('compareOutputs', () => {
  const want = outputs([
    ['a', 1, 1],
    ['b', 1, 2],
    ['a', 2, 3],
  ]);

  it('finds nothing wrong with the same outputs in another interleaving of keys', () => {
    const got = outputs([
      ['a', 1, 1],
      ['a', 2, 3],
      ['b', 1, 2],
    ]);
    expect(compareOutputs(got, want, 9)).toEqual({
      correct: 3,
      duplicates: 0,
      lost: 0,
      outOfOrder: 0,
      expected: 3,
      firstViolation: null,
    });
  });

  it('counts a re-emitted record as a duplicate and points at its second copy', () => {
    const got = outputs([
      ['a', 1, 1],
      ['b', 1, 2],
      ['a', 1, 1],
      ['a', 2, 3],
    ]);
    const diff = compareOutputs(got, want, 9);
    expect([diff.correct, diff.duplicates, diff.lost]).toEqual([3, 1, 0]);
    expect(diff.firstViolation?.index).toBe(2);
  });

  it('tells a duplicate from another record with the same value by its id', () => {
    const same = outputs([
      ['a', 1, 1],
      ['a', 1, 2],
    ]);
    const got = outputs([
      ['a', 1, 1],
      ['a', 1, 1],
    ]);
    const diff = compareOutputs(got, same, 9);
    expect([diff.duplicates, diff.lost]).toEqual([1, 1]);
  });

  it('reports a missing output at the last event of the run', () => {
    const diff = compareOutputs(
      outputs([
        ['a', 1, 1],
        ['b', 1, 2],
      ]),
      want,
      9,
    );
    expect([diff.correct, diff.lost]).toEqual([2, 1]);
    expect(diff.firstViolation).toEqual({
      index: 9,
      message: 'key=a value=2 id=3 is missing 1 time(s) at the end of the run',
    });
  });

  it('counts an update that comes after a later update of its key as out of order', () => {
    const got = outputs([
      ['a', 2, 3],
      ['a', 1, 1],
      ['b', 1, 2],
    ]);
    const diff = compareOutputs(got, want, 9);
    expect([diff.correct, diff.outOfOrder]).toEqual([3, 1]);
    expect(diff.firstViolation?.index).toBe(1);
  });

  it('counts an over-counted table write (a value the fault-free run never wrote) as a duplicate', () => {
    const counts = outputs([
      ['a', 1, null],
      ['a', 2, null],
    ]);
    const got = outputs([
      ['a', 1, null],
      ['a', 2, null],
      ['a', 3, null],
    ]);
    expect(compareOutputs(got, counts, 9).duplicates).toBe(1);
  });
});

describe('latencySummary', () => {
  it('takes nearest-rank percentiles and the maximum', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(latencySummary(values)).toEqual({ p50: 50, p99: 99, max: 100 });
    expect(latencySummary([7])).toEqual({ p50: 7, p99: 7, max: 7 });
    expect(latencySummary([])).toBeNull();
  });
});
