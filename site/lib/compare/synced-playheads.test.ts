import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../../simulator/test/property.ts';
import { playheadsAt, playheadsAtMoment, sharedTimeline } from './synced-playheads.ts';

const FILE = 'site/lib/compare/synced-playheads.test.ts';

/** Non-decreasing event times, as a trace has. */
const times = fc
  .array(fc.integer({ min: 0, max: 15 }), { maxLength: 40 })
  .map((gaps) => gaps.reduce<number[]>((acc, g) => [...acc, (acc.at(-1) ?? 0) + g], []));

describe('sharedTimeline', () => {
  it('lists every time at which any trace has an event, once, in order', () => {
    expect(sharedTimeline([[0, 5, 5, 9], [2, 5], []])).toEqual([0, 2, 5, 9]);
  });

  it('is empty when no trace has an event', () => {
    expect(sharedTimeline([[], []])).toEqual([]);
  });
});

describe('playheadsAt', () => {
  it('puts each design just after its last event at or before the clock', () => {
    expect(playheadsAt([[0, 5, 5, 9], [2, 5], [7]], 5)).toEqual([3, 2, 0]);
    expect(playheadsAt([[0, 5, 5, 9], [2, 5], [7]], 4)).toEqual([1, 1, 0]);
    expect(playheadsAt([[0, 5, 5, 9], [2, 5], [7]], 100)).toEqual([4, 2, 1]);
    expect(playheadsAt([[0, 5]], -1)).toEqual([0]);
  });

  it('shows, for any traces and clock, exactly the events at or before the clock in each', () => {
    checkProperty(
      {
        file: FILE,
        name: 'shows, for any traces and clock, exactly the events at or before the clock in each',
      },
      fc.tuple(fc.array(times, { minLength: 1, maxLength: 3 }), fc.integer({ min: -5, max: 700 })),
      ([traces, clockMs]) => {
        const heads = playheadsAt(traces, clockMs);
        traces.forEach((ts, d) => {
          const i = heads[d];
          if (i > 0 && ts[i - 1] > clockMs)
            throw new Error(`design ${d} shows an event after the clock`);
          if (i < ts.length && ts[i] <= clockMs)
            throw new Error(`design ${d} hides an event at or before the clock`);
        });
      },
      { numRuns: 300 },
    );
  });

  it('moves at least one design at every step of the shared timeline, and none backwards', () => {
    checkProperty(
      {
        file: FILE,
        name: 'moves at least one design at every step of the shared timeline, and none backwards',
      },
      fc.array(times, { minLength: 1, maxLength: 3 }),
      (traces) => {
        let before = playheadsAt(traces, -1);
        for (const t of sharedTimeline(traces)) {
          const after = playheadsAt(traces, t);
          if (after.some((a, d) => a < before[d])) throw new Error(`a design went back at ${t}`);
          if (after.every((a, d) => a === before[d])) throw new Error(`nothing moved at ${t}`);
          before = after;
        }
        expect(before).toEqual(traces.map((ts) => ts.length));
      },
      { numRuns: 300 },
    );
  });
});

describe('playheadsAtMoment', () => {
  it('shows nothing before the first moment, even events at time 0, and everything after the last', () => {
    const traces = [[0, 0, 4], [3]];
    const shared = sharedTimeline(traces);
    expect(playheadsAtMoment(traces, shared, 0)).toEqual([0, 0]);
    expect(playheadsAtMoment(traces, shared, 1)).toEqual([2, 0]);
    expect(playheadsAtMoment(traces, shared, 2)).toEqual([2, 1]);
    expect(playheadsAtMoment(traces, shared, shared.length)).toEqual([3, 1]);
  });

  it('agrees with the clock anywhere between a moment and the next', () => {
    checkProperty(
      { file: FILE, name: 'agrees with the clock anywhere between a moment and the next' },
      fc.tuple(fc.array(times, { minLength: 1, maxLength: 3 }), fc.nat(), fc.nat({ max: 14 })),
      ([traces, pick, into]) => {
        const shared = sharedTimeline(traces);
        if (shared.length === 0) return;
        const moment = 1 + (pick % shared.length);
        const next = moment < shared.length ? shared[moment] : Infinity;
        const clockMs = Math.min(shared[moment - 1] + into, next - 1);
        expect(playheadsAtMoment(traces, shared, moment)).toEqual(playheadsAt(traces, clockMs));
      },
      { numRuns: 300 },
    );
  });
});
