import type { Actor, ActorContext, Message } from '../core/world.ts';
import type { TopicPartition } from '../core/types.ts';
import { tpKey } from '../core/types.ts';
import type * as P from '../log/protocol.ts';
import { BROKER_ID } from '../log/protocol.ts';
import type { Topology } from '../streams/topology.ts';
import type { ProcessingGuarantee } from '../trace/events.ts';
import { eosV2TransactionalId, randomProcessId } from './process-id.ts';
import { ProducerSession } from './producer-session.ts';
import { recordIdsOf } from './record-ids.ts';
import { TaskRunner, type FetchedInput } from './task-runner.ts';
import type { KeyValueStore } from '../streams/stores/key-value-store.ts';
import type {
  InstanceExtensions,
  RefoldRestore,
  StreamThreadState,
} from './instance-extensions.ts';

export interface StreamsInstanceConfig {
  id: string;
  /** application.id: the consumer group, and the prefix of internal topics. */
  applicationId: string;
  topology: Topology;
  guarantee: ProcessingGuarantee;
  /** commit.interval.ms */
  commitIntervalMs: number;
  /** transaction.timeout.ms of the producer under exactly_once_v2. */
  transactionTimeoutMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxPollRecords: number;
  /** How long to wait before polling again when a poll returned nothing. */
  pollIntervalMs: number;
  /** Time the instance spends on each record (0: a whole poll at once). */
  processingMs: number;
  requestTimeoutMs: number;
  /** Sub-topologies with their broker source topics, task count and logged stores. */
  subtopologies: { id: number; sources: string[]; tasks: number; stores: string[] }[];
  partitionsOf: (topic: string) => number;
  /** Time spent on each restored record, virtual ms (0: a fetched batch at once). */
  restoreRecordMs?: number;
  /** A store rebuilt by folding a topic from offset zero (it has no changelog). */
  refold?: RefoldRestore;
  /** Interactive queries and a hook for restored tasks. */
  extensions?: InstanceExtensions;
}

/** How long to wait before asking again for offsets a transaction still holds. */
const UNSTABLE_RETRY_MS = 20;

type Phase =
  'joining' | 'restoring' | 'positioning' | 'running' | 'committing' | 'awaitingStableOffsets';

/** A changelog partition being replayed into a task's store. */
interface Restoration {
  task: TaskRunner;
  store: string;
  tp: TopicPartition;
  offset: number;
  records: number;
  /** Set when the store is rebuilt by folding its topic rather than copied from a changelog. */
  fold?: RefoldRestore['fold'];
}

/**
 * A Kafka Streams application instance (one stream thread): a member of the application's consumer
 * group, whose partitions decide its tasks; a producer session for outputs and changelogs; and the
 * loop poll → process → commit every commit.interval.ms. A commit takes only the tasks that
 * processed or punctuated since the last one (Kafka's `commitNeeded`); when none did, nothing is
 * committed, and under exactly-once no transaction is begun.
 *
 * - `at_least_once`: a commit flushes the outputs, waits for their acknowledgements, then commits the
 *   consumed offsets. A crash between the two leaves outputs whose inputs will be processed again.
 * - `exactly_once_v2`: outputs, changelog writes and consumed offsets of all tasks go in one
 *   transaction per commit (KIP-447: one producer per thread, fenced by the group generation).
 * - `at_most_once` (a teaching contrast, not a Kafka Streams setting): offsets are committed as soon
 *   as records are fetched, before processing.
 *
 * A task that arrives restores its stores from their changelogs (read_committed under
 * exactly-once) before it processes anything; a task that stays across a rebalance keeps its state
 * (as Kafka Streams keeps its local store), one that leaves is dropped.
 * Simplifications: the producer initialises its transactions when the instance starts (Kafka
 * Streams does so when the thread first initialises an active task), one stream thread per instance,
 * no standby replicas, no local checkpoint (a task
 * that moves restores its changelog from the start), the range assignor places co-partitioned
 * partitions together (Kafka Streams has its own assignor).
 */
