import { MinHeap } from './min-heap.ts';

/**
 * A priority queue for items that mostly arrive in order, such as a window store's entries by
 * time: an item that is not before the last one queued in order goes to the end of a FIFO (no
 * comparisons, no sifting); only an item that arrives out of order goes into a heap. The smallest
 * item is the smaller of the two heads, so pops come out exactly as from one heap. The order must
 * never tie for distinct items (add a sequence number), as for `MinHeap`.
 */
export class ArrivalQueue<T> {
  /** The FIFO, a ring of `ring.length` (a power of two) slots from `head`, `count` of them used. */
  private ring: (T | undefined)[] = new Array<T | undefined>(16);
  private head = 0;
  private count = 0;
  private readonly late: MinHeap<T>;

  constructor(private readonly less: (a: T, b: T) => boolean) {
    this.late = new MinHeap(less);
  }

  get size(): number {
    return this.count + this.late.size;
  }

  push(item: T): void {
    const ring = this.ring;
    const mask = ring.length - 1;
    if (this.count > 0 && this.less(item, ring[(this.head + this.count - 1) & mask]!)) {
      this.late.push(item);
      return;
    }
    if (this.count === ring.length) this.grow();
    this.ring[(this.head + this.count) & (this.ring.length - 1)] = item;
    this.count++;
  }

  peek(): T | undefined {
    const first = this.count > 0 ? this.ring[this.head] : undefined;
    const late = this.late.peek();
    if (late === undefined) return first;
    return first === undefined || this.less(late, first) ? late : first;
  }

  pop(): T | undefined {
    const first = this.count > 0 ? this.ring[this.head] : undefined;
    const late = this.late.peek();
    if (late !== undefined && (first === undefined || this.less(late, first)))
      return this.late.pop();
    if (first === undefined) return undefined;
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.count--;
    return first;
  }

  /** Double the ring, its items moved to the front in order (a ring that stays small never grows). */
  private grow(): void {
    const old = this.ring;
    const ring = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.count; i++) ring[i] = old[(this.head + i) & (old.length - 1)];
    this.ring = ring;
    this.head = 0;
  }
}
