import type { SimRecord } from '../core/types.ts';

/** Where a record stands for transactions, as of some point of the trace. */
export type TxnStatus = 'plain' | 'open' | 'committed' | 'aborted';

/**
 * One entry of a partition's log, as the trace reports it: a data record or a control marker.
 *
 * Entries are shared by every state folded from one trace (a snapshot, a seek, the live head), so
 * cloning a state never copies records. The two facts that change after an append (a marker
 * resolving a transactional record, the cleaner compacting it) are stored with the trace index
 * at which they happened; a state reads them as of its own index, so a state at an earlier index
 * still sees the record as it was then.
 */
export interface LogEntry {
  /** The entry's offset in the partition. */
  readonly offset: number;
  /** Index in the trace of the `record.appended` or `marker.written` event that wrote it. */
  readonly appendedAt: number;
  /** The data record; null for a control marker. */
  readonly record: SimRecord | null;
  /** `COMMIT` or `ABORT` for a control marker; null for a data record. */
  readonly control: 'COMMIT' | 'ABORT' | null;
  /** The actor that produced the record ('' for a marker, which the coordinator writes). */
  readonly producer: string;
  /** The idempotent producer id, or -1. */
  readonly producerId: number;
  /** The producer epoch, or -1. */
  readonly producerEpoch: number;
  /** The record's sequence number, or -1 (and -1 for a marker). */
  readonly sequence: number;
  /** True when the record was written inside a transaction (markers: false). */
  readonly transactional: boolean;
  /** Trace index of the marker that resolved this transactional record, or -1 if none yet. */
  resolvedAt: number;
  /** What that marker decided; meaningful only once `resolvedAt` >= 0. */
  resolution: 'committed' | 'aborted';
  /** Trace index of the compaction that removed this entry, or -1 if none yet. */
  compactedAt: number;
  /**
   * Position (in `entries`) of the previous still-open transactional record of the same producer
   * id when this one was appended, or -1: the chain a marker walks to resolve exactly the open
   * records of its producer without scanning the partition.
   */
  readonly prevOpen: number;
}

/** The append-only entries of one partition over a whole trace, shared between states. */
export interface PartitionLog {
  /** Entries in append (and offset) order; a state sees the first `count` of them. */
  readonly entries: LogEntry[];
}

/** The transactional status of an entry as of the state that has folded `index` events. */
export function statusAsOf(entry: LogEntry, index: number): TxnStatus {
  if (!entry.transactional) return 'plain';
  if (entry.resolvedAt >= 0 && entry.resolvedAt < index) return entry.resolution;
  return 'open';
}

/** True when the cleaner had removed the entry in the state that has folded `index` events. */
export function compactedAsOf(entry: LogEntry, index: number): boolean {
  return entry.compactedAt >= 0 && entry.compactedAt < index;
}

/** Position of `offset` among the first `count` entries, or -1 (offsets increase, so bisect). */
export function positionOf(log: PartitionLog, count: number, offset: number): number {
  const entries = log.entries;
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = entries[mid].offset;
    if (at === offset) return mid;
    if (at < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Position of the first of the first `count` entries whose offset is >= `offset`. */
export function firstPositionFrom(log: PartitionLog, count: number, offset: number): number {
  const entries = log.entries;
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].offset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
