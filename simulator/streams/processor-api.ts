import type { Json } from '../core/types.ts';
import type { StreamsConfig } from './config.ts';
import type { InstanceStreamsEvent, PunctuationType, StreamsEventBody } from './events.ts';
import type { StateStore } from './stores/state-store.ts';
import type { Cancellable, RecordMetadata, StreamRecord } from './types.ts';

/** Runs when a scheduled punctuation is due; gets the stream time or wall-clock time that triggered it. */
export type Punctuator = (timestampMs: number) => void;

/**
 * What a processor may do (Kafka's `api.ProcessorContext`). Everything goes through the task, so
 * a processor knows nothing about who feeds it.
 */
export interface ProcessorContext {
  /** `application.id`. */
  applicationId(): string;
  /** The task id, `"<subtopology>_<partition>"`. */
  taskId(): string;
  /** Send a record to all children, or to the child named `childName`. */
  forward<V = Json>(record: StreamRecord<V>, childName?: string): void;
  /** A store connected to this processor; throws for any other name. */
  getStateStore<S extends StateStore = StateStore>(name: string): S;
  /**
   * Run `punctuator` every `intervalMs`: on `STREAM_TIME` (aligned to 0, as data advances stream
   * time) or on `WALL_CLOCK_TIME` (first at now + interval). Returns a handle to cancel it.
   */
  schedule(intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable;
  /** Topic, partition, offset (and timestamp) of the input record being processed; null in a punctuation. */
  recordMetadata(): RecordMetadata | null;
  /** The task's stream time: the largest timestamp it has taken in (-1 before any). */
  currentStreamTimeMs(): number;
  /** The host's wall-clock time, virtual ms. */
  currentSystemTimeMs(): number;
}

/** A processor of the Processor API (Kafka's `api.Processor`). */
export interface Processor<V = Json> {
  /** Called once when the task starts; keep the context. */
  init?(context: ProcessorContext): void;
  /** Called for each record from a parent node. */
  process(record: StreamRecord<V>): void;
  /** Called when the task closes cleanly (not on a crash). */
  close?(): void;
}

/** Makes a new processor for each task (Kafka's `ProcessorSupplier`). */
export type ProcessorSupplier<V = Json> = () => Processor<V>;

/** The context the built-in DSL processors get: the public one plus tracing. */
export interface InternalProcessorContext extends ProcessorContext {
  /** The node this context belongs to. */
  readonly processorName: string;
  /** The application's settings. */
  readonly config: StreamsConfig;
  /**
   * Whether the host reads the trace. `trace` ignores events when it does not; a processor checks
   * this before building an event on a per-record path, so a run nobody traces allocates none.
   */
  readonly tracing: boolean;
  /** Append a streams trace event (the task stamps `at` and `task`). */
  trace(event: StreamsEventBody): void;
  /**
   * Append an event built whole, with `at` (`currentSystemTimeMs()`) and `task` (`taskId()`) as
   * its second and third keys, as `trace` would place them. For per-record events: `trace` builds
   * a second object and copies the body into it, which leaves the kept event's properties outside
   * the object and the body as garbage.
   */
  traceStamped(event: InstanceStreamsEvent): void;
  /** The application instance running the task, the last key of a `traceStamped` event. */
  readonly instance: string | undefined;
  /** State shared by the processors of one task (a join's two sides share their stream time). */
  taskLocal<T>(key: string, create: () => T): T;
}

/** A processor as the task runs it: DSL processors use the internal context and any value type. */
export interface NodeProcessor {
  init?(context: InternalProcessorContext): void;
  process(record: StreamRecord<unknown>): void;
  close?(): void;
}
