import type { Actor, ActorContext, Message } from '../core/world.ts';
import type { Json, SimRecord, TopicPartition } from '../core/types.ts';
import { tpKey } from '../core/types.ts';
import type * as P from '../log/protocol.ts';
import { BROKER_ID } from '../log/protocol.ts';
import { partitionForKey } from '../log/partitioner.ts';
import { AwaitedRequest } from '../log/awaited-request.ts';
import { deriveRecordId } from './derive-id.ts';
import { ProducerSession } from './producer-session.ts';
import { recordIdsOf } from './record-ids.ts';

/** What the client does to one record: its output, or null when the record is filtered out. */
export type Transform = (
  key: string | null,
  value: Json,
) => { key: string | null; value: Json } | null;

export interface TransactionalClientConfig {
  id: string;
  /** group.id of the consumer. */
  group: string;
  /** Input topics. */
  topics: string[];
  outputTopic: string;
  /** transactional.id of the producer: one per instance, the same after a restart. */
  transactionalId: string;
  assignor: 'range' | 'roundrobin';
  transform: Transform;
  processingMs: number;
  maxPollRecords: number;
  pollIntervalMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  transactionTimeoutMs: number;
  requestTimeoutMs: number;
  partitionsOf: (topic: string) => number;
}

/** A polled record waiting to be transformed and sent. */
interface Polled {
  topic: string;
  partition: number;
  offset: number;
  record: SimRecord;
}

/** How long to wait before asking again for offsets a transaction still holds. */
const UNSTABLE_RETRY_MS = 20;

type Phase = 'initializing' | 'joining' | 'positioning' | 'polling' | 'processing' | 'committing';

/**
 * The classic exactly-once loop of a plain Kafka application, as Kafka's own example
 * (examples/…/ExactlyOnceMessageProcessor.java at 3.8.0) writes it:
 *
 *     producer.initTransactions();  consumer.subscribe(topics);
 *     while (true) {
 *       records = consumer.poll();                       // isolation.level=read_committed
 *       producer.beginTransaction();
 *       for (r : records) producer.send(transform(r));
 *       producer.sendOffsetsToTransaction(positions, consumer.groupMetadata());
 *       producer.commitTransaction();
 *     }
 *
 * The consumed offsets commit in the same transaction as the outputs, so both become visible
 * together or not at all. The group metadata (group, member id, generation) goes with the offsets
 * (KIP-447): the group coordinator refuses them from a member the group has moved on from
 * (UNKNOWN_MEMBER_ID when it was removed, ILLEGAL_GENERATION when it is at another generation), so
 * a zombie's transaction is aborted without a transactional.id per input partition.
 *
 * On CommitFailedException (that refusal) the application aborts and rejoins, starting again from
 * the committed offsets; on ProducerFencedException (its transaction timed out, or another process
 * took its transactional.id) it closes both clients and starts again: initTransactions with the
 * same transactional.id bumps the epoch, which aborts anything it left open.
 *
 * Simplifications: the member id is the actor id (a restart rejoins under it); eager assignors
 * only; no static membership (group.instance.id), so no FENCED_INSTANCE_ID; a keyless output goes
 * to the input's partition number (modulo the output's partitions).
 */
export class TransactionalClient implements Actor {
  readonly kind = 'transactionalClient' as const;
  readonly id: string;
  private phase: Phase = 'initializing';
  private session!: ProducerSession;
  private generation = -1;
  private assignment: TopicPartition[] = [];
  private positions = new Map<string, number>();
  private rejoinNeeded = false;
  private polled: Polled[] = [];
  private nextToken = 1;
  private readonly awaited = new AwaitedRequest();
  private heartbeatTimer: number | null = null;

  constructor(private readonly config: TransactionalClientConfig) {
    this.id = config.id;
  }

  onStart(ctx: ActorContext): void {
    this.startSession(ctx);
  }

  onCrash(): void {
    this.session?.close();
    this.phase = 'initializing';
    this.generation = -1;
    this.assignment = [];
    this.positions = new Map();
    this.rejoinNeeded = false;
    this.polled = [];
    this.awaited.forget();
    this.heartbeatTimer = null;
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    if (this.session.onTimer(name, data, ctx)) return;
    if (name === 'heartbeat') return this.heartbeat(ctx);
    if (name === 'poll' && this.phase === 'polling' && this.awaited.token === 0)
      return this.poll(ctx);
    if (name === 'processed' && this.phase === 'processing') return this.processNext(ctx);
    if (name === 'offsetsRetry' && this.phase === 'positioning') return this.fetchOffsets(ctx);
    if (name === 'requestTimeout' && data === this.awaited.token) {
      // The broker did not answer: start the membership over (the session retries on its own).
      this.awaited.forget();
      this.generation = -1;
      return this.join(ctx);
    }
  }

