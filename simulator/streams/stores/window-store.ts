import type { Json } from '../../core/types.ts';
import { cloneJson } from '../json.ts';
import { compareKeys } from '../key-order.ts';
import { NO_TIMESTAMP } from '../types.ts';
import { MinHeap } from './min-heap.ts';
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
}

interface KeySlots {
  items: Slot[];
  head: number;
}

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
  private readonly byKey = new Map<string, KeySlots>();
  private readonly expiry = new MinHeap<Slot>((a, b) =>
    a.ts !== b.ts ? a.ts < b.ts : a.order < b.order,
  );
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
    this.context.onWrite(windowStoreKey(key, windowStartMs, seq), value, timestampMs);
    this.expire();
    return true;
  }

  fetch(key: string, windowStartMs: number): Json;
  fetch(key: string, fromMs: number, toMs: number): WindowStoreEntry[];
  fetch(key: string, fromMs: number, toMs?: number): Json | WindowStoreEntry[] {
    if (toMs === undefined) return this.fetchOne(key, fromMs)?.value ?? null;
    const entries: WindowStoreEntry[] = [];
    this.forEachIn(key, fromMs, toMs, (s) => entries.push({ timestampMs: s.ts, value: s.value }));
    return entries;
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
    for (const key of this.byKey.keys()) {
      this.forEachIn(key, fromMs, toMs, (s) =>
        out.push({ entry: this.windowed(key, s), seq: s.seq }),
      );
    }
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
    let slots = this.byKey.get(key);
    if (!slots) {
      if (value === null) return;
      slots = { items: [], head: 0 };
      this.byKey.set(key, slots);
    }
    const items = slots.items;
    const i = upperBound(items, slots.head, ts);
    if (!this.retainDuplicates && i > slots.head && items[i - 1].ts === ts) {
      if (value === null) this.removeAt(key, slots, i - 1);
      else Object.assign(items[i - 1], { value: cloneJson(value), stamp });
      return;
    }
    if (value === null) return;
    const slot: Slot = { ts, seq, order: this.order++, key, value: cloneJson(value), stamp };
    if (i === items.length) items.push(slot);
    else items.splice(i, 0, slot);
    this.count++;
    this.expiry.push(slot);
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
      const slots = this.byKey.get(top.key);
      if (!slots) continue;
      const front = slots.items[slots.head];
      // A slot deleted by a null put is still queued: only the key's oldest live slot expires.
      if (front !== top) continue;
      slots.head++;
      this.count--;
      if (slots.head >= slots.items.length) this.byKey.delete(top.key);
      else if (slots.head > 32 && slots.head * 2 > slots.items.length) {
        slots.items = slots.items.slice(slots.head);
        slots.head = 0;
      }
      this.onExpire?.(top.key, front.value, front.ts, this.observedStreamTime);
    }
  }

  private fetchOne(key: string, windowStartMs: number): Slot | null {
    if (windowStartMs <= this.observedStreamTime - this.retentionMs) return null;
    const slots = this.byKey.get(key);
    if (!slots) return null;
    const i = upperBound(slots.items, slots.head, windowStartMs);
    const slot = i > slots.head ? slots.items[i - 1] : undefined;
    return slot && slot.ts === windowStartMs ? slot : null;
  }

  /** Visit the live slots of `key` starting in `[fromMs, toMs]`, oldest first. */
  private forEachIn(key: string, fromMs: number, toMs: number, visit: (slot: Slot) => void): void {
    const minTime = Math.max(fromMs, this.observedStreamTime - this.retentionMs + 1);
    const slots = this.byKey.get(key);
    if (!slots || toMs < minTime) return;
    const items = slots.items;
    for (let i = upperBound(items, slots.head, minTime - 1); i < items.length; i++) {
      if (items[i].ts > toMs) break;
      visit(items[i]);
    }
  }

  private windowed(key: string, s: Slot): WindowedEntry {
    return { key, windowStartMs: s.ts, windowEndMs: s.ts + this.windowSizeMs, value: s.value };
  }
}

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
