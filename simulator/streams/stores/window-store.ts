import type { Json } from '../../core/types.ts';
import { cloneJson } from '../json.ts';
import { compareKeys } from '../key-order.ts';
import { NO_TIMESTAMP } from '../types.ts';
import { ArrivalQueue } from './arrival-queue.ts';
import type { StateStore, StoreContext } from './state-store.ts';
import { parseWindowStoreKey, windowStoreKey } from './store-keys.ts';

/** One value of a key in a window store (Kafka's `KeyValue<Long, V>` from a `WindowStoreIterator`). */
export interface WindowStoreEntry {
  /** The window start (for join buffers: the record's timestamp), ms. */
  readonly timestampMs: number;
  /** The stored value. */
  readonly value: Json;
}

/** One entry of a window store with its key and window (Kafka's `KeyValue<Windowed<K>, V>`). */
export interface WindowedEntry {
  /** The key. */
  readonly key: string;
  /** Window start, ms. */
  readonly windowStartMs: number;
  /** Window end (start + the store's window size), ms. */
  readonly windowEndMs: number;
  /** The stored value. */
  readonly value: Json;
}

/** Kafka Streams' `WindowStore`, with its method names (iterators are array snapshots here). */
export interface WindowStore extends StateStore {
  /** Write `value` for the window of `key` starting at `windowStartMs`; null deletes. */
  put(key: string, value: Json, windowStartMs: number): void;
  /** The value of one window, or null. */
  fetch(key: string, windowStartMs: number): Json;
  /** The windows of `key` starting in `[fromMs, toMs]`, oldest first. */
  fetch(key: string, fromMs: number, toMs: number): WindowStoreEntry[];
  /** The windows of `key` starting in `[fromMs, toMs]`, newest first. */
  backwardFetch(key: string, fromMs: number, toMs: number): WindowStoreEntry[];
  /** All keys' windows starting in `[fromMs, toMs]`, by start then key. */
  fetchAll(fromMs: number, toMs: number): WindowedEntry[];
  /** All unexpired windows, by start then key. */
  all(): WindowedEntry[];
}

/** How a window store keeps and expires its entries. */
export interface WindowStoreOptions {
  /** Entries whose window start is <= observed stream time - retention are gone, ms. */
  readonly retentionMs: number;
  /** The size of the windows (used for `windowEndMs`), ms. */
  readonly windowSizeMs: number;
  /** Keep every put (join buffers) instead of overwriting the window's value. */
  readonly retainDuplicates: boolean;
}

/** One stored entry; it is also its own place in the expiry queue. */
interface Slot {
  readonly ts: number;
  readonly seq: number;
  /** Insertion order, to break ties in the expiry queue. */
  readonly order: number;
  readonly key: string;
  value: Json;
  stamp: number;
  /**
   * Whether the slot is its key's entry itself in `byKey` (its key's only entry, not in a list).
   * Expiry then removes the key without looking it up to check that the slot is still there.
   */
  alone: boolean;
}

/** The slots of a key that has had more than one at a time, by time (then insertion order). */
class KeySlots {
  constructor(
    public items: Slot[],
    public head = 0,
  ) {}
}

/**
 * What the store keeps per key: most keys of a join buffer or a tumbling window hold one entry at
 * a time, so that one is kept as it is, and a list is made only when a second entry comes.
 */
type KeyEntry = Slot | KeySlots;

/** Expiry order: by window start, then insertion. */
const expiresFirst = (a: Slot, b: Slot): boolean =>
  a.ts !== b.ts ? a.ts < b.ts : a.order < b.order;

/** Called when an entry expires: `streamTimeMs` is the store's observed stream time. */
export type ExpiryListener = (
  key: string,
  value: Json,
  timestampMs: number,
  streamTimeMs: number,
) => void;

/**
 * An in-memory window store with the semantics of Kafka's `InMemoryWindowStore`: observed
 * stream time is the largest window start put; a put whose window start is <= observed stream
 * time - retention is dropped ("expired segment"); fetches see only starts > observed stream
 * time - retention. Indexed by key, then time, so a join's fetch costs O(log n + matches).
 * Simplification: Kafka expires lazily; this store expires as soon as stream time moves, so the
 * expiry can be traced at the moment it happens (what fetches see is the same).
 */
export class InMemoryWindowStore implements WindowStore {
  readonly kind = 'window' as const;
  readonly retentionMs: number;
  readonly windowSizeMs: number;
  readonly retainDuplicates: boolean;
  private readonly byKey = new Map<string, KeyEntry>();
  /** Every slot put, in expiry order; puts come mostly in time order (see `ArrivalQueue`). */
  private readonly expiry = new ArrivalQueue<Slot>(expiresFirst);
  private observedStreamTime = NO_TIMESTAMP;
  private seqnum = 0;
  private order = 0;
  private count = 0;
  /** Told about every entry that expires (join buffers trace it). */
  onExpire: ExpiryListener | null = null;

  constructor(
    readonly name: string,
    readonly logged: boolean,
    private readonly context: StoreContext,
    options: WindowStoreOptions,
  ) {
    this.retentionMs = options.retentionMs;
    this.windowSizeMs = options.windowSizeMs;
    this.retainDuplicates = options.retainDuplicates;
  }

