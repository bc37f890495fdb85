import type { Json, Writable } from '../../core/types.ts';
import { resolveConfig, type StreamsConfig } from '../config.ts';
import { StreamsException } from '../errors.ts';
import type { InstanceStreamsEvent, StreamsEventBody, StreamsTraceEvent } from '../events.ts';
import type { NodeProcessor } from '../processor-api.ts';
import type { StateStore, WindowWriteSink } from '../stores/state-store.ts';
import { createStore, type StoreSpec } from '../stores/stores.ts';
import type { Topology } from '../topology.ts';
import {
  NO_TIMESTAMP,
  windowedKeyString,
  type ChangelogRecord,
  type InputRecord,
  type OutputRecord,
  type RecordMetadata,
  type StreamRecord,
} from '../types.ts';
import { NodeContext } from './node-context.ts';
import { PunctuationQueue, type PunctuationSchedule } from './punctuation-queue.ts';
import { TaskStoreContext } from './store-writes.ts';

/** What a task needs from whoever runs it: the test driver, or the simulated runtime. */
export interface StreamTaskHost {
  /** A sink wrote a record (outputs and repartition topics alike; `internal` tells them apart). */
  output(record: OutputRecord): void;
  /** A logged store changed: append this to the store's compacted changelog topic. */
  changelog(record: ChangelogRecord): void;
  /**
   * Optional, for a host that keeps changelog records mostly unread (the test driver): the writer
   * of one window store's changelog topic, asked once per store, taking each record's key in
   * parts, `windowStoreKey(key, windowStartMs, seq)`, for the host to encode only when it is read.
   * Used only while the host reads no trace events (a `store.put` event carries the encoded key
   * anyway); without it, `changelog` gets every write.
   */
  windowChangelogWriter?(topic: string): WindowWriteSink;
  /**
   * Receives each streams trace event; without it the task builds none (a host that keeps no
   * trace, such as the test driver by default, should not pay for events nobody reads).
   */
  readonly trace?: (event: InstanceStreamsEvent) => void;
  /**
   * The application instance running this task, stamped as the last key of each of its events
   * (the test driver has none).
   */
  readonly instance?: string;
  /** The host's wall-clock time, virtual ms (for wall-clock punctuation and event `at`). */
  wallClockMs(): number;
}

/** How to create a task. */
export interface StreamTaskOptions {
  /** The topology (the task instantiates its own processors and stores from it). */
  readonly topology: Topology;
  /** Settings; `applicationId` prefixes internal topic names. */
  readonly config?: Partial<StreamsConfig>;
  /** The sub-topology this task runs; omitted: all of them in one task (as `TopologyTestDriver`). */
  readonly subtopology?: number;
  /** The partition this task owns of each of its input topics. */
  readonly partition?: number;
  /** Callbacks to the host. */
  readonly host: StreamTaskHost;
}

/** A node as the task runs it. */
export interface RuntimeNode {
  readonly name: string;
  readonly kind: 'source' | 'processor' | 'sink';
  readonly processor: NodeProcessor | null;
  readonly children: RuntimeNode[];
  /** For sinks: the topic as on the broker. */
  readonly topic: string | null;
  readonly internal: boolean;
  readonly stores: ReadonlySet<string>;
}

/**
 * A Kafka Streams task: one partition group of one sub-topology, with its own processors and
 * stores. It knows nothing about who feeds it: a host hands it records one at a time, receives
 * its outputs, changelog writes and trace events through callbacks, and tells it the wall-clock
 * time. Crashing is dropping the object; a new task rebuilds its stores with `restore`.
 * Stream time is the largest timestamp taken in. Simplification: a new task starts with stream
 * time unknown (Kafka restores partition time from the committed offsets' metadata).
 */
export class StreamTask {
  /** The task id, `"<subtopology>_<partition>"`. */
  readonly id: string;
  readonly config: StreamsConfig;
  readonly partition: number;
  private readonly host: StreamTaskHost;
  /** Whether the host reads trace events (processors skip building them when it does not). */
  readonly tracing: boolean;
  /** The host's instance, for events built whole (see `traceStamped`); undefined in the driver. */
  readonly instance: string | undefined;
  private readonly nodes = new Map<string, RuntimeNode>();
  private readonly sources = new Map<string, RuntimeNode>();
  private readonly storeMap = new Map<string, StateStore>();
  private readonly locals = new Map<string, unknown>();
  private readonly streamPunctuations = new PunctuationQueue();
  private readonly wallPunctuations = new PunctuationQueue();
  private streamTime = NO_TIMESTAMP;
  /** The input record being processed (its metadata is made only when a processor asks). */
  private input: InputRecord | null = null;
  private currentTimestamp = NO_TIMESTAMP;

  constructor(options: StreamTaskOptions) {
    this.config = resolveConfig(options.config);
    this.host = options.host;
    this.tracing = options.host.trace !== undefined;
    this.instance = options.host.instance;
    this.partition = options.partition ?? 0;
    this.id = `${options.subtopology ?? 0}_${this.partition}`;
    const topology = options.topology;
    const names = this.nodeNames(topology, options.subtopology);
    for (const spec of topology.stores()) this.createStoreIfUsed(topology, spec, names);
    this.buildNodes(topology, names);
    this.initProcessors(topology);
  }

