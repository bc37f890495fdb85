import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeFromProgressExport } from './progress-export.ts';
import { readSubmission } from './submission.ts';

const ID = '01-count-page-views';

function exportOf(exercises: unknown): string {
  return JSON.stringify({
    format: 'streamworks-progress',
    version: 1,
    exportedAt: null,
    exercises,
  });
}

describe('a progress export as a submission', () => {
  it("takes the code the export holds for the exercise being graded, not another exercise's", () => {
    const text = exportOf({
      '02-join-orders-payments': { code: 'export const other = 2;' },
      [ID]: { code: 'export const mine = 1;' },
    });
    expect(codeFromProgressExport(text, ID)).toEqual({ code: 'export const mine = 1;' });
  });

  it.each([
    ['{not json', /not valid JSON/],
    [
      JSON.stringify({ format: 'something-else', exercises: {} }),
      /not a Streamworks progress export/,
    ],
    [JSON.stringify([1, 2]), /not a Streamworks progress export/],
    [exportOf({}), /holds nothing for the exercise 01-count-page-views/],
    [exportOf({ [ID]: { code: null } }), /starter was never changed/],
    [exportOf({ [ID]: { code: 42 } }), /code for 01-count-page-views is not text/],
    [exportOf({ ['__proto__']: { code: 'x' } }), /holds nothing/],
  ])('names what is wrong with %s', (text, problem) => {
    const read = codeFromProgressExport(text, ID);
    expect('problem' in read && read.problem).toMatch(problem);
  });
});

describe('reading a submission from disk', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'progress-export-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an export given as a file, its student named by the file', () => {
    writeFileSync(join(dir, 'alice.json'), exportOf({ [ID]: { code: 'export const a = 1;' } }));
    expect(readSubmission(join(dir, 'alice.json'), ['starter.ts'], ID)).toMatchObject({
      student: 'alice',
      source: 'export const a = 1;',
    });
  });

  it("reads a folder's only export when it holds no TypeScript (an upload to a grading platform)", () => {
    mkdirSync(join(dir, 'bob'));
    writeFileSync(
      join(dir, 'bob', 'streamworks-progress-2026-12-01.json'),
      exportOf({ [ID]: { code: 'export const b = 2;' } }),
    );
    expect(readSubmission(join(dir, 'bob'), ['starter.ts'], ID)).toMatchObject({
      student: 'bob',
      source: 'export const b = 2;',
    });
  });

  it('reports an export without code for the exercise as a problem of that student', () => {
    writeFileSync(join(dir, 'cy.json'), exportOf({}));
    expect(readSubmission(join(dir, 'cy.json'), ['starter.ts'], ID)).toMatchObject({
      student: 'cy',
      problem: expect.stringMatching(/holds nothing for the exercise/) as unknown,
    });
  });
});
