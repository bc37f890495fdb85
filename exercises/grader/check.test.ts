import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkExercises } from './check.ts';
import { EXERCISES_DIR, loadManifest } from './exercise-files.ts';

/** The authoring check on broken copies of exercise 01 (problems found before any grading). */

function copy(): string {
  const root = mkdtempSync(join(tmpdir(), 'exercises-check-'));
  const manifest = loadManifest();
  const first = manifest.exercises.filter((e) => e.id === '01-count-page-views');
  writeFileSync(join(root, 'manifest.json'), JSON.stringify({ ...manifest, exercises: first }));
  cpSync(join(EXERCISES_DIR, '01-count-page-views'), join(root, '01-count-page-views'), {
    recursive: true,
  });
  return root;
}

describe('the authoring check', () => {
  it('finds a folder the manifest does not list', async () => {
    const root = copy();
    rmSync(join(root, '01-count-page-views', 'hints.md'));
    mkdirSync(join(root, '02-stray'));
    const problems = await checkExercises(root);
    expect(problems).toEqual([
      '02-stray: a folder the manifest does not list',
      '01-count-page-views: missing hints.md',
    ]);
  });

  it('finds empty hints, a missing chapter link and a bad fault, naming the case', async () => {
    const root = copy();
    const ex = join(root, '01-count-page-views');
    writeFileSync(join(ex, 'hints.md'), '# Hints\n\n');
    writeFileSync(join(ex, 'instructions.md'), '# No link\n');
    writeFileSync(
      join(ex, 'hidden-cases.json'),
      JSON.stringify({
        cases: [
          { name: 'x', weight: 1, seeds: [1], workload: {}, faults: [{ at: 0, kind: 'meteor' }] },
        ],
      }),
    );
    const problems = await checkExercises(root);
    expect(problems[0]).toBe('01-count-page-views: hints.md is empty');
    expect(problems[1]).toMatch(/instructions\.md does not link its chapter/);
    expect(problems[2]).toMatch(
      /^01-count-page-views\/hidden-cases\.json: cases\[0\]\.faults\[0\]\.kind/,
    );
  });

  it('names the file and path of a malformed case file', async () => {
    const root = copy();
    writeFileSync(
      join(root, '01-count-page-views', 'cases.json'),
      JSON.stringify({ cases: [{ name: 'x' }] }),
    );
    const problems = await checkExercises(root);
    expect(problems[0]).toMatch(/^01-count-page-views\/cases\.json: cases\[0\]\.weight:/);
  });
});
