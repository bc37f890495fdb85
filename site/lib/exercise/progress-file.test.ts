import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../../simulator/test/property.ts';
import {
  EMPTY_PROGRESS,
  emptyProgress,
  type ExerciseProgress,
  type ProgressDoc,
} from './progress.ts';
import {
  compareProgress,
  exportProgress,
  mergeProgress,
  previewImport,
  progressFileName,
  readImport,
} from './progress-file.ts';

const FILE = 'site/lib/exercise/progress-file.test.ts';

function doc(exercises: Record<string, ExerciseProgress>): ProgressDoc {
  return { version: 2, exercises };
}

const failing: ExerciseProgress = {
  ...EMPTY_PROGRESS,
  code: 'here',
  state: 'failing',
  best: { score: 2, maxScore: 5 },
  attempts: 3,
  hintsRevealed: [1],
};
const passed: ExerciseProgress = {
  ...EMPTY_PROGRESS,
  code: 'there',
  state: 'passing',
  best: { score: 5, maxScore: 5 },
  attempts: 2,
  firstPass: { attempt: 2, at: null },
  hintsRevealed: [2],
};

describe('exporting and reading a progress file', () => {
  it('reads back what it exported, with the date given', () => {
    const mine = doc({ '01-a': failing, '99-old': passed });
    const text = exportProgress(mine, '2026-11-26T08:00:00.000Z');
    expect(JSON.parse(text)).toMatchObject({ format: 'streamworks-progress', version: 2 });
    expect(readImport(text)).toEqual({
      ok: true,
      doc: mine,
      problems: [],
      exportedAt: '2026-11-26T08:00:00.000Z',
    });
  });

  it('names the file after the day of the export', () => {
    expect(progressFileName('2026-11-26T08:00:00.000Z')).toBe(
      'streamworks-progress-2026-11-26.json',
    );
    expect(progressFileName('whenever')).toBe('streamworks-progress.json');
  });

  it('refuses a JSON file that is not a progress export', () => {
    expect(readImport(JSON.stringify({ version: 2, exercises: {} }))).toEqual({
      ok: false,
      message:
        'This file is not a Streamworks progress export (it has no "format": "streamworks-progress").',
    });
    expect(readImport('not json')).toMatchObject({ message: /not valid JSON/ });
    expect(readImport('null')).toMatchObject({ message: /no JSON object/ });
  });

  it('refuses a file from a newer workbook in one sentence', () => {
    const text = JSON.stringify({ format: 'streamworks-progress', version: 3, exercises: {} });
    expect(readImport(text)).toEqual({
      ok: false,
      message: 'This file was written by a newer workbook (format 3; this page reads up to 2).',
    });
  });

  it('salvages a damaged file per exercise, as the stored progress is', () => {
    const text = JSON.stringify({
      format: 'streamworks-progress',
      version: 2,
      exportedAt: null,
      exercises: { '01-a': failing, '03-b': [] },
    });
    const read = readImport(text);
    expect(read.ok && read.doc.exercises).toEqual({ '01-a': failing });
    expect(read.ok && read.problems).toEqual([
      'This file has no usable progress for "03-b" (not an object); it was left out.',
    ]);
  });

  it('refuses a file that is too large before parsing it', () => {
    expect(readImport(' '.repeat(5_000_001))).toMatchObject({ message: /too large/ });
  });
});

