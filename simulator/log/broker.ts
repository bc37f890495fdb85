import type { Actor, ActorContext, Message } from '../core/world.ts';
import type { SimRecord, TopicPartition } from '../core/types.ts';
import type { TopicSpec } from '../scenario/schema.ts';
import { PartitionLog } from './partition-log.ts';
import { GroupCoordinator } from './group-coordinator.ts';
import { TransactionCoordinator } from './txn-coordinator.ts';
import { OffsetStore } from './offset-store.ts';
import type * as P from './protocol.ts';
import { BROKER_ID } from './protocol.ts';

/** The internal topic that holds consumer groups' committed offsets. */
export const OFFSETS_TOPIC = '__consumer_offsets';

export interface BrokerConfig {
  topics: TopicSpec[];
  /** offsets.topic.num.partitions (Kafka's default is 50; one keeps the pictures small). */
  offsetsTopicPartitions: number;
  /** group.initial.rebalance.delay.ms */
  initialRebalanceDelayMs: number;
  /** How often retention, compaction and session expiry run. */
  housekeepingIntervalMs: number;
}

interface Topic {
  spec: TopicSpec;
  partitions: PartitionLog[];
  internal: boolean;
}

/**
 * The one broker of the simulated cluster: it leads every partition and is the transaction and
 * group coordinator. Its logs, committed offsets and transaction metadata are durable: a crash makes
 * it unreachable and forgets group memberships, a restart brings the rest back.
 */
export class Broker implements Actor {
  readonly id = BROKER_ID;
  readonly kind = 'broker' as const;
  private readonly topics = new Map<string, Topic>();
  private readonly txn: TransactionCoordinator;
  private readonly groups: GroupCoordinator;
  private readonly offsets = new OffsetStore();
  /** See `offsetsPartitionFor`. */
  private readonly offsetsPartitions = new Map<string, TopicPartition>();
  private ctx!: ActorContext;
  private created = false;

  constructor(private readonly config: BrokerConfig) {
    this.txn = new TransactionCoordinator({
      writeMarker: (tp, producer, pid, epoch, commit) =>
        this.writeMarker(tp, producer, pid, epoch, commit),
      offsetsPartitionFor: (group) => this.offsetsPartitionFor(group),
      completePendingOffsets: (pid, commit, txnId) =>
        this.completePendingOffsets(pid, commit, txnId),
    });
    this.groups = new GroupCoordinator(
      {
        partitionCount: (topic) => this.topics.get(topic)?.partitions.length,
        respond: (member, generation, assignment, error) =>
          this.ctx.send(member, {
            kind: 'JoinGroupResponse',
            error,
            generation,
            assignment,
          } satisfies P.JoinGroupResponse),
      },
      config.initialRebalanceDelayMs,
    );
  }

  onStart(ctx: ActorContext): void {
    this.ctx = ctx;
    if (!this.created) {
      this.created = true;
      for (const spec of this.config.topics) this.createTopic(spec, false);
      this.createTopic(
        {
          name: OFFSETS_TOPIC,
          partitions: this.config.offsetsTopicPartitions,
          cleanupPolicy: 'compact',
          minCompactionLagMs: 0,
          deleteRetentionMs: 1000,
        },
        true,
      );
    }
    this.txn.rearmTimeouts(ctx);
    ctx.setTimer(this.config.housekeepingIntervalMs, 'housekeeping');
  }

  onCrash(): void {
    this.groups.reset();
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    if (name === 'housekeeping') {
      this.housekeeping(ctx);
      ctx.setTimer(this.config.housekeepingIntervalMs, 'housekeeping');
    } else if (name === 'txnTimeout') {
      this.txn.onTimeout(data as string, ctx);
    } else if (name === 'rebalanceTimeout') {
      this.groups.onRebalanceTimeout(data as string, ctx);
    }
  }

