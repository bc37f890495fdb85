import type { Actor, ActorContext, Message } from '../core/world.ts';
import type { SimRecord } from '../core/types.ts';
import type * as P from './protocol.ts';
import { BROKER_ID } from './protocol.ts';
import { partitionForKey, StickyPartitioner } from './partitioner.ts';
import type { Workload } from './workload.ts';

export interface ProducerConfig {
  id: string;
  /** enable.idempotence */
  idempotent: boolean;
  /** transactional.id (implies idempotence) */
  transactionalId: string | null;
  recordsPerTransaction: number;
  transactionTimeoutMs: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  deliveryTimeoutMs: number;
  lingerMs: number;
  /** Records per batch (Kafka's batch.size counts bytes). */
  batchSize: number;
  partitionsPerTopic: Record<string, number>;
  workload: Workload;
}

/** A batch on its way to one partition; at most one per partition is in flight. */
interface Batch {
  topic: string;
  partition: number;
  /** The producer id and epoch it was first sent with; retries must not change them. */
  producerId: number;
  producerEpoch: number;
  items: number[];
  records: SimRecord[];
  baseSequence: number;
  attempt: number;
  deadlineMs: number;
  requestId: number;
  timer: number;
}

/** One partition's accumulator: items waiting, and the batch in flight. */
interface PartitionQueue {
  topic: string;
  partition: number;
  /** `topic-partition`, made once: it keys `queues` and names the queue in its timers. */
  key: string;
  waiting: number[];
  firstWaitingAtMs: number;
  inFlight: Batch | null;
  lingerTimer: number | null;
  nextSequence: number;
  /** In a transaction: AddPartitionsToTxn for this partition has been acknowledged. */
  inTxn: boolean;
  /** The last `feed` round that handed this queue an item (see `feed`). */
  fedInRound: number;
}

interface OpenTxn {
  start: number;
  end: number;
  /** Partitions we asked the coordinator to add and have not heard back about. */
  adding: boolean;
  ending: boolean;
  /** Items before this one are all acknowledged (see `maybeCommit`). */
  ackedUpTo: number;
}

type Phase = 'initializing' | 'ready' | 'fenced';

/**
 * Where a transactional application keeps its position in its source: an offset committed inside
 * each transaction, as Kafka Connect's exactly-once source connectors do (KIP-618), so the
 * position and the records it covers become visible together or not at all.
 */
export const SOURCE_TOPIC = '__source';

export function sourceGroup(producer: string): string {
  return `${producer}.source`;
}

/**
 * A producer client with the application that feeds it a workload. It models the Java producer's
 * record accumulator (linger.ms, batch size), retries with backoff until delivery.timeout.ms, the
 * idempotent producer's sequence numbers, and the transactional producer's protocol
 * (initTransactions, AddPartitionsToTxn, commitTransaction / abortTransaction).
 *
 * Simplifications: max.in.flight.requests.per.connection is 1 per partition (ordering is then kept
 * even without idempotence, but a lost acknowledgement still duplicates); after a crash a plain
 * producer's application resends from the first record it had not seen acknowledged (its position
 * is kept durably, outside Kafka: at-least-once), while a transactional one reads back the source
 * position committed with its last transaction and resends from there (exactly once).
 */
export class Producer implements Actor {
  readonly kind = 'producer' as const;
  readonly id: string;
  /** The first item not yet known to be safely in the log; a plain producer keeps it across crashes. */
  private sourcePosition = 0;
  // ── memory, lost on a crash ──
  private phase: Phase = 'initializing';
  private producerId = -1;
  private producerEpoch = -1;
  private nextItem = 0;
  private feedTimer: number | null = null;
  private feedRound = 0;
  private queues = new Map<string, PartitionQueue>();
  /** The same queues by topic and partition number, for the per-record path. */
  private queuesByTopic = new Map<string, PartitionQueue[]>();
  /** See `topicOf`. */
  private lastTopic: { topic: string; partitions: number; queues: PartitionQueue[] } | null = null;
  private acked = new Uint8Array(0);
  private txn: OpenTxn | null = null;
  /**
   * A batch of the open transaction failed without being appended: the broker's sequence numbers
   * no longer match ours, so after the abort the producer bumps its epoch, which resets them
   * (Kafka's TransactionManager sets epochBumpRequired, KIP-360).
   */
  private epochBumpRequired = false;
  private control: { message: Message; timer: number; token: number } | null = null;
  private controlToken = 0;
  private nextRequestId = 1;
  private sticky = new Map<string, StickyPartitioner>();

