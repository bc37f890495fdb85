import type { ActorContext } from '../core/world.ts';
import { tpKey, type SimRecord, type TopicPartition } from '../core/types.ts';
import { partitionForKey } from '../log/partitioner.ts';
import { PartitionGroup } from '../streams/task/partition-group.ts';
import { StreamTask, type StreamTaskHost } from '../streams/task/stream-task.ts';
import type { InstanceStreamsEvent } from '../streams/events.ts';
import type { Topology } from '../streams/topology.ts';
import type { ChangelogRecord, InputRecord, OutputRecord } from '../streams/types.ts';
import { deriveRecordId } from './derive-id.ts';
import { changelogTopic } from './internal-topics.ts';

/** A fetched record on its way into a task, carrying the simulator's record id for derived ids. */
export type FetchedInput = InputRecord & { readonly id: number };

/** Where a task's writes go: the instance's producer session. */
export type Send = (tp: TopicPartition, record: SimRecord) => void;

/**
 * One task as an instance runs it: the `StreamTask` (processors and stores), the buffered input
 * of its partitions in timestamp order, the offsets it consumed, and the routing of its outputs and
 * changelog writes to partitions. Records it writes get ids derived from the input that caused them.
 */
export class TaskRunner {
  readonly task: StreamTask;
  readonly buffer: PartitionGroup;
  /** Per source partition: the offset after the last record processed (what a commit stores). */
  readonly consumed = new Map<string, { tp: TopicPartition; offset: number }>();
  /**
   * Whether the task processed a record or fired a punctuation since its last commit (Kafka's
   * `commitNeeded`): an idle task is left out of a commit, and an instance whose tasks are all
   * idle commits nothing, under exactly-once no transaction either.
   */
  commitNeeded = false;
  /** Called after each input record is processed (an application's hook, see InstanceExtensions). */
  onProcessed: ((input: InputRecord) => void) | null = null;
  /** The id the task's writes derive theirs from: the input record's, or a punctuation's. */
  private cause = 0;
  /** Set by `punctuate`: the wall-clock time `cause` is still to be derived from (see `derive`). */
  private punctuatedAt: number | null = null;
  private readonly punctuationSalt: string;
  private written = 0;

  constructor(
    readonly id: string,
    readonly sources: TopicPartition[],
    readonly stores: string[],
    topology: Topology,
    applicationId: string,
    instance: string,
    private readonly partitionsOf: (topic: string) => number,
    private readonly send: Send,
    ctx: ActorContext,
  ) {
    const [subtopology, partition] = id.split('_').map(Number);
    this.punctuationSalt = `punctuate:${id}`;
    this.buffer = new PartitionGroup(sources);
    this.task = new StreamTask({
      topology,
      config: { applicationId },
      subtopology,
      partition,
      host: new RunnerHost(this, ctx, partition, instance),
    });
    this.changelogs = stores.map((store) => ({
      store,
      tp: { topic: changelogTopic(applicationId, store), partition },
    }));
  }

  /** The changelog partition of each logged store of this task. */
  readonly changelogs: { store: string; tp: TopicPartition }[];

  /** Process every buffered record, in timestamp order across the task's partitions. */
  processBuffered(): number {
    let count = 0;
    while (this.processOne()) count++;
    return count;
  }

  /** Process the buffered record with the smallest timestamp; false if none is waiting. */
  processOne(): boolean {
    const input = this.buffer.nextRecord();
    if (!input) return false;
    this.cause = (input as FetchedInput).id;
    this.punctuatedAt = null;
    this.written = 0;
    this.task.process(input);
    this.consumedEntry(input.topic, input.partition).offset = input.offset + 1;
    this.commitNeeded = true;
    this.onProcessed?.(input);
    return true;
  }

  /** `consumed` by topic, then partition number: found per record without building its key. */
  private readonly consumedByTopic = new Map<string, { tp: TopicPartition; offset: number }[]>();

  /** The `consumed` entry of a partition, added (in the order partitions are first processed) if new. */
  private consumedEntry(topic: string, partition: number): { tp: TopicPartition; offset: number } {
    let byPartition = this.consumedByTopic.get(topic);
    if (byPartition === undefined) this.consumedByTopic.set(topic, (byPartition = []));
    let entry = byPartition[partition];
    if (entry === undefined) {
      entry = { tp: { topic, partition }, offset: 0 };
      byPartition[partition] = entry;
      this.consumed.set(tpKey(topic, partition), entry);
    }
    return entry;
  }

  /** Fire due wall-clock punctuations; their writes get ids derived from the task and the time. */
  punctuate(nowMs: number): void {
    // Called after every poll, and most calls fire nothing: the cause is derived when a
    // punctuation first writes, not here.
    this.punctuatedAt = nowMs;
    this.written = 0;
    if (this.task.punctuateWallClock()) this.commitNeeded = true;
  }

  /** A sink's record, to the partition its key (or, without a key, the task's partition) maps to. */
  output(record: OutputRecord, partition: number): void {
    const partitions = this.partitionsOf(record.topic);
    const target =
      record.key === null ? partition % partitions : partitionForKey(record.key, partitions);
    const { topic, key, value, timestampMs, headers } = record;
    this.send(
      this.partitionOf(topic, target),
      this.derive(topic, key, value, timestampMs, headers),
    );
  }

  /** A store's changelog record, to the task's partition of the changelog topic. */
  changelog(record: ChangelogRecord, partition: number): void {
    const { topic, key, value, timestampMs } = record;
    this.send(this.partitionOf(topic, partition), this.derive(topic, key, value, timestampMs));
  }

  /** A written record with its derived id: one literal per shape, `headers` last when there are some. */
  private derive(
    topic: string,
    key: string | null,
    value: SimRecord['value'],
    timestampMs: number,
    headers?: SimRecord['headers'],
  ): SimRecord {
    if (this.punctuatedAt !== null) {
      this.cause = deriveRecordId(this.punctuatedAt, this.punctuationSalt, 0);
      this.punctuatedAt = null;
    }
    const id = deriveRecordId(this.cause, topic, this.written++);
    return headers ? { id, key, value, timestampMs, headers } : { id, key, value, timestampMs };
  }

  /**
   * Partitions written to, by topic and number: one object each, not one per written record (the
   * session only reads it, and keeps the first it sees as its queue's partition).
   */
  private readonly writtenPartitions = new Map<string, TopicPartition[]>();

  private partitionOf(topic: string, partition: number): TopicPartition {
    let byNumber = this.writtenPartitions.get(topic);
    if (byNumber === undefined) this.writtenPartitions.set(topic, (byNumber = []));
    return (byNumber[partition] ??= { topic, partition });
  }
}

/**
 * The runner as its task's host. A class, not a literal of closures made per task: the task's
 * optimized code then calls the same methods for every task, and reads the clock from the
 * context without a closure in between.
 */
class RunnerHost implements StreamTaskHost {
  /** The task stamps this instance on its events, which go to the world's trace. */
  readonly trace: (event: InstanceStreamsEvent) => void;

  constructor(
    private readonly runner: TaskRunner,
    private readonly ctx: ActorContext,
    private readonly partition: number,
    readonly instance: string,
  ) {
    // A task builds each event whole, `at` (its wall clock, this ctx's now) included.
    this.trace = (event) => ctx.emitStamped(event);
  }

  output(record: OutputRecord): void {
    this.runner.output(record, this.partition);
  }

  changelog(record: ChangelogRecord): void {
    this.runner.changelog(record, this.partition);
  }

  wallClockMs(): number {
    return this.ctx.now;
  }
}
