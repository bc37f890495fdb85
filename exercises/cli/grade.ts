import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gradeBatch } from '../grader/batch.ts';
import { checkExercises } from '../grader/check.ts';
import { loadExercise, type Exercise } from '../grader/exercise-files.ts';
import { EXTENSION, FORMATS, csvHeader, csvRow, render, type Format } from '../grader/formats.ts';
import { progressBar } from './progress.ts';

/**
 * `npm run grade -- EXERCISE SUBMISSION... [--format F] [--out DIR] [--jobs N]` grades each
 * submission (a .ts file or a folder, one per student) and writes one result file per student plus
 * `gradebook.csv`. `npm run grade -- --check` runs the authoring check.
 * Exit codes say whether grading itself went wrong, not whether students passed:
 * 0 graded (or the check passed), 1 the check found problems, 2 usage error, 3 internal error.
 */

export const EXIT = { ok: 0, checkFailed: 1, usage: 2, internal: 3 } as const;

const USAGE = `Usage:
  npm run grade -- EXERCISE SUBMISSION... [--format gradescope|exercism|junit|csv] [--out DIR] [--jobs N]
  npm run grade -- --check
SUBMISSION is a .ts file or a folder holding one (one per student).`;

export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'gradescope' },
        out: { type: 'string', default: 'grades' },
        jobs: { type: 'string' },
        check: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (values.check) return check();
  const [exerciseId, ...submissions] = positionals;
  if (!exerciseId || submissions.length === 0)
    return usage('Name an exercise and at least one submission');
  if (!(FORMATS as readonly string[]).includes(values.format))
    return usage(`Unknown format "${values.format}"; use one of ${FORMATS.join(', ')}`);
  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    return usage(`--jobs must be a whole number of at least 1, not "${values.jobs}"`);
  let exercise: Exercise;
  try {
    exercise = loadExercise(exerciseId);
  } catch (error) {
    return usage((error as Error).message);
  }
  return grade(exercise, submissions, values.format as Format, values.out, jobs);
}

async function grade(
  exercise: Exercise,
  submissions: string[],
  format: Format,
  out: string,
  jobs: number,
): Promise<number> {
  const bar = progressBar();
  bar.update(0, submissions.length, '');
  const entries = await gradeBatch(exercise, submissions, {
    jobs,
    onDone: (d, t, s) => bar.update(d, t, s),
  });
  bar.finish();
  const names = [...exercise.visible, ...exercise.hidden].map((c) => c.name);
  mkdirSync(out, { recursive: true });
  const rows = [csvHeader(names)];
  for (const { student, result } of entries) {
    writeFileSync(
      join(out, `${safeName(student)}.${EXTENSION[format]}`),
      render(format, student, result, names),
    );
    rows.push(csvRow(student, result, names));
    process.stdout.write(
      `${student}: ${result.state} ${result.score}/${result.maxScore} ${result.message}\n`,
    );
  }
  writeFileSync(join(out, 'gradebook.csv'), `${rows.join('\n')}\n`);
  process.stdout.write(`Wrote ${entries.length} result files and gradebook.csv to ${out}\n`);
  return EXIT.ok;
}

async function check(): Promise<number> {
  const problems = await checkExercises();
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.stdout.write(
    problems.length === 0 ? 'All exercises check out\n' : `${problems.length} problems\n`,
  );
  return problems.length === 0 ? EXIT.ok : EXIT.checkFailed;
}

function usage(message: string): number {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  return EXIT.usage;
}

function safeName(student: string): string {
  return student.replace(/[^A-Za-z0-9._-]/g, '_');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(
        `Grading went wrong: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = EXIT.internal;
    },
  );
}
