import { describe, expect, it } from 'vitest';
import type { Json } from '../../simulator/core/types.ts';
import { loadExercise } from '../grader/exercise-files.ts';
import * as naive from './fixtures/naive.ts';
import * as twoStep from './fixtures/two-step.ts';
import { countPageViewsGrader as grader } from './grading.ts';
import * as reference from './reference.ts';
import * as starter from './starter.ts';

/** The exercise's grading run in-process (no sandbox): what each design does under each case. */

const exercise = loadExercise('01-count-page-views');
const allCases = [...exercise.visible, ...exercise.hidden];
const crashAfterWrite: Json[] = [
  { at: 0, kind: 'invocationCrash', target: 'counter', point: 'afterDbWriteBeforeEmit', count: 1 },
];

describe('count page views exactly once, graded', () => {
  it('passes the reference on every case and seed', () => {
    for (const c of allCases)
      for (const seed of c.seeds) {
        const outcome = grader.run(reference.countPageViews, c.workload, c.faults as Json[], seed);
        expect(outcome.passed, `${c.name} (seed ${seed}): ${outcome.message}`).toBe(true);
      }
  });

  it('over-counts with get-add-put when an invocation crashes after a write', () => {
    const outcome = grader.run(naive.countPageViews, { views: 12 }, crashAfterWrite, 1);
    expect(outcome.reason).toBe('over-count');
    expect(outcome.expected).not.toEqual(outcome.actual);
  });

  it('loses a view when the idempotency key and the count are two writes and it crashes between', () => {
    const outcome = grader.run(twoStep.countPageViews, { views: 12 }, crashAfterWrite, 1);
    expect(outcome.reason).toBe('under-count');
  });

  it('loads the module once per function instance: on every cold start, never on a warm one', () => {
    let loads = 0;
    const instantiate = () => {
      loads += 1;
      return reference.countPageViews;
    };
    const faults: Json[] = [
      ...crashAfterWrite,
      { at: 900, kind: 'instanceCrash', target: 'counter' },
    ];
    const replay = grader.trace(reference.countPageViews, { views: 12 }, faults, 1, instantiate);
    const cold = replay.events.filter((e) => e.type === 'function.coldStarted').length;
    const warm = replay.events.filter((e) => e.type === 'function.warmStarted').length;
    expect(cold).toBeGreaterThan(1);
    expect(warm).toBeGreaterThan(0);
    expect(loads).toBe(cold);
  });

  it('reports the views per user as expected and the counts as actual', () => {
    const outcome = grader.run(
      reference.countPageViews,
      { views: 6, users: ['ann', 'bob'] },
      [],
      3,
    );
    const expected = outcome.expected as Record<string, number>;
    expect(Object.keys(expected)).toEqual(['ann', 'bob']);
    expect(expected.ann! + expected.bob!).toBe(6);
    expect(outcome.actual).toEqual(outcome.expected);
  });

  it('opens the replay of an over-count at the write that first counted more views than there were', () => {
    const replay = grader.trace(naive.countPageViews, { views: 12 }, crashAfterWrite, 1);
    const at = replay.violation!;
    const event = replay.events[at]!;
    expect(event).toMatchObject({ type: 'db.written', table: 'pageViewCounts' });
    const user = event.type === 'db.written' ? event.key : '';
    const appendedBefore = replay.events
      .slice(0, at)
      .filter((e) => e.type === 'record.appended' && e.topic === 'views' && e.record.key === user);
    const count = (event.type === 'db.written' && (event.item as { count: number }).count) || 0;
    expect(count).toBe(appendedBefore.length + 1);
    const earlier = replay.events.slice(0, at).filter((e) => e.type === 'db.written');
    expect(earlier.length).toBeGreaterThan(0);
  });

  it('replays the very run it grades, and a passing run has no violation', () => {
    const c = exercise.visible[1]!;
    const seed = c.seeds[0]!;
    const replay = grader.trace(reference.countPageViews, c.workload, c.faults as Json[], seed);
    expect(replay.violation).toBeNull();
    expect(replay.durationMs).toBe(15_000);
    const last = replay.events.at(-1)!;
    expect(last.at).toBeLessThanOrEqual(replay.durationMs);
    const again = grader.trace(reference.countPageViews, c.workload, c.faults as Json[], seed);
    expect(JSON.stringify(again.events)).toBe(JSON.stringify(replay.events));
    const naiveRun = grader.run(naive.countPageViews, { views: 12 }, crashAfterWrite, 1);
    const naiveTrace = grader.trace(naive.countPageViews, { views: 12 }, crashAfterWrite, 1);
    const written = naiveTrace.events.filter((e) => e.type === 'db.written');
    const finalCounts: Record<string, number> = {};
    for (const e of written)
      if (e.type === 'db.written') finalCounts[e.key] = (e.item as { count: number }).count;
    expect(naiveRun.actual).toEqual(finalCounts);
  });

  it('has no violation event for an under-count, which is something missing at the end', () => {
    const replay = grader.trace(twoStep.countPageViews, { views: 12 }, crashAfterWrite, 1);
    expect(replay.violation).toBeNull();
  });

  it('recognises the starter as not started and the reference as started', () => {
    expect(() => grader.probe(starter.countPageViews)).toThrow(/^Not started/);
    expect(() => grader.probe(reference.countPageViews)).not.toThrow();
    expect(() => grader.probe(42)).toThrow(/must be a function/);
  });

  it('names the path of a bad fault', () => {
    expect(() =>
      grader.parseFaults([{ at: 0, kind: 'invocationCrash', target: 'counter', point: 'nowhere' }]),
    ).toThrow(/faults\[0\]\.point/);
  });
});