  onMessage(from: string, message: Message, ctx: ActorContext): void {
    const request = message as P.BrokerRequest;
    switch (request.kind) {
      case 'InitProducerId':
        return this.handleInitProducerId(from, request, ctx);
      case 'Produce':
        return ctx.send(from, this.handleProduce(from, request, ctx));
      case 'AddPartitionsToTxn': {
        const error = this.txn.addPartitions(
          request.transactionalId,
          request.producerId,
          request.producerEpoch,
          request.partitions,
          ctx,
        );
        return ctx.send(from, {
          kind: 'AddPartitionsToTxnResponse',
          error,
        } satisfies P.AddPartitionsToTxnResponse);
      }
      case 'TxnOffsetCommit':
        return ctx.send(from, this.handleTxnOffsetCommit(from, request, ctx));
      case 'EndTxn': {
        const error = this.txn.endTxn(
          request.transactionalId,
          request.producerId,
          request.producerEpoch,
          request.commit,
          ctx,
        );
        return ctx.send(from, { kind: 'EndTxnResponse', error } satisfies P.EndTxnResponse);
      }
      case 'Fetch':
        return ctx.send(from, this.handleFetch(request));
      case 'JoinGroup':
        return this.groups.join(request, ctx);
      case 'Heartbeat': {
        const error = this.groups.heartbeat(request.group, request.member, request.generation, ctx);
        return ctx.send(from, { kind: 'HeartbeatResponse', error } satisfies P.HeartbeatResponse);
      }
      case 'LeaveGroup':
        return this.groups.leave(request.group, request.member, ctx);
      case 'OffsetCommit':
        return ctx.send(from, this.handleOffsetCommit(request, ctx));
      case 'OffsetFetch':
        return ctx.send(from, this.handleOffsetFetch(request));
    }
  }

  /** Partition count of a topic, or undefined if it does not exist. */
  partitionCount(topic: string): number | undefined {
    return this.topics.get(topic)?.partitions.length;
  }

  /** Read access for tests and dumps: the log of one partition. */
  log(topic: string, partition: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partitions[partition];
  }

  private createTopic(spec: TopicSpec, internal: boolean): void {
    const partitions: PartitionLog[] = [];
    for (let p = 0; p < spec.partitions; p++) partitions.push(new PartitionLog(spec.name, p));
    this.topics.set(spec.name, { spec, partitions, internal });
    this.ctx.emit({
      type: 'topic.created',
      topic: spec.name,
      partitions: spec.partitions,
      cleanupPolicy: spec.cleanupPolicy,
      internal,
    });
  }

  private handleInitProducerId(
    from: string,
    request: P.InitProducerIdRequest,
    ctx: ActorContext,
  ): void {
    const ids =
      request.transactionalId === null
        ? { producerId: this.txn.allocateProducerId(), producerEpoch: 0, error: null }
        : this.txn.initProducerId(
            request.transactionalId,
            from,
            request.transactionTimeoutMs,
            ctx,
            request,
          );
    ctx.send(from, {
      kind: 'InitProducerIdResponse',
      correlationId: request.correlationId,
      ...ids,
    } satisfies P.InitProducerIdResponse);
  }

  private handleProduce(
    from: string,
    request: P.ProduceRequest,
    ctx: ActorContext,
  ): P.ProduceResponse {
    const log = this.log(request.topic, request.partition);
    if (!log) return produceReply(request, 'UNKNOWN_TOPIC_OR_PARTITION', -1);
    const transactional = request.transactionalId !== null;
    if (transactional) {
      const error = this.txn.checkProduce(
        request.transactionalId!,
        request.producerId,
        request.producerEpoch,
        request.topic,
        request.partition,
      );
      if (error) {
        if (error === 'PRODUCER_FENCED')
          this.traceFenced(from, request, ctx, this.txn.epochOf(request.transactionalId!));
        return produceReply(request, error, -1);
      }
    }
    const result = log.append(
      {
        producer: from,
        producerId: request.producerId,
        producerEpoch: request.producerEpoch,
        baseSequence: request.baseSequence,
        transactional,
        records: request.records,
      },
      ctx.now,
    );
    if (!result.ok) {
      if (result.error === 'OUT_OF_ORDER_SEQUENCE_NUMBER') {
        ctx.emit({
          type: 'batch.rejectedOutOfOrder',
          topic: request.topic,
          partition: request.partition,
          producerId: request.producerId,
          producerEpoch: request.producerEpoch,
          baseSequence: request.baseSequence,
          expectedSequence: result.expectedSequence,
        });
      } else {
        this.traceFenced(from, request, ctx, result.currentEpoch);
      }
      return produceReply(request, result.error, -1);
    }
    if (result.duplicate) {
      ctx.emit({
        type: 'batch.rejectedDuplicate',
        topic: request.topic,
        partition: request.partition,
        producerId: request.producerId,
        producerEpoch: request.producerEpoch,
        baseSequence: request.baseSequence,
        baseOffset: result.baseOffset,
      });
      return produceReply(request, 'DUPLICATE_SEQUENCE_NUMBER', result.baseOffset);
    }
    this.traceAppends(log, result.baseOffset, ctx);
    if (transactional) this.txn.noteRecords(request.transactionalId!, request.records);
    return produceReply(request, null, result.baseOffset);
  }

