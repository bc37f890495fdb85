import type { Actor, ActorContext, Message } from '../core/world.ts';
import type { TopicPartition } from '../core/types.ts';
import { tpKey } from '../core/types.ts';
import type { IsolationLevel } from '../trace/events.ts';
import type * as P from './protocol.ts';
import { BROKER_ID } from './protocol.ts';
import { assignors, type AssignorName } from './assignors.ts';
import { AppRunner, type AppSpec } from './app-runner.ts';

export interface ConsumerConfig {
  id: string;
  group: string;
  topics: string[];
  isolationLevel: IsolationLevel;
  assignor: string;
  /** Commit after processing (at-least-once) or before it (at-most-once). */
  commitOrder: 'at-least-once' | 'at-most-once';
  processingMs: number;
  maxPollRecords: number;
  fetchIntervalMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  autoOffsetReset: 'earliest' | 'latest';
  requestTimeoutMs: number;
  /**
   * Application code that decides what to apply and what to commit (made anew at each start),
   * and the store its applies go to. Without it the member runs the built-in loop of `commitOrder`.
   */
  app?: AppSpec;
}

/** Records one poll returned for one partition. */
interface Chunk {
  topic: string;
  partition: number;
  offsets: number[];
  recordIds: number[];
  nextOffset: number;
}

/** How long to wait before asking again for offsets a transaction still holds. */
const UNSTABLE_RETRY_MS = 20;

type Phase =
  'joining' | 'positioning' | 'idle' | 'fetching' | 'committing' | 'processing' | 'closed';

/**
 * A consumer in a group, with the application loop around it: poll, process, commit — or, for the
 * at-most-once contrast, poll, commit, process. Heartbeats run beside the loop (as the Java client's
 * background thread does), so a long processing step does not cost the membership; a crash or a
 * pause does, once session.timeout.ms passes. A commit from a member the group has moved on from is
 * refused (CommitFailedException) and the member rejoins: its records will be processed again.
 *
 * Under the cooperative protocol (cooperative-sticky) a member that must rejoin keeps consuming what
 * it owns while the rebalance runs (the JoinGroup goes out beside the poll loop, and its answer is
 * applied at the next poll, as the Java client's ConsumerCoordinator.onJoinComplete runs inside
 * poll()); it gives up only the partitions the new assignment takes away, and having given up any,
 * rejoins at once so that the follow-up rebalance hands them to their new owner. A member that lost
 * its membership (session expired, unknown member, a refused commit) loses everything, as under
 * the eager protocol (onPartitionsLost).
 *
 * Simplification: the member id is the actor id (a restarted consumer rejoins under the same id).
 */
export class Consumer implements Actor {
  readonly kind = 'consumer' as const;
  readonly id: string;
  private phase: Phase = 'joining';
  private generation = -1;
  private assignment: TopicPartition[] = [];
  private positions = new Map<string, number>();
  private rejoinNeeded = false;
  private pending: Chunk[] = [];
  private nextRequestId = 1;
  private awaiting = 0;
  private heartbeatTimer: number | null = null;
  private requestTimer: number | null = null;
  /** Cooperative: a JoinGroup sent beside the poll loop, and its timeout timer. */
  private backgroundJoinTimer: number | null = null;
  /** Cooperative: the answer to that JoinGroup, applied at the next poll. */
  private joinResult: P.JoinGroupResponse | null = null;
  /** The schedule asked it to close: it does at its next poll. */
  private closing = false;
  /** The application code (config.app) and the steps it asked for that are not done yet. */
  private readonly app: AppRunner | null;

  constructor(private readonly config: ConsumerConfig) {
    this.id = config.id;
    this.app = config.app ? new AppRunner(config.app) : null;
  }

  onStart(ctx: ActorContext): void {
    this.app?.start();
    this.join(ctx);
  }

  onCrash(): void {
    this.phase = 'joining';
    this.generation = -1;
    this.assignment = [];
    this.positions = new Map();
    this.rejoinNeeded = false;
    this.pending = [];
    this.awaiting = 0;
    this.heartbeatTimer = null;
    this.requestTimer = null;
    this.backgroundJoinTimer = null;
    this.joinResult = null;
    this.closing = false;
    this.app?.clear();
  }

