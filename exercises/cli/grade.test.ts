import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXERCISES_DIR } from '../grader/exercise-files.ts';
import { EXIT, main } from './grade.ts';

/** `npm run grade`, called in-process: result files, the gradebook and the exit codes. */

let dir: string;
let printed: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'grade-cli-'));
  printed = '';
  const capture = (chunk: unknown) => {
    printed += String(chunk);
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run grade', () => {
  it('grades a class, reporting bad submissions for their students only, and exits 0', async () => {
    const ex = join(EXERCISES_DIR, '01-count-page-views');
    mkdirSync(join(dir, 'bob'));
    cpSync(join(ex, 'starter.ts'), join(dir, 'bob', 'starter.ts'));
    writeFileSync(join(dir, 'cy.txt'), 'not typescript');
    writeFileSync(join(dir, 'dee.ts'), 'export const nothing = 1;');
    const subs = [
      join(ex, 'reference.ts'),
      join(dir, 'bob'),
      join(dir, 'cy.txt'),
      join(dir, 'dee.ts'),
      join(dir, 'gone.ts'),
    ];
    const out = join(dir, 'out');
    const code = await main([
      '01-count-page-views',
      ...subs,
      '--format',
      'junit',
      '--out',
      out,
      '--jobs',
      '2',
    ]);
    expect(code).toBe(EXIT.ok);
    expect(readdirSync(out).sort()).toEqual([
      'bob.xml',
      'cy.xml',
      'dee.xml',
      'gone.xml',
      'gradebook.csv',
      'reference.xml',
    ]);
    const rows = readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split('\n');
    expect(rows.map((r) => r.split(',').slice(0, 4).join(','))).toEqual([
      'student,exercise,state,score',
      'reference,01-count-page-views,passing,10',
      'bob,01-count-page-views,not-started,0',
      'cy,01-count-page-views,error,0',
      'dee,01-count-page-views,error,0',
      'gone,01-count-page-views,error,0',
    ]);
    expect(readFileSync(join(out, 'cy.xml'), 'utf8')).toContain('Not a TypeScript file (.ts)');
    expect(readFileSync(join(out, 'dee.xml'), 'utf8')).toContain('does not export countPageViews');
    expect(readFileSync(join(out, 'gone.xml'), 'utf8')).toContain('No such file or folder');
  });

  it.each([
    [['01-count-page-views'], /at least one submission/],
    [['01-count-page-views', 'a.ts', '--format', 'pdf'], /Unknown format "pdf"/],
    [['01-count-page-views', 'a.ts', '--jobs', '0'], /--jobs must be a whole number/],
    [['99-nope', 'a.ts'], /Unknown exercise "99-nope"/],
    [['--colour'], /Unknown option/],
  ])('exits 2 with a usage message for %j', async (argv, message) => {
    expect(await main(argv)).toBe(EXIT.usage);
    expect(printed).toMatch(message);
  });
});
