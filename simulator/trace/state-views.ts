import type { SimRecord } from '../core/types.ts';
import { compactedAsOf, firstPositionFrom, statusAsOf, type TxnStatus } from './partition-log.ts';
import type {
  ActorState,
  CommittedOffset,
  ConsumerPosition,
  CoordinatorTxn,
  GroupState,
  InFlightMessage,
  PartitionState,
  ProducerState,
  WorldState,
} from './state.ts';

/** A data record in a partition, with its transactional status as of the state's index. */
export interface RecordView {
  /** Discriminates records from markers. */
  kind: 'record';
  /** Its offset. */
  offset: number;
  /** The record itself. */
  record: SimRecord;
  /** The producing actor. */
  producer: string;
  /** Producer id, or -1. */
  producerId: number;
  /** Producer epoch, or -1. */
  producerEpoch: number;
  /** Sequence number, or -1. */
  sequence: number;
  /** Written inside a transaction. */
  transactional: boolean;
  /** `plain` (not transactional), `open`, `committed` or `aborted`. */
  status: TxnStatus;
}

/** A control marker in a partition. */
export interface MarkerView {
  /** Discriminates markers from records. */
  kind: 'marker';
  /** Its offset (a marker takes an offset, as in Kafka). */
  offset: number;
  /** What it decided. */
  marker: 'COMMIT' | 'ABORT';
  /** The producer id whose transaction it ends. */
  producerId: number;
  /** The epoch it was written with. */
  producerEpoch: number;
}

/** A record or a marker. */
export type EntryView = RecordView | MarkerView;

/** The records of one partition that some reader would see. */
export interface PartitionRecords {
  /** The partition number. */
  partition: number;
  /** The visible records, in offset order. */
  records: RecordView[];
}

/** Everything about one partition, as plain JSON (what `sim run --format json` prints). */
export interface PartitionDump {
  /** The topic. */
  topic: string;
  /** The partition. */
  partition: number;
  /** First offset still in the log. */
  logStartOffset: number;
  /** The offset the next entry will get. */
  logEndOffset: number;
  /** Entries below it are readable. */
  highWatermark: number;
  /** `read_committed` readers see only below it. */
  lastStableOffset: number;
  /** Records and markers still in the log (not deleted by retention nor compacted away). */
  entries: EntryView[];
}

/** The whole state as plain JSON, e.g. to compare two states or print one. */
export interface ObservedState {
  /** Events folded in. */
  index: number;
  /** Time of the last folded event. */
  timeMs: number;
  /** Actors in order of first start. */
  actors: ActorState[];
  /** Topics in order of creation. */
  topics: { name: string; cleanupPolicy: string; internal: boolean; partitions: number }[];
  /** Every partition. */
  partitions: PartitionDump[];
  /** Producers. */
  producers: ProducerState[];
  /** Transaction coordinator state per transactional id. */
  transactions: CoordinatorTxn[];
  /** Consumer groups. */
  groups: GroupState[];
  /** Committed offsets. */
  committedOffsets: CommittedOffset[];
  /** Consumer positions. */
  positions: ConsumerPosition[];
  /** Messages on the wire, in order of sending. */
  inFlight: InFlightMessage[];
}

/**
 * The last stable offset: the offset of the partition's first record whose transaction is still
 * open, capped by the high watermark (as Kafka's `UnifiedLog.lastStableOffset`); with no open
 * transaction it is the high watermark.
 */
export function lastStableOffset(p: PartitionState): number {
  let lso = p.highWatermark;
  for (const pos of p.openFirst.values()) {
    const offset = p.log.entries[pos].offset;
    if (offset < lso) lso = offset;
  }
  return lso;
}

