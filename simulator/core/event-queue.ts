/**
 * The one clock of a simulation: a binary min-heap of pending events ordered by
 * `(time, seq)`. `seq` is the order of scheduling, so two events at the same virtual millisecond
 * fire in the order they were scheduled, in every run and every JavaScript engine.
 *
 * The heap holds the caller's own objects (the queue writes `timeMs` and `seq` into them) rather
 * than wrapping each in an entry of its own: one object per scheduled event instead of two, for
 * the million events of a long run.
 */
export interface Scheduled {
  /** Set by `push`: when the event is due, virtual ms. */
  timeMs: number;
  /** Set by `push`: the order of scheduling, unique per queue. */
  seq: number;
}

export class EventQueue<T extends Scheduled> {
  private readonly heap: T[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Schedule `entry` at `timeMs`, after everything already scheduled at that time. */
  push(timeMs: number, entry: T): T {
    if (!Number.isInteger(timeMs) || timeMs < 0) {
      throw new RangeError(`EventQueue: time must be a non-negative integer of ms, got ${timeMs}`);
    }
    entry.timeMs = timeMs;
    entry.seq = this.nextSeq++;
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = entry;
    return entry;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  pop(): T | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) this.siftDown(0, last);
    return top;
  }

  /**
   * Take out every entry `drop` says yes to, in O(n). What stays keeps its `(time, seq)`, so it
   * pops in exactly the order it would have; only the dropped entries are gone.
   */
  removeWhere(drop: (entry: T) => boolean): number {
    const heap = this.heap;
    let kept = 0;
    for (let i = 0; i < heap.length; i++) {
      if (!drop(heap[i])) heap[kept++] = heap[i];
    }
    const removed = heap.length - kept;
    heap.length = kept;
    // Floyd's heap construction: sift every parent down, the last parent first.
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i, heap[i]);
    return removed;
  }

  /** Put `entry` at hole `i` and move it down until both its children come after it. */
  private siftDown(i: number, entry: T): void {
    const heap = this.heap;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(heap[r], heap[l]) ? r : l;
      if (!before(heap[child], entry)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = entry;
  }
}

function before(x: Scheduled, y: Scheduled): boolean {
  return x.timeMs < y.timeMs || (x.timeMs === y.timeMs && x.seq < y.seq);
}
