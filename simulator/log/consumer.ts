import type { Actor, ActorContext, Message } from '../core/world.ts';
import { tpKey, type TopicPartition } from '../core/types.ts';
import type * as P from './protocol.ts';
import { BROKER_ID } from './protocol.ts';
import { AppRunner } from './app-runner.ts';
import { AwaitedRequest } from './awaited-request.ts';
import type { ConsumerConfig } from './consumer-config.ts';
import { Membership } from './consumer-membership.ts';
import { PendingRecords, type Chunk } from './pending-records.ts';

export type { ConsumerConfig } from './consumer-config.ts';

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
 * Its membership (consumer-membership.ts) says how a cooperative member keeps consuming what it
 * owns while a rebalance runs; a member that lost its membership (session expired, unknown member,
 * a refused commit) loses everything, as under the eager protocol (onPartitionsLost).
 *
 * Simplification: the member id is the actor id (a restarted consumer rejoins under the same id).
 */
export class Consumer implements Actor {
  readonly kind = 'consumer' as const;
  readonly id: string;
  private phase: Phase = 'joining';
  /** Generation, assignment, heartbeats and the cooperative background join. */
  private readonly group: Membership;
  private positions = new Map<string, number>();
  private readonly pending = new PendingRecords();
  private nextRequestId = 1;
  private readonly awaited = new AwaitedRequest();
  /** The schedule asked it to close: it does at its next poll. */
  private closing = false;
  /** The application code (config.app) and the steps it asked for that are not done yet. */
  private readonly app: AppRunner | null;

  constructor(private readonly config: ConsumerConfig) {
    this.id = config.id;
    this.group = new Membership(config.id, config);
    this.app = config.app ? new AppRunner(config.app) : null;
  }

  onStart(ctx: ActorContext): void {
    this.app?.start();
    this.join(ctx);
  }

  onCrash(): void {
    this.phase = 'joining';
    this.group.reset();
    this.positions = new Map();
    this.pending.clear();
    this.awaited.forget();
    this.closing = false;
    this.app?.clear();
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
    this.awaited.settle(ctx);
    this.group.leave(ctx);
    ctx.emit({ type: 'consumer.closed', consumer: this.id, group: this.config.group });
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    if (this.phase === 'closed') return;
    switch (name) {
      case 'heartbeat':
        return this.group.heartbeat(ctx, this.phase === 'joining');
      case 'poll':
        if (this.phase === 'idle') this.poll(ctx);
        return;
      case 'requestTimeout':
        if (data === this.awaited.token) this.onRequestTimeout(ctx);
        return;
      case 'processed':
        return this.onProcessed(ctx);
      case 'applied':
        return this.onApplied(ctx);
      case 'offsetsRetry':
        if (this.phase === 'positioning' && this.awaited.token === 0) this.fetchOffsets(ctx);
        return;
      case 'backgroundJoinTimeout':
        return this.group.onBackgroundJoinTimeout();
    }
  }

  onMessage(_from: string, message: Message, ctx: ActorContext): void {
    if (this.phase === 'closed') return;
    const response = message as P.BrokerResponse;
    switch (response.kind) {
      case 'JoinGroupResponse':
        if (!this.group.joiningInBackground) return this.onJoined(response, ctx);
        this.group.onBackgroundJoined(response, ctx);
        if (this.phase === 'idle') this.poll(ctx);
        return;
      case 'OffsetFetchResponse':
        return this.onOffsets(response, ctx);
      case 'FetchResponse':
        return this.onFetched(response, ctx);
      case 'OffsetCommitResponse':
        return this.onCommitted(response, ctx);
      case 'HeartbeatResponse':
        return this.group.onHeartbeatResponse(response, this.phase === 'joining');
    }
  }

  // ── membership ──────────────────────────────────────────────────────────

  private join(ctx: ActorContext): void {
    if (this.app && this.group.assignment.length > 0) this.revoke(ctx);
    this.phase = 'joining';
    this.pending.clear();
    this.app?.clear();
    this.group.startForegroundJoin(ctx);
    // Whatever it had is given up (eager) or lost (a member the group dropped).
    this.request(ctx, this.group.joinRequest([]), this.config.sessionTimeoutMs * 2);
    // Eager protocol: everything owned is given up while the group rebalances.
    this.group.assignment = [];
    this.positions = new Map();
    this.group.ensureHeartbeats(ctx);
  }

  private onJoined(response: P.JoinGroupResponse, ctx: ActorContext): void {
    if (this.phase !== 'joining') return;
    this.settle(ctx);
    this.group.generation = response.generation;
    this.group.assignment = response.assignment;
    if (response.assignment.length === 0) return this.idle(ctx);
    this.phase = 'positioning';
    this.fetchOffsets(ctx);
  }

