import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exerciseGraders } from '../registry.ts';
import { EXERCISES_DIR, loadExercise, loadManifest, type Exercise } from './exercise-files.ts';
import { gradeSource } from './grade.ts';
import type { SandboxLimits } from './run-submission.ts';

/**
 * The authoring check (`npm run grade -- --check`), after rustlings' `dev check`: the manifest and
 * the folders agree; each exercise has its files, non-empty hints and a link to its chapter; its
 * cases' faults are valid; the starter is "not started"; the reference passes every case on its
 * seeds and on `EXTRA_SEEDS` too; the reference and each wrong fixture get the same result twice
 * (no flaky case), and each fixture fails. Returns the problems found, one line each.
 */

const REQUIRED = [
  'instructions.md',
  'starter.ts',
  'reference.ts',
  'cases.json',
  'hidden-cases.json',
  'hints.md',
  'discussion.md',
  '.meta/config.json',
];
const EXTRA_SEEDS = [101, 202, 303];

export async function checkExercises(
  root = EXERCISES_DIR,
  limits?: SandboxLimits,
): Promise<string[]> {
  let manifest;
  try {
    manifest = loadManifest(root);
  } catch (error) {
    return [(error as Error).message];
  }
  const problems: string[] = [];
  const ids = manifest.exercises.map((e) => e.id);
  const folders = readdirSync(root)
    .filter((f) => /^[0-9]{2}-/.test(f))
    .sort();
  for (const f of folders)
    if (!ids.includes(f)) problems.push(`${f}: a folder the manifest does not list`);
  for (const id of ids) {
    if (!folders.includes(id))
      problems.push(`${id}: listed in the manifest, but there is no folder`);
    else problems.push(...(await checkOne(id, root, limits)));
  }
  return problems;
}

async function checkOne(id: string, root: string, limits?: SandboxLimits): Promise<string[]> {
  const dir = join(root, id);
  const missing = REQUIRED.filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) return missing.map((f) => `${id}: missing ${f}`);
  let exercise: Exercise;
  try {
    exercise = loadExercise(id, root);
  } catch (error) {
    return [(error as Error).message];
  }
  const problems: string[] = [];
  const text = (f: string) => readFileSync(join(dir, f), 'utf8');
  if (text('hints.md').replace(/^#.*$/gm, '').trim() === '')
    problems.push(`${id}: hints.md is empty`);
  if (!text('instructions.md').includes(`](${exercise.entry.chapter}`))
    problems.push(`${id}: instructions.md does not link its chapter ${exercise.entry.chapter}`);
  const grader = exerciseGraders[id];
  if (!grader) return [...problems, `${id}: no grader in exercises/registry.ts`];
  if (grader.exportName !== exercise.meta.export)
    problems.push(
      `${id}: .meta/config.json exports ${exercise.meta.export}, the grader expects ${grader.exportName}`,
    );
  for (const [file, cases] of [
    ['cases.json', exercise.visible],
    ['hidden-cases.json', exercise.hidden],
  ] as const)
    cases.forEach((c, i) => {
      try {
        grader.parseFaults(c.faults as never);
      } catch (error) {
        problems.push(`${id}/${file}: cases[${i}].${(error as Error).message}`);
      }
    });
  if (problems.length > 0) return problems;
  return [...problems, ...(await checkGrades(exercise, text, limits))];
}

async function checkGrades(
  exercise: Exercise,
  text: (f: string) => string,
  limits?: SandboxLimits,
): Promise<string[]> {
  const id = exercise.entry.id;
  const problems: string[] = [];
  const starter = await gradeSource(exercise, text('starter.ts'), 'starter.ts', limits);
  if (starter.state !== 'not-started')
    problems.push(`${id}: the starter is ${starter.state}, not "not started" (${starter.message})`);
  const moreSeeds = {
    ...exercise,
    visible: exercise.visible.map((c) => ({ ...c, seeds: [...c.seeds, ...EXTRA_SEEDS] })),
    hidden: exercise.hidden.map((c) => ({ ...c, seeds: [...c.seeds, ...EXTRA_SEEDS] })),
  };
  const runs = [{ file: 'reference.ts', wrong: false }];
  const fixtures = join(exercise.dir, 'fixtures');
  if (existsSync(fixtures))
    for (const f of readdirSync(fixtures)
      .filter((x) => x.endsWith('.ts'))
      .sort())
      runs.push({ file: `fixtures/${f}`, wrong: true });
  for (const { file, wrong } of runs) {
    const ex = wrong ? exercise : moreSeeds;
    const [a, b] = await Promise.all([0, 1].map(() => gradeSource(ex, text(file), file, limits)));
    if (JSON.stringify(a) !== JSON.stringify(b))
      problems.push(`${id}: ${file} got two different results: a case is flaky`);
    if (!wrong && a!.state !== 'passing') {
      const failed = a!.cases
        .filter((c) => !c.passed)
        .map((c) => `"${c.name}" (${c.reason ?? a!.message})`);
      problems.push(`${id}: the reference fails ${failed.join(', ') || a!.message}`);
    }
    if (wrong && a!.state !== 'failing')
      problems.push(`${id}: ${file} is a wrong solution but is ${a!.state}`);
  }
  return problems;
}
