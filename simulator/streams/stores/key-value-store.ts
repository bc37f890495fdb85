import type { Json } from '../../core/types.ts';
import { cloneJson } from '../json.ts';
import { compareKeys } from '../key-order.ts';
import { StreamsException } from '../errors.ts';
import type { StateStore, StoreContext } from './state-store.ts';

/** One entry of a key-value store. */
export interface KeyValue {
  /** The key. */
  readonly key: string;
  /** The value. */
  readonly value: Json;
}

/** A value and the timestamp stored with it (Kafka's `ValueAndTimestamp`). */
export interface ValueAndTimestamp {
  /** The stored value (never null: null means "no entry"). */
  readonly value: Json;
  /** The timestamp stored with it, ms. */
  readonly timestampMs: number;
}

/**
 * Kafka Streams' `KeyValueStore`, with its method names. Iterators are arrays here (a
 * simplification: they are snapshots, so writing while "iterating" is safe). Keys are ordered
 * by Kafka's byte order (see `compareKeys`). A null value deletes, as in Kafka.
 */
export interface KeyValueStore extends StateStore {
  /** The value of `key`, or null. */
  get(key: string): Json;
  /** Write `value` under `key`; null deletes. */
  put(key: string, value: Json): void;
  /** Write only if absent; returns the value already there, or null if it wrote. */
  putIfAbsent(key: string, value: Json): Json;
  /** Write several entries. */
  putAll(entries: readonly KeyValue[]): void;
  /** Delete `key`; returns the old value or null. */
  delete(key: string): Json;
  /** Entries with `from <= key <= to` in key order. */
  range(from: string, to: string): KeyValue[];
  /** Entries with `from >= key >= to` in reverse key order. */
  reverseRange(from: string, to: string): KeyValue[];
  /** All entries in key order. */
  all(): KeyValue[];
  /** Entries whose key starts with `prefix`, in key order. */
  prefixScan(prefix: string): KeyValue[];
  /** The number of entries. */
  approximateNumEntries(): number;
}

/**
 * An in-memory key-value store (Kafka's `InMemoryKeyValueStore` under a timestamped, logged
 * wrapper). Every entry keeps a timestamp, as the DSL's timestamped stores do; plain `put`
 * stamps the timestamp of the record being processed.
 */
export class InMemoryKeyValueStore implements KeyValueStore {
  readonly kind = 'keyValue' as const;
  private readonly entries = new Map<string, ValueAndTimestamp>();
  private sortedKeys: string[] | null = null;

  constructor(
    readonly name: string,
    readonly logged: boolean,
    private readonly context: StoreContext,
  ) {}

  get(key: string): Json {
    return this.entries.get(requireKey(key, this.name))?.value ?? null;
  }

  /** The value with its timestamp, or null (Kafka's `TimestampedKeyValueStore#get`). */
  getWithTimestamp(key: string): ValueAndTimestamp | null {
    return this.entries.get(requireKey(key, this.name)) ?? null;
  }

  put(key: string, value: Json): void {
    this.putWithTimestamp(key, value, this.context.currentTimestampMs());
  }

  /** Write with an explicit timestamp (the DSL's timestamped writes); null deletes. */
  putWithTimestamp(key: string, value: Json, timestampMs: number): void {
    requireKey(key, this.name);
    this.write(key, value, timestampMs);
    this.context.onWrite(key, value, timestampMs);
  }

  putIfAbsent(key: string, value: Json): Json {
    const existing = this.get(key);
    if (existing === null) this.put(key, value);
    return existing;
  }

  putAll(entries: readonly KeyValue[]): void {
    for (const entry of entries) this.put(entry.key, entry.value);
  }

  delete(key: string): Json {
    const old = this.get(key);
    this.put(key, null);
    return old;
  }

  range(from: string, to: string): KeyValue[] {
    if (compareKeys(from, to) > 0) return [];
    const keys = this.keysInOrder();
    const out: KeyValue[] = [];
    for (let i = lowerBound(keys, from); i < keys.length; i++) {
      if (compareKeys(keys[i], to) > 0) break;
      out.push({ key: keys[i], value: this.entries.get(keys[i])!.value });
    }
    return out;
  }

  reverseRange(from: string, to: string): KeyValue[] {
    return this.range(to, from).reverse();
  }

  all(): KeyValue[] {
    return this.keysInOrder().map((key) => ({ key, value: this.entries.get(key)!.value }));
  }

  prefixScan(prefix: string): KeyValue[] {
    const keys = this.keysInOrder();
    const out: KeyValue[] = [];
    for (let i = lowerBound(keys, prefix); i < keys.length && keys[i].startsWith(prefix); i++) {
      out.push({ key: keys[i], value: this.entries.get(keys[i])!.value });
    }
    return out;
  }

  approximateNumEntries(): number {
    return this.entries.size;
  }

  restore(changelogKey: string, value: Json, timestampMs: number): void {
    this.write(changelogKey, value, timestampMs);
  }

  private write(key: string, value: Json, timestampMs: number): void {
    if (value === null) {
      if (this.entries.delete(key)) this.sortedKeys = null;
      return;
    }
    if (!this.entries.has(key)) this.sortedKeys = null;
    this.entries.set(key, { value: cloneJson(value), timestampMs });
  }

  private keysInOrder(): string[] {
    if (this.sortedKeys === null) this.sortedKeys = [...this.entries.keys()].sort(compareKeys);
    return this.sortedKeys;
  }
}

function requireKey(key: string, store: string): string {
  if (typeof key !== 'string') {
    throw new StreamsException(`Store "${store}": keys must be strings, got ${String(key)}`);
  }
  return key;
}

/** The first index whose key is >= `key`. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(keys[mid], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