  onMessage(_from: string, message: Message, ctx: ActorContext): void {
    const response = message as P.BrokerResponse;
    if (this.session.onMessage(response, ctx)) return;
    switch (response.kind) {
      case 'JoinGroupResponse':
        return this.onJoined(response, ctx);
      case 'OffsetFetchResponse':
        return this.onOffsets(response, ctx);
      case 'FetchResponse':
        return this.onFetched(response, ctx);
      case 'HeartbeatResponse':
        // The heartbeat thread only asks for a rejoin, done at the next poll. consumer.groupMetadata()
        // keeps the generation of the last completed join (ConsumerCoordinator.onJoinComplete), so a
        // transaction still under way offers it, and the coordinator judges it.
        if (response.error !== null && this.phase !== 'joining') this.rejoinNeeded = true;
        return;
    }
  }

  // ── the producer: initTransactions, and starting over when fenced ───────

  private startSession(ctx: ActorContext): void {
    this.phase = 'initializing';
    this.session = new ProducerSession(
      this.id,
      this.config.transactionalId,
      {
        // initTransactions() returned: subscribe and poll.
        ready: () => this.join(ctx),
        failed: (error) => this.restart(ctx, error),
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
   * ProducerFencedException and the like cannot be recovered from: the application closes its
   * consumer (LeaveGroup) and producer and starts both again.
   */
  private restart(ctx: ActorContext, error: string): void {
    this.failed(ctx, error);
    if (this.generation >= 0 || this.phase !== 'initializing') {
      ctx.send(BROKER_ID, {
        kind: 'LeaveGroup',
        group: this.config.group,
        member: this.id,
      } satisfies P.LeaveGroupRequest);
    }
    this.awaited.settle(ctx);
    this.generation = -1;
    this.assignment = [];
    this.positions = new Map();
    this.polled = [];
    this.startSession(ctx);
  }

  private failed(ctx: ActorContext, error: string): void {
    ctx.emit({
      type: 'instance.commitFailed',
      instance: this.id,
      guarantee: 'exactly_once_v2',
      error,
    });
  }

  // ── the consumer: membership and positions ─────────────────────────────

  private join(ctx: ActorContext): void {
    this.phase = 'joining';
    this.rejoinNeeded = false;
    this.polled = [];
    // Eager protocol: everything owned is given up while the group rebalances.
    this.assignment = [];
    this.positions = new Map();
    const { group, topics, assignor, sessionTimeoutMs } = this.config;
    this.request(
      ctx,
      {
        kind: 'JoinGroup',
        group,
        member: this.id,
        topics,
        assignor,
        sessionTimeoutMs,
        owned: [],
      } satisfies P.JoinGroupRequest,
      sessionTimeoutMs * 2,
    );
    if (this.heartbeatTimer === null)
      this.heartbeatTimer = ctx.setTimer(this.config.heartbeatIntervalMs, 'heartbeat');
  }

  private heartbeat(ctx: ActorContext): void {
    this.heartbeatTimer = ctx.setTimer(this.config.heartbeatIntervalMs, 'heartbeat');
    if (this.generation < 0 || this.phase === 'joining' || this.phase === 'initializing') return;
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
    this.fetchOffsets(ctx);
  }

  /** Where to start: the committed offsets, only once no transaction holds one (KIP-447 requireStable). */
  private fetchOffsets(ctx: ActorContext): void {
    if (this.assignment.length === 0) return this.idle(ctx);
    this.phase = 'positioning';
    this.request(ctx, {
      kind: 'OffsetFetch',
      group: this.config.group,
      partitions: this.assignment,
    } satisfies P.OffsetFetchRequest);
  }

  private onOffsets(response: P.OffsetFetchResponse, ctx: ActorContext): void {
    if (this.phase !== 'positioning') return;
    this.settle(ctx);
    if (response.partitions.some((p) => p.error === 'UNSTABLE_OFFSET_COMMIT')) {
      ctx.setTimer(UNSTABLE_RETRY_MS, 'offsetsRetry');
      return;
    }
    for (const p of response.partitions) {
      const committed = p.committed >= 0;
      const offset = committed ? p.committed : p.logStartOffset;
      this.positions.set(tpKey(p.topic, p.partition), offset);
      ctx.emit({
        type: 'consumer.positioned',
        consumer: this.id,
        group: this.config.group,
        topic: p.topic,
        partition: p.partition,
        offset,
        from: committed ? 'committed' : 'earliest',
      });
    }
    this.poll(ctx);
  }

  // ── the loop: poll, transform and send, commit ─────────────────────────

  private idle(ctx: ActorContext): void {
    this.phase = 'polling';
    ctx.setTimer(this.config.pollIntervalMs, 'poll');
  }

  private poll(ctx: ActorContext): void {
    if (this.rejoinNeeded) return this.join(ctx);
    if (this.assignment.length === 0) return this.idle(ctx);
    this.phase = 'polling';
    const partitions = this.assignment.map((tp) => ({
      ...tp,
      offset: this.positions.get(tpKey(tp.topic, tp.partition)) ?? 0,
    }));
    this.request(ctx, {
      kind: 'Fetch',
      requestId: this.nextToken++,
      isolationLevel: 'read_committed',
      maxRecords: this.config.maxPollRecords,
      partitions,
    } satisfies P.FetchRequest);
  }

  private onFetched(response: P.FetchResponse, ctx: ActorContext): void {
    if (this.phase !== 'polling' || this.awaited.token === 0) return;
    this.settle(ctx);
    this.polled = [];
    for (const p of response.partitions) {
      if (p.error !== null) continue;
      const key = tpKey(p.topic, p.partition);
      const from = this.positions.get(key) ?? 0;
      this.positions.set(key, p.nextOffset);
      if (p.records.length === 0) continue;
      ctx.emit({
        type: 'records.fetched',
        consumer: this.id,
        group: this.config.group,
        topic: p.topic,
        partition: p.partition,
        fromOffset: from,
        nextOffset: p.nextOffset,
        recordIds: recordIdsOf(p.records),
        isolation: 'read_committed',
      });
      p.records.forEach((record, i) =>
        this.polled.push({ topic: p.topic, partition: p.partition, offset: p.offsets[i], record }),
      );
    }
    if (this.polled.length === 0) return this.idle(ctx);
    // beginTransaction(): the transaction opens at the coordinator with the first partition added.
    this.phase = 'processing';
    if (this.config.processingMs === 0) {
      while (this.polled.length > 0) this.transformNext(ctx);
      return this.commit(ctx);
    }
    ctx.setTimer(this.config.processingMs, 'processed');
  }

  /** One record's processing time is up: send its output, then the next, then commit. */
  private processNext(ctx: ActorContext): void {
    this.transformNext(ctx);
    if (this.polled.length === 0) return this.commit(ctx);
    ctx.setTimer(this.config.processingMs, 'processed');
  }

  /**
   * producer.send(transform(record)). The output's record id is derived from the input's, so a
   * record processed again (after a crash or a fenced commit) writes an output with the same id,
   * and the checks can tell a duplicate from a new record.
   */
  private transformNext(ctx: ActorContext): void {
    const input = this.polled.shift()!;
    const { record } = input;
    ctx.emit({
      type: 'records.processed',
      consumer: this.id,
      group: this.config.group,
      topic: input.topic,
      partition: input.partition,
      offsets: [input.offset],
      recordIds: [record.id],
    });
    const output = this.config.transform(record.key, record.value);
    if (output === null) return;
    const { outputTopic } = this.config;
    const partitions = this.config.partitionsOf(outputTopic);
    const partition =
      output.key === null ? input.partition % partitions : partitionForKey(output.key, partitions);
    const id = deriveRecordId(record.id, outputTopic, 0);
    this.session.send(
      ctx,
      { topic: outputTopic, partition },
      { id, key: output.key, value: output.value, timestampMs: record.timestampMs },
    );
  }

  /** sendOffsetsToTransaction(positions, consumer.groupMetadata()), then commitTransaction(). */
  private commit(ctx: ActorContext): void {
    this.phase = 'committing';
    const offsets = this.assignment
      .filter((tp) => this.positions.has(tpKey(tp.topic, tp.partition)))
      .map((tp) => ({ ...tp, offset: this.positions.get(tpKey(tp.topic, tp.partition))! }));
    const groupMetadata = {
      group: this.config.group,
      member: this.id,
      generation: this.generation,
    };
    this.session.commitTransaction(ctx, groupMetadata, offsets, (error) => {
      if (this.phase !== 'committing') return;
      if (error === null) {
        ctx.emit({
          type: 'instance.committed',
          instance: this.id,
          guarantee: 'exactly_once_v2',
          offsets,
        });
        return this.poll(ctx);
      }
      // CommitFailedException (the group moved on: the session has aborted the transaction) or
      // another abortable error: rejoin, and start again from the committed offsets.
      this.failed(ctx, error);
      this.generation = -1;
      this.join(ctx);
    });
  }

  // ── requests with a timeout ─────────────────────────────────────────────

  private request<M extends Message>(
    ctx: ActorContext,
    message: M,
    timeoutMs = this.config.requestTimeoutMs,
  ): void {
    this.awaited.send(ctx, message, timeoutMs, this.nextToken++);
  }

  private settle(ctx: ActorContext): void {
    this.awaited.settle(ctx);
  }
}
