import type { Json } from '../../core/types.ts';
import type { InternalProcessorContext, NodeProcessor } from '../processor-api.ts';
import type { InMemoryWindowStore } from '../stores/window-store.ts';
import { NO_TIMESTAMP, type StreamRecord, type WindowInfo } from '../types.ts';
import type { TimeWindows } from '../windows.ts';
import type { AggregationFns } from './aggregate.ts';
import { OpenWindows, traceDroppedLate, traceNullKeySkipped } from './open-windows.ts';

/**
 * `KStreamWindowAggregate` (count, reduce, aggregate of a time-windowed stream): a record goes
 * into every window containing its timestamp whose end is still > stream time - grace; for the
 * others it is dropped as late. Each update is stored with timestamp max(record, previous) and
 * forwarded at once as a `Change` for the windowed key. Records with a null key are dropped
 * (null values are aggregated, as Kafka's windowed aggregation does). Stream time is the
 * processor's own: the largest timestamp it has seen. `window.closed` is traced when stream time
 * reaches a window's end + grace (Kafka just stops accepting records for it).
 */
export function windowAggregateProcessor(
  storeName: string,
  windows: TimeWindows,
  fns: AggregationFns,
) {
  return (): NodeProcessor => new WindowAggregateProcessor(storeName, windows, fns);
}

class WindowAggregateProcessor implements NodeProcessor {
  private ctx!: InternalProcessorContext;
  private store!: InMemoryWindowStore;
  private open!: OpenWindows;
  private observedStreamTime = NO_TIMESTAMP;

  constructor(
    private readonly storeName: string,
    private readonly windows: TimeWindows,
    private readonly fns: AggregationFns,
  ) {}

  init(context: InternalProcessorContext): void {
    this.ctx = context;
    this.store = context.getStateStore<InMemoryWindowStore>(this.storeName);
    this.open = new OpenWindows(context, this.storeName, {
      closed: (endMs, closeTimeMs) => endMs <= closeTimeMs,
      finalValue: (w) => this.store.fetch(w.key, w.startMs),
    });
  }

  process(r: StreamRecord<unknown>): void {
    const key = r.key;
    if (key === null) return traceNullKeySkipped(this.ctx, r.timestampMs);
    this.observedStreamTime = Math.max(this.observedStreamTime, r.timestampMs);
    const closeTime = this.observedStreamTime - this.windows.graceMs;
    this.open.close(closeTime, this.observedStreamTime);
    for (const window of this.windows.windowsFor(r.timestampMs)) {
      if (window.endMs > closeTime) this.update(r, key, window);
      else
        traceDroppedLate(
          this.ctx,
          { key, timestampMs: r.timestampMs },
          window,
          this.observedStreamTime,
        );
    }
  }

  private update(r: StreamRecord<unknown>, key: string, window: WindowInfo): void {
    const old = this.store.fetchWithTimestamp(key, window.startMs);
    const value = r.value as Json;
    const timestampMs = old ? Math.max(r.timestampMs, old.timestampMs) : r.timestampMs;
    let newAgg: Json;
    if (this.fns.kind === 'reduce')
      newAgg = old && old.value !== null ? this.fns.reducer(old.value, value) : value;
    else newAgg = this.fns.aggregator(key, value, old ? old.value : this.fns.initializer());
    this.store.putWithTimestamp(key, newAgg, window.startMs, timestampMs);
    if (!old) this.open.add(key, window.startMs, window.endMs);
    this.ctx.trace({
      type: 'window.updated',
      processor: this.ctx.processorName,
      store: this.storeName,
      key,
      windowStartMs: window.startMs,
      windowEndMs: window.endMs,
      value: newAgg,
      timestampMs,
    });
    this.ctx.forward({
      ...r,
      key,
      value: { newValue: newAgg, oldValue: old ? old.value : null },
      timestampMs,
      window,
    });
  }
}
