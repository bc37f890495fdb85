import type { Json } from '../../core/types.ts';
import type { JoinSide } from '../events.ts';
import type { InternalProcessorContext, NodeProcessor } from '../processor-api.ts';
import type { OuterJoinEntry, OuterJoinStore } from '../stores/outer-join-store.ts';
import type { InMemoryWindowStore } from '../stores/window-store.ts';
import { NO_TIMESTAMP, type StreamRecord } from '../types.ts';
import type { JoinWindows } from '../windows.ts';
import type { ValueJoiner } from './table-table-join.ts';

/**
 * `KStreamJoinWindow`: forward the record to its side's join processor first, then buffer it
 * in this side's window store (so a record never meets itself). Records with a null key are not
 * buffered; a record older than the store's retention is not buffered either, and that is traced
 * (`join.droppedExpired`).
 */
export function joinWindowProcessor(storeName: string, side: JoinSide) {
  return (): NodeProcessor => new JoinWindowProcessor(storeName, side);
}

/** A class at module level (see `stateless.ts` for why not one made per processor). */
class JoinWindowProcessor implements NodeProcessor {
  private ctx!: InternalProcessorContext;
  private store!: InMemoryWindowStore;

  constructor(
    private readonly storeName: string,
    private readonly side: JoinSide,
  ) {}

  init(context: InternalProcessorContext): void {
    const ctx = (this.ctx = context);
    const storeName = this.storeName;
    this.store = context.getStateStore<InMemoryWindowStore>(storeName);
    if (ctx.tracing)
      this.store.onExpire = (key, value, timestampMs, streamTimeMs) =>
        ctx.traceStamped({
          type: 'join.expired',
          at: ctx.currentSystemTimeMs(),
          task: ctx.taskId(),
          store: storeName,
          key,
          value,
          timestampMs,
          streamTimeMs,
          instance: ctx.instance,
        });
  }

  process(r: StreamRecord<unknown>): void {
    const ctx = this.ctx;
    ctx.forward(r);
    if (r.key === null) return;
    const value = r.value as Json;
    const stored = this.store.putWithTimestamp(r.key, value, r.timestampMs, r.timestampMs);
    // A null value is the join's to drop (it traces `record.skipped`), not the buffer's.
    if (value === null || !ctx.tracing) return;
    if (stored)
      ctx.traceStamped({
        type: 'join.buffered',
        at: ctx.currentSystemTimeMs(),
        task: ctx.taskId(),
        processor: ctx.processorName,
        store: this.storeName,
        side: this.side,
        key: r.key,
        value,
        timestampMs: r.timestampMs,
        instance: ctx.instance,
      });
    else
      ctx.trace({
        type: 'join.droppedExpired',
        processor: ctx.processorName,
        store: this.storeName,
        side: this.side,
        key: r.key,
        value,
        timestampMs: r.timestampMs,
        streamTimeMs: this.store.streamTimeMs,
      });
  }
}

/** Kafka's `Long.MAX_VALUE` start value of the tracker's minimum buffered time. */
const UNKNOWN_MIN_TIME = Number.MAX_SAFE_INTEGER;

/** Stream time shared by a join's two sides in one task (Kafka's `KStreamImplJoin.TimeTracker`). */
export class JoinTimeTracker {
  streamTime = NO_TIMESTAMP;
  minTime = UNKNOWN_MIN_TIME;
  nextTimeToEmit = 0;
}

/** One side of a stream-stream join. */
export interface StreamJoinSide {
  /** Which input this processor handles. */
  readonly side: JoinSide;
  /** The other side's window store. */
  readonly otherStore: string;
  /** The shared outer-join store (left/outer joins), or null. */
  readonly outerStore: string | null;
  /** Whether records of this side come out null-joined when unmatched. */
  readonly outer: boolean;
  readonly windows: JoinWindows;
  /** The user's joiner (left value, right value, key). */
  readonly joiner: ValueJoiner;
  /** Names the time tracker both sides share. */
  readonly trackerKey: string;
}

