import { describe, expect, it } from 'vitest';
import { loadExercise } from '../../../exercises/grader/exercise-files.ts';
import { replayHref } from '../../../exercises/instructor/report-data.ts';
import { decodeReplay } from './replay-link.ts';

describe("a class report's replay link", () => {
  it('opens in the sandbox: the site reads the code, case, schedule and seed it carries', () => {
    const exercise = loadExercise('01-count-page-views');
    const c = exercise.visible[1]!;
    const faults = [{ at: 0, kind: 'invocationCrash', target: 'counter', count: 1 }];
    const href = replayHref(
      'http://127.0.0.1:4173',
      exercise,
      {
        name: c.name,
        visibility: 'visible',
        weight: c.weight,
        passed: false,
        replay: { scenario: exercise.entry.id, seed: 7, faults, workload: c.workload },
      },
      'export const mine = "</a>";',
    )!;
    const hash = href.slice(href.indexOf('#'));
    expect(href.startsWith('http://127.0.0.1:4173/sandbox/#r=')).toBe(true);
    expect(decodeReplay(hash)).toEqual({
      ok: true,
      state: {
        v: 1,
        exercise: exercise.entry.id,
        caseName: c.name,
        code: 'export const mine = "</a>";',
        workload: c.workload,
        faults,
        seed: 7,
        index: null,
        view: 'serverless',
      },
    });
  });
});