export class StreamsInstance implements Actor {
  readonly kind = 'instance' as const;
  readonly id: string;
  private phase: Phase = 'joining';
  private session!: ProducerSession;
  private sessionReady = false;
  private generation = -1;
  private tasks = new Map<string, TaskRunner>();
  private positions = new Map<string, number>();
  private restorations: Restoration[] = [];
  /** Changelog records replayed so far per task (a task may have several stores). */
  private restoredRecords = new Map<string, number>();
  private rejoinNeeded = false;
  /** The coordinator no longer knew this member or its generation: its tasks may have run elsewhere. */
  private partitionsLost = false;
  private lastCommitMs = 0;
  private awaiting = 0;
  private requestTimer: number | null = null;
  private heartbeatTimer: number | null = null;
  private nextToken = 1;
  /**
   * This start's process id. Its stores are in memory, so, as Kafka Streams without persistent
   * stores, each start draws a new one, and with it a new transactional id: a restarted instance
   * cannot abort what its predecessor left open; only the transaction timeout ends that.
   */
  private processId = '';

  constructor(private readonly config: StreamsInstanceConfig) {
    this.id = config.id;
  }

  private get isolation() {
    return this.config.guarantee === 'exactly_once_v2'
      ? ('read_committed' as const)
      : ('read_uncommitted' as const);
  }

  onStart(ctx: ActorContext): void {
    this.processId = randomProcessId(ctx.prng);
    this.startSession(ctx);
    this.lastCommitMs = ctx.now;
    this.join(ctx);
  }

  onCrash(): void {
    this.session?.close();
    this.phase = 'joining';
    this.sessionReady = false;
    this.generation = -1;
    this.tasks = new Map();
    this.positions = new Map();
    this.restorations = [];
    this.restoredRecords = new Map();
    this.rejoinNeeded = false;
    this.partitionsLost = false;
    this.awaiting = 0;
    this.requestTimer = null;
    this.heartbeatTimer = null;
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    if (this.session.onTimer(name, data, ctx)) return;
    if (name === 'heartbeat') return this.heartbeat(ctx);
    if (name === 'poll' && this.phase === 'running') return this.poll(ctx);
    if (name === 'processed' && this.phase === 'running') return this.process(ctx);
    if (name === 'positionsRetry' && this.phase === 'awaitingStableOffsets')
      return this.fetchPositions(ctx);
    if (name === 'restoreRetry' && this.phase === 'restoring') return this.restoreNext(ctx);
    if (
      name === 'restoreApplied' &&
      this.phase === 'restoring' &&
      this.applying?.restoration === this.restorations[0]
    )
      return this.afterRestoreBatch(ctx);
    if (name === 'requestTimeout' && data === this.awaiting)
      return this.startOver(ctx, 'request timed out', true);
  }

  onMessage(from: string, message: Message, ctx: ActorContext): void {
    if (message.kind === 'ReadModelQuery')
      return this.config.extensions?.onQuery?.(from, message, this.queryView(), ctx);
    const response = message as P.BrokerResponse;
    if (this.session.onMessage(response, ctx)) return;
    switch (response.kind) {
      case 'JoinGroupResponse':
        return this.onJoined(response, ctx);
      case 'HeartbeatResponse':
        if (response.error !== null) this.rejoinNeeded = true;
        if (response.error === 'UNKNOWN_MEMBER_ID' || response.error === 'ILLEGAL_GENERATION')
          this.partitionsLost = true;
        return;
      case 'FetchResponse':
        if (response.requestId !== this.fetchId) return;
        return this.phase === 'restoring'
          ? this.onRestoreFetched(response, ctx)
          : this.onFetched(response, ctx);
      case 'OffsetFetchResponse':
        return this.onPositions(response, ctx);
      case 'OffsetCommitResponse':
        return this.onOffsetsCommitted(response, ctx);
    }
  }

  // ── the producer session ────────────────────────────────────────────────

  private startSession(ctx: ActorContext): void {
    const transactionalId =
      this.config.guarantee === 'exactly_once_v2'
        ? eosV2TransactionalId(this.config.applicationId, this.processId)
        : null;
    this.sessionReady = false;
    this.session = new ProducerSession(
      this.id,
      transactionalId,
      {
        ready: () => {
          this.sessionReady = true;
          if (this.phase === 'running') this.poll(ctx);
        },
        failed: (error) => this.startOver(ctx, error, false),
      },
      {
        requestTimeoutMs: this.config.requestTimeoutMs,
        retryBackoffMs: 20,
        transactionTimeoutMs: this.config.transactionTimeoutMs,
      },
    );
    this.session.start(ctx);
  }

