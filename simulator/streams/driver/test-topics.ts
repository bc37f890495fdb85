import type { Headers, Json } from '../../core/types.ts';
import { StreamsException } from '../errors.ts';
import type { TopicState, TopologyTestDriver } from './topology-test-driver.ts';
import type { TestRecord, WrittenRecords } from './written-records.ts';

/** Kafka's `TestInputTopic`: pipes records into one topic of a driver. */
export class TestInputTopic {
  private currentTimeMs: number;
  private readonly target: TopicState;

  constructor(
    private readonly driver: TopologyTestDriver,
    readonly topic: string,
    startTimestampMs: number,
    private readonly autoAdvanceMs: number,
  ) {
    this.currentTimeMs = startTimestampMs;
    this.target = driver.inputTarget(topic);
  }

  /** Pipe one record; without a timestamp it gets the topic's current time, which then auto-advances. */
  pipeInput(key: string | null, value: Json, timestampMs?: number, headers?: Headers): void {
    let ts = timestampMs;
    if (ts === undefined) {
      ts = this.currentTimeMs;
      this.currentTimeMs += this.autoAdvanceMs;
    }
    this.driver.pipe(this.target, key, value, ts, headers);
  }

  /** Pipe several key-value pairs, timestamped as `pipeInput` without a timestamp. */
  pipeKeyValueList(records: readonly { key: string | null; value: Json }[]): void {
    for (const r of records) this.pipeInput(r.key, r.value);
  }

  /** Pipe several records with their own timestamps. */
  pipeRecordList(
    records: readonly { key: string | null; value: Json; timestampMs: number; headers?: Headers }[],
  ): void {
    for (const r of records) this.pipeInput(r.key, r.value, r.timestampMs, r.headers);
  }

  /** Move this topic's current time forward (for records piped without timestamps). */
  advanceTime(advanceMs: number): void {
    this.currentTimeMs += advanceMs;
  }
}

/** Kafka's `TestOutputTopic`: reads (and consumes) what a driver wrote to one topic. */
export class TestOutputTopic {
  /** The topic's records, once asked for (the driver never replaces a topic's queue). */
  private written: WrittenRecords | null = null;

  constructor(
    private readonly driver: TopologyTestDriver,
    readonly topic: string,
  ) {}

  /** The next record; throws if there is none (Kafka's `NoSuchElementException`). */
  readRecord(): TestRecord {
    const record = this.queue().shift();
    if (!record) throw new StreamsException(`Empty topic: ${this.topic}`);
    return record;
  }

  /** The next record's key and value. */
  readKeyValue(): { key: string | null; value: Json } {
    const { key, value } = this.readRecord();
    return { key, value };
  }

  /** The next record's value. */
  readValue(): Json {
    return this.readRecord().value;
  }

  /** All remaining records. */
  readRecordsToList(): TestRecord[] {
    return this.queue().takeAll();
  }

  /** All remaining key-value pairs. */
  readKeyValuesToList(): { key: string | null; value: Json }[] {
    return this.readRecordsToList().map(({ key, value }) => ({ key, value }));
  }

  /** All remaining values. */
  readValuesToList(): Json[] {
    return this.readRecordsToList().map((r) => r.value);
  }

  /** The latest value per key of the remaining records (a table's final state); null values delete. */
  readKeyValuesToMap(): Map<string | null, Json> {
    const map = new Map<string | null, Json>();
    for (const r of this.readRecordsToList()) {
      if (r.value === null) map.delete(r.key);
      else map.set(r.key, r.value);
    }
    return map;
  }

  /** Whether nothing is left to read. */
  isEmpty(): boolean {
    return this.queue().size === 0;
  }

  /** How many records are left to read. */
  getQueueSize(): number {
    return this.queue().size;
  }

  private queue(): WrittenRecords {
    return (this.written ??= this.driver.queue(this.topic));
  }
}