  private get cooperative(): boolean {
    return assignors[this.config.assignor as AssignorName]?.protocol === 'cooperative';
  }

  /**
   * `close` from the schedule: the application leaves its poll loop after the current poll (its
   * records processed and committed) and calls KafkaConsumer.close(), which sends LeaveGroup.
   */
  onCommand(name: string, ctx: ActorContext): boolean {
    if (name !== 'close' || this.phase === 'closed' || this.closing) return false;
    this.closing = true;
    if (this.phase === 'idle' || this.phase === 'joining') this.close(ctx);
    return true;
  }

  private close(ctx: ActorContext): void {
    this.phase = 'closed';
    for (const timer of [this.heartbeatTimer, this.requestTimer, this.backgroundJoinTimer]) {
      if (timer !== null) ctx.cancelTimer(timer);
    }
    ctx.send(BROKER_ID, {
      kind: 'LeaveGroup',
      group: this.config.group,
      member: this.id,
    } satisfies P.LeaveGroupRequest);
    ctx.emit({ type: 'consumer.closed', consumer: this.id, group: this.config.group });
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    if (this.phase === 'closed') return;
    switch (name) {
      case 'heartbeat':
        return this.heartbeat(ctx);
      case 'poll':
        if (this.phase === 'idle') this.poll(ctx);
        return;
      case 'requestTimeout':
        if (data === this.awaiting) this.onRequestTimeout(ctx);
        return;
      case 'processed':
        return this.onProcessed(ctx);
      case 'applied':
        return this.onApplied(ctx);
      case 'offsetsRetry':
        if (this.phase === 'positioning' && this.awaiting === 0) this.fetchOffsets(ctx);
        return;
      case 'backgroundJoinTimeout':
        // No answer to the background JoinGroup: rejoin from scratch, owning nothing.
        if (this.backgroundJoinTimer === null) return;
        this.backgroundJoinTimer = null;
        this.generation = -1;
        this.rejoinNeeded = true;
        return;
    }
  }

  onMessage(_from: string, message: Message, ctx: ActorContext): void {
    if (this.phase === 'closed') return;
    const response = message as P.BrokerResponse;
    switch (response.kind) {
      case 'JoinGroupResponse':
        if (this.backgroundJoinTimer !== null) return this.onBackgroundJoined(response, ctx);
        return this.onJoined(response, ctx);
      case 'OffsetFetchResponse':
        return this.onOffsets(response, ctx);
      case 'FetchResponse':
        return this.onFetched(response, ctx);
      case 'OffsetCommitResponse':
        return this.onCommitted(response, ctx);
      case 'HeartbeatResponse':
        // An error answering a heartbeat sent before the join now under way is stale: Kafka's
        // client ignores it too (a needless second rebalance otherwise).
        if (response.error === null || this.joining) return;
        this.rejoinNeeded = true;
        // Only a rebalance lets a member keep what it owns; otherwise its membership is gone.
        if (response.error !== 'REBALANCE_IN_PROGRESS') this.generation = -1;
        return;
    }
  }

  // ── membership ──────────────────────────────────────────────────────────

  private join(ctx: ActorContext): void {
    if (this.app && this.assignment.length > 0) this.revoke(ctx);
    this.phase = 'joining';
    this.rejoinNeeded = false;
    this.pending = [];
    this.app?.clear();
    if (this.backgroundJoinTimer !== null) ctx.cancelTimer(this.backgroundJoinTimer);
    this.backgroundJoinTimer = null;
    this.joinResult = null;
    // Whatever it had is given up (eager) or lost (a member the group dropped).
    this.request(ctx, this.joinRequest([]), this.config.sessionTimeoutMs * 2);
    // Eager protocol: everything owned is given up while the group rebalances.
    this.assignment = [];
    this.positions = new Map();
    if (this.heartbeatTimer === null)
      this.heartbeatTimer = ctx.setTimer(this.config.heartbeatIntervalMs, 'heartbeat');
  }

  private joinRequest(owned: TopicPartition[]): P.JoinGroupRequest {
    const { group, topics, assignor, sessionTimeoutMs } = this.config;
    return { kind: 'JoinGroup', group, member: this.id, topics, assignor, sessionTimeoutMs, owned };
  }

