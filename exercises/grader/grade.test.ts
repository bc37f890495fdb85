import { describe, expect, it } from 'vitest';
import { loadExercise, loadManifest } from './exercise-files.ts';
import { gradeSource, gradeSourceSync } from './grade.ts';
import { PAGE_VIEWS, ROOMY_LIMITS, smallExercise, source } from './test-helpers.ts';

/** Grading in the sandboxed child process: states, visibility, shrinking and determinism. */

const naive = source(`${PAGE_VIEWS}/fixtures/naive.ts`);

describe('grading a submission in its own process', () => {
  it('passes the reference of every exercise on every visible and hidden case', async () => {
    const results = await Promise.all(
      loadManifest().exercises.map((e) =>
        gradeSource(
          loadExercise(e.id),
          source(`${e.id}/reference.ts`),
          'reference.ts',
          ROOMY_LIMITS,
        ),
      ),
    );
    for (const result of results) {
      expect(result.state, `${result.exercise}: ${result.message}`).toBe('passing');
      expect(result.score).toBe(result.maxScore);
    }
  });

  it('reports the starter as not started, with no cases run', async () => {
    const result = await gradeSource(
      smallExercise([0]),
      source(`${PAGE_VIEWS}/starter.ts`),
      'starter.ts',
      ROOMY_LIMITS,
    );
    expect(result.state).toBe('not-started');
    expect(result.cases).toEqual([]);
  });

  it('gives a wrong solution partial credit, the visible failure in full and the hidden one as a category', async () => {
    const result = await gradeSource(smallExercise([0, 1], [0]), naive, 'naive.ts', ROOMY_LIMITS);
    expect(result.state).toBe('failing');
    expect(result.score).toBe(1);
    const [, visible, hidden] = result.cases;
    expect(visible).toMatchObject({ passed: false, reason: 'over-count', visibility: 'visible' });
    expect(visible!.expected).not.toEqual(visible!.actual);
    expect(hidden).toEqual({
      name: hidden!.name,
      visibility: 'hidden',
      weight: 2,
      passed: false,
      reason: 'over-count',
    });
  });

  it("weighs partial credit by each case's weight, not by the number of cases passed", async () => {
    const small = smallExercise([0, 1], [0]);
    const weighted = {
      ...small,
      visible: small.visible.map((c, i) => ({ ...c, weight: [3, 5][i]! })),
      hidden: small.hidden.map((c) => ({ ...c, weight: 4 })),
    };
    const result = await gradeSource(weighted, naive, 'naive.ts', ROOMY_LIMITS);
    expect(result.cases.map((c) => [c.weight, c.passed])).toEqual([
      [3, true],
      [5, false],
      [4, false],
    ]);
    expect([result.score, result.maxScore]).toEqual([3, 12]);
    expect(result.message).toContain('(3 of 12 points)');
  });

  it('shrinks the failing schedule to one early crash and offers it as a replay', async () => {
    const result = await gradeSource(smallExercise([1]), naive, 'naive.ts', ROOMY_LIMITS);
    const replay = result.cases[0]!.replay!;
    expect(replay.scenario).toBe(PAGE_VIEWS);
    expect(replay.seed).toBe(2);
    expect(replay.faults).toEqual([
      {
        at: 0,
        kind: 'invocationCrash',
        target: 'counter',
        point: 'afterDbWriteBeforeEmit',
        count: 1,
      },
    ]);
    expect(result.cases[0]!.input).toMatchObject({ faults: replay.faults });
  });

  it('gives byte-identical results when the same submission is graded twice, blocking or not', async () => {
    const exercise = smallExercise([1], [0]);
    const [a, b] = await Promise.all([
      gradeSource(exercise, naive, 'x.ts', ROOMY_LIMITS),
      gradeSource(exercise, naive, 'x.ts', ROOMY_LIMITS),
    ]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(gradeSourceSync(exercise, naive, 'x.ts', ROOMY_LIMITS))).toBe(
      JSON.stringify(a),
    );
  });

  it('reports a syntax error with its line, without starting a process', async () => {
    const result = await gradeSource(
      smallExercise([0]),
      'export function* countPageViews(\n  {',
      'broken.ts',
    );
    expect(result.state).toBe('error');
    expect(result.message).toMatch(/^The submission is not valid TypeScript at line 2/);
  });

  it("fails a case that throws with the learner's error message", async () => {
    const code =
      "export function* countPageViews(event: { records: unknown[] }) { if (event.records.length > 0) throw new RangeError('no views today'); yield 1; }";
    const result = await gradeSource(smallExercise([0]), code, 'thrower.ts', ROOMY_LIMITS);
    expect(result.cases[0]).toMatchObject({ passed: false, reason: 'threw' });
    expect(result.cases[0]!.message).toContain('RangeError: no views today');
  });
});