  constructor(private readonly config: ProducerConfig) {
    this.id = config.id;
  }

  private get transactional(): boolean {
    return this.config.transactionalId !== null;
  }

  onStart(ctx: ActorContext): void {
    this.phase = 'initializing';
    this.nextItem = this.sourcePosition;
    this.acked = new Uint8Array(this.config.workload.records.length);
    if (this.config.idempotent || this.transactional) {
      this.sendControl(ctx, {
        kind: 'InitProducerId',
        transactionalId: this.config.transactionalId,
        transactionTimeoutMs: this.config.transactionTimeoutMs,
        producerId: -1,
        producerEpoch: -1,
        correlationId: 0,
      } satisfies P.InitProducerIdRequest);
    } else {
      this.becomeReady(ctx);
    }
  }

  onCrash(): void {
    this.phase = 'initializing';
    this.producerId = -1;
    this.producerEpoch = -1;
    this.feedTimer = null;
    this.queues = new Map();
    this.queuesByTopic = new Map();
    this.lastTopic = null;
    this.txn = null;
    this.epochBumpRequired = false;
    this.control = null;
    this.sticky = new Map();
  }

  /** `abortTransaction` from the schedule: the application gives up the open transaction. */
  onCommand(name: string, ctx: ActorContext): boolean {
    if (
      name !== 'abortTransaction' ||
      this.phase !== 'ready' ||
      !this.txn ||
      this.txn.ending ||
      this.control
    )
      return false;
    // Its records are sent again in a new transaction once the abort is answered (onEndTxnResponse).
    this.abortTransaction(ctx);
    return true;
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    if (this.phase === 'fenced') return;
    if (name === 'feed') {
      this.feedTimer = null;
      this.feed(ctx);
    } else if (name === 'linger') {
      const queue = this.queues.get(data as string);
      if (queue) {
        queue.lingerTimer = null;
        this.trySend(queue, ctx, true);
      }
    } else if (name === 'requestTimeout') {
      this.onRequestTimeout(data as string, ctx);
    } else if (name === 'controlTimeout') {
      this.onControlTimeout(data as number, ctx);
    } else if (name === 'resendControl') {
      this.resendControl(data as number, ctx);
    } else if (name === 'resendBatch') {
      const queue = this.queues.get(data as string);
      if (queue?.inFlight) this.transmit(queue, queue.inFlight, ctx);
    }
  }

  onMessage(_from: string, message: Message, ctx: ActorContext): void {
    if (this.phase === 'fenced') return;
    const response = message as P.BrokerResponse;
    switch (response.kind) {
      case 'InitProducerIdResponse':
        return this.onInitProducerId(response, ctx);
      case 'ProduceResponse':
        return this.onProduceResponse(response, ctx);
      case 'AddPartitionsToTxnResponse':
        return this.onAddPartitionsResponse(response, ctx);
      case 'EndTxnResponse':
        return this.onEndTxnResponse(response, ctx);
      case 'OffsetFetchResponse':
        return this.onSourcePosition(response, ctx);
      case 'TxnOffsetCommitResponse':
        return this.onSourcePositionAdded(response, ctx);
    }
  }

  // ── initialisation ────────────────────────────────────────────────────

