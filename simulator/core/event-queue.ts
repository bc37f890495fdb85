/**
 * The one clock of a simulation: pending events ordered by `(time, seq)`. `seq` is the order of
 * scheduling, so two events at the same virtual millisecond fire in the order they were scheduled,
 * in every run and every JavaScript engine.
 *
 * Times are whole milliseconds and most events fall on a few of them (a run's messages arrive a
 * millisecond or so after they are sent), so the queue keeps one first-in first-out bucket per
 * distinct time, and a small binary heap of those times. Within a bucket, push order is seq order,
 * so taking buckets by time and each bucket from its front is exactly `(time, seq)` order: a pop
 * is an array read instead of a walk down a heap of scattered objects, and a push usually lands
 * in the bucket the previous push used.
 *
 * The queue holds the caller's own objects (it writes `timeMs` and `seq` into them) rather than
 * wrapping each in an entry of its own: one object per scheduled event instead of two.
 */
export interface Scheduled {
  /** Set by `push`: when the event is due, virtual ms. */
  timeMs: number;
  /** Set by `push`: the order of scheduling, unique per queue. */
  seq: number;
}

/**
 * The events due at one time, in push order: `items[head]` up to `items[tail - 1]`, `items[head]`
 * the next. The array is never shortened: a bucket is emptied and reused by moving `head` and
 * `tail` back to 0, and a taken slot is cleared instead. Shortening the array (`length = 0`) was a
 * call into the runtime that also let go of the array's storage, which the next use grew again.
 */
class Bucket<T> {
  timeMs = -1;
  head = 0;
  tail = 0;
  readonly items: (T | undefined)[] = [];
}

/** Emptied buckets kept for reuse, at most this many (their arrays keep their capacity). */
const SPARE_BUCKETS = 64;

export class EventQueue<T extends Scheduled> {
  private readonly buckets: TimeIndex<Bucket<T>>;
  /** A binary min-heap of the times that have a bucket. */
  private readonly times: number[] = [];
  /** The bucket of the earliest time, or null when the queue is empty. */
  private front: Bucket<T> | null = null;
  /** The bucket the last push went to. */
  private last: Bucket<T> | null = null;
  private readonly spare: Bucket<T>[] = [];
  private count = 0;
  private nextSeq = 0;

  /** `ringSlots` (a power of two) is for tests, which make times collide in a small one. */
  constructor(ringSlots = 1024) {
    this.buckets = new TimeIndex(ringSlots);
  }

  get size(): number {
    return this.count;
  }

  /** Schedule `entry` at `timeMs`, after everything already scheduled at that time. */
  push(timeMs: number, entry: T): T {
    if (!Number.isInteger(timeMs) || timeMs < 0) {
      throw new RangeError(`EventQueue: time must be a non-negative integer of ms, got ${timeMs}`);
    }
    entry.timeMs = timeMs;
    entry.seq = this.nextSeq++;
    let bucket = this.last;
    if (bucket === null || bucket.timeMs !== timeMs) {
      bucket = this.buckets.get(timeMs) ?? this.open(timeMs);
      this.last = bucket;
    }
    if (bucket.tail < bucket.items.length) bucket.items[bucket.tail] = entry;
    else bucket.items.push(entry);
    bucket.tail++;
    this.count++;
    return entry;
  }

  peek(): T | undefined {
    const front = this.front;
    return front === null ? undefined : front.items[front.head];
  }

  pop(): T | undefined {
    const front = this.front;
    if (front === null) return undefined;
    const entry = front.items[front.head];
    // Cleared, so that the bucket, which may be kept for reuse, does not keep the entry alive.
    front.items[front.head++] = undefined;
    this.count--;
    if (front.head === front.tail) this.closeFront();
    return entry;
  }