  /**
   * Something failed that Kafka Streams answers with TaskMigratedException: close every task dirty
   * (its uncommitted work is redone by whoever gets it), start a fresh producer, rejoin the group.
   */
  private startOver(ctx: ActorContext, error: string, keepSession: boolean): void {
    ctx.emit({
      type: 'instance.commitFailed',
      instance: this.id,
      guarantee: this.config.guarantee,
      error,
    });
    for (const task of this.tasks.values())
      ctx.emit({ type: 'task.revoked', instance: this.id, task: task.id, clean: false });
    this.tasks = new Map();
    this.positions = new Map();
    this.restorations = [];
    this.restoredRecords = new Map();
    this.partitionsLost = false;
    // Under exactly_once_v2 the open transaction holds the dirty tasks' outputs and changelog
    // writes: a fresh producer with the same transactional id (the process lives on) bumps the
    // epoch and so aborts it, as Kafka Streams re-creates the thread producer on
    // TaskMigratedException. Kept, it would be committed later.
    if (!keepSession || this.config.guarantee === 'exactly_once_v2') {
      this.session.close();
      this.startSession(ctx);
    }
    this.generation = -1;
    this.join(ctx);
  }

  // ── membership ──────────────────────────────────────────────────────────

  private join(ctx: ActorContext): void {
    this.phase = 'joining';
    this.rejoinNeeded = false;
    const topics = [...new Set(this.config.subtopologies.flatMap((s) => s.sources))];
    const owned = [...this.tasks.values()].flatMap((t) => t.sources);
    this.request(
      ctx,
      {
        kind: 'JoinGroup',
        group: this.config.applicationId,
        member: this.id,
        topics,
        assignor: 'range',
        sessionTimeoutMs: this.config.sessionTimeoutMs,
        owned,
      } satisfies P.JoinGroupRequest,
      this.config.sessionTimeoutMs * 2,
    );
    if (this.heartbeatTimer === null)
      this.heartbeatTimer = ctx.setTimer(this.config.heartbeatIntervalMs, 'heartbeat');
  }

  private heartbeat(ctx: ActorContext): void {
    this.heartbeatTimer = ctx.setTimer(this.config.heartbeatIntervalMs, 'heartbeat');
    if (this.generation < 0 || this.phase === 'joining') return;
    ctx.send(BROKER_ID, {
      kind: 'Heartbeat',
      group: this.config.applicationId,
      member: this.id,
      generation: this.generation,
    } satisfies P.HeartbeatRequest);
  }

  /** The new assignment: keep the tasks that stay, drop the ones that left, restore the new ones. */
  private onJoined(response: P.JoinGroupResponse, ctx: ActorContext): void {
    if (this.phase !== 'joining') return;
    this.settle(ctx);
    // A generation passed without this member (it joined again after the group dropped it):
    // whoever ran its tasks meanwhile may have committed past its positions, as a lost partition.
    const missedGeneration = this.generation >= 0 && response.generation > this.generation + 1;
    if (this.partitionsLost || missedGeneration) this.loseTasks(ctx);
    this.generation = response.generation;
    const wanted = this.tasksFor(response.assignment);
    for (const [id, task] of this.tasks) {
      if (wanted.has(id)) continue;
      this.tasks.delete(id);
      this.taskIndex = null;
      for (const tp of task.sources) this.positions.delete(tpKey(tp.topic, tp.partition));
      ctx.emit({ type: 'task.revoked', instance: this.id, task: id, clean: true });
    }
    for (const [id, { sources, stores }] of wanted) {
      if (this.tasks.has(id)) continue;
      const task = new TaskRunner(
        id,
        sources,
        stores,
        this.config.topology,
        this.config.applicationId,
        this.id,
        this.config.partitionsOf,
        (tp, record) => this.session.send(ctx, tp, record),
        ctx,
      );
      const onProcessed = this.config.extensions?.onProcessed;
      if (onProcessed) task.onProcessed = (input) => onProcessed(task, input, ctx);
      this.tasks.set(id, task);
      this.taskIndex = null;
      ctx.emit({ type: 'task.assigned', instance: this.id, task: id, partitions: sources });
      const refold = this.config.refold;
      const restores = [
        ...task.changelogs,
        ...(refold
          ? [
              {
                store: refold.store,
                tp: { topic: refold.topic, partition: task.sources[0].partition },
                fold: refold.fold,
              },
            ]
          : []),
      ];
      for (const { store, tp, fold } of restores as {
        store: string;
        tp: TopicPartition;
        fold?: RefoldRestore['fold'];
      }[]) {
        this.restorations.push({
          task,
          store,
          tp,
          offset: 0,
          records: 0,
          ...(fold ? { fold } : {}),
        });
        ctx.emit({
          type: 'task.restoring',
          instance: this.id,
          task: id,
          store,
          topic: tp.topic,
          partition: tp.partition,
        });
      }
    }
    // Committed offsets first, and only stable ones: a pending transactional commit may still add
    // to the changelog the restoration is about to read (Kafka Streams fetches them first too).
    this.fetchPositions(ctx);
  }

