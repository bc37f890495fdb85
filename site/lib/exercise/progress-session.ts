import {
  emptyProgress,
  progressOf,
  recordGrade,
  resetExercise,
  revealHint,
  revealReference,
  canRevealReference,
  setCode,
  updateProgress,
  type ExerciseProgress,
  type GradeSummary,
  type ProgressDoc,
} from './progress.ts';
import { exportProgress, mergeProgress } from './progress-file.ts';
import { loadProgress, saveProgress, type ProgressStorage } from './progress-storage.ts';

/**
 * One page's view of the learner's progress: the document, the messages to show about storage,
 * and every change written through at once. Plain TypeScript so it is tested in Node; the Svelte
 * store (`progress-store.svelte.ts`) overrides the `doc` and `messages` accessors with runes so
 * pages re-render when they change. Until `open` is called (in the browser, after hydration) it
 * holds empty progress and writes nothing, so prerendering never touches storage.
 */
export class ProgressSession {
  #doc: ProgressDoc = emptyProgress();
  #messages: readonly string[] = [];
  #storage: ProgressStorage | null = null;
  #canSave = false;
  #loadMessages: readonly string[] = [];

  /** The progress document (replaced, never mutated, on each change). */
  get doc(): ProgressDoc {
    return this.#doc;
  }
  set doc(value: ProgressDoc) {
    this.#doc = value;
  }

  /** Sentences about the stored progress (damage found, a failed save), oldest first. */
  get messages(): readonly string[] {
    return this.#messages;
  }
  set messages(value: readonly string[]) {
    this.#messages = value;
  }

  /** Whether `open` has read the storage yet. */
  get opened(): boolean {
    return this.#storage !== null;
  }

  /**
   * Reads the progress from `storage` (salvaging and keeping damage aside) and writes every later
   * change to it. Calling it again re-reads (another tab may have written).
   */
  open(storage: ProgressStorage): void {
    const loaded = loadProgress(storage);
    this.#storage = storage;
    this.#canSave = loaded.canSave;
    this.#loadMessages = loaded.messages;
    this.doc = loaded.doc;
    this.messages = loaded.messages;
  }

  /** An exercise's progress (the empty progress when it has none). */
  get(id: string): ExerciseProgress {
    return progressOf(this.doc, id);
  }

  /** Applies `fn` to one exercise's progress and saves. */
  update(id: string, fn: (entry: ExerciseProgress) => ExerciseProgress): void {
    this.#replace(updateProgress(this.doc, id, fn));
  }

  /** Keeps the learner's code (the page should call it debounced, not on every keystroke). */
  setCode(id: string, code: string | null): void {
    this.update(id, (e) => setCode(e, code));
  }

  /** Records a graded run; `at` is the date to keep if it is the first pass. */
  recordGrade(id: string, grade: GradeSummary, at: string | null = null): void {
    this.update(id, (e) => recordGrade(e, grade, at));
  }

  /** Marks hint `n` (1 = the first) as revealed. */
  revealHint(id: string, n: number): void {
    this.update(id, (e) => revealHint(e, n));
  }

  /** Reveals the reference if the rules allow it; returns whether it is revealed. */
  revealReference(id: string, revealAfterAttempts: number): boolean {
    if (!canRevealReference(this.get(id), revealAfterAttempts)) return false;
    this.update(id, (e) => revealReference(e, revealAfterAttempts));
    return true;
  }

  /** Forgets one exercise's progress (the caller has asked the learner to confirm). */
  resetExercise(id: string): void {
    this.#replace(resetExercise(this.doc, id));
  }

  /** Forgets all progress, exercises the manifest no longer lists included (after confirming). */
  resetAll(): void {
    this.#replace(emptyProgress());
  }

  /** The text of a progress file for this progress. */
  exportText(exportedAt: string | null = null): string {
    return exportProgress(this.doc, exportedAt);
  }

  /** Merges an imported document (read with `readImport`); `takeCode` as in `mergeProgress`. */
  applyImport(incoming: ProgressDoc, takeCode: readonly string[]): void {
    this.#replace(mergeProgress(this.doc, incoming, takeCode));
  }

  /** Hides the message at `index` (the learner has read it). */
  dismiss(index: number): void {
    this.messages = this.messages.filter((_, i) => i !== index);
    this.#loadMessages = this.#loadMessages.filter((m) => this.messages.includes(m));
  }

  #replace(doc: ProgressDoc): void {
    this.doc = doc;
    if (this.#storage === null || !this.#canSave) return;
    const saved = saveProgress(this.#storage, doc);
    // A failed save says so once; a later successful one takes the message away again.
    this.messages = saved.ok ? this.#loadMessages : [...this.#loadMessages, saved.message];
  }
}
