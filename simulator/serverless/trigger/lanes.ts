import { keyHash } from '../../log/partitioner.ts';
import type { BatchRecord } from '../protocol.ts';

/** A batch of one lane of one partition, as the trigger invokes (and re-invokes) it. */
export interface TriggerBatch {
  readonly topic: string;
  readonly partition: number;
  readonly lane: number;
  readonly records: readonly BatchRecord[];
  /** Which invocation of these records this is: 1 for the first. */
  attempt: number;
  /** Retries counted against maximumRetryAttempts (bisecting and throttling do not count). */
  retries: number;
  /** Throttles in a row (the backoff doubles with each). */
  throttles: number;
}

/**
 * One lane of a partition: with parallelizationFactor 1 the partition has one lane and so one batch
 * in flight; with more, records go to lanes by key (as Kinesis does with partition keys), so each
 * key keeps its order while lanes run side by side. In a lane, the batch in flight comes before
 * the queued ones (retries, bisected halves), which come before the records still waiting.
 */
export class Lane {
  /** Fetched records not yet in a batch, in offset order. */
  waiting: BatchRecord[] = [];
  /** When the oldest waiting record arrived: the batching window runs from here. */
  windowStartMs = -1;
  /** Batches to invoke before any new one. */
  readonly queued: TriggerBatch[] = [];
  /** The batch invoked, backing off before a retry, or being written to the destination. */
  inFlight: TriggerBatch | null = null;
  /** The pending batching-window timer, if any. */
  windowTimer: number | null = null;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly index: number,
  ) {}

  /** The lowest offset this lane has not finished with, or undefined if it has none. */
  lowestPending(): number | undefined {
    return (
      this.inFlight?.records[0]?.offset ??
      this.queued[0]?.records[0]?.offset ??
      this.waiting[0]?.offset
    );
  }

  /**
   * The next batch to invoke now, or null: a queued batch first; else a new one of up to
   * `batchSize` waiting records, once there are that many or the window has passed.
   */
  cut(batchSize: number, windowMs: number, nowMs: number): TriggerBatch | null {
    if (this.inFlight) return null;
    const queued = this.queued.shift();
    if (queued) return queued;
    if (this.waiting.length === 0) return null;
    if (this.waiting.length < batchSize && nowMs < this.windowStartMs + windowMs) return null;
    const records = this.waiting.splice(0, batchSize);
    // The records left over start a window of their own now.
    this.windowStartMs = this.waiting.length > 0 ? nowMs : -1;
    return {
      topic: this.topic,
      partition: this.partition,
      lane: this.index,
      records,
      attempt: 1,
      retries: 0,
      throttles: 0,
    };
  }

  /** When a new batch may be cut if nothing more arrives, or undefined. */
  windowDeadline(windowMs: number): number | undefined {
    if (this.inFlight || this.queued.length > 0 || this.waiting.length === 0) return undefined;
    return this.windowStartMs + windowMs;
  }
}

/** The trigger's view of one assigned partition: where it fetches next and its lanes. */
export class PartitionState {
  readonly lanes: Lane[] = [];
  /** The last offset committed (or sent to be committed). */
  committed: number;

  constructor(
    readonly topic: string,
    readonly partition: number,
    laneCount: number,
    /** The next offset to fetch. */
    public position: number,
  ) {
    for (let i = 0; i < laneCount; i++) this.lanes.push(new Lane(topic, partition, i));
    this.committed = position;
  }

  /** Hand fetched records to their lanes. */
  add(records: readonly BatchRecord[], nowMs: number): void {
    const n = this.lanes.length;
    for (const record of records) {
      const lane = this.lanes[laneOf(record, n)];
      if (lane.waiting.length === 0) lane.windowStartMs = nowMs;
      lane.waiting.push(record);
    }
  }

  /** Records fetched and not yet in a batch. */
  buffered(): number {
    let n = 0;
    for (const lane of this.lanes) n += lane.waiting.length;
    return n;
  }

  /** The offset up to which every record is finished: what may be committed. */
  committable(): number {
    let lowest = this.position;
    for (const lane of this.lanes) {
      const pending = lane.lowestPending();
      if (pending !== undefined && pending < lowest) lowest = pending;
    }
    return lowest;
  }
}

/** The lane of a record: by its key's hash (Kafka's murmur2), or by offset for a keyless record. */
export function laneOf(record: Pick<BatchRecord, 'key' | 'offset'>, laneCount: number): number {
  if (laneCount === 1) return 0;
  return record.key === null ? record.offset % laneCount : keyHash(record.key) % laneCount;
}
