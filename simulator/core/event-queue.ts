/**
 * The one clock of a simulation: a binary min-heap of pending events ordered by
 * `(time, seq)`. `seq` is the order of scheduling, so two events at the same virtual millisecond
 * fire in the order they were scheduled, in every run and every JavaScript engine.
 */
export interface Scheduled<T> {
  readonly timeMs: number;
  readonly seq: number;
  readonly item: T;
}

export class EventQueue<T> {
  private readonly heap: Scheduled<T>[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(timeMs: number, item: T): Scheduled<T> {
    if (!Number.isInteger(timeMs) || timeMs < 0) {
      throw new RangeError(`EventQueue: time must be a non-negative integer of ms, got ${timeMs}`);
    }
    const entry: Scheduled<T> = { timeMs, seq: this.nextSeq++, item };
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

  peek(): Scheduled<T> | undefined {
    return this.heap[0];
  }

  pop(): Scheduled<T> | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && before(heap[r], heap[l]) ? r : l;
        if (!before(heap[child], last)) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before<T>(x: Scheduled<T>, y: Scheduled<T>): boolean {
  return x.timeMs < y.timeMs || (x.timeMs === y.timeMs && x.seq < y.seq);
}