  /** The largest window start put so far (-1 before any). */
  get streamTimeMs(): number {
    return this.observedStreamTime;
  }

  /** The number of live entries. */
  get size(): number {
    return this.count;
  }

  put(key: string, value: Json, windowStartMs: number): void {
    this.putWithTimestamp(key, value, windowStartMs, this.context.currentTimestampMs());
  }

  /** Write with the timestamp to store beside the value; returns false if the window had expired. */
  putWithTimestamp(key: string, value: Json, windowStartMs: number, timestampMs: number): boolean {
    this.observedStreamTime = Math.max(this.observedStreamTime, windowStartMs);
    if (windowStartMs <= this.observedStreamTime - this.retentionMs) {
      this.expire();
      return false;
    }
    if (value === null && this.retainDuplicates) return true;
    const seq = this.retainDuplicates ? (this.seqnum = (this.seqnum + 1) & 0x7fffffff) : undefined;
    this.write(key, value, windowStartMs, seq ?? 0, timestampMs);
    const windowWrites = this.context.windowWrites;
    if (windowWrites) windowWrites.write(key, windowStartMs, seq, value, timestampMs);
    else this.context.onWrite(windowStoreKey(key, windowStartMs, seq), value, timestampMs);
    this.expire();
    return true;
  }

  fetch(key: string, windowStartMs: number): Json;
  fetch(key: string, fromMs: number, toMs: number): WindowStoreEntry[];
  fetch(key: string, fromMs: number, toMs?: number): Json | WindowStoreEntry[] {
    if (toMs === undefined) return this.fetchOne(key, fromMs)?.value ?? null;
    return this.collectIn(key, fromMs, toMs, toEntry) ?? [];
  }

  /**
   * `fetch` for a stream-stream join, which only reads the result: most of a join's records find
   * nothing, and then this returns one shared empty array instead of making one.
   */
  fetchMatches(key: string, fromMs: number, toMs: number): readonly WindowStoreEntry[] {
    return this.collectIn(key, fromMs, toMs, toEntry) ?? NO_ENTRIES;
  }

  /** One window's value with its stored timestamp, or null. */
  fetchWithTimestamp(
    key: string,
    windowStartMs: number,
  ): { value: Json; timestampMs: number } | null {
    const slot = this.fetchOne(key, windowStartMs);
    return slot ? { value: slot.value, timestampMs: slot.stamp } : null;
  }

  backwardFetch(key: string, fromMs: number, toMs: number): WindowStoreEntry[] {
    return this.fetch(key, fromMs, toMs).reverse();
  }

  fetchAll(fromMs: number, toMs: number): WindowedEntry[] {
    const out: { entry: WindowedEntry; seq: number }[] = [];
    const toItem = (s: Slot) => ({ entry: this.windowed(s), seq: s.seq });
    for (const key of this.byKey.keys()) this.collectIn(key, fromMs, toMs, toItem, out);
    out.sort(
      (a, b) =>
        a.entry.windowStartMs - b.entry.windowStartMs ||
        compareKeys(a.entry.key, b.entry.key) ||
        a.seq - b.seq,
    );
    return out.map((o) => o.entry);
  }

  all(): WindowedEntry[] {
    return this.fetchAll(0, Number.MAX_SAFE_INTEGER);
  }

  restore(changelogKey: string, value: Json, timestampMs: number): void {
    const { key, windowStartMs, seq } = parseWindowStoreKey(changelogKey);
    this.observedStreamTime = Math.max(this.observedStreamTime, windowStartMs);
    if (windowStartMs <= this.observedStreamTime - this.retentionMs) return;
    if (seq !== undefined) this.seqnum = Math.max(this.seqnum, seq);
    if (value === null && this.retainDuplicates) return;
    this.write(key, value, windowStartMs, seq ?? 0, timestampMs);
    this.expire();
  }

  private write(key: string, value: Json, ts: number, seq: number, stamp: number): void {
    const entry = this.byKey.get(key);
    if (entry === undefined) {
      if (value !== null) this.byKey.set(key, this.newSlot(key, value, ts, seq, stamp, true));
      return;
    }
    if (entry instanceof KeySlots) return this.writeInList(entry, key, value, ts, seq, stamp);
    if (!this.retainDuplicates && entry.ts === ts) {
      if (value === null) {
        this.byKey.delete(key);
        entry.alone = false;
        this.count--;
      } else this.overwrite(entry, value, stamp);
      return;
    }
    if (value === null) return;
    const slot = this.newSlot(key, value, ts, seq, stamp, false);
    // The second entry of the key: a list from now on, in time order (equal times: arrival order).
    entry.alone = false;
    this.byKey.set(key, new KeySlots(entry.ts <= ts ? [entry, slot] : [slot, entry]));
  }