  /**
   * Take out every entry `drop` says yes to, in O(n). What stays keeps its `(time, seq)`, so it
   * pops in exactly the order it would have; only the dropped entries are gone.
   */
  removeWhere(drop: (entry: T) => boolean): number {
    const before = this.count;
    const times = this.times;
    let keptTimes = 0;
    for (let t = 0; t < times.length; t++) {
      const bucket = this.buckets.get(times[t])!;
      const items = bucket.items;
      let kept = 0;
      for (let i = bucket.head; i < bucket.tail; i++) {
        if (!drop(items[i]!)) items[kept++] = items[i];
      }
      this.count -= bucket.tail - bucket.head - kept;
      for (let i = kept; i < bucket.tail; i++) items[i] = undefined;
      bucket.tail = kept;
      bucket.head = 0;
      if (kept === 0) this.close(bucket);
      else times[keptTimes++] = times[t];
    }
    times.length = keptTimes;
    // Floyd's heap construction: sift every parent down, the last parent first.
    for (let i = (keptTimes >> 1) - 1; i >= 0; i--) siftDownTime(times, i, times[i]);
    this.front = keptTimes === 0 ? null : this.buckets.get(times[0])!;
    return before - this.count;
  }

  /** A bucket for `timeMs`, which has none. */
  private open(timeMs: number): Bucket<T> {
    const bucket = this.spare.pop() ?? new Bucket<T>();
    bucket.timeMs = timeMs;
    this.buckets.add(bucket);
    pushTime(this.times, timeMs);
    if (this.front === null || timeMs < this.front.timeMs) this.front = bucket;
    return bucket;
  }

  /** The front bucket is empty: drop it and its time; the next earliest time becomes the front. */
  private closeFront(): void {
    this.close(this.front!);
    popTime(this.times);
    this.front = this.times.length === 0 ? null : this.buckets.get(this.times[0])!;
  }

  /** Forget an empty bucket (its time stays in `times` for the caller to remove). */
  private close(bucket: Bucket<T>): void {
    this.buckets.remove(bucket);
    if (this.last === bucket) this.last = null;
    bucket.timeMs = -1;
    // Its slots up to `tail` were cleared as they were taken (or swept): nothing to clear here.
    bucket.head = 0;
    bucket.tail = 0;
    if (this.spare.length < SPARE_BUCKETS) this.spare.push(bucket);
  }
}

/**
 * Buckets by time: a Map's job, mostly done by an array. The times waiting in a run lie within
 * about a second of each other (the longest frequent timer), so `time mod slots` seldom collides:
 * a bucket takes its array slot when that is free and goes to the Map only when it is not, and the
 * Map, usually empty, is asked only when it holds something. Opening and closing a bucket per
 * distinct millisecond then costs no hashing and no Map table rehashed as times come and go.
 */
class TimeIndex<B extends { timeMs: number }> {
  private readonly ring: (B | undefined)[];
  private readonly mask: number;
  private readonly overflow = new Map<number, B>();

  constructor(slots: number) {
    if (slots < 1 || (slots & (slots - 1)) !== 0) {
      throw new RangeError(`${slots} slots: not a power of two`);
    }
    this.ring = new Array<B | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
  }

  get(timeMs: number): B | undefined {
    const bucket = this.ring[timeMs & this.mask];
    if (bucket !== undefined && bucket.timeMs === timeMs) return bucket;
    return this.overflow.size === 0 ? undefined : this.overflow.get(timeMs);
  }

  /** Index `bucket` under its time, which has no bucket yet. */
  add(bucket: B): void {
    const i = bucket.timeMs & this.mask;
    if (this.ring[i] === undefined) this.ring[i] = bucket;
    else this.overflow.set(bucket.timeMs, bucket);
  }

  /** Forget `bucket` (before its time changes). */
  remove(bucket: B): void {
    const i = bucket.timeMs & this.mask;
    if (this.ring[i] === bucket) this.ring[i] = undefined;
    else this.overflow.delete(bucket.timeMs);
  }
}

function pushTime(heap: number[], timeMs: number): void {
  let i = heap.length;
  heap.push(timeMs);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= timeMs) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = timeMs;
}

function popTime(heap: number[]): void {
  const last = heap.pop()!;
  if (heap.length > 0) siftDownTime(heap, 0, last);
}

/** Put `timeMs` at hole `i` of `heap` and move it down until both its children are later. */
function siftDownTime(heap: number[], i: number, timeMs: number): void {
  const n = heap.length;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const child = l + 1 < n && heap[l + 1] < heap[l] ? l + 1 : l;
    if (heap[child] >= timeMs) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = timeMs;
}
