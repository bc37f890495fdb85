import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gradeBatch } from '../grader/batch.ts';
import { usePrebuiltGrader } from '../grader/bundle.ts';
import { loadExercise } from '../grader/exercise-files.ts';
import { FORMATS, render, type Format } from '../grader/formats.ts';

/**
 * The program inside an autograder package (bundled into `grader/autograde.mjs`): grade the one
 * submission a platform put in a folder, with the grader scripts built ahead of time beside this
 * file, and write the platform's result file. A student's broken submission is a result, not a
 * failure: the exit code is 0 whenever a result file was written.
 *
 *   node grader/autograde.mjs --exercise ID --exercises DIR --submission DIR --results FILE
 *     [--format gradescope|exercism|junit|csv]
 */
async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      exercise: { type: 'string' },
      exercises: { type: 'string' },
      submission: { type: 'string' },
      results: { type: 'string' },
      format: { type: 'string', default: 'gradescope' },
    },
  });
  const { exercise: id, exercises, submission, results, format } = values;
  if (
    !id ||
    !exercises ||
    !submission ||
    !results ||
    !(FORMATS as readonly string[]).includes(format)
  ) {
    process.stderr.write(
      'Usage: autograde.mjs --exercise ID --exercises DIR --submission DIR --results FILE [--format F]\n',
    );
    return 2;
  }
  usePrebuiltGrader(dirname(fileURLToPath(import.meta.url)));
  const exercise = loadExercise(id, exercises);
  const [entry] = await gradeBatch(exercise, [submission], { jobs: 1 });
  const { result } = entry!;
  const names = [...exercise.visible, ...exercise.hidden].map((c) => c.name);
  mkdirSync(dirname(results), { recursive: true });
  writeFileSync(results, render(format as Format, entry!.student, result, names));
  process.stdout.write(`${result.state} ${result.score}/${result.maxScore}: ${result.message}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(
      `The autograder failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 3;
  },
);
