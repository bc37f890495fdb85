import type { Json } from '../../core/types.ts';
import type { InternalProcessorContext, NodeProcessor } from '../processor-api.ts';
import type { InMemorySessionStore, SessionEntry } from '../stores/session-store.ts';
import { NO_TIMESTAMP, type StreamRecord } from '../types.ts';
import type { SessionWindows } from '../windows.ts';
import { OpenWindows, traceDroppedLate, traceNullKeySkipped } from './open-windows.ts';

/** How a session-windowed stream folds values: initializer, aggregator, and a merger of two sessions. */
export interface SessionAggregationFns {
  readonly initializer: () => Json;
  readonly aggregator: (key: string, value: Json, aggregate: Json) => Json;
  readonly merger: (key: string, aggregateOne: Json, aggregateTwo: Json) => Json;
}

/**
 * `KStreamSessionWindowAggregate`: a record at t merges with the key's sessions that end at or
 * after t - gap and start at or before t + gap. If the merged session ends before stream time -
 * grace - gap, the record is late and dropped. Otherwise the merged sessions are deleted (each
 * forwarded as a tombstone for its old window), the aggregate is updated and the merged session
 * is written and forwarded, with the session end as timestamp. Null keys are dropped.
 */
export function sessionAggregateProcessor(
  storeName: string,
  windows: SessionWindows,
  fns: SessionAggregationFns,
) {
  return (): NodeProcessor => new SessionAggregateProcessor(storeName, windows, fns);
}

class SessionAggregateProcessor implements NodeProcessor {
  private ctx!: InternalProcessorContext;
  private store!: InMemorySessionStore;
  private open!: OpenWindows;
  private observedStreamTime = NO_TIMESTAMP;

  constructor(
    private readonly storeName: string,
    private readonly windows: SessionWindows,
    private readonly fns: SessionAggregationFns,
  ) {}

  init(context: InternalProcessorContext): void {
    this.ctx = context;
    this.store = context.getStateStore<InMemorySessionStore>(this.storeName);
    this.open = new OpenWindows(context, this.storeName, {
      // A session is inclusive of its end: it closes once the close time has passed it.
      closed: (endMs, closeTimeMs) => endMs < closeTimeMs,
      finalValue: (w) => this.store.fetchSession(w.key, w.startMs, w.endMs) ?? undefined,
    });
  }

  process(r: StreamRecord<unknown>): void {
    const ctx = this.ctx;
    const key = r.key;
    if (key === null) return traceNullKeySkipped(ctx, r.timestampMs);
    const ts = r.timestampMs;
    const gap = this.windows.inactivityGapMs;
    this.observedStreamTime = Math.max(this.observedStreamTime, ts);
    const closeTime = this.observedStreamTime - this.windows.graceMs - gap;
    this.open.close(closeTime, this.observedStreamTime);
    const merged = this.store.findSessions(key, ts - gap, ts + gap);
    let agg = this.fns.initializer();
    let startMs = ts;
    let endMs = ts;
    for (const s of merged) {
      agg = this.fns.merger(key, agg, s.value);
      startMs = Math.min(startMs, s.startMs);
      endMs = Math.max(endMs, s.endMs);
    }
    if (endMs < closeTime) {
      traceDroppedLate(ctx, { key, timestampMs: ts }, { startMs, endMs }, this.observedStreamTime);
      return;
    }
    if (startMs !== ts || endMs !== ts) this.removeMerged(r, key, merged, startMs, endMs);
    agg = this.fns.aggregator(key, r.value as Json, agg);
    this.store.put(key, startMs, endMs, agg);
    this.open.add(key, startMs, endMs);
    ctx.trace({
      type: 'window.updated',
      processor: ctx.processorName,
      store: this.storeName,
      key,
      windowStartMs: startMs,
      windowEndMs: endMs,
      value: agg,
      timestampMs: endMs,
    });
    ctx.forward({
      ...r,
      key,
      value: { newValue: agg, oldValue: null },
      timestampMs: endMs,
      window: { startMs, endMs },
    });
  }

  private removeMerged(
    r: StreamRecord<unknown>,
    key: string,
    merged: SessionEntry[],
    startMs: number,
    endMs: number,
  ): void {
    this.ctx.trace({
      type: 'window.merged',
      processor: this.ctx.processorName,
      store: this.storeName,
      key,
      merged: merged.map((s) => ({ startMs: s.startMs, endMs: s.endMs })),
      windowStartMs: startMs,
      windowEndMs: endMs,
    });
    for (const s of merged) {
      this.store.remove(key, s.startMs, s.endMs);
      const window = { startMs: s.startMs, endMs: s.endMs };
      this.ctx.forward({
        ...r,
        key,
        value: { newValue: null, oldValue: s.value },
        timestampMs: s.endMs,
        window,
      });
    }
  }
}
