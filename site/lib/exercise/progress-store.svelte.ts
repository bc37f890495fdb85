import { emptyProgress, type ProgressDoc } from './progress.ts';
import { ProgressSession } from './progress-session.ts';
import { memoryStorage, PROGRESS_KEY, type ProgressStorage } from './progress-storage.ts';

/**
 * The learner's progress as reactive state for the pages: `ProgressSession` with its document and
 * messages held in runes, so anything that reads `progress.get(id)` or `progress.messages` in a
 * template, `$derived` or `$effect` updates when they change. `$state.raw` because the document is
 * replaced, never mutated: no deep proxies over the learner's code.
 */
export class ProgressStore extends ProgressSession {
  #doc: ProgressDoc = $state.raw(emptyProgress());
  #messages: readonly string[] = $state.raw([]);

  override get doc(): ProgressDoc {
    return this.#doc;
  }
  override set doc(value: ProgressDoc) {
    this.#doc = value;
  }

  override get messages(): readonly string[] {
    return this.#messages;
  }
  override set messages(value: readonly string[]) {
    this.#messages = value;
  }

  /**
   * Opens the browser's localStorage, once; call it from an `$effect` or `onMount` (never during
   * prerendering or inside a `$derived`). A browser that refuses storage (some privacy settings
   * throw on the mere access) gets a page-lifetime store and a message saying so. Another tab's
   * save is read back at once, so the next save here does not undo it.
   */
  openBrowser(): void {
    if (this.opened) return;
    const storage = browserStorage();
    if (storage !== null) {
      this.open(storage);
      globalThis.addEventListener?.('storage', (event: StorageEvent) => {
        if (event.key === PROGRESS_KEY || event.key === null) this.open(storage);
      });
      return;
    }
    this.open(memoryStorage());
    this.messages = [
      'This browser does not let the workbook use its storage, so progress lasts only while this page is open.',
    ];
  }
}

function browserStorage(): ProgressStorage | null {
  try {
    const storage = globalThis.localStorage;
    return storage ?? null;
  } catch {
    return null;
  }
}

/** The one progress store of the page, shared by every exercise page and ProgressControls. */
export const progress = new ProgressStore();