  /**
   * The group moved on without this member (a long pause, a cut link): another instance may have
   * run its tasks and committed past its positions, so its state and positions are stale. Close
   * them dirty, as Kafka Streams does in onPartitionsLost; the new assignment restores afresh.
   */
  private loseTasks(ctx: ActorContext): void {
    for (const task of this.tasks.values())
      ctx.emit({ type: 'task.revoked', instance: this.id, task: task.id, clean: false });
    this.tasks = new Map();
    this.positions = new Map();
    this.restorations = [];
    this.restoredRecords = new Map();
    this.partitionsLost = false;
  }

  /** Tasks for assigned partitions: task `s_p` when the instance owns partition p of every source of sub-topology s. */
  private tasksFor(
    assignment: TopicPartition[],
  ): Map<string, { sources: TopicPartition[]; stores: string[] }> {
    const owned = new Set(assignment.map((tp) => tpKey(tp.topic, tp.partition)));
    const tasks = new Map<string, { sources: TopicPartition[]; stores: string[] }>();
    for (const sub of this.config.subtopologies) {
      for (let p = 0; p < sub.tasks; p++) {
        const sources = sub.sources
          .filter((t) => p < this.config.partitionsOf(t))
          .map((topic) => ({ topic, partition: p }));
        if (sources.length > 0 && sources.every((tp) => owned.has(tpKey(tp.topic, tp.partition)))) {
          tasks.set(`${sub.id}_${p}`, { sources, stores: sub.stores });
        }
      }
    }
    return tasks;
  }

  // ── restoration ─────────────────────────────────────────────────────────

  private restoreNext(ctx: ActorContext): void {
    const next = this.restorations[0];
    if (!next) return this.run(ctx);
    this.phase = 'restoring';
    this.fetchId = this.nextToken++;
    this.request(ctx, {
      kind: 'Fetch',
      requestId: this.fetchId,
      isolationLevel: this.isolation,
      maxRecords: 500,
      partitions: [{ ...next.tp, offset: next.offset }],
    } satisfies P.FetchRequest);
  }

  private onRestoreFetched(response: P.FetchResponse, ctx: ActorContext): void {
    this.settle(ctx);
    const current = this.restorations[0];
    const fetched = response.partitions[0];
    if (!current || !fetched) return;
    for (let i = 0; i < fetched.records.length; i++) {
      const r = fetched.records[i];
      if (r.key !== null)
        current.task.task.restore(
          current.store,
          r.key,
          this.restoredValue(current, r.key, r.value),
          r.timestampMs,
        );
      current.records++;
    }
    this.applying = { restoration: current, fetched };
    const applyMs = fetched.records.length * (this.config.restoreRecordMs ?? 0);
    if (applyMs > 0) return void ctx.setTimer(applyMs, 'restoreApplied');
    this.afterRestoreBatch(ctx);
  }

  /** The restored batch being applied (restoreRecordMs per record) before the restoration goes on. */
  private applying: { restoration: Restoration; fetched: P.FetchedPartition } | null = null;

  /** A changelog record is the store's value; a folded topic's record changes the value it has. */
  private restoredValue(
    restoration: Restoration,
    key: string,
    value: P.FetchedPartition['records'][number]['value'],
  ) {
    if (!restoration.fold) return value;
    const store = restoration.task.task.store<KeyValueStore>(restoration.store)!;
    return restoration.fold(store.get(key), value);
  }

