import { describe, expect, it } from 'vitest';
import { EMPTY_PROGRESS, PROGRESS_VERSION, type ExerciseProgress } from './progress.ts';
import { migrateV1, readProgressText, readProgressValue } from './progress-read.ts';

const what = 'the saved progress';
const entry: ExerciseProgress = {
  code: 'export function f() {}',
  state: 'failing',
  best: { score: 3, maxScore: 5 },
  attempts: 4,
  firstPass: null,
  hintsRevealed: [1, 2],
  referenceRevealed: false,
};

describe('reading the current format', () => {
  it('reads back exactly what was written', () => {
    const doc = { version: PROGRESS_VERSION, exercises: { '01-a': entry } };
    const read = readProgressText(JSON.stringify(doc), what);
    expect(read).toEqual({ ok: true, doc, problems: [], migratedFrom: null });
  });

  it('names unparseable text as not valid JSON', () => {
    const read = readProgressText('{"version": 2, "exer', what);
    expect(read).toEqual({
      ok: false,
      message: 'The saved progress is not valid JSON (damaged or cut short)',
    });
  });

  it('names a value without a version as not a progress document', () => {
    expect(readProgressValue([1, 2], what)).toMatchObject({ message: /not a progress document/ });
    expect(readProgressValue({ exercises: {} }, what)).toMatchObject({ ok: false });
  });

  it('refuses a newer format and says which formats it reads', () => {
    expect(readProgressValue({ version: 3, exercises: {} }, what)).toEqual({
      ok: false,
      message:
        'The saved progress was written by a newer workbook (format 3; this page reads up to 2)',
    });
  });

  it('names a document whose exercises are not an object', () => {
    expect(readProgressValue({ version: 2, exercises: [] }, what)).toMatchObject({
      message: /no "exercises" object/,
    });
  });
});

describe('salvaging a damaged document', () => {
  it('keeps the exercises that validate and leaves out the ones that are not objects', () => {
    const read = readProgressValue(
      { version: 2, exercises: { '01-a': entry, '03-b': 'garbage' } },
      what,
    );
    expect(read.ok && read.doc.exercises).toEqual({ '01-a': entry });
    expect(read.ok && read.problems).toEqual([
      'The saved progress has no usable progress for "03-b" (not an object); it was left out.',
    ]);
  });

  it('resets only the fields of the wrong type and keeps the code', () => {
    const damaged = { ...entry, attempts: '4', state: 'winning', hintsRevealed: [2, 2, 1] };
    const read = readProgressValue({ version: 2, exercises: { '01-a': damaged } }, what);
    expect(read.ok && read.doc.exercises['01-a']).toEqual({
      ...entry,
      attempts: 0,
      state: 'not-started',
      hintsRevealed: [1, 2],
    });
    expect(read.ok && read.problems[0]).toMatch(/damaged fields for "01-a" \(state, attempts\)/);
  });

  it('reports missing and unknown fields of an entry', () => {
    const { attempts: _attempts, ...rest } = entry;
    const read = readProgressValue(
      { version: 2, exercises: { '01-a': { ...rest, mood: 'happy' } } },
      what,
    );
    expect(read.ok && read.problems[0]).toMatch(/attempts missing, unknown "mood"/);
    expect(read.ok && read.doc.exercises['01-a'].code).toBe(entry.code);
  });

  it('rejects a score above its maximum as a damaged field', () => {
    const read = readProgressValue(
      { version: 2, exercises: { '01-a': { ...entry, best: { score: 9, maxScore: 5 } } } },
      what,
    );
    expect(read.ok && read.doc.exercises['01-a'].best).toBeNull();
  });

  it('leaves out entries whose key is not an exercise id, such as "__proto__"', () => {
    const read = readProgressText(
      `{"version":2,"exercises":{"__proto__":${JSON.stringify(entry)},"01-a":${JSON.stringify(entry)}}}`,
      what,
    );
    expect(read.ok && Object.keys(read.doc.exercises)).toEqual(['01-a']);
    expect(read.ok && read.problems[0]).toMatch(/"__proto__", not an exercise id/);
    expect(({} as Record<string, unknown>).code).toBeUndefined();
  });

  it('keeps progress for exercises the manifest does not list', () => {
    const read = readProgressValue({ version: 2, exercises: { '42-retired': entry } }, what);
    expect(read.ok && read.doc.exercises['42-retired']).toEqual(entry);
  });
});

describe('migrating format 1', () => {
  it('turns code and passed ids into format-2 progress', () => {
    const doc = migrateV1({
      version: 1,
      code: { '01-a': 'a', '03-b': 'b' },
      passed: ['03-b', '05-c'],
    });
    expect(doc.version).toBe(2);
    expect(doc.exercises['01-a']).toEqual({ ...EMPTY_PROGRESS, code: 'a' });
    expect(doc.exercises['03-b']).toMatchObject({
      code: 'b',
      state: 'passing',
      firstPass: { attempt: null, at: null },
      best: null,
    });
    expect(doc.exercises['05-c']).toMatchObject({ code: null, state: 'passing' });
    expect(Object.keys(doc.exercises)).toEqual(['01-a', '03-b', '05-c']);
  });

  it('reads a stored format-1 document and says it was migrated', () => {
    const read = readProgressText(
      JSON.stringify({ version: 1, code: { '01-a': 'a' }, passed: [] }),
      what,
    );
    expect(read).toMatchObject({ ok: true, migratedFrom: 1, problems: [] });
  });

  it('salvages format-1 code and passed ids one by one', () => {
    const read = readProgressValue(
      { version: 1, code: { '01-a': 'a', '02-b': 7 }, passed: ['01-a', 12] },
      what,
    );
    expect(read.ok && Object.keys(read.doc.exercises)).toEqual(['01-a']);
    expect(read.ok && read.doc.exercises['01-a'].state).toBe('passing');
    expect(read.ok && read.problems).toHaveLength(2);
  });
});
