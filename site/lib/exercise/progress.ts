/**
 * A learner's progress on the exercises, kept in their browser: per exercise, the code they are
 * writing, where the last grade left them, their best score, how many graded attempts they made,
 * when they first passed, and which hints and whether the reference they have seen. Pure data and
 * pure functions (no storage, no clock: a date is passed in when one is wanted), so the page, the
 * import and the tests share one set of rules. Reading it from storage or a file is in
 * `progress-read.ts`; storage is `progress-storage.ts`; files are `progress-file.ts`.
 */

/** The current format of a progress document. */
export const PROGRESS_VERSION = 2;

/** Where the learner's last graded run left an exercise (the grader's states, `error` folded in). */
export type ProgressState = 'not-started' | 'failing' | 'passing';

/** A score out of a maximum, as the grader reports it. */
export interface Score {
  /** Points earned. */
  readonly score: number;
  /** Points possible (an exercise's cases can change weight between versions, so it is kept). */
  readonly maxScore: number;
}

/** The first passing grade of an exercise. */
export interface FirstPass {
  /**
   * The graded attempt that passed (1 = the first), or null when the pass predates attempt
   * counting (progress migrated from format 1, which only recorded that an exercise was passed).
   */
  readonly attempt: number | null;
  /** When, as an ISO date the caller passed in, or null when none was given. */
  readonly at: string | null;
}

/** One exercise's progress. */
export interface ExerciseProgress {
  /** The learner's current code, or null when they have not changed the starter. */
  readonly code: string | null;
  /** The state of the last graded run. */
  readonly state: ProgressState;
  /** The best score of any graded run, or null when nothing was graded (or it is unknown). */
  readonly best: Score | null;
  /** Graded attempts: runs that produced a grade other than not-started. */
  readonly attempts: number;
  /** The first pass, or null when the exercise was never passed. */
  readonly firstPass: FirstPass | null;
  /** The hints revealed, by their number in the exercise's hints (1 = the first), ascending. */
  readonly hintsRevealed: readonly number[];
  /** Whether the reference solution was revealed. */
  readonly referenceRevealed: boolean;
}

/** The whole progress document of one browser. */
export interface ProgressDoc {
  /** Format version (always the current one once read). */
  readonly version: typeof PROGRESS_VERSION;
  /**
   * Progress by exercise id. Ids the manifest does not list (an exercise renamed or removed, or
   * progress from a newer workbook) are kept, so nothing is lost, and ignored by the pages.
   */
  readonly exercises: Readonly<Record<string, ExerciseProgress>>;
}

/** The grade fields progress needs (a `GradeResult` from the grader has them). */
export interface GradeSummary {
  /** not-started / failing / passing, or error when the submission could not run. */
  readonly state: 'not-started' | 'failing' | 'passing' | 'error';
  /** Points earned. */
  readonly score: number;
  /** Points possible. */
  readonly maxScore: number;
}

/** An exercise id: two digits and kebab-case words (the manifest's rule). */
export const EXERCISE_ID = /^[0-9]{2}-[a-z0-9-]+$/;

/** The progress of an exercise nobody has touched. */
export const EMPTY_PROGRESS: ExerciseProgress = Object.freeze({
  code: null,
  state: 'not-started',
  best: null,
  attempts: 0,
  firstPass: null,
  hintsRevealed: Object.freeze([]) as readonly number[],
  referenceRevealed: false,
});

/** A document with no progress. */
export function emptyProgress(): ProgressDoc {
  return { version: PROGRESS_VERSION, exercises: {} };
}

/** An exercise's progress, or the empty progress when it has none. */
export function progressOf(doc: ProgressDoc, id: string): ExerciseProgress {
  return Object.hasOwn(doc.exercises, id) ? doc.exercises[id] : EMPTY_PROGRESS;
}

/** The document with one exercise's progress replaced (a new object; `doc` is not changed). */
export function withProgress(doc: ProgressDoc, id: string, entry: ExerciseProgress): ProgressDoc {
  return { version: PROGRESS_VERSION, exercises: { ...doc.exercises, [id]: entry } };
}