  /**
   * The entries an append just added, from `baseOffset` to the log's end, are the trace events
   * themselves: emit them as they are, then the new high watermark.
   */
  private traceAppends(log: PartitionLog, baseOffset: number, ctx: ActorContext): void {
    const end = log.logEndOffset;
    for (let offset = baseOffset; offset < end; offset++)
      ctx.emitStamped(log.appendedEntry(offset));
    if (end > baseOffset)
      ctx.emitStamped({
        type: 'partition.highWatermark',
        topic: log.topic,
        partition: log.partition,
        offset: end,
        at: ctx.now,
      });
  }

  private traceFenced(
    from: string,
    request: P.ProduceRequest,
    ctx: ActorContext,
    currentEpoch = -1,
  ): void {
    ctx.emit({
      type: 'batch.rejectedFenced',
      producer: from,
      topic: request.topic,
      partition: request.partition,
      producerId: request.producerId,
      producerEpoch: request.producerEpoch,
      currentEpoch,
    });
  }

  private handleFetch(request: P.FetchRequest): P.FetchResponse {
    let budget = request.maxRecords;
    const partitions: P.FetchedPartition[] = [];
    for (const want of request.partitions) {
      const log = this.log(want.topic, want.partition);
      if (!log) {
        partitions.push({
          ...want,
          error: 'UNKNOWN_TOPIC_OR_PARTITION',
          offsets: [],
          records: [],
          nextOffset: want.offset,
          logStartOffset: 0,
          highWatermark: 0,
        });
        continue;
      }
      const result = log.fetch(want.offset, Math.max(budget, 0), request.isolationLevel);
      budget -= result.records.length;
      partitions.push({
        topic: want.topic,
        partition: want.partition,
        error: result.error,
        offsets: result.offsets,
        records: result.records,
        nextOffset: result.nextOffset,
        logStartOffset: log.logStartOffset,
        highWatermark: log.highWatermark,
      });
    }
    return { kind: 'FetchResponse', requestId: request.requestId, partitions };
  }

  private handleOffsetCommit(
    request: P.OffsetCommitRequest,
    ctx: ActorContext,
  ): P.OffsetCommitResponse {
    const error = this.groups.checkCommit(request.group, request.member, request.generation);
    if (!error) {
      for (const o of request.offsets)
        this.commitOffset(request.group, o, request.member, null, -1, -1, ctx);
    }
    return { kind: 'OffsetCommitResponse', requestId: request.requestId, error };
  }

  private handleTxnOffsetCommit(
    from: string,
    request: P.TxnOffsetCommitRequest,
    ctx: ActorContext,
  ): P.TxnOffsetCommitResponse {
    // KIP-447: a member the group has moved on from cannot commit offsets, in a transaction or not.
    if (request.generation >= 0) {
      const stale = this.groups.checkCommit(request.group, request.member, request.generation);
      if (stale) return { kind: 'TxnOffsetCommitResponse', error: stale };
    }
    const offsetsTp = this.offsetsPartitionFor(request.group);
    let error = this.txn.addPartitions(
      request.transactionalId,
      request.producerId,
      request.producerEpoch,
      [offsetsTp],
      ctx,
    );
    if (!error) {
      ctx.emitStamped({
        type: 'txn.offsetsAdded',
        transactionalId: request.transactionalId,
        group: request.group,
        offsets: request.offsets,
        at: ctx.now,
      });
      for (const o of request.offsets) {
        this.commitOffset(
          request.group,
          o,
          request.member,
          request.transactionalId,
          request.producerId,
          request.producerEpoch,
          ctx,
          from,
        );
      }
    } else if (error === 'CONCURRENT_TRANSACTIONS') {
      error = 'INVALID_TXN_STATE';
    }
    return { kind: 'TxnOffsetCommitResponse', error };
  }

  /**
   * Write an offset commit to `__consumer_offsets`. A plain commit takes effect at once; one inside
   * a transaction is a pending transactional record that takes effect at the commit marker.
   */
  private commitOffset(
    group: string,
    o: { topic: string; partition: number; offset: number },
    member: string,
    transactionalId: string | null,
    producerId: number,
    producerEpoch: number,
    ctx: ActorContext,
    producer = member,
  ): void {
    const tp = this.offsetsPartitionFor(group);
    const log = this.log(tp.topic, tp.partition)!;
    const key = this.offsets.keyOf(group, o.topic, o.partition);
    const record: SimRecord = { id: -1, key, value: o.offset, timestampMs: ctx.now };
    const result = log.append(
      {
        producer,
        producerId,
        producerEpoch,
        baseSequence: -1,
        transactional: transactionalId !== null,
        records: [record],
      },
      ctx.now,
    );
    if (!result.ok || result.duplicate) return;
    this.traceAppends(log, result.baseOffset, ctx);
    if (transactionalId === null) {
      this.offsets.commit(group, o.topic, o.partition, o.offset, key);
      ctx.emitStamped({
        type: 'offset.committed',
        group,
        topic: o.topic,
        partition: o.partition,
        offset: o.offset,
        member,
        transactionalId: null,
        at: ctx.now,
      });
    } else {
      this.offsets.addPending(producerId, {
        group,
        topic: o.topic,
        partition: o.partition,
        offset: o.offset,
        member,
        key,
      });
    }
  }

