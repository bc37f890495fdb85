import type { Json } from '../../core/types.ts';
import type { InternalProcessorContext } from '../processor-api.ts';
import { MinHeap } from '../stores/min-heap.ts';

/** A window an aggregation wrote to and has not yet seen close. */
export interface OpenWindow {
  readonly key: string;
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * The windows (or sessions) a windowed aggregation has open, earliest end first, so that it can
 * trace each one's `window.closed` with its final value once stream time has passed it. Kafka
 * Streams traces nothing here (it just stops accepting records for the window); the trace shows
 * the moment so a view can draw it.
 */
export class OpenWindows {
  private seq = 0;
  private readonly heap = new MinHeap<OpenWindow & { readonly seq: number }>((a, b) =>
    a.endMs !== b.endMs ? a.endMs < b.endMs : a.seq < b.seq,
  );

  constructor(
    private readonly ctx: InternalProcessorContext,
    private readonly storeName: string,
    private readonly rules: {
      /** Whether a window ending at `endMs` has closed at this close time. */
      readonly closed: (endMs: number, closeTimeMs: number) => boolean;
      /** Its final value, read from the store (undefined: gone, merged into a larger session). */
      readonly finalValue: (window: OpenWindow) => Json | undefined;
    },
  ) {}

  /** Remember a window that was just created. */
  add(key: string, startMs: number, endMs: number): void {
    this.heap.push({ key, startMs, endMs, seq: this.seq++ });
  }

  /**
   * Trace every window closed at `closeTimeMs`, oldest end first, with its final value (a window
   * merged away since is not traced).
   */
  close(closeTimeMs: number, streamTimeMs: number): void {
    const { closed, finalValue } = this.rules;
    for (
      let top = this.heap.peek();
      top && closed(top.endMs, closeTimeMs);
      top = this.heap.peek()
    ) {
      this.heap.pop();
      const value = finalValue(top);
      if (value === undefined) continue;
      this.ctx.trace({
        type: 'window.closed',
        processor: this.ctx.processorName,
        store: this.storeName,
        key: top.key,
        windowStartMs: top.startMs,
        windowEndMs: top.endMs,
        value,
        streamTimeMs,
      });
    }
  }
}

/** Trace a record a windowed aggregation drops because its key is null. */
export function traceNullKeySkipped(ctx: InternalProcessorContext, timestampMs: number): void {
  ctx.trace({
    type: 'record.skipped',
    processor: ctx.processorName,
    key: null,
    timestampMs,
    reason: 'nullKey',
  });
}

/** Trace a record dropped because the window it belongs to closed before it came. */
export function traceDroppedLate(
  ctx: InternalProcessorContext,
  record: { readonly key: string; readonly timestampMs: number },
  window: { readonly startMs: number; readonly endMs: number },
  streamTimeMs: number,
): void {
  ctx.trace({
    type: 'record.droppedLate',
    processor: ctx.processorName,
    key: record.key,
    timestampMs: record.timestampMs,
    streamTimeMs,
    windowStartMs: window.startMs,
    windowEndMs: window.endMs,
  });
}
