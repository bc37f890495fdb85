/**
 * What a partition's log knows about transactions beside its entries: which offsets belong to a
 * transaction still open, and which to one that was aborted. Every other record's status follows
 * from the record itself — plain if not transactional, otherwise committed — so the log keeps no
 * status per entry: a commit marker costs nothing per record, and a record costs nothing at append
 * but, if transactional, the end of its batch's range.
 *
 * Offsets are kept as ranges `[start, end)`, flattened into one array (start, end, start, end, …):
 * a batch's records take consecutive offsets, so a range stands for a batch, or for a whole
 * transaction when nothing came between its batches.
 */

/**
 * Open transactions on a partition: producer id → the ranges of its records not yet resolved, or
 * null once its marker came. (A producer keeps its slot between transactions: deleting it at every
 * marker and adding it back at the next batch made the Map shrink and grow each time.)
 */
export class OpenTransactions {
  private readonly byProducer = new Map<number, number[] | null>();

  /**
   * A producer's transactional records took offsets `[start, end)`: open until its marker. (Even
   * an empty batch opens the transaction, as it always did.)
   */
  note(producerId: number, start: number, end: number): void {
    const ranges = this.byProducer.get(producerId);
    if (!ranges) this.byProducer.set(producerId, start < end ? [start, end] : []);
    else if (start === end) return;
    else if (ranges[ranges.length - 1] === start) ranges[ranges.length - 1] = end;
    else ranges.push(start, end);
  }

  has(producerId: number): boolean {
    return !!this.byProducer.get(producerId);
  }

  /** The marker came: the producer's ranges, ascending, which are open no more (or null). */
  take(producerId: number): number[] | null {
    const ranges = this.byProducer.get(producerId);
    if (!ranges) return null;
    this.byProducer.set(producerId, null);
    return ranges;
  }

  /** The first offset still open, or `highWatermark` when none is: the last stable offset. */
  firstOpenOffset(highWatermark: number): number {
    let lso = highWatermark;
    for (const ranges of this.byProducer.values()) {
      if (ranges && ranges.length > 0 && ranges[0] < lso) lso = ranges[0];
    }
    return lso;
  }

  /** Is `offset` one of the producer's open records? */
  isOpen(producerId: number, offset: number): boolean {
    const ranges = this.byProducer.get(producerId);
    return !!ranges && inRanges(ranges, offset);
  }
}

/**
 * The offsets of a partition's aborted records (what Kafka's aborted-transaction index lets a
 * `read_committed` reader skip). Aborts are rare, so the ranges stay few; they are kept in
 * ascending order, although transactions may end in another order than they began.
 */
export class AbortedIndex {
  private ranges: number[] = [];

  get empty(): boolean {
    return this.ranges.length === 0;
  }

  /** Add an aborted transaction's ranges (ascending, as `OpenTransactions.take` gives them). */
  add(ranges: readonly number[]): void {
    for (let r = 0; r < ranges.length; r += 2) {
      if (ranges[r] === ranges[r + 1]) continue;
      let at = this.ranges.length;
      while (at > 0 && this.ranges[at - 2] > ranges[r]) at -= 2;
      this.ranges.splice(at, 0, ranges[r], ranges[r + 1]);
    }
  }

  has(offset: number): boolean {
    return this.ranges.length > 0 && inRanges(this.ranges, offset);
  }

  /** Forget the ranges that end at or below `offset` (their records left the log). */
  forgetBelow(offset: number): void {
    let drop = 0;
    while (drop < this.ranges.length && this.ranges[drop + 1] <= offset) drop += 2;
    if (drop > 0) this.ranges.splice(0, drop);
  }
}

/** Is `offset` in one of `ranges` (ascending, not overlapping)? A binary search over the ranges. */
function inRanges(ranges: readonly number[], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[2 * mid + 1] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo < ranges.length >> 1 && ranges[2 * lo] <= offset;
}