  private onInitProducerId(response: P.InitProducerIdResponse, ctx: ActorContext): void {
    if (this.phase !== 'initializing' || response.correlationId !== this.control?.token) return;
    if (response.error === 'CONCURRENT_TRANSACTIONS') {
      // The coordinator is aborting the transaction an older instance left open: ask again soon.
      ctx.cancelTimer(this.control.timer);
      this.control.timer = ctx.setTimer(
        this.config.retryBackoffMs,
        'resendControl',
        this.control.token,
      );
      return;
    }
    if (!this.clearControl('InitProducerId', ctx)) return;
    this.producerId = response.producerId;
    this.producerEpoch = response.producerEpoch;
    ctx.emit({
      type: 'producer.initialized',
      producer: this.id,
      transactionalId: this.config.transactionalId,
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
    });
    if (!this.transactional) return this.becomeReady(ctx);
    this.sendControl(ctx, {
      kind: 'OffsetFetch',
      group: sourceGroup(this.id),
      partitions: [{ topic: SOURCE_TOPIC, partition: 0 }],
    } satisfies P.OffsetFetchRequest);
  }

  /** A restarted transactional application resumes after the last transaction that committed. */
  private onSourcePosition(response: P.OffsetFetchResponse, ctx: ActorContext): void {
    if (this.phase !== 'initializing' || !this.clearControl('OffsetFetch', ctx)) return;
    const committed = response.partitions[0]?.committed ?? -1;
    this.sourcePosition = Math.max(committed, 0);
    this.nextItem = this.sourcePosition;
    this.acked.fill(0, this.sourcePosition);
    this.becomeReady(ctx);
  }

  private becomeReady(ctx: ActorContext): void {
    this.phase = 'ready';
    for (const queue of this.queues.values()) this.trySend(queue, ctx, false);
    this.feed(ctx);
  }

  // ── the application feeding records ─────────────────────────────────────

  /** Hand every item that is due to the accumulator, then sleep until the next one is due. */
  private feed(ctx: ActorContext): void {
    const w = this.config.workload;
    // The queues fed, in the order first fed: a queue's round number says it is listed already
    // (a Set did the same at the price of a hash insert per item).
    const round = ++this.feedRound;
    const touched: PartitionQueue[] = [];
    while (this.nextItem < w.records.length && w.atMs[this.nextItem] <= ctx.now) {
      if (this.transactional && !this.admitToTransaction()) break;
      const queue = this.queueFor(this.nextItem, ctx);
      if (queue.waiting.length === 0) queue.firstWaitingAtMs = ctx.now;
      queue.waiting.push(this.nextItem);
      if (queue.fedInRound !== round) {
        queue.fedInRound = round;
        touched.push(queue);
      }
      this.nextItem++;
    }
    if (this.transactional && this.txn) this.addNewPartitionsToTxn(ctx);
    for (const queue of touched) this.trySend(queue, ctx, false);
    if (this.transactional) this.maybeCommit(ctx);
    this.scheduleFeed(ctx);
  }

  private scheduleFeed(ctx: ActorContext): void {
    const w = this.config.workload;
    if (this.feedTimer !== null || this.nextItem >= w.records.length) return;
    if (this.transactional && this.txn && this.nextItem >= this.txn.end) return;
    this.feedTimer = ctx.setTimer(Math.max(0, w.atMs[this.nextItem] - ctx.now), 'feed');
  }

  private queueFor(item: number, ctx: ActorContext): PartitionQueue {
    const w = this.config.workload;
    const topic = w.topics[item];
    const lastTopic = this.topicOf(topic);
    const partitions = lastTopic.partitions;
    let partition = w.partitions[item];
    if (partition < 0) {
      const key = w.records[item].key;
      if (key !== null) partition = partitionForKey(key, partitions);
      else {
        let sticky = this.sticky.get(topic);
        if (!sticky)
          this.sticky.set(topic, (sticky = new StickyPartitioner(this.config.batchSize, ctx.prng)));
        partition = sticky.partition({ numPartitions: partitions });
        sticky.onAppend(1, { numPartitions: partitions });
      }
    }
    const byPartition = lastTopic.queues;
    let queue = byPartition[partition];
    if (!queue) {
      queue = {
        topic,
        partition,
        key: `${topic}-${partition}`,
        waiting: [],
        firstWaitingAtMs: 0,
        inFlight: null,
        lingerTimer: null,
        nextSequence: 0,
        inTxn: false,
        fedInRound: 0,
      };
      byPartition[partition] = queue;
      this.queues.set(queue.key, queue);
    }
    return queue;
  }

