import { emptyProgress, type ProgressDoc } from './progress.ts';
import { readProgressText } from './progress-read.ts';

/**
 * Progress in the browser's storage, under one key, through a tiny interface (`localStorage` has
 * it; tests pass a Map-backed fake). Loading never throws and never loses anything: damaged text
 * is copied aside under `streamworks.progress.damaged-<n>` before the page may write over it, the
 * parts that still validate are kept, and when the copy cannot be made the page stops saving
 * rather than overwrite the only copy. Writing reports a full or refused storage as a sentence.
 */

/** The key the progress document is stored under. */
export const PROGRESS_KEY = 'streamworks.progress';
/** The prefix of the keys damaged progress is copied to (`…damaged-1`, `…damaged-2`, …). */
export const DAMAGED_KEY_PREFIX = 'streamworks.progress.damaged-';
/** How many damaged copies are kept at most; past that, the page stops saving and says so. */
export const MAX_DAMAGED_COPIES = 100;

/** The part of the Web Storage API progress uses. */
export interface ProgressStorage {
  /** The text under `key`, or null. */
  getItem(key: string): string | null;
  /** Stores `value` under `key`; throws when the storage is full or refused. */
  setItem(key: string, value: string): void;
}

/** What loading found: the progress to use, sentences to show, and whether saving is safe. */
export interface LoadedProgress {
  /** The progress read, salvaged or migrated (empty when nothing was readable). */
  readonly doc: ProgressDoc;
  /** One sentence per problem met, for the page to show; empty when all was well. */
  readonly messages: readonly string[];
  /** False when saving would overwrite text that could not be kept aside (or storage is refused). */
  readonly canSave: boolean;
  /** The key the damaged text was copied to, if it was. */
  readonly damagedKey: string | null;
}

/** Saving: done, or one sentence saying why not (the progress stays in the page). */
export type SaveResult = { ok: true } | { ok: false; message: string };

/** Reads the stored progress; damaged text is kept aside first, and nothing here throws. */
export function loadProgress(storage: ProgressStorage): LoadedProgress {
  let raw: string | null;
  try {
    raw = storage.getItem(PROGRESS_KEY);
  } catch (e) {
    const message =
      `This browser does not let the workbook read its saved progress (${errorName(e)}), ` +
      'so progress lasts only while this page is open.';
    return { doc: emptyProgress(), messages: [message], canSave: false, damagedKey: null };
  }
  if (raw === null) return { doc: emptyProgress(), messages: [], canSave: true, damagedKey: null };
  const read = readProgressText(raw, 'the saved progress');
  if (read.ok && read.problems.length === 0) {
    return { doc: read.doc, messages: [], canSave: true, damagedKey: null };
  }
  const doc = read.ok ? read.doc : emptyProgress();
  const problems = read.ok ? read.problems : [];
  const aside = setAside(storage, raw);
  if (!aside.ok) {
    const what = read.ok ? 'The damaged parts' : `${read.message}, and it`;
    const message =
      `${what} could not be copied aside (${aside.reason}), so this page will not save over ` +
      'it: export your progress to a file and free some space.';
    return { doc, messages: [...problems, message], canSave: false, damagedKey: null };
  }
  const kept = `the damaged text is kept under "${aside.key}"`;
  const messages = read.ok
    ? [...problems, `The rest of the saved progress was kept, and ${kept}.`]
    : [`${read.message}, so the workbook started afresh; ${kept}.`];
  return { doc, messages, canSave: true, damagedKey: aside.key };
}

/** Writes the progress document; a full or refused storage gives a sentence, never a throw. */
export function saveProgress(storage: ProgressStorage, doc: ProgressDoc): SaveResult {
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify(doc));
    return { ok: true };
  } catch (e) {
    const why = isQuotaError(e)
      ? "this browser's storage for the site is full"
      : `the browser refused (${errorName(e)})`;
    return {
      ok: false,
      message: `Progress could not be saved because ${why}; it stays in this page until it is closed, so export it to a file to keep it.`,
    };
  }
}

type Aside = { ok: true; key: string } | { ok: false; reason: string };

/** Copies damaged text to the first free `damaged-<n>` key, or finds an identical copy there. */
function setAside(storage: ProgressStorage, raw: string): Aside {
  try {
    for (let n = 1; n <= MAX_DAMAGED_COPIES; n++) {
      const key = `${DAMAGED_KEY_PREFIX}${n}`;
      const existing = storage.getItem(key);
      // The same damage met on an earlier visit is already kept: one copy is enough.
      if (existing === raw) return { ok: true, key };
      if (existing !== null) continue;
      storage.setItem(key, raw);
      return { ok: true, key };
    }
    return { ok: false, reason: `${MAX_DAMAGED_COPIES} damaged copies are kept already` };
  } catch (e) {
    return {
      ok: false,
      reason: isQuotaError(e) ? "this browser's storage for the site is full" : errorName(e),
    };
  }
}

/** Whether an error is the Web Storage "quota exceeded" error, in any browser's spelling. */
export function isQuotaError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { name, code } = e as { name?: unknown; code?: unknown };
  return (
    name === 'QuotaExceededError' ||
    name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    code === 22 ||
    code === 1014
  );
}

function errorName(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string') {
    return e.name;
  }
  return 'an unknown error';
}

/** A storage held in a Map: for tests, and for pages where the browser refuses Web Storage. */
export function memoryStorage(
  entries: Map<string, string> = new Map(),
  options: { maxChars?: number } = {},
): ProgressStorage & { readonly entries: Map<string, string> } {
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem(key, value) {
      let used = key.length + value.length;
      for (const [k, v] of entries) if (k !== key) used += k.length + v.length;
      if (options.maxChars !== undefined && used > options.maxChars) {
        const error = new Error('The quota has been exceeded.');
        error.name = 'QuotaExceededError';
        throw error;
      }
      entries.set(key, value);
    },
  };
}
