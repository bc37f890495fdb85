import { describe, expect, it } from 'vitest';
import { ProgressSession } from './progress-session.ts';
import { memoryStorage, PROGRESS_KEY } from './progress-storage.ts';
import { readImport } from './progress-file.ts';

const id = '01-count-page-views';
const passing = { state: 'passing', score: 5, maxScore: 5 } as const;

describe('a progress session', () => {
  it('writes nothing before it is opened', () => {
    const session = new ProgressSession();
    session.setCode(id, 'draft');
    expect(session.get(id).code).toBe('draft');
    expect(session.opened).toBe(false);
  });

  it('writes every change through, so a reload finds it', () => {
    const storage = memoryStorage();
    const session = new ProgressSession();
    session.open(storage);
    session.setCode(id, 'mine');
    session.recordGrade(id, passing, '2026-11-26');
    session.revealHint(id, 2);
    const again = new ProgressSession();
    again.open(storage);
    expect(again.get(id)).toMatchObject({
      code: 'mine',
      state: 'passing',
      attempts: 1,
      firstPass: { attempt: 1, at: '2026-11-26' },
      hintsRevealed: [2],
    });
  });

  it('reveals the reference only when the rules allow it', () => {
    const session = new ProgressSession();
    session.open(memoryStorage());
    expect(session.revealReference(id, 0)).toBe(false);
    session.recordGrade(id, passing);
    expect(session.revealReference(id, 0)).toBe(true);
    expect(session.get(id).referenceRevealed).toBe(true);
  });

  it('says once when a save fails, keeps the change in the page, and clears it after a save works', () => {
    const storage = memoryStorage(new Map(), { maxChars: 200 });
    const session = new ProgressSession();
    session.open(storage);
    session.setCode(id, 'x'.repeat(300));
    session.setCode(id, 'y'.repeat(300));
    expect(session.messages).toHaveLength(1);
    expect(session.messages[0]).toMatch(/storage for the site is full/);
    expect(session.get(id).code).toBe('y'.repeat(300));
    expect(storage.entries.has(PROGRESS_KEY)).toBe(false);
    session.setCode(id, 'short');
    expect(session.messages).toEqual([]);
    expect(storage.entries.has(PROGRESS_KEY)).toBe(true);
  });

  it('shows damage found on opening and does not save over text it could not keep aside', () => {
    const storage = memoryStorage(new Map([[PROGRESS_KEY, '{'.repeat(60)]]), { maxChars: 100 });
    const session = new ProgressSession();
    session.open(storage);
    expect(session.messages[0]).toMatch(/not valid JSON.*could not be copied aside/);
    session.setCode(id, 'new');
    expect(storage.entries.get(PROGRESS_KEY)).toBe('{'.repeat(60));
    session.dismiss(0);
    expect(session.messages).toEqual([]);
  });

  it('resets one exercise or all of them, and the reset is saved', () => {
    const storage = memoryStorage();
    const session = new ProgressSession();
    session.open(storage);
    session.setCode(id, 'a');
    session.setCode('03-dual-write', 'b');
    session.resetExercise(id);
    expect(Object.keys(session.doc.exercises)).toEqual(['03-dual-write']);
    session.resetAll();
    expect(JSON.parse(storage.entries.get(PROGRESS_KEY) ?? '')).toEqual({
      version: 2,
      exercises: {},
    });
  });

  it('imports an export from another browser and saves the merge', () => {
    const elsewhere = new ProgressSession();
    elsewhere.open(memoryStorage());
    elsewhere.setCode(id, 'theirs');
    elsewhere.recordGrade(id, passing);
    const storage = memoryStorage();
    const here = new ProgressSession();
    here.open(storage);
    here.setCode(id, 'ours');
    const read = readImport(elsewhere.exportText('2026-11-26'));
    if (!read.ok) throw new Error(read.message);
    here.applyImport(read.doc, []);
    expect(here.get(id)).toMatchObject({ code: 'ours', state: 'passing', attempts: 1 });
    expect(storage.entries.get(PROGRESS_KEY)).toContain('"passing"');
  });
});
