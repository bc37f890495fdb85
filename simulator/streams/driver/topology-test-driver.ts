import type { Headers, Json } from '../../core/types.ts';
import type { StreamsConfig } from '../config.ts';
import { StreamsException } from '../errors.ts';
import type { StreamsTraceEvent } from '../events.ts';
import type { KeyValueStore } from '../stores/key-value-store.ts';
import type { SessionStore } from '../stores/session-store.ts';
import type { StateStore, WindowStoreWriteListener } from '../stores/state-store.ts';
import { windowStoreKey } from '../stores/store-keys.ts';
import type { WindowStore } from '../stores/window-store.ts';
import { PartitionGroup } from '../task/partition-group.ts';
import { StreamTask } from '../task/stream-task.ts';
import type { Topology } from '../topology.ts';
import type { InputRecord, OutputRecord } from '../types.ts';
import { WrittenRecords, type TestRecord } from './written-records.ts';

export type { TestRecord };

/** Settings of the driver: the streams config plus where its mock wall clock starts. */
export interface TestDriverConfig extends Partial<StreamsConfig> {
  /** The mock wall clock's start, ms (Kafka's `initialWallClockTime`). */
  readonly initialWallClockTimeMs?: number;
  /**
   * Keep every trace event in `driver.trace` (default false: Kafka's driver keeps no trace, and
   * a long test would hold several events per piped record for nothing).
   */
  readonly recordTrace?: boolean;
  /** Called with every trace event as it happens (kept in `driver.trace` too with `recordTrace`). */
  readonly onTrace?: (event: StreamsTraceEvent) => void;
}

/** @internal What the driver keeps per topic. */
export interface TopicState {
  readonly topic: string;
  /** The offset the next record piped into or written to it gets. */
  nextOffset: number;
  /** Its written records (the same object `queue` hands out), once something was written. */
  written: WrittenRecords | null;
  /** Whether the topology reads it: records written to it are fed back. */
  readonly readByTopology: boolean;
}

/**
 * Kafka Streams' `TopologyTestDriver`: runs a whole topology in one task ("0_0"), one piped record
 * at a time, synchronously and in piped order, with a mock wall clock that moves only when told.
 * Records written to repartition topics (or to topics the topology reads) are fed back at once,
 * as Kafka's driver does; when several are waiting, the smallest timestamp goes first.
 * Everything written — outputs, repartition records, changelog records — can be read back.
 */
export class TopologyTestDriver {
  /** Every trace event so far, in order, when the driver was built with `recordTrace`; else empty. */
  readonly trace: StreamsTraceEvent[] = [];
  private readonly task: StreamTask;
  private readonly topics: ReadonlySet<string>;
  private readonly produced = new Map<string, WrittenRecords>();
  /** Per topic piped into or written to: found with one lookup per record. */
  private readonly topicStates = new Map<string, TopicState>();
  private lastWritten: TopicState | null = null;
  private readonly pending = new PartitionGroup([]);
  private wallClock: number;
  private closed = false;

  constructor(topology: Topology, config: TestDriverConfig = {}) {
    const { initialWallClockTimeMs = 0, recordTrace = false, onTrace, ...streamsConfig } = config;
    this.wallClock = initialWallClockTimeMs;
    this.task = new StreamTask({
      topology,
      config: { applicationId: 'test-app', ...streamsConfig },
      host: {
        output: (r) => this.capture(r.topic, r.key, r.value, r.timestampMs, r),
        changelog: (r) => this.capture(r.topic, r.key, r.value, r.timestampMs),
        windowChangelogWriter: (topic) => this.windowChangelogWriter(topic),
        trace: traceSink(recordTrace ? this.trace : null, onTrace),
        wallClockMs: () => this.wallClock,
      },
    });
    this.topics = new Set(this.task.sourceTopics());
  }

  /** A handle to pipe records into `topic` (a topic some source of the topology reads). */
  createInputTopic(
    topic: string,
    options: { startTimestampMs?: number; autoAdvanceMs?: number } = {},
  ): TestInputTopic {
    if (!this.topics.has(topic)) {
      throw new StreamsException(
        `Unknown topic: ${topic}. The topology reads ${[...this.topics].join(', ') || 'no topics'}`,
      );
    }
    return new TestInputTopic(
      this,
      topic,
      options.startTimestampMs ?? 0,
      options.autoAdvanceMs ?? 0,
    );
  }

  /** A handle to read what was written to `topic` (reading consumes). */
  createOutputTopic(topic: string): TestOutputTopic {
    return new TestOutputTopic(this, topic);
  }

  /** Move the mock wall clock and fire due wall-clock punctuations. */
  advanceWallClockTime(advanceMs: number): void {
    this.requireOpen();
    if (!Number.isSafeInteger(advanceMs) || advanceMs < 0)
      throw new RangeError('advanceMs must be a non-negative integer');
    this.wallClock += advanceMs;
    this.task.punctuateWallClock();
    this.completeAllProcessableWork();
  }

  /** The mock wall clock, ms. */
  get wallClockTimeMs(): number {
    return this.wallClock;
  }

