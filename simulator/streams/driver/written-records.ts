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

/**
 * What a driver captured of one topic and nobody has read yet, a FIFO queue kept column by column.
 * A long test writes a changelog record for every store write and often reads none of them (Kafka's
 * driver keeps them too); columns of keys, values and timestamps cost the garbage collector far
 * less than an object per record, so records are built only when read.
 */
export class WrittenRecords {
  private keys: (string | null)[] = [];
  private values: Json[] = [];
  private timestamps: number[] = [];
  /** Headers and windows by position in the columns (most records have neither). */
  private extras = new Map<number, Extras>();
  /**
   * For window-store changelog records, by position: the window start (NaN: a plain key) and the
   * sequence number (-1: none) of the key, which is encoded only when read (see `pushWindowed`).
   * Made at the first such record.
   */
  private windowStarts: number[] | null = null;
  private seqs: number[] | null = null;
  private head = 0;

  /** Records not read yet. */
  get size(): number {
    return this.keys.length - this.head;
  }

  push(key: string | null, value: Json, timestampMs: number, extras?: Extras): void {
    if (extras && (extras.headers || extras.window)) this.extras.set(this.keys.length, extras);
    this.keys.push(key);
    this.values.push(value);
    this.timestamps.push(timestampMs);
    if (this.windowStarts) {
      this.windowStarts.push(NaN);
      this.seqs!.push(-1);
    }
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
    if (!this.windowStarts) {
      this.windowStarts = this.keys.map(() => NaN);
      this.seqs = this.keys.map(() => -1);
    }
    this.keys.push(key);
    this.values.push(value);
    this.timestamps.push(timestampMs);
    this.windowStarts.push(windowStartMs);
    this.seqs!.push(seq ?? -1);
  }

  /** Remove and return the oldest record, or undefined. */
  shift(): TestRecord | undefined {
    if (this.head >= this.keys.length) return undefined;
    const record = this.recordAt(this.head++);
    if (this.head === this.keys.length) this.clear();
    else if (this.head > 1024 && this.head * 2 > this.keys.length) this.dropRead();
    return record;
  }

  /** Remove and return every record, oldest first. */
  takeAll(): TestRecord[] {
    const records: TestRecord[] = [];
    for (let i = this.head; i < this.keys.length; i++) records.push(this.recordAt(i));
    this.clear();
    return records;
  }

  private recordAt(i: number): TestRecord {
    const record: Writable<TestRecord> = {
      key: this.keyAt(i),
      value: this.values[i],
      timestampMs: this.timestamps[i],
    };
    const extras = this.extras.get(i);
    if (extras?.headers) record.headers = extras.headers;
    if (extras?.window) record.window = extras.window;
    return record;
  }

  private keyAt(i: number): string | null {
    const start = this.windowStarts ? this.windowStarts[i] : NaN;
    if (Number.isNaN(start)) return this.keys[i];
    const seq = this.seqs![i];
    return windowStoreKey(this.keys[i]!, start, seq < 0 ? undefined : seq);
  }

  /** Forget the records already read, so a queue read one at a time does not grow forever. */
  private dropRead(): void {
    const read = this.head;
    this.keys = this.keys.slice(read);
    this.values = this.values.slice(read);
    this.timestamps = this.timestamps.slice(read);
    if (this.windowStarts) {
      this.windowStarts = this.windowStarts.slice(read);
      this.seqs = this.seqs!.slice(read);
    }
    const extras = new Map<number, Extras>();
    for (const [i, e] of this.extras) if (i >= read) extras.set(i - read, e);
    this.extras = extras;
    this.head = 0;
  }

  private clear(): void {
    this.keys = [];
    this.values = [];
    this.timestamps = [];
    if (this.windowStarts) {
      this.windowStarts = [];
      this.seqs = [];
    }
    this.extras.clear();
    this.head = 0;
  }
}
