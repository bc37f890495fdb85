import { describe, expect, it } from 'vitest';
import {
  canRevealReference,
  compareScores,
  EMPTY_PROGRESS,
  emptyProgress,
  knownProgressIds,
  progressOf,
  recordGrade,
  resetAll,
  resetExercise,
  revealHint,
  revealReference,
  setCode,
  updateProgress,
  type ExerciseProgress,
} from './progress.ts';

const failing = { state: 'failing', score: 2, maxScore: 5 } as const;
const passing = { state: 'passing', score: 5, maxScore: 5 } as const;

function graded(...grades: Parameters<typeof recordGrade>[1][]): ExerciseProgress {
  return grades.reduce<ExerciseProgress>((e, g) => recordGrade(e, g), EMPTY_PROGRESS);
}

describe('recording grades', () => {
  it('counts a failing run as an attempt and keeps its score as the best so far', () => {
    const e = graded(failing);
    expect(e).toMatchObject({ state: 'failing', attempts: 1, best: { score: 2, maxScore: 5 } });
    expect(e.firstPass).toBeNull();
  });

  it('does not count a run of the untouched starter as an attempt', () => {
    const e = graded(failing, { state: 'not-started', score: 0, maxScore: 5 });
    expect(e).toMatchObject({ state: 'not-started', attempts: 1 });
  });

  it('counts a submission that could not run as a failing attempt', () => {
    expect(graded({ state: 'error', score: 0, maxScore: 5 })).toMatchObject({
      state: 'failing',
      attempts: 1,
    });
  });

  it('records the attempt and the date of the first pass, and keeps them after a later failure', () => {
    let e = graded(failing, failing);
    e = recordGrade(e, passing, '2026-11-26T08:00:00.000Z');
    e = recordGrade(e, { state: 'failing', score: 1, maxScore: 5 }, '2026-11-27T08:00:00.000Z');
    expect(e.firstPass).toEqual({ attempt: 3, at: '2026-11-26T08:00:00.000Z' });
    expect(e).toMatchObject({ state: 'failing', attempts: 4, best: { score: 5, maxScore: 5 } });
  });

  it('never lowers the best score', () => {
    const e = graded({ state: 'failing', score: 4, maxScore: 5 }, failing);
    expect(e.best).toEqual({ score: 4, maxScore: 5 });
  });
});

describe('scores', () => {
  it('compares scores as fractions of their maximum, exactly, then by points', () => {
    expect(compareScores({ score: 1, maxScore: 3 }, { score: 2, maxScore: 6 })).toBe(-1);
    expect(compareScores({ score: 2, maxScore: 6 }, { score: 2, maxScore: 6 })).toBe(0);
    expect(compareScores({ score: 3, maxScore: 4 }, { score: 7, maxScore: 10 })).toBe(1);
    expect(compareScores({ score: 0, maxScore: 0 }, { score: 1, maxScore: 10 })).toBe(-1);
  });
});

describe('hints', () => {
  it('keeps revealed hints once each, in ascending order', () => {
    const e = revealHint(revealHint(revealHint(EMPTY_PROGRESS, 3), 1), 3);
    expect(e.hintsRevealed).toEqual([1, 3]);
  });

  it('refuses a hint number below 1', () => {
    expect(() => revealHint(EMPTY_PROGRESS, 0)).toThrow(/not a hint number/);
  });
});

describe('revealing the reference', () => {
  it('allows it after a pass even when the exercise sets no attempt count', () => {
    expect(canRevealReference(graded(failing), 0)).toBe(false);
    expect(canRevealReference(graded(failing, passing), 0)).toBe(true);
  });

  it('allows it after the number of failing attempts the exercise sets, not before', () => {
    expect(canRevealReference(graded(failing, failing), 3)).toBe(false);
    expect(canRevealReference(graded(failing, failing, failing), 3)).toBe(true);
  });

  it('does not count runs of the untouched starter towards the attempts', () => {
    const starter = { state: 'not-started', score: 0, maxScore: 5 } as const;
    expect(canRevealReference(graded(starter, starter, starter), 2)).toBe(false);
  });

  it('keeps a pass migrated without an attempt number as a pass', () => {
    const e: ExerciseProgress = { ...EMPTY_PROGRESS, firstPass: { attempt: null, at: null } };
    expect(canRevealReference(e, 0)).toBe(true);
  });

  it('marks the reference revealed only when the rules allow it', () => {
    expect(() => revealReference(graded(failing), 0)).toThrow(/only after a pass/);
    expect(revealReference(graded(passing), 0).referenceRevealed).toBe(true);
  });
});

describe('documents', () => {
  it('updates one exercise without changing the document it was given', () => {
    const before = emptyProgress();
    const after = updateProgress(before, '01-count-page-views', (e) => setCode(e, 'x'));
    expect(progressOf(after, '01-count-page-views').code).toBe('x');
    expect(before.exercises).toEqual({});
  });

  it('refuses to store progress under something that is not an exercise id', () => {
    expect(() => updateProgress(emptyProgress(), '__proto__', (e) => e)).toThrow(
      /not an exercise id/,
    );
  });

  it('resets one exercise and leaves the others', () => {
    let doc = updateProgress(emptyProgress(), '01-a', (e) => setCode(e, 'a'));
    doc = updateProgress(doc, '03-b', (e) => setCode(e, 'b'));
    const reset = resetExercise(doc, '01-a');
    expect(Object.keys(reset.exercises)).toEqual(['03-b']);
    expect(progressOf(reset, '01-a')).toEqual(EMPTY_PROGRESS);
    expect(Object.keys(resetAll().exercises)).toEqual([]);
  });

  it('lists only the exercises the manifest knows, in its order', () => {
    let doc = updateProgress(emptyProgress(), '99-gone', (e) => setCode(e, 'old'));
    doc = updateProgress(doc, '03-b', (e) => setCode(e, 'b'));
    doc = updateProgress(doc, '01-a', (e) => setCode(e, 'a'));
    expect(knownProgressIds(doc, ['01-a', '02-none', '03-b'])).toEqual(['01-a', '03-b']);
  });
});