describe('previewing an import', () => {
  it('says per exercise whether the file is new, newer, older or the same, manifest first', () => {
    const here = doc({ '01-a': failing, '03-b': passed, '05-c': failing });
    const file = doc({
      '42-gone': failing,
      '05-c': { ...failing, code: 'other' },
      '03-b': failing,
      '01-a': passed,
      '07-d': passed,
    });
    expect(previewImport(here, file, ['01-a', '03-b', '05-c', '07-d'])).toEqual([
      { id: '01-a', relation: 'newer', codeDiffers: true, known: true },
      { id: '03-b', relation: 'older', codeDiffers: true, known: true },
      { id: '05-c', relation: 'same', codeDiffers: true, known: true },
      { id: '07-d', relation: 'new', codeDiffers: true, known: true },
      { id: '42-gone', relation: 'new', codeDiffers: true, known: false },
    ]);
  });

  it('orders progress by pass, then score, then attempts, then hints seen', () => {
    expect(compareProgress(passed, failing)).toBe(1);
    expect(compareProgress({ ...failing, attempts: 4 }, failing)).toBe(1);
    expect(compareProgress({ ...failing, hintsRevealed: [] }, failing)).toBe(-1);
    expect(compareProgress({ ...failing, code: 'x' }, failing)).toBe(0);
  });
});

describe('merging an import', () => {
  it('keeps the best of both and the code here unless the file is chosen for it', () => {
    const here = doc({ '01-a': failing });
    const file = doc({ '01-a': passed, '03-b': passed });
    const merged = mergeProgress(here, file, []);
    expect(merged.exercises['01-a']).toEqual({
      code: 'here',
      state: 'passing',
      best: { score: 5, maxScore: 5 },
      attempts: 3,
      firstPass: { attempt: 2, at: null },
      hintsRevealed: [1, 2],
      referenceRevealed: false,
    });
    expect(merged.exercises['03-b']).toEqual(passed);
    expect(mergeProgress(here, file, ['01-a']).exercises['01-a'].code).toBe('there');
  });

  it('takes the code from the file where there is none here, since nothing is overwritten', () => {
    const here = doc({ '01-a': { ...failing, code: null } });
    expect(mergeProgress(here, doc({ '01-a': passed }), []).exercises['01-a'].code).toBe('there');
  });

  it('keeps exercises the file does not mention', () => {
    const here = doc({ '01-a': failing, '42-gone': passed });
    expect(Object.keys(mergeProgress(here, emptyProgress(), []).exercises)).toEqual([
      '01-a',
      '42-gone',
    ]);
  });
});

const score = fc
  .tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }))
  .map(([a, b]) => ({ score: Math.min(a, b), maxScore: Math.max(a, b) }));
const entry: fc.Arbitrary<ExerciseProgress> = fc.record({
  code: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null }),
  state: fc.constantFrom('not-started', 'failing', 'passing'),
  best: fc.option(score, { nil: null }),
  attempts: fc.integer({ min: 0, max: 6 }),
  firstPass: fc.option(
    fc.record({
      attempt: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
      at: fc.constant(null),
    }),
    { nil: null },
  ),
  hintsRevealed: fc.uniqueArray(fc.integer({ min: 1, max: 4 })).map((h) => h.sort((a, b) => a - b)),
  referenceRevealed: fc.boolean(),
});
const progressDoc = fc
  .dictionary(fc.constantFrom('01-a', '03-b', '05-c'), entry)
  .map((exercises) => doc(exercises));
const chosen = fc.subarray(['01-a', '03-b', '05-c']);

describe('merging, for any two documents', () => {
  const name = 'never leaves an exercise less far along than either side, and is idempotent';
  it(name, () => {
    checkProperty(
      { file: FILE, name },
      fc.tuple(progressDoc, progressDoc, chosen),
      ([here, file, takeCode]) => {
        const merged = mergeProgress(here, file, takeCode);
        for (const [id, e] of Object.entries(merged.exercises)) {
          for (const side of [here, file]) {
            const before = side.exercises[id];
            if (before && compareProgress(e, before) < 0) {
              throw new Error(`${id} went back: ${JSON.stringify({ before, after: e })}`);
            }
          }
        }
        expect(Object.keys(merged.exercises).sort()).toEqual(
          [...new Set([...Object.keys(here.exercises), ...Object.keys(file.exercises)])].sort(),
        );
        expect(mergeProgress(merged, file, takeCode)).toEqual(merged);
        expect(readImport(exportProgress(merged))).toMatchObject({ ok: true, doc: merged });
      },
      { numRuns: 300 },
    );
  });
});
