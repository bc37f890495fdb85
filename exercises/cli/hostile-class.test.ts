import { parse } from 'csv-parse/sync';
import { XMLValidator } from 'fast-xml-parser';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXERCISES_DIR } from '../grader/exercise-files.ts';
import { FORMATS } from '../grader/formats.ts';
import { EXIT, main } from './grade.ts';

/**
 * `npm run grade` on a mixed class, as an instructor runs it: the reference, wrong solutions and
 * every hostile fixture, in all four formats with `--jobs 2`. One result per student, the
 * reference at full marks, no hostile submission above the plain wrong solution, and every file
 * well-formed (parsed here, as the tools that import them would).
 */

const EX = join(EXERCISES_DIR, '01-count-page-views');
const HOSTILE = join(EXERCISES_DIR, 'fixtures', 'hostile');
const hostile = readdirSync(HOSTILE).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
let dir: string;
let out: string;
let printed = '';
let code: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-class-'));
  out = join(dir, 'out');
  copyFileSync(join(EX, 'reference.ts'), join(dir, 'reference.ts'));
  copyFileSync(join(EX, 'fixtures', 'naive.ts'), join(dir, 'naive.ts'));
  copyFileSync(join(EX, 'fixtures', 'two-step.ts'), join(dir, 'two-step.ts'));
  copyFileSync(join(EX, 'fixtures', 'module-scope-dedupe.ts'), join(dir, 'module-scope-dedupe.ts'));
  for (const f of hostile) copyFileSync(join(HOSTILE, f), join(dir, f));
  // A link to the reference, and two names that make the same file name.
  symlinkSync(join(EX, 'reference.ts'), join(dir, 'sly.ts'));
  copyFileSync(join(EX, 'fixtures', 'naive.ts'), join(dir, 'collide a.ts'));
  copyFileSync(join(EX, 'reference.ts'), join(dir, 'collide_a.ts'));
  const capture = (chunk: unknown) => {
    printed += String(chunk);
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const subs = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => join(dir, f));
  const formats = FORMATS.flatMap((f) => ['--format', f]);
  code = await main(['01-count-page-views', ...subs, ...formats, '--out', out, '--jobs', '2']);
  vi.restoreAllMocks();
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gradebook(): Record<string, string>[] {
  return parse(readFileSync(join(out, 'gradebook.csv'), 'utf8'), { columns: true }) as Record<
    string,
    string
  >[];
}

describe('npm run grade on a hostile class', () => {
  const students = () => gradebook().map((r) => r.student);

  it('finishes with exit 0 and one gradebook row per student', () => {
    expect(code, printed).toBe(EXIT.ok);
    const expected = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => basename(f, '.ts'))
      .sort();
    expect([...students()].sort()).toEqual(expected);
  });

  it('gives the reference full marks, and no hostile submission more than the naive counter', () => {
    const rows = new Map(gradebook().map((r) => [r.student!, r]));
    expect(rows.get('reference')).toMatchObject({ state: 'passing', score: '10', max_score: '10' });
    const naive = Number(rows.get('naive')!.score);
    for (const name of [...hostile.map((f) => basename(f, '.ts')), 'module-scope-dedupe', 'sly'])
      expect(Number(rows.get(name)!.score), name).toBeLessThanOrEqual(naive);
    expect(rows.get('sly')).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/symbolic link/) as unknown,
    });
  });

  it('writes one file per student in each format, distinct names for colliding students', () => {
    for (const format of FORMATS) {
      const files = readdirSync(join(out, format));
      expect(files, format).toHaveLength(students().length);
    }
    const a = readFileSync(join(out, 'junit', 'collide_a.xml'), 'utf8');
    const b = readFileSync(join(out, 'junit', 'collide_a-2.xml'), 'utf8');
    expect([a, b].map((x) => /failures="(\d+)"/.exec(x)![1])).toEqual(
      expect.arrayContaining(['0']),
    );
    expect(a).not.toBe(b);
  });

  it('writes well-formed JUnit XML, JSON and CSV, free of control characters', () => {
    for (const file of readdirSync(join(out, 'junit'))) {
      const text = readFileSync(join(out, 'junit', file), 'utf8');
      expect(XMLValidator.validate(text), file).toBe(true);
    }
    for (const format of ['gradescope', 'exercism'])
      for (const file of readdirSync(join(out, format)))
        expect(
          () => JSON.parse(readFileSync(join(out, format, file), 'utf8')) as unknown,
        ).not.toThrow();
    for (const file of readdirSync(join(out, 'csv'))) {
      const rows = parse(readFileSync(join(out, 'csv', file), 'utf8')) as string[][];
      expect(rows, file).toHaveLength(2);
    }
    const all = FORMATS.flatMap((f) =>
      readdirSync(join(out, f)).map((x) => readFileSync(join(out, f, x), 'utf8')),
    );
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    for (const text of all) expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('prints one clean line per student: no forged lines on the console', () => {
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(printed).not.toMatch(/\u001b\[2K|\r|\u0000/);
    expect(printed).not.toMatch(/^forged/m);
  });

  it('writes results that carry no path of the grading machine', () => {
    const root = join(EXERCISES_DIR, '..');
    for (const format of FORMATS)
      for (const file of readdirSync(join(out, format))) {
        const text = readFileSync(join(out, format, file), 'utf8');
        expect(text).not.toContain(root);
        expect(text).not.toMatch(/file:\/\/|node:vm|node:internal/);
      }
  });
});
