/**
 * The world's timers by handle, from `setTimer` until they fire or are cancelled: a Map's job, done
 * by a sliding window over an array. Handles are given out in increasing order and most timers end
 * within a few hundred virtual ms (request timeouts that are cancelled, lingers that fire), so the
 * live handles sit in a short range near the newest one. A lookup is an index instead of a hash,
 * and adding or ending a timer allocates nothing (a Map with a million insertions and deletions
 * rehashes its table over and over).
 *
 * A timer that lives long keeps the window open behind it: the array then holds one slot per
 * handle given out since (four bytes each), until that timer ends.
 */
export class TimerTable<T> {
  /** `slots[start]` is the handle `first`; everything before it has ended. */
  private readonly slots: (T | null)[] = [];
  private start = 0;
  private first: number;

  /**
   * `firstHandle` is the handle the first `add` will get; the array drops its ended prefix once
   * that is at least `compactAfter` slots and half the array.
   */
  constructor(
    firstHandle: number,
    private readonly compactAfter = 1024,
  ) {
    this.first = firstHandle;
  }

  /** The handle the next `add` gets. */
  get nextHandle(): number {
    return this.first + this.slots.length - this.start;
  }

  /** Add a timer under the next handle, and return that handle. */
  add(timer: T): number {
    const handle = this.nextHandle;
    this.slots.push(timer);
    return handle;
  }

  /** The timer under `handle`, or undefined if it ended or never was. */
  get(handle: number): T | undefined {
    const i = handle - this.first + this.start;
    return i >= this.start && i < this.slots.length ? (this.slots[i] ?? undefined) : undefined;
  }

  /** End the timer under `handle` (nothing if it already ended). */
  delete(handle: number): void {
    const i = handle - this.first + this.start;
    if (i < this.start || i >= this.slots.length) return;
    const slots = this.slots;
    slots[i] = null;
    while (this.start < slots.length && slots[this.start] === null) {
      this.start++;
      this.first++;
    }
    // Drop the ended prefix once it is most of the array: O(1) per timer, amortised.
    if (this.start >= this.compactAfter && this.start * 2 >= slots.length) this.compact();
  }

  /**
   * Move the window to the front of the array. A plain loop, which the JIT compiles to a copy:
   * `copyWithin` on an ordinary array is a generic builtin that reads and writes element by
   * element (it was about 1 % of the simulated join's profile without the trace).
   */
  private compact(): void {
    const slots = this.slots;
    const start = this.start;
    const live = slots.length - start;
    for (let i = 0; i < live; i++) slots[i] = slots[start + i];
    slots.length = live;
    this.start = 0;
  }
}