/** The document with `fn` applied to one exercise's progress (empty progress if it has none). */
export function updateProgress(
  doc: ProgressDoc,
  id: string,
  fn: (entry: ExerciseProgress) => ExerciseProgress,
): ProgressDoc {
  if (!EXERCISE_ID.test(id)) throw new Error(`"${id}" is not an exercise id`);
  return withProgress(doc, id, fn(progressOf(doc, id)));
}

/** Whether the learner has ever passed the exercise. */
export function hasPassed(entry: ExerciseProgress): boolean {
  return entry.firstPass !== null;
}

/**
 * The progress after one graded run. A not-started grade (the starter still throws its "not
 * started" error) is not an attempt and changes nothing but the state; a grade of `error` (the
 * code could not run) is a failing attempt. The best score only goes up; the first pass is kept.
 */
export function recordGrade(
  entry: ExerciseProgress,
  grade: GradeSummary,
  at: string | null = null,
): ExerciseProgress {
  if (grade.state === 'not-started') return { ...entry, state: 'not-started' };
  const attempts = entry.attempts + 1;
  const state: ProgressState = grade.state === 'passing' ? 'passing' : 'failing';
  const score: Score = { score: grade.score, maxScore: grade.maxScore };
  const best = entry.best === null || compareScores(score, entry.best) > 0 ? score : entry.best;
  const firstPass = entry.firstPass ?? (state === 'passing' ? { attempt: attempts, at } : null);
  return { ...entry, state, best, attempts, firstPass };
}

/** The progress with the learner's code replaced (null: back to the starter). */
export function setCode(entry: ExerciseProgress, code: string | null): ExerciseProgress {
  return { ...entry, code };
}

/** The progress with hint `n` (1 = the first) revealed. */
export function revealHint(entry: ExerciseProgress, n: number): ExerciseProgress {
  if (!Number.isInteger(n) || n < 1) throw new Error(`hint ${n} is not a hint number`);
  if (entry.hintsRevealed.includes(n)) return entry;
  return { ...entry, hintsRevealed: [...entry.hintsRevealed, n].sort((a, b) => a - b) };
}

/**
 * Whether the reference solution may be shown: after a pass, or after `revealAfterAttempts`
 * graded attempts without one (the exercise's `.meta/config.json`
 * `revealReferenceAfterAttempts`; 0 means only after a pass). Once revealed it stays revealed.
 */
export function canRevealReference(entry: ExerciseProgress, revealAfterAttempts: number): boolean {
  if (entry.referenceRevealed || hasPassed(entry)) return true;
  return revealAfterAttempts > 0 && entry.attempts >= revealAfterAttempts;
}

/** The progress with the reference revealed, or an error when the rules do not allow it yet. */
export function revealReference(
  entry: ExerciseProgress,
  revealAfterAttempts: number,
): ExerciseProgress {
  if (!canRevealReference(entry, revealAfterAttempts)) {
    throw new Error('the reference is revealed only after a pass or enough attempts');
  }
  return { ...entry, referenceRevealed: true };
}

/** The document without one exercise's progress: it starts again from the starter. */
export function resetExercise(doc: ProgressDoc, id: string): ProgressDoc {
  const exercises: Record<string, ExerciseProgress> = {};
  for (const key of Object.keys(doc.exercises)) {
    if (key !== id) exercises[key] = doc.exercises[key];
  }
  return { version: PROGRESS_VERSION, exercises };
}

/** The document with no progress at all (kept for symmetry with `resetExercise`). */
export function resetAll(): ProgressDoc {
  return emptyProgress();
}

/** The ids of the exercises with progress that the manifest lists, in the manifest's order. */
export function knownProgressIds(doc: ProgressDoc, knownIds: readonly string[]): string[] {
  return knownIds.filter((id) => Object.hasOwn(doc.exercises, id));
}

/**
 * Compares two scores as fractions of their maximum (exact: cross-multiplied), then by points;
 * positive when `a` is better. A maximum of 0 counts as 0 %.
 */
export function compareScores(a: Score, b: Score): number {
  const [an, ad] = a.maxScore > 0 ? [a.score, a.maxScore] : [0, 1];
  const [bn, bd] = b.maxScore > 0 ? [b.score, b.maxScore] : [0, 1];
  const left = an * bd;
  const right = bn * ad;
  if (left !== right) return left > right ? 1 : -1;
  return a.score === b.score ? 0 : a.score > b.score ? 1 : -1;
}