/** The partition's records and markers still in the log, with statuses as of the state. */
export function partitionEntries(state: WorldState, p: PartitionState): EntryView[] {
  const views: EntryView[] = [];
  const entries = p.log.entries;
  for (let pos = firstPositionFrom(p.log, p.count, p.logStartOffset); pos < p.count; pos++) {
    const entry = entries[pos];
    if (compactedAsOf(entry, state.index)) continue;
    if (entry.record === null) {
      views.push({
        kind: 'marker',
        offset: entry.offset,
        marker: entry.control ?? 'COMMIT',
        producerId: entry.producerId,
        producerEpoch: entry.producerEpoch,
      });
    } else {
      views.push({
        kind: 'record',
        offset: entry.offset,
        record: entry.record,
        producer: entry.producer,
        producerId: entry.producerId,
        producerEpoch: entry.producerEpoch,
        sequence: entry.sequence,
        transactional: entry.transactional,
        status: statusAsOf(entry, state.index),
      });
    }
  }
  return views;
}

/**
 * Per partition of `topic`, what a `read_committed` consumer reading from the log start would get:
 * data records below the last stable offset that are plain or committed (aborted records and
 * markers are filtered out, as Kafka's consumer does with the aborted-transactions index).
 */
export function readCommittedView(state: WorldState, topic: string): PartitionRecords[] {
  return visibleRecords(state, topic, (p) => lastStableOffset(p), true);
}

/** Per partition of `topic`, what a `read_uncommitted` consumer would get: every record below the high watermark. */
export function readUncommittedView(state: WorldState, topic: string): PartitionRecords[] {
  return visibleRecords(state, topic, (p) => p.highWatermark, false);
}

function visibleRecords(
  state: WorldState,
  topic: string,
  limitOf: (p: PartitionState) => number,
  committedOnly: boolean,
): PartitionRecords[] {
  const found = state.topics.get(topic);
  if (found === undefined) return [];
  return found.partitions.map((p) => {
    const limit = limitOf(p);
    const records: RecordView[] = [];
    for (const view of partitionEntries(state, p)) {
      if (view.offset >= limit) break;
      if (view.kind !== 'record') continue;
      if (committedOnly && (view.status === 'aborted' || view.status === 'open')) continue;
      records.push(view);
    }
    return { partition: p.partition, records };
  });
}

/** Every partition of every topic (topics in creation order), with its records and offsets. */
export function partitionDump(state: WorldState): PartitionDump[] {
  const dump: PartitionDump[] = [];
  for (const topic of state.topics.values()) {
    for (const p of topic.partitions) {
      dump.push({
        topic: p.topic,
        partition: p.partition,
        logStartOffset: p.logStartOffset,
        logEndOffset: p.logEndOffset,
        highWatermark: p.highWatermark,
        lastStableOffset: lastStableOffset(p),
        entries: partitionEntries(state, p),
      });
    }
  }
  return dump;
}

/** Messages on the wire at the state's time, in order of sending. */
export function messagesInFlight(state: WorldState): InFlightMessage[] {
  const messages: InFlightMessage[] = [];
  for (const message of state.inFlight.values()) {
    if (message.deliverAt > state.timeMs) messages.push({ ...message });
  }
  return messages;
}

/** The whole observable state as plain JSON (copies: changing it does not change the state). */
export function observeState(state: WorldState): ObservedState {
  return {
    index: state.index,
    timeMs: state.timeMs,
    actors: copies(state.actors),
    topics: [...state.topics.values()].map((t) => ({
      name: t.name,
      cleanupPolicy: t.cleanupPolicy,
      internal: t.internal,
      partitions: t.partitions.length,
    })),
    partitions: partitionDump(state),
    producers: copies(state.producers),
    transactions: copies(state.transactions),
    groups: copies(state.groups),
    committedOffsets: copies(state.committedOffsets),
    positions: copies(state.positions),
    inFlight: messagesInFlight(state),
  };
}

function copies<V extends object>(map: Map<unknown, V>): V[] {
  const values: V[] = [];
  for (const value of map.values()) values.push({ ...value });
  return values;
}