  private afterRestoreBatch(ctx: ActorContext): void {
    const { restoration: current, fetched } = this.applying!;
    this.applying = null;
    const progressed = fetched.nextOffset > current.offset;
    current.offset = fetched.nextOffset;
    if (!progressed && fetched.error === null && current.offset < fetched.highWatermark) {
      // Read_committed stops at the last stable offset: a transaction still open in the changelog
      // (a paused instance's, say) may hold it below records committed after it. Ending here would
      // leave those out of the store; wait until the open transaction is decided.
      ctx.setTimer(UNSTABLE_RETRY_MS, 'restoreRetry');
      return;
    }
    if (!progressed || fetched.error !== null) {
      this.restorations.shift();
      this.restoredRecords.set(
        current.task.id,
        (this.restoredRecords.get(current.task.id) ?? 0) + current.records,
      );
      if (!this.restorations.some((r) => r.task === current.task)) {
        const records = this.restoredRecords.get(current.task.id) ?? 0;
        this.restoredRecords.delete(current.task.id);
        ctx.emit({ type: 'task.restored', instance: this.id, task: current.task.id, records });
        const positions = current.task.sources.map((tp) => ({
          tp,
          offset: this.positions.get(tpKey(tp.topic, tp.partition)) ?? 0,
        }));
        this.config.extensions?.onTaskRestored?.(current.task, positions, ctx);
      }
    }
    this.restoreNext(ctx);
  }

  /** Where to resume each source partition: the group's committed offset, or the earliest. */
  private fetchPositions(ctx: ActorContext): void {
    const missing = [...this.tasks.values()]
      .flatMap((t) => t.sources)
      .filter((tp) => !this.positions.has(tpKey(tp.topic, tp.partition)));
    if (missing.length === 0) return this.restoreNext(ctx);
    this.phase = 'positioning';
    this.request(ctx, {
      kind: 'OffsetFetch',
      group: this.config.applicationId,
      partitions: missing,
    } satisfies P.OffsetFetchRequest);
  }

  private onPositions(response: P.OffsetFetchResponse, ctx: ActorContext): void {
    if (this.phase !== 'positioning') return;
    this.settle(ctx);
    if (response.partitions.some((p) => p.error === 'UNSTABLE_OFFSET_COMMIT')) {
      this.phase = 'awaitingStableOffsets';
      this.unstableRetry = ctx.setTimer(UNSTABLE_RETRY_MS, 'positionsRetry');
      return;
    }
    for (const p of response.partitions) {
      const from = p.committed >= 0 ? 'committed' : 'earliest';
      const offset = p.committed >= 0 ? p.committed : p.logStartOffset;
      this.positions.set(tpKey(p.topic, p.partition), offset);
      ctx.emit({
        type: 'consumer.positioned',
        consumer: this.id,
        group: this.config.applicationId,
        topic: p.topic,
        partition: p.partition,
        offset,
        from,
      });
    }
    this.restoreNext(ctx);
  }

  private unstableRetry: number | null = null;

  // ── interactive queries ─────────────────────────────────────────────────

  private queryView() {
    const phase = this.phase;
    const threadState: StreamThreadState =
      phase === 'running' || phase === 'committing' || (phase === 'joining' && this.generation >= 0)
        ? 'RUNNING'
        : phase === 'joining'
          ? 'STARTING'
          : 'PARTITIONS_ASSIGNED';
    const tasks = this.tasks;
    return {
      instance: this.id,
      threadState,
      activeTask: (partition: number) => tasks.get(`0_${partition}`),
    };
  }

  // ── the loop: poll, process, commit ─────────────────────────────────────

  private run(ctx: ActorContext): void {
    this.phase = 'running';
    if (this.sessionReady) this.poll(ctx);
  }

  private poll(ctx: ActorContext): void {
    if (!this.sessionReady || this.awaiting !== 0) return;
    if (this.rejoinNeeded || ctx.now - this.lastCommitMs >= this.config.commitIntervalMs)
      return this.commit(ctx);
    const partitions = this.positionsOfTasks();
    if (partitions.length === 0) {
      ctx.setTimer(this.config.pollIntervalMs, 'poll');
      return;
    }
    this.fetchId = this.nextToken++;
    this.request(ctx, {
      kind: 'Fetch',
      requestId: this.fetchId,
      isolationLevel: this.isolation,
      maxRecords: this.config.maxPollRecords,
      partitions,
    } satisfies P.FetchRequest);
  }

  /** The request id of the fetch in flight: an answer to any other is stale. */
  private fetchId = -1;

  /** `currentTaskIndex`'s index and the task set it was made from; null once a task is added or removed. */
  private taskIndex: TaskIndex | null = null;

