import type { Headers, Json } from '../../core/types.ts';
import type { StreamsConfig } from '../config.ts';
import { StreamsException } from '../errors.ts';
import type { StreamsTraceEvent } from '../events.ts';
import type { KeyValueStore } from '../stores/key-value-store.ts';
import type { SessionStore } from '../stores/session-store.ts';
import type { StateStore, WindowWriteSink } from '../stores/state-store.ts';
import { windowStoreKey } from '../stores/store-keys.ts';
import type { WindowStore } from '../stores/window-store.ts';
import { PartitionGroup } from '../task/partition-group.ts';
import { StreamTask, type StreamTaskHost } from '../task/stream-task.ts';
import type { Topology } from '../topology.ts';
import type { ChangelogRecord, InputRecord, OutputRecord } from '../types.ts';
import { TestInputTopic, TestOutputTopic } from './test-topics.ts';
import { WrittenRecords, type TestRecord } from './written-records.ts';

export { TestInputTopic, TestOutputTopic };
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
      host: new DriverTaskHost(this, traceSink(recordTrace ? this.trace : null, onTrace)),
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
    // Usually nothing waits (no repartition topic, or its records already taken): no choosing.
    if (this.pending.numBuffered === 0) return;
    for (let record = this.pending.nextRecord(); record; record = this.pending.nextRecord()) {
      this.task.process(record);
    }
  }

  /** @internal */
  capture(
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

  /** @internal A window store's changelog topic, its records' keys kept in parts until read. */
  windowChangelog(topic: string): WindowWriteSink {
    return new WindowChangelog(this, topic);
  }

  /** @internal Where a window store's changelog record goes (see `WindowChangelog`). */
  topicStateOf(topic: string): TopicState {
    return this.topicState(topic);
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

/**
 * The driver as its task's host. A class, not a literal of closures: the task's optimized code
 * calls these same methods for every driver, so it stays valid when a driver goes away (closures
 * made per driver would be new call targets each time, and a test suite makes many drivers).
 */
class DriverTaskHost implements StreamTaskHost {
  constructor(
    private readonly driver: TopologyTestDriver,
    readonly trace: ((event: StreamsTraceEvent) => void) | undefined,
  ) {}

  output(r: OutputRecord): void {
    this.driver.capture(r.topic, r.key, r.value, r.timestampMs, r);
  }

  changelog(r: ChangelogRecord): void {
    this.driver.capture(r.topic, r.key, r.value, r.timestampMs);
  }

  windowChangelogWriter(topic: string): WindowWriteSink {
    return this.driver.windowChangelog(topic);
  }

  wallClockMs(): number {
    return this.driver.wallClockTimeMs;
  }
}

/**
 * What a window store's changelog records go through: kept with the key in parts until read (see
 * `WrittenRecords.pushWindowed`). The topic's state and its records are found at the first write,
 * not per write (the driver never replaces a topic's `WrittenRecords`).
 */
class WindowChangelog implements WindowWriteSink {
  private state: TopicState | null = null;
  /** The topic's records, once written to, unless the topology reads the topic. */
  private written: WrittenRecords | null = null;

  constructor(
    private readonly driver: TopologyTestDriver,
    private readonly topic: string,
  ) {}

  write(
    key: string,
    windowStartMs: number,
    seq: number | undefined,
    value: Json,
    timestampMs: number,
  ): void {
    const written = this.written;
    if (written !== null) return written.pushWindowed(key, windowStartMs, seq, value, timestampMs);
    const state = (this.state ??= this.driver.topicStateOf(this.topic));
    if (state.readByTopology) {
      // A topology reading a changelog topic is odd, but then it gets the key as encoded.
      this.driver.capture(this.topic, windowStoreKey(key, windowStartMs, seq), value, timestampMs);
      return;
    }
    (this.written = state.written ??= this.driver.queue(this.topic)).pushWindowed(
      key,
      windowStartMs,
      seq,
      value,
      timestampMs,
    );
  }
}