/**
 * One side of a KStream-KStream join as Kafka Streams 3.7+ runs it (`KStreamKStreamJoin`, read at 3.8.0):
 * - a record joins every buffered record of the other side in `[t - before, t + after]` (the
 *   right side uses the mirrored bounds) at once; each result has timestamp max(t, t');
 * - an unmatched record of an outer side goes to the shared outer-join store (KIP-633) and is
 *   emitted null-joined only when stream time passes t + after + grace (t + before + grace for
 *   the right side); a later match removes it. It is emitted at once if its window already ended
 *   (t + after < stream time): "late";
 * - stream time is shared by both sides; the store is scanned when a record does not move stream
 *   time backwards, at most once per `outerJoinEmitIntervalMs` of wall-clock time;
 * - null values are dropped; null keys are dropped, except on an outer side (KIP-962, 3.7).
 * Kafka's cheap pre-check before the scan (minimum buffered time + this side's after + grace) is
 * kept as is, since it decides when results appear.
 */
export function streamStreamJoinProcessor(params: StreamJoinSide) {
  return (): NodeProcessor => new StreamJoinProcessor(params);
}

class StreamJoinProcessor implements NodeProcessor {
  private ctx!: InternalProcessorContext;
  private other!: InMemoryWindowStore;
  private outerStore: OuterJoinStore | null = null;
  private tracker!: JoinTimeTracker;
  private readonly beforeMs: number;
  private readonly afterMs: number;
  private readonly isLeft: boolean;

  constructor(private readonly p: StreamJoinSide) {
    this.isLeft = p.side === 'left';
    this.beforeMs = this.isLeft ? p.windows.beforeMs : p.windows.afterMs;
    this.afterMs = this.isLeft ? p.windows.afterMs : p.windows.beforeMs;
  }

  init(context: InternalProcessorContext): void {
    this.ctx = context;
    this.other = context.getStateStore<InMemoryWindowStore>(this.p.otherStore);
    if (this.p.outerStore)
      this.outerStore = context.getStateStore<OuterJoinStore>(this.p.outerStore);
    this.tracker = context.taskLocal(this.p.trackerKey, () => new JoinTimeTracker());
  }

  process(r: StreamRecord<unknown>): void {
    const ts = r.timestampMs;
    const value = r.value as Json;
    const tracker = this.tracker;
    tracker.streamTime = Math.max(tracker.streamTime, ts);
    if (this.p.outer && r.key === null && value !== null) {
      this.emitNonJoined(r, null, value, ts, 'nullKey');
      return;
    }
    if (r.key === null || value === null) {
      this.ctx.trace({
        type: 'record.skipped',
        processor: this.ctx.processorName,
        key: r.key,
        timestampMs: ts,
        reason: 'nullKeyOrValue',
      });
      return;
    }
    if (ts === tracker.streamTime && this.outerStore) this.emitClosedNonJoined(r);
    const timeFrom = Math.max(0, ts - this.beforeMs);
    const timeTo = Math.max(0, ts + this.afterMs);
    const matches = this.other.fetchMatches(r.key, timeFrom, timeTo);
    for (const m of matches) this.emitMatch(r, r.key, value, m.value, m.timestampMs);
    if (!this.p.outer || matches.length > 0) return;
    if (!this.outerStore || timeTo < tracker.streamTime) {
      this.emitNonJoined(r, r.key, value, ts, 'late');
      return;
    }
    tracker.minTime = Math.min(tracker.minTime, ts);
    this.outerStore.add(ts, this.isLeft, r.key, value);
    this.ctx.trace({
      type: 'join.nonMatchBuffered',
      processor: this.ctx.processorName,
      store: this.outerStore.name,
      side: this.p.side,
      key: r.key,
      value,
      timestampMs: ts,
    });
  }