  /**
   * The task reading each source partition, and every task's sources in task order with their
   * keys. Made once per task set, not once per poll or fetch: a task's sources never change, and
   * `this.tasks` is either replaced (a new Map) or changed where `taskIndex` is dropped.
   */
  private currentTaskIndex(): TaskIndex {
    if (this.taskIndex?.tasks === this.tasks) return this.taskIndex;
    const byTopic = new Map<string, TaskSource[]>();
    const sources: TaskSource[] = [];
    for (const task of this.tasks.values())
      for (const tp of task.sources) {
        const source = { tp, key: tpKey(tp.topic, tp.partition), task };
        let byNumber = byTopic.get(tp.topic);
        if (byNumber === undefined) byTopic.set(tp.topic, (byNumber = []));
        byNumber[tp.partition] = source;
        sources.push(source);
      }
    this.taskIndex = { tasks: this.tasks, byTopic, sources };
    return this.taskIndex;
  }

  private onFetched(response: P.FetchResponse, ctx: ActorContext): void {
    if (this.phase !== 'running') return;
    this.settle(ctx);
    let fetched = 0;
    const byTopic = this.currentTaskIndex().byTopic;
    for (const p of response.partitions) {
      const source = byTopic.get(p.topic)?.[p.partition];
      if (source === undefined || p.error !== null) continue;
      const task = source.task;
      this.positions.set(source.key, p.nextOffset);
      if (p.records.length > 0) {
        ctx.emitStamped({
          type: 'records.fetched',
          consumer: this.id,
          group: this.config.applicationId,
          topic: p.topic,
          partition: p.partition,
          fromOffset: p.offsets[0],
          nextOffset: p.nextOffset,
          recordIds: recordIdsOf(p.records),
          isolation: this.isolation,
          at: ctx.now,
        });
      }
      for (let i = 0; i < p.records.length; i++) {
        task.buffer.addRecord(fetchedInput(p, i));
        fetched++;
      }
    }
    if (this.config.guarantee === 'at_most_once' && fetched > 0)
      return this.commitOffsets(ctx, this.positionsOfTasks(), true);
    if (fetched === 0) {
      for (const task of this.tasks.values()) task.punctuate(ctx.now);
      ctx.setTimer(this.config.pollIntervalMs, 'poll');
      return;
    }
    this.process(ctx);
  }

  /**
   * Process what the last poll fetched, then poll again. With `processingMs` each record takes that
   * long, one at a time, so a crash can land between two records' outputs; without, all at once.
   */
  private process(ctx: ActorContext): void {
    for (const task of this.tasks.values()) {
      if (this.config.processingMs === 0) task.processBuffered();
      else if (task.processOne()) return void ctx.setTimer(this.config.processingMs, 'processed');
    }
    for (const task of this.tasks.values()) task.punctuate(ctx.now);
    this.poll(ctx);
  }

  /** Commit what the tasks consumed, as the processing guarantee says. */
  private commit(ctx: ActorContext): void {
    this.phase = 'committing';
    const offsets =
      this.config.guarantee === 'at_most_once' ? this.positionsOfTasks() : this.consumedOffsets();
    if (this.config.guarantee === 'exactly_once_v2') {
      const member = {
        group: this.config.applicationId,
        member: this.id,
        generation: this.generation,
      };
      return this.session.commitTransaction(ctx, member, offsets, (error) => {
        if (error) return this.startOver(ctx, error, false);
        this.committed(ctx, offsets);
      });
    }
    this.session.flush(ctx, () => this.commitOffsets(ctx, offsets, false));
  }

  private commitOffsets(
    ctx: ActorContext,
    offsets: { topic: string; partition: number; offset: number }[],
    thenProcess: boolean,
  ): void {
    if (offsets.length === 0)
      return thenProcess ? this.afterEarlyCommit(ctx) : this.committed(ctx, offsets);
    this.phase = 'committing';
    this.pendingCommit = { offsets, thenProcess };
    this.request(ctx, {
      kind: 'OffsetCommit',
      requestId: this.nextToken++,
      group: this.config.applicationId,
      member: this.id,
      generation: this.generation,
      offsets,
    } satisfies P.OffsetCommitRequest);
  }

  private pendingCommit: {
    offsets: { topic: string; partition: number; offset: number }[];
    thenProcess: boolean;
  } | null = null;