  /** Look up where to start on the partitions that have no position yet. */
  private fetchOffsets(ctx: ActorContext): void {
    const partitions = this.group.assignment.filter(
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
    const group = this.group;
    if (group.joinResult) {
      const added = group.applyJoin(this.positions);
      if (group.rejoinNeeded) group.joinInBackground(ctx);
      if (added.length > 0) {
        this.phase = 'positioning';
        return this.fetchOffsets(ctx);
      }
    }
    if (group.rejoinNeeded) {
      if (!group.cooperative || group.generation < 0) return this.join(ctx);
      if (!group.joining(this.phase === 'joining')) group.joinInBackground(ctx);
    }
    if (group.assignment.length === 0) return this.idle(ctx);
    this.phase = 'fetching';
    this.request(ctx, {
      kind: 'Fetch',
      requestId: this.nextRequestId++,
      isolationLevel: this.config.isolationLevel,
      maxRecords: this.config.maxPollRecords,
      partitions: group.assignment.map((tp) => withOffset(tp, this.positionOf(tp) ?? 0)),
    } satisfies P.FetchRequest);
  }

  /** Where this consumer reads `tp` next, or undefined if it has no position there yet. */
  private positionOf(tp: TopicPartition): number | undefined {
    return this.positions.get(tpKey(tp.topic, tp.partition));
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
      ctx.emitStamped({
        type: 'records.fetched',
        consumer: this.id,
        group: this.config.group,
        topic: p.topic,
        partition: p.partition,
        fromOffset: from,
        nextOffset: p.nextOffset,
        recordIds,
        isolation: this.config.isolationLevel,
        at: ctx.now,
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
    this.pending.replace(chunks);
    if (this.config.commitOrder === 'at-most-once') this.commit(ctx);
    else this.processNext(ctx);
  }

  /** Process the pending records (pending-records.ts), then commit or poll again. */
  private processNext(ctx: ActorContext): void {
    if (this.pending.empty) {
      if (this.config.commitOrder === 'at-least-once') return this.commit(ctx);
      return this.poll(ctx);
    }
    this.phase = 'processing';
    if (this.config.processingMs === 0) return this.onProcessed(ctx);
    ctx.setTimer(this.config.processingMs, 'processed');
  }

  private onProcessed(ctx: ActorContext): void {
    if (this.phase !== 'processing') return;
    const { topic, partition, offsets, recordIds } = this.pending.take(this.config.processingMs);
    ctx.emitStamped({
      type: 'records.processed',
      consumer: this.id,
      group: this.config.group,
      topic,
      partition,
      offsets,
      recordIds,
      at: ctx.now,
    });
    this.processNext(ctx);
  }

  /** Commit the positions after the chunks of this poll (all of them, in either order). */
  private commit(ctx: ActorContext): void {
    this.phase = 'committing';
    const offsets: P.OffsetCommitRequest['offsets'] = [];
    for (const tp of this.group.assignment) {
      const position = this.positionOf(tp);
      if (position !== undefined) offsets.push(withOffset(tp, position));
    }
    this.request(ctx, {
      kind: 'OffsetCommit',
      requestId: this.nextRequestId++,
      group: this.config.group,
      member: this.id,
      generation: this.group.generation,
      offsets,
    } satisfies P.OffsetCommitRequest);
  }

  private onCommitted(response: P.OffsetCommitResponse, ctx: ActorContext): void {
    if (this.phase !== 'committing') return;
    this.settle(ctx);
    if (response.error !== null) {
      // A cooperative member that already has its next generation's answer keeps its membership
      // (Kafka resets the generation only if it is still the one the commit was sent with).
      if (this.group.joinResult) return this.poll(ctx);
      // CommitFailedException: the group moved on without us; what we hold is someone else's now.
      this.group.generation = -1;
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
    this.request(ctx, {
      kind: 'OffsetCommit',
      requestId: this.nextRequestId++,
      group: this.config.group,
      member: this.id,
      generation: this.group.generation,
      offsets: [...step.offsets],
    } satisfies P.OffsetCommitRequest);
  }

  /** An apply's time is up: the store decides whether it takes effect; if it does, it is traced. */
  private onApplied(ctx: ActorContext): void {
    if (this.phase !== 'processing' || this.app!.next()?.kind !== 'apply') return;
    const applied = this.app!.applyNext(this.id);
    if (applied) {
      const { record, recordId } = applied;
      ctx.emit({
        type: 'records.processed',
        consumer: this.id,
        group: this.config.group,
        topic: record.topic,
        partition: record.partition,
        offsets: [record.offset],
        recordIds: [recordId],
      });
    }
    this.nextStep(ctx);
  }

  /**
   * The member gives up what it owns: the application may commit (sent before the JoinGroup,
   * on the same link, so the broker sees them first); applies are not allowed here.
   */
  private revoke(ctx: ActorContext): void {
    for (const offsets of this.app!.revoke(this.group.assignment))
      ctx.send(BROKER_ID, {
        kind: 'OffsetCommit',
        requestId: this.nextRequestId++,
        group: this.config.group,
        member: this.id,
        generation: this.group.generation,
        offsets: [...offsets],
      } satisfies P.OffsetCommitRequest);
  }

  // ── requests with a timeout ─────────────────────────────────────────────

  private request<M extends Message>(
    ctx: ActorContext,
    message: M,
    timeoutMs = this.config.requestTimeoutMs,
  ): void {
    this.awaited.send(ctx, message, timeoutMs, this.nextRequestId++);
  }

  /** A response arrived: stop waiting for it. */
  private settle(ctx: ActorContext): void {
    this.awaited.settle(ctx);
  }

  private onRequestTimeout(ctx: ActorContext): void {
    this.awaited.forget();
    // The broker did not answer (down, or cut off): start over from joining the group.
    this.group.generation = -1;
    this.join(ctx);
  }
}

/**
 * `{ ...tp, offset }`, written out: a spread that adds a property takes V8's slow path (about
 * 0.6 µs where a literal takes a few ns), and a poll or a commit builds one per assigned partition.
 * An assignment entry has exactly `topic` and `partition`, so the object is the same.
 */
function withOffset(tp: TopicPartition, offset: number): TopicPartition & { offset: number } {
  return { topic: tp.topic, partition: tp.partition, offset };
}
