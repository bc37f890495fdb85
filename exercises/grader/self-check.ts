import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, sandboxInputs } from './assemble.ts';
import type { Exercise } from './exercise-files.ts';
import { runInChild, type SandboxLimits } from './run-submission.ts';
import { transpileSubmission } from './transpile.ts';

/**
 * Before grading a class, the grader grades the exercise's own reference solution in the same
 * sandbox. If that does not pass, the sandbox itself is broken (it cannot start: `node_modules`
 * behind a symbolic link the permission model will not follow, a heap limit too small to boot),
 * and every student would be graded "crashed" for the grader's fault: stop instead, saying why.
 */
export class SandboxBrokenError extends Error {}

export async function checkSandbox(exercise: Exercise, limits: SandboxLimits): Promise<void> {
  const file = join(exercise.dir, exercise.meta.files.exemplar[0]!);
  const transpiled = transpileSubmission(readFileSync(file, 'utf8'));
  if (!transpiled.ok) throw new SandboxBrokenError(`The reference ${file} does not compile`);
  const inputs = sandboxInputs(exercise);
  const report = await runInChild(exercise.entry.id, transpiled.code, inputs, limits);
  const result = assemble(exercise, 'reference', report, limits);
  if (result.state === 'passing') return;
  const stderr = report.stderr.trim().split('\n').slice(-6).join('\n');
  throw new SandboxBrokenError(
    [
      `The grader's own sandbox does not work: the exercise's reference solution graded ` +
        `"${result.state}: ${result.message}" instead of passing. Nothing was graded.`,
      'Is node_modules (or the checkout) behind a symbolic link? Are the limits too small?',
      ...(stderr ? [`The sandbox said:\n${stderr}`] : []),
    ].join('\n'),
  );
}
