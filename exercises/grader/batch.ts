import { errorResult } from './assemble.ts';
import type { Exercise } from './exercise-files.ts';
import { gradeSource } from './grade.ts';
import { DEFAULT_LIMITS, type SandboxLimits } from './run-submission.ts';
import { checkSandbox } from './self-check.ts';
import { readSubmission, type SubmissionSource } from './submission.ts';
import type { GradeResult } from './types.ts';

/** One student's grade in a batch. */
export interface BatchEntry {
  /** The student's name, unique in the batch (a repeated name gets `-2`, `-3`...). */
  readonly student: string;
  readonly result: GradeResult;
}

/**
 * One student's grade. Whatever goes wrong grading it ends as that student's result: the batch
 * goes on.
 */
async function gradeOne(
  exercise: Exercise,
  sub: SubmissionSource,
  limits: SandboxLimits = DEFAULT_LIMITS,
): Promise<GradeResult> {
  if ('problem' in sub) return errorResult(exercise, sub.path, sub.problem);
  try {
    return await gradeSource(exercise, sub.source, sub.path, limits);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return errorResult(exercise, sub.path, `Grading this submission failed: ${why}`);
  }
}

/**
 * Grade many submissions, `jobs` child processes at a time. Results come back in the order of
 * `paths`, whatever order the children finish in. A submission that cannot be read is graded as an
 * `error` for that student; the batch goes on. First the reference is graded in the same sandbox:
 * if it does not pass, the batch stops with a `SandboxBrokenError` (see `self-check.ts`).
 */
export async function gradeBatch(
  exercise: Exercise,
  paths: readonly string[],
  options: {
    jobs: number;
    limits?: SandboxLimits;
    onDone?: (done: number, total: number, student: string) => void;
  },
): Promise<BatchEntry[]> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  await checkSandbox(exercise, limits);
  const seen = new Map<string, number>();
  const work = paths.map((path) => {
    const sub = readSubmission(path, exercise.meta.files.solution, exercise.entry.id);
    const n = (seen.get(sub.student) ?? 0) + 1;
    seen.set(sub.student, n);
    return { sub, student: n === 1 ? sub.student : `${sub.student}-${n}` };
  });
  const results = new Array<BatchEntry>(work.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < work.length) {
      const i = next++;
      const { sub, student } = work[i]!;
      results[i] = { student, result: await gradeOne(exercise, sub, limits) };
      done += 1;
      options.onDone?.(done, work.length, student);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.jobs, work.length)) }, worker),
  );
  return results;
}