  /** The task's stream time (-1 before the first record). */
  get streamTimeMs(): number {
    return this.streamTime;
  }

  /** The topics this task reads, as on the broker. */
  sourceTopics(): string[] {
    return [...this.sources.keys()];
  }

  /** The names of this task's stores. */
  storeNames(): string[] {
    return [...this.storeMap.keys()];
  }

  /** A store of this task (for inspection and tests), or undefined. */
  store<S extends StateStore = StateStore>(name: string): S | undefined {
    return this.storeMap.get(name) as S | undefined;
  }

  /** Process one input record through the topology, then fire due stream-time punctuations. */
  process(input: InputRecord): void {
    if (!Number.isSafeInteger(input.timestampMs) || input.timestampMs < 0) {
      throw new StreamsException(
        `Input record ${input.topic}-${input.partition}@${input.offset} has invalid timestamp ${input.timestampMs}: timestamps must be non-negative integers`,
      );
    }
    const source = this.sources.get(input.topic);
    if (!source) {
      throw new StreamsException(
        `Task ${this.id} has no source for topic "${input.topic}" (it reads ${this.sourceTopics().join(', ') || 'nothing'})`,
      );
    }
    if (input.timestampMs > this.streamTime) this.streamTime = input.timestampMs;
    const { topic, partition, offset, key, timestampMs } = input;
    this.input = input;
    if (this.tracing)
      this.emitStamped({
        type: 'record.processed',
        at: this.host.wallClockMs(),
        task: this.id,
        topic,
        partition,
        offset,
        key,
        timestampMs,
        streamTimeMs: this.streamTime,
        instance: this.instance,
      });
    try {
      const record: StreamRecord = input.headers
        ? { key, value: input.value, timestampMs, headers: input.headers }
        : { key, value: input.value, timestampMs };
      this.deliver(source, record);
    } finally {
      this.input = null;
    }
    this.punctuate(this.streamPunctuations, this.streamTime, 'STREAM_TIME');
  }

  /** Fire due wall-clock punctuations (call when the host's wall clock moved). */
  punctuateWallClock(): boolean {
    return this.punctuate(this.wallPunctuations, this.host.wallClockMs(), 'WALL_CLOCK_TIME');
  }

  /** Rebuild one store entry from its changelog (`key` as the changelog has it; null value deletes). */
  restore(storeName: string, key: string, value: Json, timestampMs: number = NO_TIMESTAMP): void {
    const store = this.storeMap.get(storeName);
    if (!store)
      throw new StreamsException(`Task ${this.id} has no store "${storeName}" to restore`);
    store.restore(key, value, timestampMs);
    this.emit({ type: 'store.restored', store: storeName, key, value });
  }

  /** Close cleanly: processors' `close` runs. (A crash just drops the task.) */
  close(): void {
    for (const node of this.nodes.values()) node.processor?.close?.();
  }

  // ── used by node contexts ────────────────────────────────────────────────

  /** @internal */
  forwardFrom(node: RuntimeNode, record: StreamRecord<unknown>, childName?: string): void {
    if (childName === undefined) {
      for (const child of node.children) this.deliver(child, record);
      return;
    }
    const child = node.children.find((c) => c.name === childName);
    if (!child) {
      throw new StreamsException(
        `Unknown downstream node: ${childName} either does not exist or is not connected to ${node.name}.`,
      );
    }
    this.deliver(child, record);
  }

  /** @internal */
  storeFor(node: RuntimeNode, name: string): StateStore {
    const store = node.stores.has(name) ? this.storeMap.get(name) : undefined;
    if (!store) {
      throw new StreamsException(
        `Processor ${node.name} has no access to StateStore ${name} as the store is not connected to the processor. Add the store with topology.addStateStore(builder, '${node.name}') or connect it with topology.connectProcessorAndStateStores('${node.name}', '${name}').`,
      );
    }
    return store;
  }

  /** @internal */
  schedule(
    node: RuntimeNode,
    intervalMs: number,
    type: 'STREAM_TIME' | 'WALL_CLOCK_TIME',
    punctuator: (t: number) => void,
  ) {
    if (!Number.isSafeInteger(intervalMs) || intervalMs < 1) {
      throw new StreamsException('The minimum supported scheduling interval is 1 millisecond.');
    }
    if (type === 'STREAM_TIME')
      return this.streamPunctuations.schedule(node.name, 0, intervalMs, punctuator);
    return this.wallPunctuations.schedule(
      node.name,
      this.host.wallClockMs() + intervalMs,
      intervalMs,
      punctuator,
    );
  }

  /** @internal */
  recordMetadata(): RecordMetadata | null {
    const input = this.input;
    if (!input) return null;
    const { topic, partition, offset, timestampMs } = input;
    return { topic, partition, offset, timestampMs };
  }

  /** @internal The timestamp of the record (or punctuation) being processed, or -1. */
  currentTimestampMs(): number {
    return this.currentTimestamp;
  }

  /** @internal */
  wallClockMs(): number {
    return this.host.wallClockMs();
  }