  private completePendingOffsets(
    producerId: number,
    commit: boolean,
    transactionalId: string,
  ): void {
    for (const p of this.offsets.takePending(producerId)) {
      if (!commit) continue;
      this.offsets.commit(p.group, p.topic, p.partition, p.offset, p.key);
      this.ctx.emitStamped({
        type: 'offset.committed',
        group: p.group,
        topic: p.topic,
        partition: p.partition,
        offset: p.offset,
        member: p.member,
        transactionalId,
        at: this.ctx.now,
      });
    }
  }

  private handleOffsetFetch(request: P.OffsetFetchRequest): P.OffsetFetchResponse {
    return {
      kind: 'OffsetFetchResponse',
      partitions: request.partitions.map((tp) => {
        const log = this.log(tp.topic, tp.partition);
        return {
          topic: tp.topic,
          partition: tp.partition,
          committed: this.offsets.committed(request.group, tp.topic, tp.partition),
          logStartOffset: log?.logStartOffset ?? 0,
          logEndOffset: log?.logEndOffset ?? 0,
          // KIP-447: a fetch that wants stable offsets waits while a transaction holds a pending
          // commit, or a new owner would start from an offset that transaction may still move.
          error: this.offsets.hasPending(request.group, tp.topic, tp.partition)
            ? ('UNSTABLE_OFFSET_COMMIT' as const)
            : null,
        };
      }),
    };
  }

  private writeMarker(
    tp: TopicPartition,
    producer: string,
    producerId: number,
    epoch: number,
    commit: boolean,
  ): void {
    const log = this.log(tp.topic, tp.partition);
    if (!log) return;
    const marker = log.writeMarker(producer, producerId, epoch, commit, this.ctx.now);
    this.ctx.emitStamped(marker);
    this.ctx.emitStamped({
      type: 'partition.highWatermark',
      topic: tp.topic,
      partition: tp.partition,
      offset: marker.offset + 1,
      at: this.ctx.now,
    });
  }

  /**
   * The `__consumer_offsets` partition of a group, made once per group (asked for every offset a
   * group commits; a TopicPartition is never changed, so the same one can be handed out).
   */
  private offsetsPartitionFor(group: string): TopicPartition {
    let tp = this.offsetsPartitions.get(group);
    if (!tp) {
      // Kafka: Utils.abs(groupId.hashCode) % offsets.topic.num.partitions; any fixed spread will do here.
      let h = 0;
      for (let i = 0; i < group.length; i++) h = (Math.imul(h, 31) + group.charCodeAt(i)) | 0;
      tp = {
        topic: OFFSETS_TOPIC,
        partition: (h & 0x7fffffff) % this.config.offsetsTopicPartitions,
      };
      this.offsetsPartitions.set(group, tp);
    }
    return tp;
  }

  private housekeeping(ctx: ActorContext): void {
    this.groups.expireSessions(ctx);
    for (const [name, topic] of this.topics) {
      const spec = topic.spec;
      for (const log of topic.partitions) {
        if (spec.cleanupPolicy === 'compact') {
          const removed = log.compact(ctx.now, spec.minCompactionLagMs, spec.deleteRetentionMs);
          if (removed.length > 0)
            ctx.emit({
              type: 'records.compacted',
              topic: name,
              partition: log.partition,
              offsets: removed,
            });
        } else if (spec.retentionMs !== undefined || spec.retentionRecords !== undefined) {
          const deleted = log.enforceRetention(ctx.now, spec.retentionMs, spec.retentionRecords);
          if (deleted)
            ctx.emit({
              type: 'records.deleted',
              topic: name,
              partition: log.partition,
              ...deleted,
            });
        }
      }
    }
  }
}

/**
 * The answer to a produce request. A module function rather than a closure made per request:
 * under tsx's keepNames every such closure also costs a defineProperty, once per produce.
 */
function produceReply(
  request: P.ProduceRequest,
  error: P.KafkaError | null,
  baseOffset: number,
): P.ProduceResponse {
  return {
    kind: 'ProduceResponse',
    requestId: request.requestId,
    topic: request.topic,
    partition: request.partition,
    error,
    baseOffset,
  };
}