  private emitMatch(
    r: StreamRecord<unknown>,
    key: string,
    mine: Json,
    theirs: Json,
    theirTs: number,
  ): void {
    if (this.outerStore?.remove(theirTs, !this.isLeft, key)) {
      this.ctx.trace({
        type: 'join.nonMatchCancelled',
        processor: this.ctx.processorName,
        store: this.outerStore.name,
        side: this.isLeft ? 'right' : 'left',
        key,
        timestampMs: theirTs,
      });
    }
    const left = this.isLeft ? mine : theirs;
    const right = this.isLeft ? theirs : mine;
    const timestampMs = Math.max(r.timestampMs, theirTs);
    if (this.ctx.tracing)
      this.ctx.traceStamped({
        type: 'join.matched',
        at: this.ctx.currentSystemTimeMs(),
        task: this.ctx.taskId(),
        processor: this.ctx.processorName,
        key,
        left,
        right,
        timestampMs,
        instance: this.ctx.instance,
      });
    this.ctx.forward({ ...r, value: this.p.joiner(left, right, key), timestampMs });
  }

  private emitNonJoined(
    r: StreamRecord<unknown>,
    key: string | null,
    mine: Json,
    ts: number,
    reason: 'nullKey' | 'late',
  ): void {
    this.ctx.trace({
      type: 'join.nonMatchEmitted',
      processor: this.ctx.processorName,
      side: this.p.side,
      key,
      value: mine,
      timestampMs: ts,
      reason,
    });
    const value = this.isLeft ? this.p.joiner(mine, null, key) : this.p.joiner(null, mine, key);
    this.ctx.forward({ ...r, key, value, timestampMs: ts });
  }

  /** Kafka's `emitNonJoinedOuterRecords`: null-join the waiting records whose window has closed. */
  private emitClosedNonJoined(r: StreamRecord<unknown>): void {
    const tracker = this.tracker;
    const grace = this.p.windows.graceMs;
    if (tracker.minTime === UNKNOWN_MIN_TIME) {
      // Kafka's `minTime + after + grace` overflows a Java long when minTime is still
      // Long.MAX_VALUE (nothing buffered since start, e.g. a task restored from its changelog),
      // so it scans then; it skips only if after + grace <= 0.
      if (this.afterMs + grace <= 0) return;
    } else if (tracker.minTime + this.afterMs + grace >= tracker.streamTime) return;
    const now = this.ctx.currentSystemTimeMs();
    if (now < tracker.nextTimeToEmit) return;
    tracker.nextTimeToEmit = now + this.ctx.config.outerJoinEmitIntervalMs;
    tracker.minTime = UNKNOWN_MIN_TIME;
    let leftOpen = false;
    let rightOpen = false;
    for (const entry of this.outerStore!.entries()) {
      tracker.minTime = entry.timestampMs;
      if (leftOpen && rightOpen) break;
      const lookBack = entry.left ? this.p.windows.afterMs : this.p.windows.beforeMs;
      if (tracker.minTime + lookBack + grace >= tracker.streamTime) {
        if (entry.left) leftOpen = true;
        else rightOpen = true;
        continue;
      }
      this.emitEntry(r, entry);
    }
  }

  private emitEntry(r: StreamRecord<unknown>, entry: OuterJoinEntry): void {
    const side: JoinSide = entry.left ? 'left' : 'right';
    for (const v of entry.values) {
      this.ctx.trace({
        type: 'join.nonMatchEmitted',
        processor: this.ctx.processorName,
        side,
        key: entry.key,
        value: v,
        timestampMs: entry.timestampMs,
        reason: 'windowClosed',
      });
      const value = entry.left
        ? this.p.joiner(v, null, entry.key)
        : this.p.joiner(null, v, entry.key);
      this.ctx.forward({ ...r, key: entry.key, value, timestampMs: entry.timestampMs });
    }
    this.outerStore!.remove(entry.timestampMs, entry.left, entry.key);
  }
}
