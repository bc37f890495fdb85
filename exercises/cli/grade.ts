import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gradeBatch } from '../grader/batch.ts';
import { checkExercises } from '../grader/check.ts';
import { loadExercise, type Exercise } from '../grader/exercise-files.ts';
import {
  EXTENSION,
  FORMATS,
  csvHeader,
  csvRow,
  oneLine,
  render,
  type Format,
} from '../grader/formats.ts';
import { SandboxBrokenError } from '../grader/self-check.ts';
import { siteUrl, writeAutograder, writePack, writeReport } from './instructor-commands.ts';
import { progressBar } from './progress.ts';

/**
 * `npm run grade -- EXERCISE SUBMISSION... [--format F] [--out DIR] [--jobs N]` grades each
 * submission (a .ts file or a folder, one per student) and writes one result file per student plus
 * `gradebook.csv`. `--format` may be repeated (or given as `junit,csv`): each format then gets its
 * own folder under DIR. `npm run grade -- --check` runs the authoring check.
 * Exit codes say whether grading itself went wrong, not whether students passed:
 * 0 graded (or the check passed), 1 the check found problems, 2 usage error, 3 internal error.
 */

export const EXIT = { ok: 0, checkFailed: 1, usage: 2, internal: 3 } as const;

const USAGE = `Usage:
  npm run grade -- EXERCISE SUBMISSION... [--format gradescope|exercism|junit|csv]... [--out DIR] [--jobs N] [--report FILE.html [--site URL]]
  npm run grade -- --autograder gradescope|exercism EXERCISE [--out DIR]
  npm run grade -- --pack learner|full EXERCISE [--out DIR]
  npm run grade -- --check
SUBMISSION is a .ts file, a progress export (.json) or a folder holding one (one per student).`;

export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', multiple: true, default: ['gradescope'] },
        out: { type: 'string', default: 'grades' },
        jobs: { type: 'string' },
        check: { type: 'boolean', default: false },
        pack: { type: 'string' },
        autograder: { type: 'string' },
        report: { type: 'string' },
        site: { type: 'string' },
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
  if (values.pack !== undefined || values.autograder !== undefined) {
    const made =
      values.pack !== undefined
        ? writePack(values.pack, positionals, values.out)
        : await writeAutograder(values.autograder!, positionals, values.out);
    if ('problem' in made) return usage(made.problem);
    process.stdout.write(`Wrote ${made.wrote}\n`);
    return EXIT.ok;
  }
  const [exerciseId, ...submissions] = positionals;
  if (!exerciseId || submissions.length === 0)
    return usage('Name an exercise and at least one submission');
  const formats = [...new Set(values.format.flatMap((f) => f.split(',')))];
  const unknown = formats.find((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown !== undefined)
    return usage(`Unknown format "${unknown}"; use one of ${FORMATS.join(', ')}`);
  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    return usage(`--jobs must be a whole number of at least 1, not "${values.jobs}"`);
  let exercise: Exercise;
  try {
    exercise = loadExercise(exerciseId);
  } catch (error) {
    return usage((error as Error).message);
  }
  const site = siteUrl(values.site);
  if ('problem' in site) return usage(site.problem);
  const report = values.report === undefined ? undefined : { path: values.report, site: site.site };
  return grade(exercise, submissions, formats as Format[], values.out, jobs, report);
}

async function grade(
  exercise: Exercise,
  submissions: string[],
  formats: readonly Format[],
  out: string,
  jobs: number,
  report?: { path: string; site: string },
): Promise<number> {
  const bar = progressBar();
  bar.update(0, submissions.length, '');
  let entries;
  try {
    entries = await gradeBatch(exercise, submissions, {
      jobs,
      onDone: (d, t, s) => bar.update(d, t, oneLine(s)),
    });
  } catch (error) {
    bar.finish();
    if (!(error instanceof SandboxBrokenError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT.internal;
  }
  bar.finish();
  const names = [...exercise.visible, ...exercise.hidden].map((c) => c.name);
  mkdirSync(out, { recursive: true });
  const rows = [csvHeader(names)];
  const files = fileNames(entries.map((e) => e.student));
  const folders = formats.map((format) => {
    const folder = formats.length === 1 ? out : join(out, format);
    mkdirSync(folder, { recursive: true });
    return { format, folder };
  });
  entries.forEach(({ student, result }, i) => {
    for (const { format, folder } of folders)
      writeFileSync(
        join(folder, `${files[i]!}.${EXTENSION[format]}`),
        render(format, student, result, names),
      );
    rows.push(csvRow(student, result, names));
    process.stdout.write(
      `${oneLine(student)}: ${result.state} ${result.score}/${result.maxScore} ${oneLine(result.message)}\n`,
    );
  });
  writeFileSync(join(out, 'gradebook.csv'), `${rows.join('\n')}\n`);
  if (report) {
    writeReport(report.path, exercise, entries, submissions, report.site);
    process.stdout.write(`Wrote the class report to ${report.path}\n`);
  }
  const each = formats.length === 1 ? '' : ` in each of ${formats.join(', ')}`;
  process.stdout.write(`Wrote ${entries.length} result files${each} and gradebook.csv to ${out}\n`);
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

/**
 * A file name per student, distinct from every other even on a file system that ignores case:
 * `collide a` and `collide_a` both make `collide_a`, so the second gets `collide_a-2`.
 * `gradebook` is taken by the gradebook.
 */
export function fileNames(students: readonly string[]): string[] {
  const taken = new Set<string>(['gradebook']);
  return students.map((student) => {
    const base = student.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
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