  private onOffsetsCommitted(response: P.OffsetCommitResponse, ctx: ActorContext): void {
    if (this.phase !== 'committing' || !this.pendingCommit) return;
    this.settle(ctx);
    const { offsets, thenProcess } = this.pendingCommit;
    this.pendingCommit = null;
    if (response.error !== null) return this.startOver(ctx, response.error, true);
    if (thenProcess) {
      ctx.emit({
        type: 'instance.committed',
        instance: this.id,
        guarantee: this.config.guarantee,
        offsets,
      });
      return this.afterEarlyCommit(ctx);
    }
    this.committed(ctx, offsets);
  }

  /** at_most_once: the offsets are safe, now process what was fetched. */
  private afterEarlyCommit(ctx: ActorContext): void {
    this.phase = 'running';
    this.process(ctx);
  }

  private committed(
    ctx: ActorContext,
    offsets: { topic: string; partition: number; offset: number }[],
  ): void {
    if (offsets.length > 0 && this.config.guarantee !== 'at_most_once') {
      ctx.emit({
        type: 'instance.committed',
        instance: this.id,
        guarantee: this.config.guarantee,
        offsets,
      });
    }
    this.lastCommitMs = ctx.now;
    for (const task of this.tasks.values()) task.commitNeeded = false;
    if (this.rejoinNeeded) return this.join(ctx);
    this.phase = 'running';
    this.poll(ctx);
  }

  /** The consumed offsets of the tasks that did something since the last commit. */
  private consumedOffsets(): { topic: string; partition: number; offset: number }[] {
    const out: { topic: string; partition: number; offset: number }[] = [];
    for (const task of this.tasks.values()) {
      if (!task.commitNeeded) continue;
      for (const { tp, offset } of task.consumed.values())
        out.push({ topic: tp.topic, partition: tp.partition, offset });
    }
    return out;
  }

  /**
   * Every source partition of the tasks, in task order, with the position to fetch from. Runs
   * before every fetch: a loop over the cached source list, without the arrays and key strings
   * that spreading the tasks and flat-mapping their sources made per poll. Each entry is a fresh
   * object (a request keeps it), with the keys in the order `{ ...tp, offset }` gave them.
   */
  private positionsOfTasks(): { topic: string; partition: number; offset: number }[] {
    const sources = this.currentTaskIndex().sources;
    const out: { topic: string; partition: number; offset: number }[] = [];
    for (const { tp, key } of sources)
      out.push({ topic: tp.topic, partition: tp.partition, offset: this.positions.get(key) ?? 0 });
    return out;
  }

  // ── requests with a timeout ─────────────────────────────────────────────

  private request<M extends Message>(
    ctx: ActorContext,
    message: M,
    timeoutMs = this.config.requestTimeoutMs,
  ): void {
    this.awaiting = this.nextToken++;
    ctx.send(BROKER_ID, message);
    this.requestTimer = ctx.setTimer(timeoutMs, 'requestTimeout', this.awaiting);
  }

  private settle(ctx: ActorContext): void {
    if (this.requestTimer !== null) ctx.cancelTimer(this.requestTimer);
    this.requestTimer = null;
    this.awaiting = 0;
  }
}

/** An instance's tasks indexed for polling and fetching (see `StreamsInstance.currentTaskIndex`). */
interface TaskIndex {
  tasks: Map<string, TaskRunner>;
  /** Each source partition by topic, then number: a fetched partition's is found without its key. */
  byTopic: Map<string, TaskSource[]>;
  sources: TaskSource[];
}

/** A source partition of a task, with its `tpKey` (made once, for `positions`). */
interface TaskSource {
  tp: TopicPartition;
  key: string;
  task: TaskRunner;
}

/**
 * The `i`th record of a fetched partition as a task's input, in one literal per shape (with or
 * without headers, `headers` last either way): a spread of a conditional object per record was a
 * slow path.
 */
function fetchedInput(p: P.FetchedPartition, i: number): FetchedInput {
  const r = p.records[i];
  return r.headers
    ? {
        id: r.id,
        topic: p.topic,
        partition: p.partition,
        offset: p.offsets[i],
        key: r.key,
        value: r.value,
        timestampMs: r.timestampMs,
        headers: r.headers,
      }
    : {
        id: r.id,
        topic: p.topic,
        partition: p.partition,
        offset: p.offsets[i],
        key: r.key,
        value: r.value,
        timestampMs: r.timestampMs,
      };
}
