/** Plain JSON, the only kind of value that crosses the trace. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Headers of a record, as Kafka's string-keyed headers (values kept as strings here). */
export type Headers = Readonly<Record<string, string>>;

/**
 * A record as a producer sends it and a partition stores it. `id` is the simulator's own: it names
 * the workload item the record came from and stays the same across retries and re-sends, so the
 * checks can tell a duplicate from a new record. Kafka has no such field; it is never used to decide
 * what happens.
 */
export interface SimRecord {
  /** The workload item this record carries; identical across retries of the same item. */
  readonly id: number;
  /** The record key; `null` for a keyless record. */
  readonly key: string | null;
  /** The record value; `null` is a tombstone on a compacted topic. */
  readonly value: Json;
  /** The record's timestamp (CreateTime), virtual ms. */
  readonly timestampMs: number;
  /** Optional headers. */
  readonly headers?: Headers;
}

/** A topic and one of its partitions. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/**
 * `topic-partition`, the key of a partition in Maps and Sets. Keys are made once and reused: they
 * are looked up per record and per message, and a new string each time would be built, flattened
 * and hashed again by every lookup. The cache only saves work; it is dropped whole if a run
 * somehow names very many topics.
 */
export function tpKey(topic: string, partition: number): string {
  let byPartition = tpKeys.get(topic);
  if (byPartition === undefined) {
    if (tpKeys.size >= TP_KEY_TOPICS_MAX) tpKeys.clear();
    tpKeys.set(topic, (byPartition = new Map()));
  }
  let key = byPartition.get(partition);
  if (key === undefined) byPartition.set(partition, (key = `${topic}-${partition}`));
  return key;
}

const TP_KEY_TOPICS_MAX = 10_000;
const tpKeys = new Map<string, Map<number, string>>();

/** `T` with its fields settable, to build a readonly record field by field. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };
