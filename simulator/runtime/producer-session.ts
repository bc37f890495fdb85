import type { ActorContext } from '../core/world.ts';
import type { SimRecord, TopicPartition } from '../core/types.ts';
import { tpKey } from '../core/types.ts';
import type * as P from '../log/protocol.ts';
import { BROKER_ID } from '../log/protocol.ts';
import { recordIdsOf } from './record-ids.ts';

/** A batch on its way to one partition (at most one in flight per partition, as in producer.ts). */
interface InFlight {
  records: SimRecord[];
  baseSequence: number;
  requestId: number;
  timer: number;
  attempt: number;
}

/** An empty `waiting`, shared, not made per batch sent (`send` replaces it before adding a record). */
const NOTHING_WAITING: SimRecord[] = Object.freeze([]) as unknown as SimRecord[];

interface PartitionQueue {
  tp: TopicPartition;
  /** `tpKey` of `tp`: the queue's name in `queues` and in its request timers. */
  key: string;
  waiting: SimRecord[];
  inFlight: InFlight | null;
  nextSequence: number;
  inTxn: boolean;
}

/** What the owner of the session hears back. */
export interface SessionListener {
  ready(): void;
  /** The session cannot go on (fenced, or an error that needs a fresh start). */
  failed(error: string): void;
}

type Step = 'init' | 'addPartitions' | 'offsets' | 'endTxn' | null;

/**
 * The producer inside a stream-processing instance (Kafka Streams' one producer per thread): it
 * sends what the tasks output and their changelog writes, and in `exactly_once_v2` wraps them, with
 * the consumed offsets, in one transaction per commit. Idempotent always; transactional when given
 * a transactional id. Unlike `producer.ts` it has no workload of its own: the owner calls `send`,
 * `flush` and `commit`. The owner routes broker responses and timers named `session:*` to it.
 */
export class ProducerSession {
  producerId = -1;
  producerEpoch = -1;
  private queues = new Map<string, PartitionQueue>();
  /** The same queues by topic, then partition number: found per record and per response without a key. */
  private queuesByTopic = new Map<string, PartitionQueue[]>();
  private step: Step = null;
  private stepMessage: P.BrokerRequest | null = null;
  private stepTimer = -1;
  private stepToken = 0;
  private nextRequestId = 1;
  private txnOpen = false;
  private onStepDone: ((error: P.KafkaError | null) => void) | null = null;
  private flushWaiters: (() => void)[] = [];
  private dead = false;

  constructor(
    private readonly owner: string,
    private readonly transactionalId: string | null,
    private readonly listener: SessionListener,
    private readonly timeouts: {
      requestTimeoutMs: number;
      retryBackoffMs: number;
      transactionTimeoutMs: number;
    },
  ) {}

  start(ctx: ActorContext): void {
    this.control(
      ctx,
      'init',
      {
        kind: 'InitProducerId',
        transactionalId: this.transactionalId,
        transactionTimeoutMs: this.timeouts.transactionTimeoutMs,
        producerId: -1,
        producerEpoch: -1,
        correlationId: 0,
      },
      () => {},
    );
  }

  /** Queue a record for a partition; in a transaction the partition is added to it first. */
  send(ctx: ActorContext, tp: TopicPartition, record: SimRecord): void {
    const queue = this.queueOf(tp.topic, tp.partition) ?? this.addQueue(tp);
    // A first record gets an array of its own size: the array becomes the batch, which the trace
    // keeps, and most batches here hold one record (a push into `[]` reserves 17 slots).
    if (queue.waiting.length === 0) queue.waiting = [record];
    else queue.waiting.push(record);
    if (this.transactionalId !== null && !queue.inTxn) return this.addPartitions(ctx);
    this.trySend(queue, ctx);
  }

  /** Call `done` once everything sent so far is acknowledged. */
  flush(ctx: ActorContext, done: () => void): void {
    this.flushWaiters.push(done);
    this.checkFlushed(ctx);
  }

  /**
   * exactly_once_v2: put the consumed offsets into the transaction and commit it.
   * `done(error)` is called with null on success. Without an open transaction and offsets,
   * there is nothing to commit.
   */
  commitTransaction(
    ctx: ActorContext,
    group: { group: string; member: string; generation: number },
    offsets: { topic: string; partition: number; offset: number }[],
    done: (error: P.KafkaError | null) => void,
  ): void {
    this.flush(ctx, () => {
      const end = () => this.endTxn(ctx, true, done);
      if (offsets.length === 0) return this.txnOpen ? end() : done(null);
      this.control(
        ctx,
        'offsets',
        {
          kind: 'TxnOffsetCommit',
          transactionalId: this.transactionalId!,
          producerId: this.producerId,
          producerEpoch: this.producerEpoch,
          group: group.group,
          member: group.member,
          generation: group.generation,
          offsets,
        },
        (error) => {
          this.txnOpen = true;
          if (error) return this.abortTransaction(ctx, () => done(error));
          end();
        },
      );
    });
  }

  /** Abort the open transaction (if any); its records stay invisible to read_committed readers. */
  abortTransaction(ctx: ActorContext, done: () => void): void {
    if (!this.txnOpen) {
      this.dropQueued();
      return done();
    }
    this.dropQueued();
    this.endTxn(ctx, false, () => done());
  }

  /** EndTxn for the open transaction (commit or abort); the session closes it when answered. */
  private endTxn(
    ctx: ActorContext,
    commit: boolean,
    done: (error: P.KafkaError | null) => void,
  ): void {
    this.control(
      ctx,
      'endTxn',
      {
        kind: 'EndTxn',
        transactionalId: this.transactionalId!,
        producerId: this.producerId,
        producerEpoch: this.producerEpoch,
        commit,
      },
      (error) => {
        this.closeTxn();
        done(error);
      },
    );
  }

  /** Route a broker response; returns false if it was not for the session. */
  onMessage(message: P.BrokerResponse, ctx: ActorContext): boolean {
    if (this.dead) return message.kind === 'ProduceResponse';
    switch (message.kind) {
      case 'InitProducerIdResponse':
        if (this.step !== 'init' || message.correlationId !== this.stepToken) return true;
        if (message.error === 'CONCURRENT_TRANSACTIONS') {
          // The coordinator is aborting a transaction left open under this id: ask again soon.
          ctx.cancelTimer(this.stepTimer);
          this.stepTimer = ctx.setTimer(
            this.timeouts.retryBackoffMs,
            'session:stepTimeout',
            this.stepToken,
          );
          return true;
        }
        this.producerId = message.producerId;
        this.producerEpoch = message.producerEpoch;
        this.finishStep(ctx, null);
        ctx.emit({
          type: 'producer.initialized',
          producer: this.owner,
          transactionalId: this.transactionalId,
          producerId: this.producerId,
          producerEpoch: this.producerEpoch,
        });
        this.listener.ready();
        return true;
      case 'AddPartitionsToTxnResponse':
        if (this.step === 'addPartitions') this.finishStep(ctx, message.error);
        return true;
      case 'TxnOffsetCommitResponse':
        if (this.step === 'offsets') this.finishStep(ctx, message.error);
        return true;
      case 'EndTxnResponse':
        if (this.step === 'endTxn') this.finishStep(ctx, message.error);
        return true;
      case 'ProduceResponse':
        this.onProduced(message, ctx);
        return true;
      default:
        return false;
    }
  }

  /** Route a timer; returns false if it was not the session's. */
  onTimer(name: string, data: unknown, ctx: ActorContext): boolean {
    if (!name.startsWith('session:')) return false;
    if (this.dead) return true;
    if (name === 'session:stepTimeout' && data === this.stepToken && this.stepMessage) {
      this.sendStep(ctx);
    } else if (name === 'session:requestTimeout') {
      const queue = this.queues.get(data as string);
      if (queue?.inFlight) this.transmit(queue, ctx);
    }
    return true;
  }

  /** Stop for good (the owner crashed or is starting over). */
  close(): void {
    this.dead = true;
  }

  private addPartitions(ctx: ActorContext): void {
    if (this.step !== null) return; // retried when the current step ends
    const pending = [...this.queues.values()].filter((q) => !q.inTxn && q.waiting.length > 0);
    if (pending.length === 0) return;
    this.control(
      ctx,
      'addPartitions',
      {
        kind: 'AddPartitionsToTxn',
        transactionalId: this.transactionalId!,
        producerId: this.producerId,
        producerEpoch: this.producerEpoch,
        partitions: pending.map((q) => q.tp),
      },
      (error) => {
        if (error) return this.fail(error);
        this.txnOpen = true;
        for (const q of pending) {
          q.inTxn = true;
          this.trySend(q, ctx);
        }
      },
    );
  }

  private trySend(queue: PartitionQueue, ctx: ActorContext): void {
    if (queue.inFlight || queue.waiting.length === 0 || this.producerId < 0) return;
    if (this.transactionalId !== null && !queue.inTxn) return;
    // The batch is kept by the trace (batch.sent): a queue that grew by pushes has spare slots
    // (17 for two records), so a batch of several records is sent as an exact-size copy.
    const records = queue.waiting.length > 1 ? queue.waiting.slice() : queue.waiting;
    queue.waiting = NOTHING_WAITING;
    queue.inFlight = {
      records,
      baseSequence: queue.nextSequence,
      requestId: 0,
      timer: -1,
      attempt: 0,
    };
    queue.nextSequence += records.length;
    this.transmit(queue, ctx);
  }

  private transmit(queue: PartitionQueue, ctx: ActorContext): void {
    const batch = queue.inFlight!;
    batch.attempt++;
    batch.requestId = this.nextRequestId++;
    // `at` in the literal, last, where `emit` would add it (see ActorContext.emit): one event per batch.
    ctx.emitStamped({
      type: 'batch.sent',
      producer: this.owner,
      topic: queue.tp.topic,
      partition: queue.tp.partition,
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
      baseSequence: batch.baseSequence,
      attempt: batch.attempt,
      records: batch.records,
      at: ctx.now,
    });
    ctx.send(BROKER_ID, {
      kind: 'Produce',
      requestId: batch.requestId,
      topic: queue.tp.topic,
      partition: queue.tp.partition,
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
      baseSequence: batch.baseSequence,
      transactionalId: this.transactionalId,
      records: batch.records,
    } satisfies P.ProduceRequest);
    batch.timer = ctx.setTimer(this.timeouts.requestTimeoutMs, 'session:requestTimeout', queue.key);
  }

  private onProduced(response: P.ProduceResponse, ctx: ActorContext): void {
    const queue = this.queueOf(response.topic, response.partition);
    const batch = queue?.inFlight;
    if (!queue || !batch || batch.requestId !== response.requestId) return;
    ctx.cancelTimer(batch.timer);
    if (response.error !== null && response.error !== 'DUPLICATE_SEQUENCE_NUMBER')
      return this.fail(response.error);
    queue.inFlight = null;
    ctx.emitStamped({
      type: 'batch.acknowledged',
      producer: this.owner,
      topic: response.topic,
      partition: response.partition,
      baseOffset: response.baseOffset,
      recordIds: recordIdsOf(batch.records),
      duplicate: response.error !== null,
      at: ctx.now,
    });
    this.trySend(queue, ctx);
    this.checkFlushed(ctx);
  }

  private checkFlushed(ctx: ActorContext): void {
    // Nothing to do without waiters; checked first because this runs after every acknowledgement.
    if (this.flushWaiters.length === 0) return;
    for (const q of this.queues.values()) if (q.inFlight || q.waiting.length > 0) return;
    if (this.step === 'addPartitions') return;
    const waiters = this.flushWaiters;
    this.flushWaiters = [];
    for (const done of waiters) done();
    void ctx;
  }

  private control(
    ctx: ActorContext,
    step: Exclude<Step, null>,
    message: P.BrokerRequest,
    done: (error: P.KafkaError | null) => void,
  ): void {
    this.step = step;
    this.stepMessage = message;
    this.onStepDone = done;
    this.sendStep(ctx);
  }

  /** Send (or resend) the current step; InitProducerId gets a fresh correlation id each time. */
  private sendStep(ctx: ActorContext): void {
    const token = ++this.stepToken;
    const message = this.stepMessage!;
    ctx.send(
      BROKER_ID,
      message.kind === 'InitProducerId' ? { ...message, correlationId: token } : message,
    );
    this.stepTimer = ctx.setTimer(this.timeouts.requestTimeoutMs, 'session:stepTimeout', token);
  }

  private finishStep(ctx: ActorContext, error: P.KafkaError | null): void {
    ctx.cancelTimer(this.stepTimer);
    const done = this.onStepDone;
    this.step = null;
    this.stepMessage = null;
    this.onStepDone = null;
    if (error === 'PRODUCER_FENCED' || error === 'INVALID_PRODUCER_EPOCH') return this.fail(error);
    done?.(error);
    if (this.step === null) this.addPartitions(ctx);
    this.checkFlushed(ctx);
  }

  private closeTxn(): void {
    this.txnOpen = false;
    for (const q of this.queues.values()) q.inTxn = false;
  }

  private dropQueued(): void {
    for (const q of this.queues.values()) q.waiting = NOTHING_WAITING;
  }

  private fail(error: string): void {
    if (this.dead) return;
    this.dead = true;
    this.listener.failed(error);
  }

  private queueOf(topic: string, partition: number): PartitionQueue | undefined {
    return this.queuesByTopic.get(topic)?.[partition];
  }

  private addQueue(tp: TopicPartition): PartitionQueue {
    const key = tpKey(tp.topic, tp.partition);
    const queue: PartitionQueue = {
      tp,
      key,
      waiting: NOTHING_WAITING,
      inFlight: null,
      nextSequence: 0,
      inTxn: false,
    };
    this.queues.set(key, queue);
    let byPartition = this.queuesByTopic.get(tp.topic);
    if (!byPartition) this.queuesByTopic.set(tp.topic, (byPartition = []));
    byPartition[tp.partition] = queue;
    return queue;
  }
}