  /**
   * The partition count and queues of the topic an item goes to. Consecutive items mostly go to
   * the same topic, so the last one is kept at hand: no lookup by topic name per record.
   */
  private topicOf(topic: string): { topic: string; partitions: number; queues: PartitionQueue[] } {
    if (this.lastTopic?.topic === topic) return this.lastTopic;
    let queues = this.queuesByTopic.get(topic);
    if (!queues) this.queuesByTopic.set(topic, (queues = []));
    return (this.lastTopic = { topic, partitions: this.config.partitionsPerTopic[topic], queues });
  }

  /** The queue of a partition, if the producer has one: no key string is built to find it. */
  private queueAt(topic: string, partition: number): PartitionQueue | undefined {
    return this.queuesByTopic.get(topic)?.[partition];
  }

  // ── batches ─────────────────────────────────────────────────────────────

  /** Send the partition's next batch if nothing is in flight and it is full or has lingered. */
  private trySend(queue: PartitionQueue, ctx: ActorContext, lingered: boolean): void {
    if (queue.inFlight || queue.waiting.length === 0 || this.phase !== 'ready') return;
    // Once the transaction is ending, nothing more is sent in it (Kafka aborts undrained batches).
    if (this.transactional && (!queue.inTxn || this.txn?.ending)) return;
    const full = queue.waiting.length >= this.config.batchSize;
    const lingerDue = queue.firstWaitingAtMs + this.config.lingerMs <= ctx.now;
    const nothingMoreComing =
      this.nextItem >= this.config.workload.records.length ||
      (this.txn !== null && this.nextItem >= this.txn.end);
    if (!full && !lingered && !lingerDue && !nothingMoreComing) {
      if (queue.lingerTimer === null) {
        queue.lingerTimer = ctx.setTimer(
          queue.firstWaitingAtMs + this.config.lingerMs - ctx.now,
          'linger',
          queue.key,
        );
      }
      return;
    }
    const items = queue.waiting.splice(0, this.config.batchSize);
    if (queue.waiting.length > 0) queue.firstWaitingAtMs = ctx.now;
    const records = items.map((i) => this.config.workload.records[i]);
    const sequenced = this.producerId >= 0;
    const batch: Batch = {
      topic: queue.topic,
      partition: queue.partition,
      items,
      records,
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
      baseSequence: sequenced ? queue.nextSequence : -1,
      attempt: 0,
      deadlineMs: ctx.now + this.config.deliveryTimeoutMs,
      requestId: 0,
      timer: -1,
    };
    if (sequenced) queue.nextSequence += items.length;
    queue.inFlight = batch;
    this.transmit(queue, batch, ctx);
  }

  private transmit(queue: PartitionQueue, batch: Batch, ctx: ActorContext): void {
    batch.attempt++;
    batch.requestId = this.nextRequestId++;
    ctx.emitStamped({
      type: 'batch.sent',
      producer: this.id,
      topic: batch.topic,
      partition: batch.partition,
      producerId: batch.producerId,
      producerEpoch: batch.producerEpoch,
      baseSequence: batch.baseSequence,
      attempt: batch.attempt,
      records: batch.records,
      at: ctx.now,
    });
    ctx.send(BROKER_ID, {
      kind: 'Produce',
      requestId: batch.requestId,
      topic: batch.topic,
      partition: batch.partition,
      producerId: batch.producerId,
      producerEpoch: batch.producerEpoch,
      baseSequence: batch.baseSequence,
      transactionalId: this.config.transactionalId,
      records: batch.records,
    } satisfies P.ProduceRequest);
    batch.timer = ctx.setTimer(this.config.requestTimeoutMs, 'requestTimeout', queue.key);
  }