  private writeInList(
    slots: KeySlots,
    key: string,
    value: Json,
    ts: number,
    seq: number,
    stamp: number,
  ): void {
    const items = slots.items;
    const i = upperBound(items, slots.head, ts);
    if (!this.retainDuplicates && i > slots.head && items[i - 1].ts === ts) {
      if (value === null) this.removeAt(key, slots, i - 1);
      else this.overwrite(items[i - 1], value, stamp);
      return;
    }
    if (value === null) return;
    const slot = this.newSlot(key, value, ts, seq, stamp, false);
    if (i === items.length) items.push(slot);
    else items.splice(i, 0, slot);
  }

  /** A new live slot, queued for expiry (the caller puts it in its key's place: `alone`, or a list). */
  private newSlot(
    key: string,
    value: Json,
    ts: number,
    seq: number,
    stamp: number,
    alone: boolean,
  ): Slot {
    const slot: Slot = { ts, seq, order: this.order++, key, value: cloneJson(value), stamp, alone };
    this.count++;
    this.expiry.push(slot);
    return slot;
  }

  private overwrite(slot: Slot, value: Json, stamp: number): void {
    slot.value = cloneJson(value);
    slot.stamp = stamp;
  }

  private removeAt(key: string, slots: KeySlots, index: number): void {
    slots.items.splice(index, 1);
    this.count--;
    if (slots.head >= slots.items.length) this.byKey.delete(key);
  }

  /** Drop every entry whose window start is <= observed stream time - retention. */
  private expire(): void {
    const limit = this.observedStreamTime - this.retentionMs;
    for (let top = this.expiry.peek(); top && top.ts <= limit; top = this.expiry.peek()) {
      this.expiry.pop();
      // A slot deleted by a null put is still queued: only the key's oldest live slot expires.
      if (!this.removeOldest(top)) continue;
      this.onExpire?.(top.key, top.value, top.ts, this.observedStreamTime);
    }
  }

  /**
   * Remove `slot` if it is its key's oldest live slot; false if it is not (it was deleted). A slot
   * `alone` is its key's entry, so it goes with one map operation, not a lookup and a delete (most
   * keys of a join buffer hold one entry); any other live slot is the head of its key's list.
   */
  private removeOldest(slot: Slot): boolean {
    if (slot.alone) {
      slot.alone = false;
      this.byKey.delete(slot.key);
      this.count--;
      return true;
    }
    const entry = this.byKey.get(slot.key);
    if (entry instanceof KeySlots && entry.items[entry.head] === slot) {
      entry.head++;
      if (entry.head >= entry.items.length) this.byKey.delete(slot.key);
      else if (entry.head > 32 && entry.head * 2 > entry.items.length) {
        entry.items = entry.items.slice(entry.head);
        entry.head = 0;
      }
    } else return false;
    this.count--;
    return true;
  }

  private fetchOne(key: string, windowStartMs: number): Slot | null {
    if (windowStartMs <= this.observedStreamTime - this.retentionMs) return null;
    const entry = this.byKey.get(key);
    if (entry === undefined) return null;
    if (!(entry instanceof KeySlots)) return entry.ts === windowStartMs ? entry : null;
    const i = upperBound(entry.items, entry.head, windowStartMs);
    const slot = i > entry.head ? entry.items[i - 1] : undefined;
    return slot && slot.ts === windowStartMs ? slot : null;
  }

  /**
   * The live slots of `key` starting in `[fromMs, toMs]`, oldest first, made items by `toItem` and
   * added to `out`; null if there are none and no `out` was given (then no array is made).
   */
  private collectIn<T>(
    key: string,
    fromMs: number,
    toMs: number,
    toItem: (slot: Slot) => T,
    out: T[] | null = null,
  ): T[] | null {
    const minTime = Math.max(fromMs, this.observedStreamTime - this.retentionMs + 1);
    const entry = this.byKey.get(key);
    if (entry === undefined || toMs < minTime) return out;
    if (!(entry instanceof KeySlots)) {
      return entry.ts >= minTime && entry.ts <= toMs ? append(out, toItem(entry)) : out;
    }
    const items = entry.items;
    for (let i = upperBound(items, entry.head, minTime - 1); i < items.length; i++) {
      if (items[i].ts > toMs) break;
      out = append(out, toItem(items[i]));
    }
    return out;
  }

  private windowed(s: Slot): WindowedEntry {
    return {
      key: s.key,
      windowStartMs: s.ts,
      windowEndMs: s.ts + this.windowSizeMs,
      value: s.value,
    };
  }
}

/** A slot as a fetch gives it. */
function toEntry(s: Slot): WindowStoreEntry {
  return { timestampMs: s.ts, value: s.value };
}

/** `out` with `item` at its end (a new array if `out` is null). */
function append<T>(out: T[] | null, item: T): T[] {
  if (out === null) return [item];
  out.push(item);
  return out;
}

/** What `fetchMatches` returns when nothing matches. */
const NO_ENTRIES: readonly WindowStoreEntry[] = Object.freeze([]);

/** The first index in `[from, items.length)` whose timestamp is > `ts`. */
function upperBound(items: readonly Slot[], from: number, ts: number): number {
  let lo = from;
  let hi = items.length;
  if (hi > lo && items[hi - 1].ts <= ts) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].ts <= ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
