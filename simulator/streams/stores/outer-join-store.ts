import type { Json } from '../../core/types.ts';
import { compareKeys } from '../key-order.ts';
import type { StateStore, StoreContext } from './state-store.ts';
import { outerJoinStoreKey, parseOuterJoinStoreKey } from './store-keys.ts';

/** One key of the shared outer-join store: the unmatched records of one side, key and timestamp. */
export interface OuterJoinEntry {
  /** The records' timestamp, ms. */
  readonly timestampMs: number;
  /** True for left-side records. */
  readonly left: boolean;
  /** The join key. */
  readonly key: string;
  /** The unmatched values, in arrival order (Kafka keeps a list per key). */
  readonly values: Json[];
}

interface Slot extends OuterJoinEntry {
  deleted: boolean;
}

/**
 * The shared store of a left/outer stream-stream join (KIP-633, Kafka 3.1+): records that found
 * no partner wait here until their window closes, then come out null-joined. Kafka keys it by
 * `TimestampedKeyAndJoinSide` (timestamp, then side with right before left, then key bytes) and
 * keeps a list of values per key (`ListValueStore`); iteration follows that order.
 */
export class OuterJoinStore implements StateStore {
  readonly kind = 'outerJoin' as const;
  private readonly slots = new Map<string, Slot>();
  private order: Slot[] = [];
  private head = 0;
  private deletedInOrder = 0;

  constructor(
    readonly name: string,
    readonly logged: boolean,
    private readonly context: StoreContext,
  ) {}

  /** The number of keys waiting. */
  get size(): number {
    return this.slots.size;
  }

  /** Append `value` to the list of (timestamp, side, key). */
  add(timestampMs: number, left: boolean, key: string, value: Json): void {
    const id = outerJoinStoreKey(timestampMs, left, key);
    const slot = this.slots.get(id) ?? this.insert(id, timestampMs, left, key);
    slot.values.push(value);
    this.context.onWrite(id, [...slot.values], timestampMs);
  }

  /** Kafka's blind `put(key, null)` and `putIfAbsent(key, null)`: drop the whole list; true if there was one. */
  remove(timestampMs: number, left: boolean, key: string): boolean {
    const id = outerJoinStoreKey(timestampMs, left, key);
    const slot = this.slots.get(id);
    if (!slot) return false;
    this.drop(id, slot);
    this.context.onWrite(id, null, timestampMs);
    return true;
  }

  /** The waiting entries in store order (a snapshot: removing while iterating is safe). */
  entries(): OuterJoinEntry[] {
    const out: OuterJoinEntry[] = [];
    for (let i = this.head; i < this.order.length; i++) {
      if (!this.order[i].deleted) out.push(this.order[i]);
    }
    return out;
  }

  restore(changelogKey: string, value: Json): void {
    const { timestampMs, left, key } = parseOuterJoinStoreKey(changelogKey);
    const existing = this.slots.get(changelogKey);
    if (existing) this.drop(changelogKey, existing);
    if (Array.isArray(value) && value.length > 0) {
      this.insert(changelogKey, timestampMs, left, key).values.push(...value);
    }
  }

  private insert(id: string, timestampMs: number, left: boolean, key: string): Slot {
    const slot: Slot = { timestampMs, left, key, values: [], deleted: false };
    const order = this.order;
    let i = order.length;
    if (i > this.head && compareSlots(order[i - 1], slot) > 0) {
      let lo = this.head;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareSlots(order[mid], slot) <= 0) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    if (i === order.length) order.push(slot);
    else order.splice(i, 0, slot);
    this.slots.set(id, slot);
    return slot;
  }

  private drop(id: string, slot: Slot): void {
    this.slots.delete(id);
    slot.deleted = true;
    this.deletedInOrder++;
    while (this.head < this.order.length && this.order[this.head].deleted) {
      this.head++;
      this.deletedInOrder--;
    }
    const live = this.order.length - this.head;
    if (this.head > 64 || (this.deletedInOrder > 64 && this.deletedInOrder * 2 > live)) {
      this.order = this.order.slice(this.head).filter((s) => !s.deleted);
      this.head = 0;
      this.deletedInOrder = 0;
    }
  }
}

function compareSlots(a: OuterJoinEntry, b: OuterJoinEntry): number {
  if (a.timestampMs !== b.timestampMs) return a.timestampMs - b.timestampMs;
  if (a.left !== b.left) return a.left ? 1 : -1;
  return compareKeys(a.key, b.key);
}