  private onProduceResponse(response: P.ProduceResponse, ctx: ActorContext): void {
    const queue = this.queueAt(response.topic, response.partition);
    const batch = queue?.inFlight;
    if (!queue || !batch || batch.requestId !== response.requestId) return; // a reply to an attempt we gave up on
    ctx.cancelTimer(batch.timer);
    const error = response.error;
    if (error === null || error === 'DUPLICATE_SEQUENCE_NUMBER') {
      queue.inFlight = null;
      for (const item of batch.items) this.acked[item] = 1;
      ctx.emitStamped({
        type: 'batch.acknowledged',
        producer: this.id,
        topic: batch.topic,
        partition: batch.partition,
        baseOffset: response.baseOffset,
        recordIds: batch.records.map((r) => r.id),
        duplicate: error !== null,
        at: ctx.now,
      });
      if (!this.transactional) this.advanceSourcePosition();
      this.trySend(queue, ctx, false);
      if (this.transactional) this.maybeCommit(ctx);
      return;
    }
    if (error === 'PRODUCER_FENCED' || error === 'INVALID_PRODUCER_EPOCH')
      return this.onEpochError(error, ctx);
    // OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_TXN_STATE, ...: the batch fails for good.
    this.failBatch(queue, batch, error, ctx);
  }

  private onRequestTimeout(key: string, ctx: ActorContext): void {
    const queue = this.queues.get(key);
    const batch = queue?.inFlight;
    if (!queue || !batch) return;
    if (ctx.now + this.config.retryBackoffMs >= batch.deadlineMs) {
      return this.failBatch(queue, batch, 'delivery.timeout.ms expired', ctx);
    }
    // Retry the same batch with the same sequence numbers: idempotence turns a duplicate into a no-op.
    batch.requestId = -1;
    ctx.setTimer(this.config.retryBackoffMs, 'resendBatch', key);
  }

  private failBatch(queue: PartitionQueue, batch: Batch, error: string, ctx: ActorContext): void {
    queue.inFlight = null;
    ctx.emit({
      type: 'batch.expired',
      producer: this.id,
      topic: batch.topic,
      partition: batch.partition,
      recordIds: batch.records.map((r) => r.id),
      error,
    });
    if (this.transactional) {
      this.epochBumpRequired = true;
      return this.abortTransaction(ctx);
    }
    // The records are given up on; the source position passes them (the application was told).
    for (const item of batch.items) this.acked[item] = 1;
    this.advanceSourcePosition();
    if (this.producerId >= 0) return this.resetProducerId(ctx);
    this.trySend(queue, ctx, false);
  }

  /**
   * An idempotent producer that gave up on a batch no longer knows which sequence numbers the
   * broker saw, so it starts afresh (Kafka ≥ 2.5 bumps the epoch and resets sequences, KIP-360; here
   * it asks for a new producer id, which has the same effect).
   */
  private resetProducerId(ctx: ActorContext): void {
    this.phase = 'initializing';
    for (const queue of this.queues.values()) queue.nextSequence = 0;
    this.sendControl(ctx, {
      kind: 'InitProducerId',
      transactionalId: null,
      transactionTimeoutMs: this.config.transactionTimeoutMs,
      producerId: -1,
      producerEpoch: -1,
      correlationId: 0,
    } satisfies P.InitProducerIdRequest);
  }

  private advanceSourcePosition(): void {
    while (this.sourcePosition < this.acked.length && this.acked[this.sourcePosition] === 1)
      this.sourcePosition++;
  }

  // ── transactions ────────────────────────────────────────────────────────

  /** Begin a transaction if none is open; false if the item must wait for the current one to end. */
  private admitToTransaction(): boolean {
    if (!this.txn) {
      if (this.control) return false;
      const total = this.config.workload.records.length;
      this.txn = {
        start: this.nextItem,
        end: Math.min(this.nextItem + this.config.recordsPerTransaction, total),
        adding: false,
        ending: false,
        ackedUpTo: this.nextItem,
      };
      for (const queue of this.queues.values()) queue.inTxn = false;
    }
    return this.nextItem < this.txn.end && !this.txn.ending;
  }

