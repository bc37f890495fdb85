import { describe, expect, it } from 'vitest';
import { emptyProgress, EMPTY_PROGRESS, setCode, updateProgress } from './progress.ts';
import {
  loadProgress,
  memoryStorage,
  PROGRESS_KEY,
  saveProgress,
  type ProgressStorage,
} from './progress-storage.ts';

const KEY = PROGRESS_KEY;
const damaged1 = 'streamworks.progress.damaged-1';
const saved = updateProgress(emptyProgress(), '01-a', (e) => setCode(e, 'mine'));

describe('loading progress', () => {
  it('starts empty and quietly when nothing is stored', () => {
    expect(loadProgress(memoryStorage())).toEqual({
      doc: emptyProgress(),
      messages: [],
      canSave: true,
      damagedKey: null,
    });
  });

  it('reads what an earlier save wrote', () => {
    const storage = memoryStorage();
    expect(saveProgress(storage, saved)).toEqual({ ok: true });
    expect(loadProgress(storage)).toMatchObject({ doc: saved, messages: [], canSave: true });
  });

  it('migrates a format-1 store without calling it damaged', () => {
    const storage = memoryStorage(
      new Map([[KEY, JSON.stringify({ version: 1, code: { '01-a': 'old' }, passed: ['01-a'] })]]),
    );
    const loaded = loadProgress(storage);
    expect(loaded.messages).toEqual([]);
    expect(loaded.doc.exercises['01-a']).toMatchObject({ code: 'old', state: 'passing' });
  });

  it('keeps unparseable text aside before anything can overwrite it, and says where', () => {
    const storage = memoryStorage(new Map([[KEY, '{"version":2,"exerc']]));
    const loaded = loadProgress(storage);
    expect(loaded.doc).toEqual(emptyProgress());
    expect(loaded.messages).toEqual([
      'The saved progress is not valid JSON (damaged or cut short), so the workbook started ' +
        `afresh; the damaged text is kept under "${damaged1}".`,
    ]);
    expect(storage.entries.get(damaged1)).toBe('{"version":2,"exerc');
    expect(loaded).toMatchObject({ canSave: true, damagedKey: damaged1 });
  });

  it('keeps a store of the wrong shape aside', () => {
    const storage = memoryStorage(new Map([[KEY, '[1,2,3]']]));
    expect(loadProgress(storage).messages[0]).toMatch(/is not a progress document.*damaged-1/);
    expect(storage.entries.get(damaged1)).toBe('[1,2,3]');
  });

  it('keeps a store from a newer workbook aside and names its format', () => {
    const newer = JSON.stringify({ version: 7, exercises: {} });
    const storage = memoryStorage(new Map([[KEY, newer]]));
    expect(loadProgress(storage).messages[0]).toMatch(/newer workbook \(format 7/);
    expect(storage.entries.get(damaged1)).toBe(newer);
  });

  it('salvages the exercises that validate and keeps the whole damaged text aside', () => {
    const text = JSON.stringify({
      version: 2,
      exercises: { '01-a': { ...EMPTY_PROGRESS, code: 'kept', attempts: -1 }, '03-b': 5 },
    });
    const storage = memoryStorage(new Map([[KEY, text]]));
    const loaded = loadProgress(storage);
    expect(loaded.doc.exercises).toEqual({ '01-a': { ...EMPTY_PROGRESS, code: 'kept' } });
    expect(loaded.messages).toHaveLength(3);
    expect(loaded.messages[2]).toBe(
      `The rest of the saved progress was kept, and the damaged text is kept under "${damaged1}".`,
    );
    expect(storage.entries.get(damaged1)).toBe(text);
  });

  it('uses the next free backup key and reuses one that holds the same text', () => {
    const storage = memoryStorage(
      new Map([
        [KEY, 'oops'],
        [damaged1, 'older damage'],
      ]),
    );
    expect(loadProgress(storage).damagedKey).toBe('streamworks.progress.damaged-2');
    expect(loadProgress(storage).damagedKey).toBe('streamworks.progress.damaged-2');
    expect(storage.entries.get(damaged1)).toBe('older damage');
    expect([...storage.entries.keys()]).toHaveLength(3);
  });

  it('stops saving when the damaged text cannot be kept aside, so the only copy survives', () => {
    const storage = memoryStorage(new Map([[KEY, 'x'.repeat(50)]]), { maxChars: 80 });
    const loaded = loadProgress(storage);
    expect(loaded.canSave).toBe(false);
    expect(loaded.messages[0]).toMatch(
      /could not be copied aside \(this browser's storage for the site is full\), so this page will not save over it/,
    );
    expect(storage.entries.get(KEY)).toBe('x'.repeat(50));
  });

  it('keeps working when the browser refuses to read storage', () => {
    const refusing: ProgressStorage = {
      getItem() {
        throw Object.assign(new Error('denied'), { name: 'SecurityError' });
      },
      setItem() {},
    };
    const loaded = loadProgress(refusing);
    expect(loaded).toMatchObject({ doc: emptyProgress(), canSave: false });
    expect(loaded.messages[0]).toMatch(
      /does not let the workbook read its saved progress \(SecurityError\)/,
    );
  });
});

describe('saving progress', () => {
  it('reports a full storage in one sentence and leaves the stored text as it was', () => {
    const storage = memoryStorage(new Map([[KEY, '{"version":2,"exercises":{}}']]), {
      maxChars: 60,
    });
    const big = updateProgress(emptyProgress(), '01-a', (e) => setCode(e, 'y'.repeat(100)));
    expect(saveProgress(storage, big)).toEqual({
      ok: false,
      message:
        "Progress could not be saved because this browser's storage for the site is full; it " +
        'stays in this page until it is closed, so export it to a file to keep it.',
    });
    expect(storage.entries.get(KEY)).toBe('{"version":2,"exercises":{}}');
  });

  it('recognises the quota error by its legacy code too', () => {
    const storage: ProgressStorage = {
      getItem: () => null,
      setItem() {
        throw Object.assign(new Error('full'), { name: 'Error', code: 22 });
      },
    };
    expect(saveProgress(storage, saved)).toMatchObject({ message: /storage for the site is full/ });
  });
});