  /** The names of all topics written so far (outputs, repartition and changelog topics). */
  producedTopicNames(): string[] {
    return [...this.produced.keys()];
  }

  /** A key-value store of the topology, or null if there is none of that name and type. */
  getKeyValueStore(name: string): KeyValueStore | null {
    return this.storeOfKind<KeyValueStore>(name, 'keyValue');
  }

  /** A window store of the topology, or null. */
  getWindowStore(name: string): WindowStore | null {
    return this.storeOfKind<WindowStore>(name, 'window');
  }

  /** A session store of the topology, or null. */
  getSessionStore(name: string): SessionStore | null {
    return this.storeOfKind<SessionStore>(name, 'session');
  }

  /** Any store of the topology (including internal buffers), or null. */
  getStateStore(name: string): StateStore | null {
    return this.task.store(name) ?? null;
  }

  /** Close the task cleanly (processors' `close` runs); the driver cannot be used after. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.task.close();
  }

  /** @internal What an input topic handle pipes into (looked up once per handle, not per record). */
  inputTarget(topic: string): TopicState {
    return this.topicState(topic);
  }

  /** @internal */
  pipe(
    target: TopicState,
    key: string | null,
    value: Json,
    timestampMs: number,
    headers?: Headers,
  ): void {
    this.requireOpen();
    const record = this.inputRecord(target, key, value, timestampMs, headers);
    // Nothing waits (the usual case): the piped record is the one `nextRecord` would choose.
    if (this.pending.numBuffered === 0) this.task.process(record);
    else this.pending.addRecord(record);
    this.completeAllProcessableWork();
  }

  /** @internal */
  queue(topic: string): WrittenRecords {
    let q = this.produced.get(topic);
    if (!q) {
      q = new WrittenRecords();
      this.produced.set(topic, q);
    }
    return q;
  }

  private topicState(topic: string): TopicState {
    let state = this.topicStates.get(topic);
    if (!state) {
      state = { topic, nextOffset: 0, written: null, readByTopology: this.topics.has(topic) };
      this.topicStates.set(topic, state);
    }
    return state;
  }

  /**
   * `topicState` for a topic written to, remembering the last one: a topology's sinks write most
   * records to one topic (window stores' changelogs have writers of their own), so this usually
   * compares two strings instead of hashing one.
   */
  private writtenTopicState(topic: string): TopicState {
    const last = this.lastWritten;
    if (last !== null && last.topic === topic) return last;
    return (this.lastWritten = this.topicState(topic));
  }

  /** The next record of a topic, at its next offset (the topic's name is the state's key). */
  private inputRecord(
    state: TopicState,
    key: string | null,
    value: Json,
    timestampMs: number,
    headers: Headers | undefined,
  ): InputRecord {
    const offset = state.nextOffset++;
    const topic = state.topic;
    return headers
      ? { topic, partition: 0, offset, key, value, timestampMs, headers }
      : { topic, partition: 0, offset, key, value, timestampMs };
  }

  private completeAllProcessableWork(): void {
    for (let record = this.pending.nextRecord(); record; record = this.pending.nextRecord()) {
      this.task.process(record);
    }
  }

  private capture(
    topic: string,
    key: string | null,
    value: Json,
    timestampMs: number,
    extras?: Pick<OutputRecord, 'headers' | 'window'>,
  ): void {
    const state = this.writtenTopicState(topic);
    (state.written ??= this.queue(topic)).push(key, value, timestampMs, extras);
    if (state.readByTopology)
      this.pending.addRecord(this.inputRecord(state, key, value, timestampMs, extras?.headers));
  }

  /**
   * What a window store's changelog records go through: kept with the key in parts until read
   * (see `pushWindowed`). The topic's state is found at the first write, not per write.
   */
  private windowChangelogWriter(topic: string): WindowStoreWriteListener {
    let state: TopicState | null = null;
    return (key, windowStartMs, seq, value, timestampMs) => {
      state ??= this.topicState(topic);
      if (state.readByTopology) {
        // A topology reading a changelog topic is odd, but then it gets the key as encoded.
        this.capture(topic, windowStoreKey(key, windowStartMs, seq), value, timestampMs);
        return;
      }
      (state.written ??= this.queue(topic)).pushWindowed(
        key,
        windowStartMs,
        seq,
        value,
        timestampMs,
      );
    };
  }

  private storeOfKind<S>(name: string, kind: StateStore['kind']): S | null {
    const store = this.task.store(name);
    return store && store.kind === kind ? (store as S) : null;
  }

  private requireOpen(): void {
    if (this.closed) throw new StreamsException('The TopologyTestDriver is closed');
  }
}

/** Where a driver's events go: kept, handed to a listener, both, or (undefined) not built at all. */
function traceSink(
  kept: StreamsTraceEvent[] | null,
  onTrace: ((event: StreamsTraceEvent) => void) | undefined,
): ((event: StreamsTraceEvent) => void) | undefined {
  if (kept && onTrace)
    return (event) => {
      kept.push(event);
      onTrace(event);
    };
  if (kept) return (event) => void kept.push(event);
  return onTrace;
}

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
