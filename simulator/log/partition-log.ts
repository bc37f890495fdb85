import type { SimRecord } from '../core/types.ts';
import type { EventOf, IsolationLevel } from '../trace/events.ts';
import { CleanerIndex } from './cleaner-index.ts';
import type { KafkaError } from './protocol.ts';
import { AbortedIndex, OpenTransactions } from './txn-index.ts';

/** Transactional status of an entry: what a `read_committed` reader may see of it. */
export type EntryStatus = 'plain' | 'open' | 'committed' | 'aborted';

/**
 * A stored entry is the very trace event that announced it: a `record.appended` for a data record,
 * a `marker.written` for a control record. The log keeps no second copy (a million records are a
 * million objects, not two million); what changes later, the transactional status, follows from
 * the open and aborted transactions the log keeps beside (txn-index.ts).
 */
export type StoredEntry = EventOf<'record.appended'> | EventOf<'marker.written'>;

/** One entry as tests and dumps read it: offset, record or marker, and status now. */
export interface LogEntry {
  readonly offset: number;
  /** The data record; null for a control record. */
  readonly record: SimRecord | null;
  readonly control: 'COMMIT' | 'ABORT' | null;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly sequence: number;
  readonly transactional: boolean;
  /** When the broker appended it, virtual ms; retention and compaction use it. */
  readonly appendedAtMs: number;
  readonly status: EntryStatus;
}

/** What the broker remembers of one producer on one partition (Kafka's ProducerStateEntry). */
interface ProducerState {
  epoch: number;
  lastSequence: number;
  /** Metadata of the last five batches: a retry of any of them is recognised as a duplicate. */
  recentBatches: { baseSequence: number; lastSequence: number; baseOffset: number }[];
}

/** Kafka keeps the metadata of this many recent batches per producer for duplicate detection. */
const RECENT_BATCHES = 5;

export type AppendResult =
  | { ok: true; baseOffset: number; duplicate: false }
  | { ok: true; baseOffset: number; duplicate: true }
  | { ok: false; error: KafkaError; expectedSequence: number; currentEpoch: number };

export interface AppendBatch {
  producer: string;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  transactional: boolean;
  records: readonly SimRecord[];
}

export interface FetchResult {
  error: KafkaError | null;
  offsets: number[];
  records: SimRecord[];
  nextOffset: number;
}

/**
 * One partition's log on the (single) broker: offsets, the idempotent-producer state, open
 * transactions and the last stable offset, retention and compaction.
 *
 * Simplifications, documented for the chapters: one replica, so the high watermark equals the log
 * end offset as soon as a batch is appended; retention and compaction work record by record, not
 * segment by segment; the broker (not the client) filters aborted records out of `read_committed`
 * fetches.
 */
export class PartitionLog {
  /** Entries in offset order; `entries[head]` is the first one still in the log. */
  private entries: StoredEntry[] = [];
  private head = 0;
  private nextOffset = 0;
  /** Offsets below this were seen by the last cleaning; what follows is the dirty part. */
  private cleanedUpTo = 0;
  /** When the oldest tombstone the cleaner kept may be deleted: a reason to clean again. */
  private tombstoneDueAtMs = Number.MAX_SAFE_INTEGER;
  /** The cleaner's memory of this partition, made at its first cleaning. */
  private cleanerIndex: CleanerIndex | null = null;
  private startOffset = 0;
  private readonly producers = new Map<number, ProducerState>();
  /** Transactional records no marker has resolved yet. */
  private readonly openTxns = new OpenTransactions();
  /** Transactional records an ABORT marker resolved: what `read_committed` never sees. */
  private readonly aborted = new AbortedIndex();

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  get logStartOffset(): number {
    return this.startOffset;
  }

  get logEndOffset(): number {
    return this.nextOffset;
  }

  /** One replica: everything appended is replicated. */
  get highWatermark(): number {
    return this.nextOffset;
  }

