import { formatInner } from '../trace/prose/words.ts';
import type { Json, SimRecord } from '../core/types.ts';
import { compactedAsOf, firstPositionFrom, statusAsOf } from '../trace/partition-log.ts';
import { lastStableOffset, type WorldState } from '../trace/state.ts';

/** A record a `read_committed` reader of a topic sees, with where the trace appended it. */
export interface CommittedRecord {
  /** The partition it is in. */
  partition: number;
  /** Its offset. */
  offset: number;
  /** The record. */
  record: SimRecord;
  /** Index in the trace of its `record.appended`. */
  appendedAt: number;
}

/**
 * What a `read_committed` consumer of `topic` reading from the log start would get in `state`,
 * partition by partition, in offset order: the same records as `readCommittedView`, with the
 * trace index of each append (so a check can point at it).
 */
export function committedRecords(state: WorldState, topic: string): CommittedRecord[] {
  const found = state.topics.get(topic);
  if (found === undefined) return [];
  const out: CommittedRecord[] = [];
  for (const p of found.partitions) {
    const lso = lastStableOffset(p);
    const entries = p.log.entries;
    for (let pos = firstPositionFrom(p.log, p.count, p.logStartOffset); pos < p.count; pos++) {
      const entry = entries[pos];
      if (entry.offset >= lso) break;
      if (entry.record === null || compactedAsOf(entry, state.index)) continue;
      const status = statusAsOf(entry, state.index);
      if (status === 'aborted' || status === 'open') continue;
      out.push({
        partition: p.partition,
        offset: entry.offset,
        record: entry.record,
        appendedAt: entry.appendedAt,
      });
    }
  }
  return out;
}

/** The identity of an output record for comparing runs: key, value and timestamp (not its id). */
export function recordIdentity(key: string | null, value: Json, timestampMs: number): string {
  return `${JSON.stringify(key)}\u0000${JSON.stringify(value)}\u0000${timestampMs}`;
}

/** A record as a learner reads it in a message: `(key k, value (left o1, right p1), timestamp 12 ms)`. */
export function describeRecord(key: string | null, value: Json, timestampMs: number): string {
  return `(${key === null ? 'no key' : `key ${key}`}, value ${formatInner(value)}, timestamp ${timestampMs} ms)`;
}

/** `map.get(key)`, creating the entry with `make()` first if absent. */
export function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
