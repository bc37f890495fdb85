import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXERCISES_DIR } from './exercise-files.ts';
import { readSubmission } from './submission.ts';

/** Reading a submission from disk: only regular files and folders count, never a link. */

const reference = join(EXERCISES_DIR, '01-count-page-views', 'reference.ts');
const solution = ['starter.ts'];
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'submission-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a submission on disk', () => {
  it('is read when it is a regular file', () => {
    writeFileSync(join(dir, 'ann.ts'), 'export {};');
    expect(readSubmission(join(dir, 'ann.ts'), solution)).toMatchObject({
      student: 'ann',
      source: 'export {};',
    });
  });

  it('is refused when it is a symbolic link to the reference', () => {
    symlinkSync(reference, join(dir, 'sly.ts'));
    const sub = readSubmission(join(dir, 'sly.ts'), solution);
    expect(sub).not.toHaveProperty('source');
    expect(sub).toMatchObject({
      student: 'sly',
      problem: expect.stringMatching(/is a symbolic link/) as unknown,
    });
  });

  it('is refused when the folder holds a link to the reference as its solution file', () => {
    mkdirSync(join(dir, 'sly'));
    symlinkSync(reference, join(dir, 'sly', 'starter.ts'));
    const sub = readSubmission(join(dir, 'sly'), solution);
    expect(sub).not.toHaveProperty('source');
    expect(sub).toMatchObject({ problem: expect.stringMatching(/is a symbolic link/) as unknown });
  });

  it('is refused when the folder itself is a link', () => {
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'starter.ts'), 'export {};');
    symlinkSync(join(dir, 'real'), join(dir, 'linked'));
    expect(readSubmission(join(dir, 'linked'), solution)).toMatchObject({
      problem: expect.stringMatching(/is a symbolic link/) as unknown,
    });
  });

  it('is refused when it is a named pipe, without hanging', () => {
    execFileSync('mkfifo', [join(dir, 'pipe.ts')]);
    expect(readSubmission(join(dir, 'pipe.ts'), solution)).toMatchObject({
      problem: expect.stringMatching(/not a regular file or folder/) as unknown,
    });
  });
});