  /** A JoinGroup is out: in the foreground (eager), or beside the poll loop (cooperative). */
  private get joining(): boolean {
    return (
      this.phase === 'joining' || this.backgroundJoinTimer !== null || this.joinResult !== null
    );
  }

  /**
   * Cooperative rejoin: send JoinGroup with what the member owns and go on consuming it. The
   * answer waits for the next poll (onBackgroundJoined, applyJoin).
   */
  private joinInBackground(ctx: ActorContext): void {
    this.rejoinNeeded = false;
    ctx.send(BROKER_ID, this.joinRequest(this.assignment));
    this.backgroundJoinTimer = ctx.setTimer(
      this.config.sessionTimeoutMs * 2,
      'backgroundJoinTimeout',
    );
  }

  private onBackgroundJoined(response: P.JoinGroupResponse, ctx: ActorContext): void {
    ctx.cancelTimer(this.backgroundJoinTimer!);
    this.backgroundJoinTimer = null;
    this.joinResult = response;
    // The new generation counts at once: commits from now on (the ones that hand over revoked
    // partitions included, as onPartitionsRevoked's) carry it.
    this.generation = response.generation;
    if (this.phase === 'idle') this.poll(ctx);
  }

  /**
   * Apply a cooperative assignment (ConsumerCoordinator.onJoinComplete): give up the partitions
   * it no longer lists, rejoin at once if there were any, keep consuming the rest from where the
   * member is, and look up the committed offsets of the partitions it adds.
   */
  private applyJoin(response: P.JoinGroupResponse): TopicPartition[] {
    this.joinResult = null;
    const next = new Set(response.assignment.map((tp) => tpKey(tp.topic, tp.partition)));
    const owned = new Set(this.assignment.map((tp) => tpKey(tp.topic, tp.partition)));
    const revoked = this.assignment.filter((tp) => !next.has(tpKey(tp.topic, tp.partition)));
    for (const tp of revoked) this.positions.delete(tpKey(tp.topic, tp.partition));
    this.assignment = response.assignment;
    if (revoked.length > 0) this.rejoinNeeded = true;
    return response.assignment.filter((tp) => !owned.has(tpKey(tp.topic, tp.partition)));
  }

  private heartbeat(ctx: ActorContext): void {
    this.heartbeatTimer = ctx.setTimer(this.config.heartbeatIntervalMs, 'heartbeat');
    if (this.generation < 0 || this.joining) return;
    ctx.send(BROKER_ID, {
      kind: 'Heartbeat',
      group: this.config.group,
      member: this.id,
      generation: this.generation,
    } satisfies P.HeartbeatRequest);
  }

  private onJoined(response: P.JoinGroupResponse, ctx: ActorContext): void {
    if (this.phase !== 'joining') return;
    this.settle(ctx);
    this.generation = response.generation;
    this.assignment = response.assignment;
    if (this.assignment.length === 0) return this.idle(ctx);
    this.phase = 'positioning';
    this.fetchOffsets(ctx);
  }

  /** Look up where to start on the partitions that have no position yet. */
  private fetchOffsets(ctx: ActorContext): void {
    const partitions = this.assignment.filter(
      (tp) => !this.positions.has(tpKey(tp.topic, tp.partition)),
    );
    this.request(ctx, {
      kind: 'OffsetFetch',
      group: this.config.group,
      partitions,
    } satisfies P.OffsetFetchRequest);
  }

  private onOffsets(response: P.OffsetFetchResponse, ctx: ActorContext): void {
    if (this.phase !== 'positioning') return;
    this.settle(ctx);
    // A read_committed consumer asks for stable offsets (KIP-447 requireStable) and waits while a
    // transaction still holds a commit for one of its partitions.
    const unstable = response.partitions.some((p) => p.error === 'UNSTABLE_OFFSET_COMMIT');
    if (unstable && this.config.isolationLevel === 'read_committed') {
      ctx.setTimer(UNSTABLE_RETRY_MS, 'offsetsRetry');
      return;
    }
    for (const p of response.partitions) {
      const committed = p.committed >= 0;
      const from = committed ? 'committed' : this.config.autoOffsetReset;
      const offset = committed
        ? p.committed
        : from === 'earliest'
          ? p.logStartOffset
          : p.logEndOffset;
      this.position(p.topic, p.partition, offset, from, ctx);
    }
    this.poll(ctx);
  }

