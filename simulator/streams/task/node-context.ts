import type { StreamsConfig } from '../config.ts';
import type { InstanceStreamsEvent, PunctuationType, StreamsEventBody } from '../events.ts';
import type { InternalProcessorContext, Punctuator } from '../processor-api.ts';
import type { StateStore } from '../stores/state-store.ts';
import type { Cancellable, RecordMetadata, StreamRecord } from '../types.ts';
import type { RuntimeNode, StreamTask } from './stream-task.ts';

/** The context one processor node of one task gets: everything goes through its task. */
export class NodeContext implements InternalProcessorContext {
  readonly processorName: string;
  readonly config: StreamsConfig;
  readonly tracing: boolean;
  readonly instance: string | undefined;

  constructor(
    private readonly task: StreamTask,
    private readonly node: RuntimeNode,
  ) {
    this.processorName = node.name;
    this.config = task.config;
    this.tracing = task.tracing;
    this.instance = task.instance;
  }

  applicationId(): string {
    return this.config.applicationId;
  }

  taskId(): string {
    return this.task.id;
  }

  forward<V>(record: StreamRecord<V>, childName?: string): void {
    this.task.forwardFrom(this.node, record, childName);
  }

  getStateStore<S extends StateStore = StateStore>(name: string): S {
    return this.task.storeFor(this.node, name) as S;
  }

  schedule(intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable {
    const cancelled = this.task.schedule(this.node, intervalMs, type, punctuator);
    return { cancel: () => void (cancelled.value = true) };
  }

  recordMetadata(): RecordMetadata | null {
    return this.task.recordMetadata();
  }

  currentStreamTimeMs(): number {
    return this.task.streamTimeMs;
  }

  currentSystemTimeMs(): number {
    return this.task.wallClockMs();
  }

  trace(event: StreamsEventBody): void {
    this.task.emit(event);
  }

  traceStamped(event: InstanceStreamsEvent): void {
    this.task.emitStamped(event);
  }

  taskLocal<T>(key: string, create: () => T): T {
    return this.task.local(key, create);
  }
}
