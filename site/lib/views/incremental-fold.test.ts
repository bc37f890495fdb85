import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../../simulator/test/property.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { IncrementalFold, foldCache, type FoldSpec } from './incremental-fold.ts';
import {
  processorAt,
  processorAtFromStart,
  processorFold,
  processorViewOf,
} from './processor-at.ts';
import {
  serverlessAt,
  serverlessAtFromStart,
  serverlessFold,
  serverlessViewOf,
} from './serverless-at.ts';
import { processorTrace, roughServerlessTrace } from './trace-fixtures.ts';

const FILE = 'site/lib/views/incremental-fold.test.ts';

/** A fold whose state is the list of indices folded: any shared array between copies shows. */
const indices: FoldSpec<{ seen: number[] }> = {
  init: () => ({ seen: [] }),
  step: (s, _e, i) => void s.seen.push(i),
  clone: (s) => ({ seen: [...s.seen] }),
};
const ticks = (n: number): TraceEvent[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'actor.paused', at: i, actor: 'a' }));
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('IncrementalFold', () => {
  it('gives the state after exactly the first index events, forward, backward and forward again', () => {
    const fold = new IncrementalFold(ticks(50), indices, 8);
    expect(fold.stateAt(30).seen).toEqual(upTo(30));
    expect(fold.stateAt(5).seen).toEqual(upTo(5));
    expect(fold.stateAt(17).seen).toEqual(upTo(17));
    expect(fold.stateAt(49).seen).toEqual(upTo(49));
    expect(fold.stateAt(16).seen).toEqual(upTo(16));
  });

  it('keeps its checkpoints intact when the state it handed out moves on', () => {
    const fold = new IncrementalFold(ticks(40), indices, 4);
    fold.stateAt(40);
    fold.stateAt(9);
    fold.stateAt(11);
    expect(fold.stateAt(9).seen).toEqual(upTo(9));
    expect(fold.stateAt(8).seen).toEqual(upTo(8));
  });

  it('clamps the index to the trace', () => {
    const fold = new IncrementalFold(ticks(6), indices, 4);
    expect(fold.stateAt(99).seen).toEqual(upTo(6));
    expect(fold.stateAt(-3).seen).toEqual([]);
  });

  it('folds no more than one stretch of events for a seek back, once the trace is folded', () => {
    let steps = 0;
    const counting = {
      ...indices,
      step: (s: { seen: number[] }, e: TraceEvent, i: number) => {
        steps++;
        indices.step(s, e, i);
      },
    };
    const fold = new IncrementalFold(ticks(1000), counting, 100);
    fold.stateAt(1000);
    steps = 0;
    fold.stateAt(250);
    fold.stateAt(999);
    fold.stateAt(0);
    expect(steps).toBeLessThanOrEqual(3 * 100);
  });

  it('caches one fold per trace and makes a new one when the trace grew in place', () => {
    const cache = foldCache(indices, 4);
    const trace = ticks(5);
    expect(cache(trace)).toBe(cache(trace));
    const before = cache(trace);
    trace.push({ type: 'actor.paused', at: 5, actor: 'a' });
    expect(cache(trace)).not.toBe(before);
    expect(cache(trace).stateAt(6).seen).toEqual(upTo(6));
  });
});

/** Random playhead moves: steps, jumps back and forth, the ends. */
const moves = (length: number) =>
  fc.tuple(
    fc.integer({ min: 1, max: 60 }),
    fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: length }),
        fc.constantFrom(0, length),
        fc.integer({ min: -3, max: 3 }).map((d) => ({ step: d })),
      ),
      { minLength: 1, maxLength: 25 },
    ),
  );

function playheads(length: number, script: (number | { step: number })[]): number[] {
  let at = 0;
  return script.map(
    (m) => (at = typeof m === 'number' ? m : Math.min(length, Math.max(0, at + m.step))),
  );
}

describe('the incremental view folds', () => {
  it('give the processor picture of the fold from the start at any sequence of playheads', () => {
    const events = processorTrace();
    const reference = new Map<number, unknown>();
    const expected = (i: number) => {
      if (!reference.has(i)) reference.set(i, processorAtFromStart(events, i));
      return reference.get(i);
    };
    checkProperty(
      {
        file: FILE,
        name: 'give the processor picture of the fold from the start at any sequence of playheads',
      },
      moves(events.length),
      ([every, script]) => {
        const fold = new IncrementalFold(events, processorFold, every);
        for (const i of playheads(events.length, script)) {
          expect(processorViewOf(fold.stateAt(i), i)).toEqual(expected(i));
          expect(processorAt(events, i)).toEqual(expected(i));
        }
      },
      { numRuns: 40 },
    );
  });

  it('give the serverless picture of the fold from the start at any sequence of playheads', () => {
    const events = roughServerlessTrace();
    const reference = new Map<number, unknown>();
    const expected = (i: number) => {
      if (!reference.has(i)) reference.set(i, serverlessAtFromStart(events, i));
      return reference.get(i);
    };
    checkProperty(
      {
        file: FILE,
        name: 'give the serverless picture of the fold from the start at any sequence of playheads',
      },
      moves(events.length),
      ([every, script]) => {
        const fold = new IncrementalFold(events, serverlessFold, every);
        for (const i of playheads(events.length, script)) {
          expect(serverlessViewOf(fold.stateAt(i), events, i)).toEqual(expected(i));
          expect(serverlessAt(events, i)).toEqual(expected(i));
        }
      },
      { numRuns: 40 },
    );
  });
});