  private position(
    topic: string,
    partition: number,
    offset: number,
    from: 'committed' | 'earliest' | 'latest',
    ctx: ActorContext,
  ): void {
    this.positions.set(tpKey(topic, partition), offset);
    ctx.emit({
      type: 'consumer.positioned',
      consumer: this.id,
      group: this.config.group,
      topic,
      partition,
      offset,
      from,
    });
  }

  // ── the poll loop ───────────────────────────────────────────────────────

  private poll(ctx: ActorContext): void {
    if (this.closing) return this.close(ctx);
    if (this.joinResult) {
      const added = this.applyJoin(this.joinResult);
      if (this.rejoinNeeded) this.joinInBackground(ctx);
      if (added.length > 0) {
        this.phase = 'positioning';
        return this.fetchOffsets(ctx);
      }
    }
    if (this.rejoinNeeded) {
      if (!this.cooperative || this.generation < 0) return this.join(ctx);
      if (!this.joining) this.joinInBackground(ctx);
    }
    if (this.assignment.length === 0) return this.idle(ctx);
    this.phase = 'fetching';
    this.request(ctx, {
      kind: 'Fetch',
      requestId: this.nextRequestId++,
      isolationLevel: this.config.isolationLevel,
      maxRecords: this.config.maxPollRecords,
      partitions: this.assignment.map((tp) => ({
        ...tp,
        offset: this.positions.get(tpKey(tp.topic, tp.partition)) ?? 0,
      })),
    } satisfies P.FetchRequest);
  }

  private idle(ctx: ActorContext): void {
    this.phase = 'idle';
    ctx.setTimer(this.config.fetchIntervalMs, 'poll');
  }

  private onFetched(response: P.FetchResponse, ctx: ActorContext): void {
    if (this.phase !== 'fetching') return;
    this.settle(ctx);
    const chunks: Chunk[] = [];
    for (const p of response.partitions) {
      if (p.error === 'OFFSET_OUT_OF_RANGE') {
        this.position(p.topic, p.partition, p.logStartOffset, 'earliest', ctx);
        continue;
      }
      if (p.error) continue;
      const key = tpKey(p.topic, p.partition);
      const from = this.positions.get(key) ?? 0;
      this.positions.set(key, p.nextOffset);
      if (p.offsets.length === 0) continue;
      const recordIds = p.records.map((r) => r.id);
      ctx.emit({
        type: 'records.fetched',
        consumer: this.id,
        group: this.config.group,
        topic: p.topic,
        partition: p.partition,
        fromOffset: from,
        nextOffset: p.nextOffset,
        recordIds,
        isolation: this.config.isolationLevel,
      });
      chunks.push({
        topic: p.topic,
        partition: p.partition,
        offsets: p.offsets,
        recordIds,
        nextOffset: p.nextOffset,
      });
    }
    if (chunks.length === 0) return this.idle(ctx);
    if (this.app) {
      this.app.handOver(response.partitions);
      return this.nextStep(ctx);
    }
    this.pending = chunks;
    if (this.config.commitOrder === 'at-most-once') this.commit(ctx);
    else this.processNext(ctx);
  }

  /**
   * Process the pending records one at a time, `processingMs` each: each one's side effect happens
   * when its time is up, so a crash part-way leaves some done and some not, as in a real
   * application. With `processingMs` 0 a whole chunk is done at once.
   */
  private processNext(ctx: ActorContext): void {
    const chunk = this.pending[0];
    if (!chunk) {
      if (this.config.commitOrder === 'at-least-once') return this.commit(ctx);
      return this.poll(ctx);
    }
    this.phase = 'processing';
    if (this.config.processingMs === 0) return this.onProcessed(ctx);
    ctx.setTimer(this.config.processingMs, 'processed');
  }

  private onProcessed(ctx: ActorContext): void {
    if (this.phase !== 'processing') return;
    const chunk = this.pending[0];
    const whole = this.config.processingMs === 0 || chunk.offsets.length === 1;
    const count = whole ? chunk.offsets.length : 1;
    ctx.emit({
      type: 'records.processed',
      consumer: this.id,
      group: this.config.group,
      topic: chunk.topic,
      partition: chunk.partition,
      offsets: whole ? chunk.offsets : chunk.offsets.slice(0, 1),
      recordIds: whole ? chunk.recordIds : chunk.recordIds.slice(0, 1),
    });
    if (count === chunk.offsets.length) this.pending.shift();
    else {
      chunk.offsets = chunk.offsets.slice(count);
      chunk.recordIds = chunk.recordIds.slice(count);
    }
    this.processNext(ctx);
  }

