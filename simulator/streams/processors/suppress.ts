import type { InternalProcessorContext, NodeProcessor } from '../processor-api.ts';
import type { SuppressBuffer } from '../stores/suppress-buffer.ts';
import { NO_TIMESTAMP, type Change, type StreamRecord } from '../types.ts';

/**
 * `suppress(Suppressed.untilWindowCloses(unbounded()))` (Kafka's `KTableSuppressProcessor`):
 * every update of a windowed table goes into the buffer under its windowed key, replacing the
 * key's earlier update; then every entry whose window end <= stream time - grace leaves the
 * buffer, in window-end then key order, and is forwarded once: the final result, with the
 * timestamp of its last update. Deletions are not emitted (final results never need them).
 * Stream time is the suppressor's own: the largest timestamp of the updates it received, so a
 * record dropped as late upstream does not move it.
 */
export function suppressProcessor(bufferName: string, graceMs: number) {
  return (): NodeProcessor => {
    let ctx: InternalProcessorContext;
    let buffer: SuppressBuffer;
    let observedStreamTime = NO_TIMESTAMP;
    const emit = () => {
      const expiry = observedStreamTime - graceMs;
      for (
        let min = buffer.minTimestampMs();
        min !== undefined && min <= expiry;
        min = buffer.minTimestampMs()
      ) {
        const e = buffer.evictFirst()!;
        if (e.change.newValue === null) continue;
        ctx.trace({
          type: 'suppress.emitted',
          processor: ctx.processorName,
          key: e.key,
          windowStartMs: e.window.startMs,
          windowEndMs: e.window.endMs,
          value: e.change.newValue,
          timestampMs: e.timestampMs,
          streamTimeMs: observedStreamTime,
        });
        const out: StreamRecord<Change> = {
          key: e.key,
          value: e.change,
          timestampMs: e.timestampMs,
          window: e.window,
        };
        ctx.forward(e.headers ? { ...out, headers: e.headers } : out);
      }
    };
    return {
      init(context) {
        ctx = context;
        buffer = context.getStateStore<SuppressBuffer>(bufferName);
      },
      process(r: StreamRecord<unknown>) {
        observedStreamTime = Math.max(observedStreamTime, r.timestampMs);
        if (!r.window || r.key === null) {
          throw new Error(
            `${ctx.processorName}: untilWindowCloses needs windowed records, got key ${r.key}`,
          );
        }
        const change = r.value as Change;
        buffer.put({
          bufferTimeMs: r.window.endMs,
          key: r.key,
          window: r.window,
          change,
          timestampMs: r.timestampMs,
          ...(r.headers ? { headers: r.headers } : {}),
        });
        ctx.trace({
          type: 'suppress.buffered',
          processor: ctx.processorName,
          store: bufferName,
          key: r.key,
          windowStartMs: r.window.startMs,
          windowEndMs: r.window.endMs,
          value: change.newValue,
          timestampMs: r.timestampMs,
          streamTimeMs: observedStreamTime,
        });
        emit();
      },
    };
  };
}