  private addNewPartitionsToTxn(ctx: ActorContext): void {
    if (!this.txn || this.txn.adding || this.control) return;
    const partitions = [...this.queues.values()].filter((q) => !q.inTxn && q.waiting.length > 0);
    if (partitions.length === 0) return;
    this.txn.adding = true;
    this.sendControl(ctx, {
      kind: 'AddPartitionsToTxn',
      transactionalId: this.config.transactionalId!,
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
      partitions: partitions.map((q) => ({ topic: q.topic, partition: q.partition })),
    } satisfies P.AddPartitionsToTxnRequest);
  }

  private onAddPartitionsResponse(response: P.AddPartitionsToTxnResponse, ctx: ActorContext): void {
    const request = this.control?.message as P.AddPartitionsToTxnRequest | undefined;
    if (!this.txn || !request || !this.clearControl('AddPartitionsToTxn', ctx)) return;
    this.txn.adding = false;
    if (response.error === 'PRODUCER_FENCED' || response.error === 'INVALID_PRODUCER_EPOCH')
      return this.onEpochError(response.error, ctx);
    if (response.error) return this.abortTransaction(ctx);
    for (const tp of request.partitions) {
      const queue = this.queueAt(tp.topic, tp.partition);
      if (queue) queue.inTxn = true;
    }
    for (const queue of this.queues.values()) this.trySend(queue, ctx, false);
    this.addNewPartitionsToTxn(ctx);
  }

  /**
   * Commit when every record of the transaction has been handed over and acknowledged. It is asked
   * at every acknowledgement, so the scan resumes where the last one stopped: within a transaction an
   * acknowledgement is never taken back (an abort or an epoch bump clears them, and ends it).
   */
  private maybeCommit(ctx: ActorContext): void {
    const txn = this.txn;
    if (!txn || txn.ending || this.control || this.nextItem < txn.end) return;
    while (txn.ackedUpTo < txn.end && this.acked[txn.ackedUpTo] === 1) txn.ackedUpTo++;
    if (txn.ackedUpTo < txn.end) return;
    this.endTransaction(true, ctx);
  }

  private abortTransaction(ctx: ActorContext): void {
    if (!this.txn || this.txn.ending) return;
    this.endTransaction(false, ctx);
  }

  private endTransaction(commit: boolean, ctx: ActorContext): void {
    this.txn!.ending = true;
    if (commit) {
      // The source position goes into the transaction first (sendOffsetsToTransaction).
      return this.sendControl(ctx, {
        kind: 'TxnOffsetCommit',
        transactionalId: this.config.transactionalId!,
        producerId: this.producerId,
        producerEpoch: this.producerEpoch,
        group: sourceGroup(this.id),
        member: this.id,
        generation: -1,
        offsets: [{ topic: SOURCE_TOPIC, partition: 0, offset: this.txn!.end }],
      } satisfies P.TxnOffsetCommitRequest);
    }
    this.sendEndTxn(false, ctx);
  }

  private onSourcePositionAdded(response: P.TxnOffsetCommitResponse, ctx: ActorContext): void {
    if (!this.txn || !this.clearControl('TxnOffsetCommit', ctx)) return;
    if (response.error === 'PRODUCER_FENCED' || response.error === 'INVALID_PRODUCER_EPOCH')
      return this.onEpochError(response.error, ctx);
    this.sendEndTxn(response.error === null, ctx);
  }

  private sendEndTxn(commit: boolean, ctx: ActorContext): void {
    this.sendControl(ctx, {
      kind: 'EndTxn',
      transactionalId: this.config.transactionalId!,
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
      commit,
    } satisfies P.EndTxnRequest);
  }

