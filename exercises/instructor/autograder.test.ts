import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXERCISES_DIR } from '../grader/exercise-files.ts';
import { autograderZip } from './autograder.ts';

/**
 * The Gradescope package, run the way the platform runs it: unpacked (with `unzip`, which keeps
 * the executable bits) into a scratch `/autograder/source`, a student's file in
 * `/autograder/submission`, `run_autograder` started from `/autograder` with a bare environment,
 * and `results/results.json` read back. Only the root moves (AUTOGRADER_ROOT), for the test.
 */

const ID = '01-count-page-views';
let scratch: string;
let zipPath: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'autograder-'));
  zipPath = join(scratch, 'autograder.zip');
  writeFileSync(zipPath, await autograderZip('gradescope', ID));
}, 180_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh /autograder with `files` as the student's upload; runs it; the results and stdout. */
function runAsThePlatform(name: string, files: Record<string, string>) {
  const root = join(scratch, name);
  for (const dir of ['source', 'submission', 'results'])
    mkdirSync(join(root, dir), { recursive: true });
  const unzip = spawnSync('unzip', ['-q', zipPath, '-d', join(root, 'source')], {
    encoding: 'utf8',
  });
  expect(unzip.status, `unzip: ${unzip.stderr}`).toBe(0);
  copyFileSync(join(root, 'source', 'run_autograder'), join(root, 'run_autograder'));
  for (const [file, text] of Object.entries(files))
    writeFileSync(join(root, 'submission', file), text);
  const run = spawnSync(join(root, 'run_autograder'), [], {
    cwd: root,
    env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, AUTOGRADER_ROOT: root },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const results = JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')) as {
    score: number;
    output: string;
    tests: { name: string; score: number; max_score: number; visibility: string }[];
  };
  return { status: run.status, stdout: run.stdout + run.stderr, results, root };
}

const source = (path: string) => readFileSync(join(EXERCISES_DIR, ID, path), 'utf8');

describe('the Gradescope autograder package', () => {
  it('has setup.sh and an executable run_autograder at the root of the zip', () => {
    const listing = spawnSync('unzip', ['-Z', '-1', zipPath], { encoding: 'utf8' }).stdout.split(
      '\n',
    );
    expect(listing).toContain('setup.sh');
    expect(listing).toContain('run_autograder');
    const { root } = runAsThePlatform('modes', { 'starter.ts': source('starter.ts') });
    expect(statSync(join(root, 'source', 'run_autograder')).mode & 0o111).not.toBe(0);
    expect(statSync(join(root, 'source', 'setup.sh')).mode & 0o111).not.toBe(0);
  }, 120_000);

  it('gives the reference solution every point, with hidden cases shown after publication', () => {
    const { status, results } = runAsThePlatform('reference', {
      'starter.ts': source('reference.ts'),
    });
    expect(status).toBe(0);
    const max = results.tests.reduce((n, t) => n + t.max_score, 0);
    expect(max).toBeGreaterThan(0);
    expect(results.score).toBe(max);
    expect(results.tests.some((t) => t.visibility === 'after_published')).toBe(true);
  }, 120_000);

  it("grades the code of a learner's progress export, and the same code gets the same score", () => {
    const naive = source('fixtures/naive.ts');
    const exported = JSON.stringify({
      format: 'streamworks-progress',
      version: 2,
      exportedAt: null,
      exercises: { [ID]: { code: naive } },
    });
    const fromExport = runAsThePlatform('export', { 'streamworks-progress.json': exported });
    const fromFile = runAsThePlatform('file', { 'naive.ts': naive });
    expect(fromExport.results.score).toBeLessThan(
      fromExport.results.tests.reduce((n, t) => n + t.max_score, 0),
    );
    expect(fromExport.results.score).toBe(fromFile.results.score);
    expect(fromExport.results.tests).toEqual(fromFile.results.tests);
  }, 180_000);

  it('writes a result saying what is wrong when the upload holds no TypeScript', () => {
    const { status, results } = runAsThePlatform('empty', { 'notes.txt': 'I forgot' });
    expect(status).toBe(0);
    expect(results.score).toBe(0);
    expect(results.output).toMatch(/holds no TypeScript file/);
  }, 120_000);
});

describe('the Exercism test runner package', () => {
  it('runs as bin/run.sh SLUG INPUT/ OUTPUT/ and writes a version 2 results.json, exiting 0', async () => {
    const root = join(scratch, 'exercism');
    mkdirSync(join(root, 'runner'), { recursive: true });
    const zip = join(scratch, 'exercism.zip');
    writeFileSync(zip, await autograderZip('exercism', ID));
    expect(spawnSync('unzip', ['-q', zip, '-d', join(root, 'runner')]).status).toBe(0);
    mkdirSync(join(root, 'solution'));
    writeFileSync(join(root, 'solution', 'starter.ts'), source('fixtures/naive.ts'));
    const run = spawnSync(
      join(root, 'runner', 'bin', 'run.sh'),
      [ID, `${join(root, 'solution')}/`, `${join(root, 'output')}/`],
      {
        env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(root, 'output', 'results.json'), 'utf8')) as {
      version: number;
      status: string;
      tests: { name: string; status: string }[];
    };
    expect(results.version).toBe(2);
    expect(results.status).toBe('fail');
    expect(results.tests.map((t) => t.status)).toContain('pass');
  }, 180_000);
});
