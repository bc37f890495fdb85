import type { Headers, Json } from '../../core/types.ts';
import { StreamsException } from '../errors.ts';
import { compareKeys } from '../key-order.ts';
import type { Change, WindowInfo } from '../types.ts';
import { MinHeap } from './min-heap.ts';
import type { StateStore, StoreContext } from './state-store.ts';
import { parseSessionStoreKey, sessionStoreKey } from './store-keys.ts';

/** One buffered update of a suppression buffer. */
export interface BufferedRecord {
  /** When the entry may leave the buffer (for `untilWindowCloses`: the window end), ms. */
  readonly bufferTimeMs: number;
  /** The plain key. */
  readonly key: string;
  /** The key's window. */
  readonly window: WindowInfo;
  /** The latest update for this windowed key. */
  readonly change: Change;
  /** The timestamp of that update (the emitted record keeps it), ms. */
  readonly timestampMs: number;
  /** Its headers. */
  readonly headers?: Headers;
}

interface HeapItem {
  readonly record: BufferedRecord;
  readonly id: string;
}

/**
 * The buffer of `suppress()` (Kafka's `InMemoryTimeOrderedKeyValueBuffer`): one entry per
 * windowed key, the latest update replacing the earlier one, ordered by buffer time then key.
 * Simplification: the buffer is unbounded (`BufferConfig.unbounded()`), the only buffer config
 * `untilWindowCloses` allows without risking early emits.
 */
export class SuppressBuffer implements StateStore {
  readonly kind = 'suppressBuffer' as const;
  private readonly entries = new Map<string, BufferedRecord>();
  private readonly heap = new MinHeap<HeapItem>((a, b) => {
    const x = a.record;
    const y = b.record;
    if (x.bufferTimeMs !== y.bufferTimeMs) return x.bufferTimeMs < y.bufferTimeMs;
    const byKey = compareKeys(x.key, y.key);
    if (byKey !== 0) return byKey < 0;
    return x.window.startMs !== y.window.startMs
      ? x.window.startMs < y.window.startMs
      : x.window.endMs < y.window.endMs;
  });

  constructor(
    readonly name: string,
    readonly logged: boolean,
    private readonly context: StoreContext,
  ) {}

  /** The number of buffered keys. */
  get size(): number {
    return this.entries.size;
  }

  /** Buffer `record`, replacing the earlier update of the same windowed key. */
  put(record: BufferedRecord): void {
    const id = sessionStoreKey(record.key, record.window.startMs, record.window.endMs);
    this.entries.set(id, record);
    this.heap.push({ record, id });
    this.context.onWrite(id, bufferValue(record), record.timestampMs);
  }

  /** The earliest buffer time, or undefined when empty. */
  minTimestampMs(): number | undefined {
    this.dropStale();
    return this.heap.peek()?.record.bufferTimeMs;
  }

  /** Remove and return the entry with the earliest buffer time (then key). */
  evictFirst(): BufferedRecord | undefined {
    this.dropStale();
    const item = this.heap.pop();
    if (!item) return undefined;
    this.entries.delete(item.id);
    this.context.onWrite(item.id, null, item.record.timestampMs);
    return item.record;
  }

  /** The buffered entries in eviction order. */
  all(): BufferedRecord[] {
    return [...this.entries.values()].sort((a, b) =>
      a.bufferTimeMs !== b.bufferTimeMs
        ? a.bufferTimeMs - b.bufferTimeMs
        : compareKeys(a.key, b.key) || a.window.startMs - b.window.startMs,
    );
  }

  restore(changelogKey: string, value: Json): void {
    const { key, startMs, endMs } = parseSessionStoreKey(changelogKey);
    if (value === null) {
      this.entries.delete(changelogKey);
      return;
    }
    const v = value as { [k: string]: Json };
    if (typeof v !== 'object' || typeof v.bufferTimeMs !== 'number') {
      throw new StreamsException(`Suppression buffer "${this.name}": bad changelog value`);
    }
    const record: BufferedRecord = {
      bufferTimeMs: v.bufferTimeMs,
      key,
      window: { startMs, endMs },
      change: { newValue: v.newValue ?? null, oldValue: v.oldValue ?? null },
      timestampMs: Number(v.timestampMs),
    };
    this.entries.set(changelogKey, record);
    this.heap.push({ record, id: changelogKey });
  }

  private dropStale(): void {
    for (let top = this.heap.peek(); top; top = this.heap.peek()) {
      if (this.entries.get(top.id) === top.record) return;
      this.heap.pop();
    }
  }
}

function bufferValue(record: BufferedRecord): Json {
  return {
    bufferTimeMs: record.bufferTimeMs,
    newValue: record.change.newValue,
    oldValue: record.change.oldValue,
    timestampMs: record.timestampMs,
  };
}