  private onEndTxnResponse(response: P.EndTxnResponse, ctx: ActorContext): void {
    const request = this.control?.message as P.EndTxnRequest | undefined;
    if (!this.txn || !request || !this.clearControl('EndTxn', ctx)) return;
    if (response.error === 'PRODUCER_FENCED' || response.error === 'INVALID_PRODUCER_EPOCH')
      return this.onEpochError(response.error, ctx);
    const txn = this.txn;
    this.txn = null;
    if (request.commit && response.error === null) {
      this.sourcePosition = txn.end;
    } else {
      // Aborted: the application sends the same records again in a new transaction.
      for (let i = txn.start; i < txn.end; i++) this.acked[i] = 0;
      for (const queue of this.queues.values()) queue.waiting = [];
      this.nextItem = txn.start;
      if (this.epochBumpRequired) return this.bumpEpoch(ctx);
    }
    this.feed(ctx);
  }

  /**
   * PRODUCER_FENCED is fatal: a newer instance owns the transactional id. INVALID_PRODUCER_EPOCH
   * after a transaction timeout is abortable (KIP-588): the coordinator already aborted the
   * transaction, so the producer re-initialises with its old epoch, reads back its committed
   * source position and carries on from there.
   */
  private onEpochError(
    error: 'PRODUCER_FENCED' | 'INVALID_PRODUCER_EPOCH',
    ctx: ActorContext,
  ): void {
    if (error === 'PRODUCER_FENCED' || !this.transactional) return this.fence(ctx);
    if (this.phase === 'initializing') return;
    this.bumpEpoch(ctx);
  }

  /**
   * InitProducerId with the id and epoch the producer has: the coordinator bumps the epoch and the
   * producer starts every partition's sequence at 0 again, then resumes from its committed source
   * position.
   */
  private bumpEpoch(ctx: ActorContext): void {
    const previous = { producerId: this.producerId, producerEpoch: this.producerEpoch };
    for (const queue of this.queues.values()) {
      if (queue.inFlight) ctx.cancelTimer(queue.inFlight.timer);
      queue.inFlight = null;
      queue.waiting = [];
      queue.nextSequence = 0;
      queue.inTxn = false;
      if (queue.lingerTimer !== null) ctx.cancelTimer(queue.lingerTimer);
      queue.lingerTimer = null;
    }
    if (this.control) ctx.cancelTimer(this.control.timer);
    this.control = null;
    this.txn = null;
    this.epochBumpRequired = false;
    this.phase = 'initializing';
    this.sendControl(ctx, {
      kind: 'InitProducerId',
      transactionalId: this.config.transactionalId,
      transactionTimeoutMs: this.config.transactionTimeoutMs,
      ...previous,
      correlationId: 0,
    } satisfies P.InitProducerIdRequest);
  }

  private fence(ctx: ActorContext): void {
    if (this.phase === 'fenced') return;
    this.phase = 'fenced';
    ctx.emit({
      type: 'producer.fenced',
      producer: this.id,
      transactionalId: this.config.transactionalId ?? '',
      producerEpoch: this.producerEpoch,
    });
  }

  // ── control requests (one at a time, retried on timeout) ─────────────────

  private sendControl<M extends Message>(ctx: ActorContext, message: M): void {
    const token = ++this.controlToken;
    // Each attempt of InitProducerId gets its own correlation id: only the latest answer counts.
    ctx.send(
      BROKER_ID,
      message.kind === 'InitProducerId' ? { ...message, correlationId: token } : message,
    );
    const timer = ctx.setTimer(this.config.requestTimeoutMs, 'controlTimeout', token);
    this.control = { message, timer, token };
  }

  /** No reply in time: send the same request again after the backoff. */
  private onControlTimeout(token: number, ctx: ActorContext): void {
    if (!this.control || this.control.token !== token) return;
    this.control.timer = ctx.setTimer(this.config.retryBackoffMs, 'resendControl', token);
  }

  private resendControl(token: number, ctx: ActorContext): void {
    if (!this.control || this.control.token !== token) return;
    this.sendControl(ctx, this.control.message);
  }

  private clearControl(kind: string, ctx: ActorContext): boolean {
    if (!this.control || this.control.message.kind !== kind) return false;
    ctx.cancelTimer(this.control.timer);
    this.control = null;
    return true;
  }
}