  /** Commit the positions after the chunks of this poll (all of them, in either order). */
  private commit(ctx: ActorContext): void {
    this.phase = 'committing';
    const offsets = this.assignment
      .filter((tp) => this.positions.has(tpKey(tp.topic, tp.partition)))
      .map((tp) => ({ ...tp, offset: this.positions.get(tpKey(tp.topic, tp.partition))! }));
    this.request(ctx, {
      kind: 'OffsetCommit',
      requestId: this.nextRequestId++,
      group: this.config.group,
      member: this.id,
      generation: this.generation,
      offsets,
    } satisfies P.OffsetCommitRequest);
  }

  private onCommitted(response: P.OffsetCommitResponse, ctx: ActorContext): void {
    if (this.phase !== 'committing') return;
    this.settle(ctx);
    if (response.error !== null) {
      // A cooperative member that already has its next generation's answer keeps its membership
      // (Kafka resets the generation only if it is still the one the commit was sent with).
      if (this.joinResult) return this.poll(ctx);
      // CommitFailedException: the group moved on without us; what we hold is someone else's now.
      this.generation = -1;
      return this.join(ctx);
    }
    if (this.app) return this.nextStep(ctx);
    if (this.config.commitOrder === 'at-most-once') return this.processNext(ctx);
    this.poll(ctx);
  }

  // ── application code (config.app) ───────────────────────────────────────

  private nextStep(ctx: ActorContext): void {
    const step = this.app!.next();
    if (!step) return this.poll(ctx);
    if (step.kind === 'apply') {
      this.phase = 'processing';
      if (this.config.processingMs === 0) return this.onApplied(ctx);
      ctx.setTimer(this.config.processingMs, 'applied');
      return;
    }
    this.app!.take();
    this.phase = 'committing';
    this.request(ctx, { kind: 'OffsetCommit', requestId: this.nextRequestId++, group: this.config.group, member: this.id, generation: this.generation, offsets: [...step.offsets] } satisfies P.OffsetCommitRequest);
  }

  /** An apply's time is up: the store decides whether it takes effect; if it does, it is traced. */
  private onApplied(ctx: ActorContext): void {
    if (this.phase !== 'processing' || this.app!.next()?.kind !== 'apply') return;
    const applied = this.app!.applyNext(this.id);
    if (applied) {
      const { record, recordId } = applied;
      ctx.emit({ type: 'records.processed', consumer: this.id, group: this.config.group, topic: record.topic, partition: record.partition, offsets: [record.offset], recordIds: [recordId] });
    }
    this.nextStep(ctx);
  }

  /**
   * The member gives up what it owns: the application may commit (sent before the JoinGroup,
   * on the same link, so the broker sees them first); applies are not allowed here.
   */
  private revoke(ctx: ActorContext): void {
    for (const offsets of this.app!.revoke(this.assignment))
      ctx.send(BROKER_ID, { kind: 'OffsetCommit', requestId: this.nextRequestId++, group: this.config.group, member: this.id, generation: this.generation, offsets: [...offsets] } satisfies P.OffsetCommitRequest);
  }

  // ── requests with a timeout ─────────────────────────────────────────────

  private request<M extends Message>(
    ctx: ActorContext,
    message: M,
    timeoutMs = this.config.requestTimeoutMs,
  ): void {
    this.awaiting = this.nextRequestId++;
    ctx.send(BROKER_ID, message);
    this.requestTimer = ctx.setTimer(timeoutMs, 'requestTimeout', this.awaiting);
  }

  /** A response arrived: stop waiting for it. */
  private settle(ctx: ActorContext): void {
    if (this.requestTimer !== null) ctx.cancelTimer(this.requestTimer);
    this.requestTimer = null;
    this.awaiting = 0;
  }

  private onRequestTimeout(ctx: ActorContext): void {
    this.requestTimer = null;
    this.awaiting = 0;
    // The broker did not answer (down, or cut off): start over from joining the group.
    this.generation = -1;
    this.join(ctx);
  }
}
