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
