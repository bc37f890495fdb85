/**
 * A binary min-heap with a total order supplied by the caller. The order must never tie for
 * distinct items (add a sequence number), so that pops are deterministic.
 */
export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i], items[parent])) break;
      swap(items, i, parent);
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop() as T;
    if (items.length > 0) {
      items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  clear(): void {
    this.items.length = 0;
  }

  private siftDown(start: number): void {
    const items = this.items;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && this.less(items[l], items[m])) m = l;
      if (r < items.length && this.less(items[r], items[m])) m = r;
      if (m === i) return;
      swap(items, i, m);
      i = m;
    }
  }
}

/** Exchange two entries (without the temporary array a destructuring swap may allocate). */
function swap<T>(items: T[], i: number, j: number): void {
  const t = items[i];
  items[i] = items[j];
  items[j] = t;
}
