import type { Headers, Json, Writable } from '../../core/types.ts';
import { windowStoreKey } from '../stores/store-keys.ts';
import type { WindowedKey } from '../types.ts';

/** A record read from an output topic (Kafka's `TestRecord`). */
export interface TestRecord {
  /** Key; windowed keys in Kafka's `[key@start/end]` form. */
  readonly key: string | null;
  /** Value. */
  readonly value: Json;
  /** Timestamp, ms. */
  readonly timestampMs: number;
  /** Headers, if any. */
  readonly headers?: Headers;
  /** The key and window of a windowed key. */
  readonly window?: WindowedKey;
}

/** The rarely present parts of a record. */
interface Extras {
  readonly headers?: Headers;
  readonly window?: WindowedKey;
}

/** Records per chunk (a power of two: a position's place in its chunk is `position & (CHUNK - 1)`). */
const CHUNK = 1024;

/**
 * One chunk of the columns. `numbers` holds three per record: the timestamp, the window start of
 * a window-store changelog key kept in parts (NaN: a plain key) and its sequence number (-1: none).
 */
interface Chunk {
  readonly keys: (string | null)[];
  readonly values: Json[];
  readonly numbers: Float64Array;
}

/**
 * What a driver captured of one topic and nobody has read yet, a FIFO queue kept column by column.
 * A long test writes a changelog record for every store write and often reads none of them (Kafka's
 * driver keeps them too); columns of keys, values and numbers cost the garbage collector far less
 * than an object per record, so records are built only when read. The columns are fixed-size
 * chunks, allocated once each and dropped whole once read: a growing array would be copied each
 * time it grows (several times per 100,000 records, in the large-object space).
 */
export class WrittenRecords {
  private chunks: Chunk[] = [];
  /** Positions count records pushed since the queue was last empty; `chunks[0]` starts at `first`. */
  private first = 0;
  /** The position of the next record to read. */
  private head = 0;
  /** The position the next record pushed gets. */
  private end = 0;
  /** Headers and windows by position (most records have neither). */
  private readonly extras = new Map<number, Extras>();

  /** Records not read yet. */
  get size(): number {
    return this.end - this.head;
  }

  push(key: string | null, value: Json, timestampMs: number, extras?: Extras): void {
    if (extras && (extras.headers || extras.window)) this.extras.set(this.end, extras);
    this.append(key, value, timestampMs, NaN, -1);
  }

  /**
   * Push a window store's changelog record with its key in parts: a long test writes one per
   * record a join buffers and usually reads none, and keeping the parts instead of the encoded
   * string (`windowStoreKey`) spares the collector a string per write. Reads encode it.
   */
  pushWindowed(
    key: string,
    windowStartMs: number,
    seq: number | undefined,
    value: Json,
    timestampMs: number,
  ): void {
    this.append(key, value, timestampMs, windowStartMs, seq ?? -1);
  }

  /** Remove and return the oldest record, or undefined. */
  shift(): TestRecord | undefined {
    if (this.head === this.end) return undefined;
    const record = this.recordAt(this.head++);
    if (this.head === this.end) this.clear();
    else if (this.head - this.first >= CHUNK) {
      // The first chunk is all read: forget it.
      this.chunks.shift();
      this.first += CHUNK;
    }
    return record;
  }

  /** Remove and return every record, oldest first. */
  takeAll(): TestRecord[] {
    const records: TestRecord[] = [];
    for (let i = this.head; i < this.end; i++) records.push(this.recordAt(i));
    this.clear();
    return records;
  }

  private append(
    key: string | null,
    value: Json,
    timestampMs: number,
    windowStartMs: number,
    seq: number,
  ): void {
    const at = this.end++;
    const i = at & (CHUNK - 1);
    if (i === 0) {
      this.chunks.push({
        keys: new Array<string | null>(CHUNK),
        values: new Array<Json>(CHUNK),
        numbers: new Float64Array(3 * CHUNK),
      });
    }
    const chunk = this.chunks[this.chunks.length - 1];
    chunk.keys[i] = key;
    chunk.values[i] = value;
    chunk.numbers[3 * i] = timestampMs;
    chunk.numbers[3 * i + 1] = windowStartMs;
    chunk.numbers[3 * i + 2] = seq;
  }

  private recordAt(at: number): TestRecord {
    const chunk = this.chunks[Math.floor((at - this.first) / CHUNK)];
    const i = at & (CHUNK - 1);
    const windowStartMs = chunk.numbers[3 * i + 1];
    const seq = chunk.numbers[3 * i + 2];
    const record: Writable<TestRecord> = {
      key: Number.isNaN(windowStartMs)
        ? chunk.keys[i]
        : windowStoreKey(chunk.keys[i]!, windowStartMs, seq < 0 ? undefined : seq),
      value: chunk.values[i],
      timestampMs: chunk.numbers[3 * i],
    };
    if (this.extras.size > 0) {
      const extras = this.extras.get(at);
      if (extras?.headers) record.headers = extras.headers;
      if (extras?.window) record.window = extras.window;
      this.extras.delete(at);
    }
    return record;
  }

  private clear(): void {
    this.chunks = [];
    this.first = 0;
    this.head = 0;
    this.end = 0;
    this.extras.clear();
  }
}