  /** @internal */
  local<T>(key: string, create: () => T): T {
    if (!this.locals.has(key)) this.locals.set(key, create());
    return this.locals.get(key) as T;
  }

  /** @internal Stamp and hand an event to the host (if it reads them). */
  emit(body: StreamsEventBody): void {
    const trace = this.host.trace;
    if (!trace) return;
    const event: InstanceStreamsEvent = Object.assign(
      { type: body.type, at: this.host.wallClockMs(), task: this.id },
      body,
    ) as StreamsTraceEvent;
    if (this.instance !== undefined) event.instance = this.instance;
    trace(event);
  }

  /** @internal Hand the host an event built whole, `at` and `task` included (see `traceStamped`). */
  emitStamped(event: InstanceStreamsEvent): void {
    this.host.trace?.(event);
  }

  // ── internals ────────────────────────────────────────────────────────────

  private deliver(node: RuntimeNode, record: StreamRecord<unknown>): void {
    if (node.kind === 'sink') return this.sink(node, record);
    const previous = this.currentTimestamp;
    this.currentTimestamp = record.timestampMs;
    try {
      if (node.processor) node.processor.process(record);
      else this.forwardFrom(node, record);
    } finally {
      this.currentTimestamp = previous;
    }
  }

  private sink(node: RuntimeNode, record: StreamRecord<unknown>): void {
    const value = record.value as Json;
    const w = record.window;
    const key = w ? windowedKeyString(record.key, w) : record.key;
    const out: Writable<OutputRecord> = {
      topic: node.topic!,
      key,
      value,
      timestampMs: record.timestampMs,
      processor: node.name,
      internal: node.internal,
    };
    if (record.headers) out.headers = record.headers;
    if (w) out.window = { key: record.key ?? '', startMs: w.startMs, endMs: w.endMs };
    if (this.tracing)
      this.emitStamped({
        type: 'record.emitted',
        at: this.host.wallClockMs(),
        task: this.id,
        processor: node.name,
        topic: out.topic,
        key,
        value,
        timestampMs: out.timestampMs,
        instance: this.instance,
      });
    this.host.output(out);
  }

  private punctuate(
    queue: PunctuationQueue,
    nowMs: number,
    type: 'STREAM_TIME' | 'WALL_CLOCK_TIME',
  ): boolean {
    // Checked before making the closure below: this runs after every record, and most tasks
    // have nothing due (or nothing scheduled at all).
    if (nowMs === NO_TIMESTAMP || queue.nextDueMs > nowMs) return false;
    return queue.mayPunctuate(nowMs, (schedule: PunctuationSchedule) => {
      this.emit({
        type: 'punctuation.fired',
        processor: schedule.node,
        punctuationType: type,
        timestampMs: nowMs,
      });
      const previous = this.currentTimestamp;
      this.currentTimestamp = nowMs;
      try {
        schedule.punctuator(nowMs);
      } finally {
        this.currentTimestamp = previous;
      }
    });
  }

  private nodeNames(topology: Topology, subtopology: number | undefined): Set<string> {
    if (subtopology === undefined) return new Set(topology.nodes().map((n) => n.name));
    const sub = topology.subtopologies().find((s) => s.id === subtopology);
    if (!sub) throw new StreamsException(`The topology has no sub-topology ${subtopology}`);
    return new Set(sub.nodes);
  }

  private createStoreIfUsed(topology: Topology, spec: StoreSpec, names: Set<string>): void {
    const used = topology
      .nodes()
      .some((n) => names.has(n.name) && n.kind === 'processor' && n.stores.includes(spec.name));
    if (!used) return;
    const changelogTopic = `${this.config.applicationId}-${spec.name}-changelog`;
    const context = new TaskStoreContext(spec, changelogTopic, this, this.host);
    this.storeMap.set(spec.name, createStore(spec, context));
  }

  private buildNodes(topology: Topology, names: Set<string>): void {
    const decorate = (topic: string) =>
      topology.internalTopics.has(topic) ? `${this.config.applicationId}-${topic}` : topic;
    for (const def of topology.nodes()) {
      if (!names.has(def.name)) continue;
      const node: RuntimeNode = {
        name: def.name,
        kind: def.kind,
        processor: def.kind === 'processor' ? def.supplier() : null,
        children: [],
        topic: def.kind === 'sink' ? decorate(def.topic) : null,
        internal: def.kind === 'sink' && topology.internalTopics.has(def.topic),
        stores: new Set(def.kind === 'processor' ? def.stores : []),
      };
      this.nodes.set(def.name, node);
      if (def.kind === 'source')
        for (const topic of def.topics) this.sources.set(decorate(topic), node);
    }
    for (const def of topology.nodes()) {
      if (!names.has(def.name) || def.kind === 'source') continue;
      for (const parent of def.parents)
        this.nodes.get(parent)?.children.push(this.nodes.get(def.name)!);
    }
  }

  private initProcessors(topology: Topology): void {
    for (const def of topology.nodes()) {
      const node = this.nodes.get(def.name);
      if (node?.processor?.init) node.processor.init(new NodeContext(this, node));
    }
  }
}