  /** The first offset of a still-open transaction, or the high watermark when none is open. */
  get lastStableOffset(): number {
    return this.openTxns.firstOpenOffset(this.highWatermark);
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  /** Append a producer's batch, applying Kafka's idempotence and fencing rules first. */
  append(batch: AppendBatch, nowMs: number): AppendResult {
    if (batch.producerId >= 0) {
      const verdict = this.checkSequence(batch);
      if (verdict) return verdict;
    }
    // Offset commits inside a transaction carry no sequence (RecordBatch.NO_SEQUENCE).
    const sequenced = batch.producerId >= 0 && batch.baseSequence >= 0;
    const baseOffset = this.nextOffset;
    for (let i = 0; i < batch.records.length; i++) {
      const entry: EventOf<'record.appended'> = {
        type: 'record.appended',
        at: nowMs,
        topic: this.topic,
        partition: this.partition,
        offset: this.nextOffset++,
        record: batch.records[i],
        producer: batch.producer,
        producerId: batch.producerId,
        producerEpoch: batch.producerEpoch,
        sequence: sequenced ? batch.baseSequence + i : -1,
        transactional: batch.transactional,
      };
      this.entries.push(entry);
    }
    if (sequenced) this.rememberBatch(batch, baseOffset);
    if (batch.transactional) this.openTxns.note(batch.producerId, baseOffset, this.nextOffset);
    return { ok: true, baseOffset, duplicate: false };
  }

  /**
   * The data entry at `offset`, one of those the last append added: they are the log's last
   * entries, so it is found by its distance from the end. The broker traces a batch's entries
   * through this: no array of them is made per batch.
   */
  appendedEntry(offset: number): EventOf<'record.appended'> {
    return this.entries[
      this.entries.length - (this.nextOffset - offset)
    ] as EventOf<'record.appended'>;
  }

  /** Write a COMMIT or ABORT marker for a producer's transaction and resolve its records. */
  writeMarker(
    producer: string,
    producerId: number,
    producerEpoch: number,
    commit: boolean,
    nowMs: number,
  ): EventOf<'marker.written'> {
    void producer;
    const marker: EventOf<'marker.written'> = {
      type: 'marker.written',
      at: nowMs,
      topic: this.topic,
      partition: this.partition,
      offset: this.nextOffset++,
      producerId,
      producerEpoch,
      marker: commit ? 'COMMIT' : 'ABORT',
    };
    this.entries.push(marker);
    // Committed records need nothing more: a transactional record not open or aborted is committed.
    const ranges = this.openTxns.take(producerId);
    if (ranges && !commit) this.aborted.add(ranges);
    // A marker from a newer epoch fences older ones on this partition too.
    const state = this.producers.get(producerId);
    if (state && producerEpoch > state.epoch) {
      state.epoch = producerEpoch;
      state.lastSequence = -1;
      state.recentBatches = [];
    }
    return marker;
  }

  /** Does this producer have records of an open transaction here? */
  hasOpenTransaction(producerId: number): boolean {
    return this.openTxns.has(producerId);
  }

  /** Read up to `maxRecords` data records from `offset`, as a reader at `isolation` may see them. */
  fetch(offset: number, maxRecords: number, isolation: IsolationLevel): FetchResult {
    if (offset < this.startOffset || offset > this.nextOffset) {
      return { error: 'OFFSET_OUT_OF_RANGE', offsets: [], records: [], nextOffset: offset };
    }
    const limit = isolation === 'read_committed' ? this.lastStableOffset : this.highWatermark;
    const readCommitted = isolation === 'read_committed';
    const first = this.indexOf(offset);
    // Two passes over the same few entries: the first finds where the read stops and how many
    // records it gives, so the arrays are made at their exact size. (Grown by pushes, a fetch's few
    // records left most of 17 slots unused, in offsets arrays the trace keeps; made larger and cut
    // afterwards, each cut was a call into the runtime.)
    let count = 0;
    let end = first;
    let next = offset;
    for (; end < this.entries.length; end++) {
      const entry = this.entries[end];
      if (entry.offset >= limit || count >= maxRecords) break;
      next = entry.offset + 1;
      if (this.readable(entry, readCommitted)) count++;
    }
    const offsets: number[] = new Array(count);
    const records: SimRecord[] = new Array(count);
    for (let i = first, k = 0; i < end; i++) {
      const entry = this.entries[i];
      if (!this.readable(entry, readCommitted)) continue;
      offsets[k] = entry.offset;
      records[k++] = entry.record;
    }
    // Past the last entry the position may still move up to the limit (compacted-away offsets).
    if (count < maxRecords && next < limit && this.indexOf(next) >= this.entries.length) {
      next = limit;
    }
    return { error: null, offsets, records, nextOffset: next };
  }

  /** Is the entry a data record a reader at this isolation level sees? */
  private readable(
    entry: StoredEntry,
    readCommitted: boolean,
  ): entry is EventOf<'record.appended'> {
    return entry.type === 'record.appended' && !(readCommitted && this.aborted.has(entry.offset));
  }

  /** Every entry still in the log, in offset order (for dumps and tests). */
  allEntries(): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = this.head; i < this.entries.length; i++) {
      const e = this.entries[i];
      const data = e.type === 'record.appended';
      out.push({
        offset: e.offset,
        record: data ? e.record : null,
        control: data ? null : e.marker,
        producerId: e.producerId,
        producerEpoch: e.producerEpoch,
        sequence: data ? e.sequence : -1,
        transactional: data ? e.transactional : true,
        appendedAtMs: e.at,
        status: this.statusOf(e),
      });
    }
    return out;
  }

  /**
   * Retention (cleanup.policy=delete): drop records appended more than `retentionMs` ago, and the
   * oldest beyond `retentionRecords`, never past the last stable offset. Returns the new log start
   * offset, or null if nothing was deleted.
   */
  enforceRetention(
    nowMs: number,
    retentionMs: number | undefined,
    retentionRecords: number | undefined,
  ): { logStartOffset: number; reason: 'retention.ms' | 'retention.bytes' } | null {
    const stable = this.lastStableOffset;
    let head = this.head;
    let reason: 'retention.ms' | 'retention.bytes' = 'retention.ms';
    const end = this.entries.length;
    if (retentionRecords !== undefined && end - head > retentionRecords) {
      head = end - retentionRecords;
      reason = 'retention.bytes';
    }
    if (retentionMs !== undefined) {
      // Kafka deletes a segment once `now - largestTimestamp > retention.ms` (strictly).
      while (head < end && nowMs - this.entries[head].at > retentionMs) head++;
    }
    while (head > this.head && this.entries[head - 1].offset >= stable) head--;
    if (head === this.head) return null;
    this.head = head;
    this.startOffset = head < end ? this.entries[head].offset : this.nextOffset;
    this.aborted.forgetBelow(this.startOffset);
    if (this.head > 4096 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return { logStartOffset: this.startOffset, reason };
  }

  /**
   * Log compaction (cleanup.policy=compact): below the last stable offset, a record older than
   * `minCompactionLagMs` is removed when a later record has the same key; a tombstone (null value)
   * that is the latest for its key is removed once older than `deleteRetentionMs`. Aborted records
   * are removed too. Control records stay. Returns the removed offsets in order.
   *
   * As Kafka's cleaner, it only runs once the dirty part of the log (appended since the last
   * cleaning) is at least `minCleanableDirtyRatio` of it (min.cleanable.dirty.ratio, default 0.5),
   * so a busy compacted topic costs linear time overall, not a full pass per housekeeping tick.
   */
  compact(
    nowMs: number,
    minCompactionLagMs: number,
    deleteRetentionMs: number,
    minCleanableDirtyRatio = 0.5,
  ): number[] {
    const stable = this.lastStableOffset;
    const dirtyFrom = this.indexOf(this.cleanedUpTo);
    const total = this.entries.length - this.head;
    const dirty = this.entries.length - dirtyFrom;
    const tombstonesDue = nowMs >= this.tombstoneDueAtMs;
    if (total === 0 || (dirty < total * minCleanableDirtyRatio && !tombstonesDue)) return [];
    // Records younger than min.compaction.lag.ms stay dirty for the next pass (Kafka's first
    // uncleanable offset); so do tombstones not yet past delete.retention.ms.
    let uncleanable = stable;
    for (let i = dirtyFrom; i < this.entries.length; i++) {
      if (this.entries[i].offset >= stable) break;
      if (nowMs - this.entries[i].at < minCompactionLagMs) {
        uncleanable = this.entries[i].offset;
        break;
      }
    }
    this.cleanedUpTo = uncleanable;
    this.tombstoneDueAtMs = Number.MAX_SAFE_INTEGER;
    const index = (this.cleanerIndex ??= new CleanerIndex());
    index.readUpToStable(this.entries, this.aborted, this.head, stable);
    if (index.nothingToClean) return [];
    const latest = index.latest;
    index.resetCounts();
    const removed: number[] = [];
    // The kept entries are copied only from the first removal on.
    let kept: StoredEntry[] | null = null;
    for (let i = this.head; i < this.entries.length; i++) {
      const e = this.entries[i];
      const aborted = e.type === 'record.appended' && this.aborted.has(e.offset);
      const drop =
        e.offset < stable &&
        e.type === 'record.appended' &&
        this.removable(e, aborted, latest, nowMs, minCompactionLagMs, deleteRetentionMs);
      if (drop) {
        if (kept === null) kept = this.entries.slice(this.head, i);
        removed.push(e.offset);
        index.forgetLatest(e);
        continue;
      }
      if (kept !== null) kept.push(e);
      if (e.type === 'record.appended') index.countKept(e, aborted);
      if (e.type === 'record.appended' && e.record.value === null && e.offset < uncleanable) {
        this.tombstoneDueAtMs = Math.min(this.tombstoneDueAtMs, e.at + deleteRetentionMs);
      }
    }
    if (kept !== null) {
      this.entries = kept;
      this.head = 0;
    }
    return removed;
  }

  private removable(
    e: EventOf<'record.appended'>,
    aborted: boolean,
    latest: Map<string, number>,
    nowMs: number,
    minCompactionLagMs: number,
    deleteRetentionMs: number,
  ): boolean {
    if (aborted) return true;
    const record = e.record;
    if (record.key === null) return false;
    if (nowMs - e.at < minCompactionLagMs) return false;
    if (latest.get(record.key) !== e.offset) return true;
    return record.value === null && nowMs - e.at >= deleteRetentionMs;
  }

  private checkSequence(batch: AppendBatch): AppendResult | null {
    const state = this.producers.get(batch.producerId);
    const fencedError: KafkaError = batch.transactional
      ? 'PRODUCER_FENCED'
      : 'INVALID_PRODUCER_EPOCH';
    if (state && batch.producerEpoch < state.epoch) {
      return { ok: false, error: fencedError, expectedSequence: -1, currentEpoch: state.epoch };
    }
    if (batch.baseSequence < 0) return null;
    if (!state || batch.producerEpoch > state.epoch) {
      // A new producer or a new epoch starts its sequences at zero.
      if (batch.baseSequence === 0) return null;
      return {
        ok: false,
        error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
        expectedSequence: 0,
        currentEpoch: state?.epoch ?? batch.producerEpoch,
      };
    }
    for (const b of state.recentBatches) {
      if (b.baseSequence === batch.baseSequence) {
        return { ok: true, baseOffset: b.baseOffset, duplicate: true };
      }
    }
    if (batch.baseSequence !== state.lastSequence + 1) {
      return {
        ok: false,
        error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
        expectedSequence: state.lastSequence + 1,
        currentEpoch: state.epoch,
      };
    }
    return null;
  }

  private rememberBatch(batch: AppendBatch, baseOffset: number): void {
    let state = this.producers.get(batch.producerId);
    if (!state || batch.producerEpoch > state.epoch) {
      state = { epoch: batch.producerEpoch, lastSequence: -1, recentBatches: [] };
      this.producers.set(batch.producerId, state);
    }
    const lastSequence = batch.baseSequence + batch.records.length - 1;
    state.lastSequence = lastSequence;
    state.recentBatches.push({ baseSequence: batch.baseSequence, lastSequence, baseOffset });
    if (state.recentBatches.length > RECENT_BATCHES) state.recentBatches.shift();
  }

  /** An entry's transactional status now, for tests and dumps. */
  private statusOf(e: StoredEntry): EntryStatus {
    if (e.type === 'marker.written') return e.marker === 'COMMIT' ? 'committed' : 'aborted';
    if (!e.transactional) return 'plain';
    if (this.openTxns.isOpen(e.producerId, e.offset)) return 'open';
    return this.aborted.has(e.offset) ? 'aborted' : 'committed';
  }

  /**
   * Index in `entries` of the first entry with offset ≥ `offset`, searching from index `from`.
   *
   * Offsets rise by at least one per entry, so the answer is no further than `offset - (offset at
   * from)` entries on: in a log with no gaps (nothing compacted away) that entry is the answer and
   * the search ends at once; otherwise a binary search runs below it.
   */
  private indexOf(offset: number, from = this.head): number {
    const entries = this.entries;
    if (from >= entries.length) return from;
    let hi = Math.min(entries.length, from + Math.max(0, offset - entries[from].offset));
    if (hi === from || entries[hi - 1].offset < offset) return hi;
    let lo = from;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (entries[mid].offset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
