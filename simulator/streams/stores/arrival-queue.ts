import { MinHeap } from './min-heap.ts';

/**
 * A priority queue for items that mostly arrive in order, such as a window store's entries by
 * time: an item that is not before the last one queued in order goes to the end of a FIFO (no
 * comparisons, no sifting); only an item that arrives out of order goes into a heap. The smallest
 * item is the smaller of the two heads, so pops come out exactly as from one heap. The order must
 * never tie for distinct items (add a sequence number), as for `MinHeap`.
 */
export class ArrivalQueue<T> {
  private inOrder: T[] = [];
  private head = 0;
  private readonly late: MinHeap<T>;

  constructor(private readonly less: (a: T, b: T) => boolean) {
    this.late = new MinHeap(less);
  }

  get size(): number {
    return this.inOrder.length - this.head + this.late.size;
  }

  push(item: T): void {
    const n = this.inOrder.length;
    if (n === this.head || !this.less(item, this.inOrder[n - 1])) this.inOrder.push(item);
    else this.late.push(item);
  }

  peek(): T | undefined {
    const first = this.inOrder[this.head];
    const late = this.late.peek();
    if (late === undefined) return first;
    return first === undefined || this.less(late, first) ? late : first;
  }

  pop(): T | undefined {
    const first = this.inOrder[this.head];
    const late = this.late.peek();
    if (late !== undefined && (first === undefined || this.less(late, first)))
      return this.late.pop();
    if (first === undefined) return undefined;
    this.head++;
    if (this.head === this.inOrder.length) {
      this.inOrder.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.inOrder.length) {
      // Drop what was popped, so a queue that never empties does not grow forever.
      this.inOrder = this.inOrder.slice(this.head);
      this.head = 0;
    }
    return first;
  }
}
