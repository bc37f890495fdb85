import type { Headers, Json } from '../core/types.ts';

/** A window of a windowed key: `[startMs, endMs)` for time windows, `[startMs, endMs]` for sessions. */
export interface WindowInfo {
  /** Window start, virtual ms (inclusive). */
  readonly startMs: number;
  /** Window end, virtual ms (exclusive for time windows, inclusive for session windows). */
  readonly endMs: number;
}

/**
 * A record flowing between processors (Kafka Streams' `Record<K, V>`). Keys are strings or null,
 * values JSON (null is Kafka's null: a tombstone for tables, "nothing" for streams). Records of a
 * windowed table carry the window beside the plain key, as Kafka's `Windowed<K>` does.
 */
export interface StreamRecord<V = Json> {
  /** The key; null for a keyless record. */
  readonly key: string | null;
  /** The value. */
  readonly value: V;
  /** The record's timestamp, virtual ms. */
  readonly timestampMs: number;
  /** Headers, carried through unchanged. */
  readonly headers?: Headers;
  /** The window of a windowed key (set by windowed aggregations). */
  readonly window?: WindowInfo;
}

/**
 * A table update as KTable processors pass it downstream (Kafka's `Change<V>`): the new value
 * and, when the downstream needs it ("send old values"), the old one. null means "no row".
 */
export interface Change {
  /** The row's value after the update; null for a deletion. */
  readonly newValue: Json;
  /** The row's value before the update, if old values are sent; otherwise null. */
  readonly oldValue: Json;
}

/** Where the record being processed came from (Kafka's `RecordMetadata`, plus its timestamp). */
export interface RecordMetadata {
  /** The topic it was read from (decorated with the application id for internal topics). */
  readonly topic: string;
  /** The partition it was read from. */
  readonly partition: number;
  /** Its offset in that partition. */
  readonly offset: number;
  /** Its timestamp (Kafka keeps this on the record itself; given here for convenience). */
  readonly timestampMs: number;
}

/** A record a host feeds to a task: one consumed record of one of the task's input partitions. */
export interface InputRecord {
  /** Topic name as on the broker (internal topics carry the `<application.id>-` prefix). */
  readonly topic: string;
  /** Partition number. */
  readonly partition: number;
  /** Offset within the partition. */
  readonly offset: number;
  /** Record key. */
  readonly key: string | null;
  /** Record value. */
  readonly value: Json;
  /** Record timestamp (CreateTime), virtual ms; must be a non-negative integer. */
  readonly timestampMs: number;
  /** Record headers. */
  readonly headers?: Headers;
}

/** A windowed key spelled out, for records of windowed tables written to a topic. */
export interface WindowedKey {
  /** The plain key. */
  readonly key: string;
  /** Window start, ms. */
  readonly startMs: number;
  /** Window end, ms. */
  readonly endMs: number;
}

/** A record a task's sink writes: the host appends it to `topic` (partitioning by key is the host's job). */
export interface OutputRecord {
  /** Topic name as on the broker (repartition topics are `<application.id>-<name>-repartition`). */
  readonly topic: string;
  /** Key; a windowed key is written in Kafka's `Windowed#toString` form `[key@start/end]`. */
  readonly key: string | null;
  /** Value. */
  readonly value: Json;
  /** Timestamp, virtual ms. */
  readonly timestampMs: number;
  /** Headers of the record. */
  readonly headers?: Headers;
  /** For a windowed key: the key and its window. */
  readonly window?: WindowedKey;
  /** The sink node that wrote it. */
  readonly processor: string;
  /** True for the topology's internal (repartition) topics. */
  readonly internal: boolean;
}

/** One write to a logged state store, for the store's compacted changelog topic. */
export interface ChangelogRecord {
  /** `<application.id>-<store>-changelog`. */
  readonly topic: string;
  /** The store written. */
  readonly store: string;
  /** The store key (window and session stores encode the window in it, see `store-keys.ts`). */
  readonly key: string;
  /** The new value; null is a tombstone (a deletion). */
  readonly value: Json;
  /** The timestamp stored with the value. */
  readonly timestampMs: number;
}

/** Kafka's `Cancellable`: the handle `schedule` returns. */
export interface Cancellable {
  cancel(): void;
}

/** Kafka's `NO_TIMESTAMP`: stream time before any record. */
export const NO_TIMESTAMP = -1;

/** Kafka's `Windowed#toString`: `[key@start/end]`. */
export function windowedKeyString(key: string | null, window: WindowInfo): string {
  return `[${key}@${window.startMs}/${window.endMs}]`;
}
