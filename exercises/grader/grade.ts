import { assemble, errorResult, sandboxInputs } from './assemble.ts';
import type { Exercise } from './exercise-files.ts';
import { notTypeScriptMessage, transpileSubmission } from './transpile.ts';
import {
  DEFAULT_LIMITS,
  runInChild,
  runInChildSync,
  type SandboxLimits,
} from './run-submission.ts';
import type { GradeResult } from './types.ts';

/**
 * Grade one submission: strip its types (TypeScript's transpiler, as the page does), run it in its own sandboxed process on every
 * visible and hidden case, and turn what the sandbox said into a `GradeResult`. Nothing here reads
 * a clock or a path beyond the label it is given, so the same code gets byte-identical results.
 */
export async function gradeSource(
  exercise: Exercise,
  source: string,
  label: string,
  limits: SandboxLimits = DEFAULT_LIMITS,
): Promise<GradeResult> {
  const prepared = prepare(exercise, source, label);
  if ('result' in prepared) return prepared.result;
  const report = await runInChild(exercise.entry.id, prepared.code, prepared.inputs, limits);
  return assemble(exercise, label, report, limits);
}

/** The same, blocking (for synchronous callers such as the bench harness). */
export function gradeSourceSync(
  exercise: Exercise,
  source: string,
  label: string,
  limits: SandboxLimits = DEFAULT_LIMITS,
): GradeResult {
  const prepared = prepare(exercise, source, label);
  if ('result' in prepared) return prepared.result;
  return assemble(
    exercise,
    label,
    runInChildSync(exercise.entry.id, prepared.code, prepared.inputs, limits),
    limits,
  );
}

/** The submission as CommonJS and the cases as the sandbox takes them, or the result of a syntax error. */
function prepare(
  exercise: Exercise,
  source: string,
  label: string,
): { result: GradeResult } | { code: string; inputs: string[] } {
  const transpiled = transpileSubmission(source);
  if (!transpiled.ok)
    return {
      result: errorResult(exercise, label, notTypeScriptMessage(transpiled)),
    };
  return { code: transpiled.code, inputs: sandboxInputs(exercise) };
}
