import { transition } from 'xstate';
import type { ActorContext } from '../core/world.ts';
import type { SimRecord, TopicPartition } from '../core/types.ts';
import { tpKey } from '../core/types.ts';
import type { TxnState } from '../trace/events.ts';
import type { KafkaError } from './protocol.ts';
import { txnCoordinatorMachine, type TxnMachineEvent } from './txn-coordinator-machine.ts';

/** What the transaction coordinator needs from the broker it lives on. */
export interface TxnBrokerServices {
  /** Write a COMMIT/ABORT marker to one partition; returns false if the partition is unknown. */
  writeMarker(
    tp: TopicPartition,
    producer: string,
    producerId: number,
    epoch: number,
    commit: boolean,
  ): void;
  /** The internal offsets partition a group's commits go to. */
  offsetsPartitionFor(group: string): TopicPartition;
  /** Materialise (on commit) or drop (on abort) a transaction's pending offset commits. */
  completePendingOffsets(producerId: number, commit: boolean, transactionalId: string): void;
}

/** What the machine answers for one (state, event): where it goes and what it asks of timers. */
interface Move {
  to: TxnState;
  /** The machine asked for its delayed `after` (the transaction timeout) to be scheduled. */
  scheduleTimeout: boolean;
  /** The machine asked for that delayed event to be cancelled. */
  cancelTimeout: boolean;
}

/**
 * xstate's pure `transition()` builds a throwaway actor on every call, which costs more than the
 * rest of a commit. Its answers depend only on the state and the event, so each one is asked once
 * and remembered: the machine still decides every move, at the price of a Map lookup.
 */
const moves = new Map<TxnState, Map<string, Move>>();

function move(from: TxnState, event: TxnMachineEvent): Move {
  // Keyed by state, then by event type and outcome: looked up by parts, with no key text built.
  let fromHere = moves.get(from);
  if (!fromHere) moves.set(from, (fromHere = new Map()));
  const key =
    'commit' in event ? (event.commit ? `${event.type}|true` : `${event.type}|false`) : event.type;
  let answer = fromHere.get(key);
  if (!answer) {
    const snapshot = txnCoordinatorMachine.resolveState({
      value: from,
      context: { transactionTimeoutMs: 1 },
    });
    const [next, actions] = transition(txnCoordinatorMachine, snapshot, event);
    answer = {
      to: next.value as TxnState,
      scheduleTimeout: actions.some(
        (a) =>
          a.type === 'xstate.raise' &&
          (a as { params?: { delay?: number } }).params?.delay !== undefined,
      ),
      cancelTimeout: actions.some((a) => (a.type as string) === 'xstate.cancel'),
    };
    fromHere.set(key, answer);
  }
  return answer;
}

/** The coordinator's record of one transactional id (Kafka's TransactionMetadata). */
interface TxnMetadata {
  transactionalId: string;
  producer: string;
  producerId: number;
  producerEpoch: number;
  /** The epoch before a timeout bumped it (-1 otherwise): that producer may recover, not a zombie. */
  lastProducerEpoch: number;
  state: TxnState;
  transactionTimeoutMs: number;
  partitions: Map<string, TopicPartition>;
  /** The records of the open transaction's appended batches, batch by batch (see `recordIdsOf`). */
  batches: (readonly SimRecord[])[];
  /** The broker timer standing for the machine's pending `after` (transaction timeout). */
  timeoutTimer: number | null;
}

/**
 * The transaction coordinator (one per cluster here). It assigns producer ids and epochs, tracks
 * which partitions each transaction touched, and on commit or abort writes a marker to each of them.
 * Its metadata is durable, as Kafka keeps it in `__transaction_state`: a broker restart keeps it.
 *
 * Simplification: markers are written in the same step as the EndTxn that asks for them (one broker:
 * no WriteTxnMarkers round trip), so PrepareCommit/PrepareAbort are passed through at once, but still
 * visible in the trace.
 */
export class TransactionCoordinator {
  private readonly txns = new Map<string, TxnMetadata>();
  private nextProducerId = 1000;

  constructor(private readonly broker: TxnBrokerServices) {}

  /** A fresh producer id for an idempotent producer without a transactional id. */
  allocateProducerId(): number {
    return this.nextProducerId++;
  }

  /**
   * InitProducerId for a transactional id: bump the epoch. `previous` is the id and epoch the
   * caller had: the producer whose transaction timed out recovers with it (KIP-588); anyone else
   * fences every older instance. With a transaction still open, the coordinator first aborts it
   * under a bumped epoch (fencing its producer) and answers CONCURRENT_TRANSACTIONS: the caller
   * retries and gets the next epoch (TransactionCoordinator.prepareInitProducerIdTransit, Ongoing
   * → PrepareEpochFence, at Kafka 3.7).
   */
  initProducerId(
    transactionalId: string,
    producer: string,
    transactionTimeoutMs: number,
    ctx: ActorContext,
    previous: { producerId: number; producerEpoch: number } = { producerId: -1, producerEpoch: -1 },
  ): { producerId: number; producerEpoch: number; error: KafkaError | null } {
    let meta = this.txns.get(transactionalId);
    if (!meta) {
      meta = {
        transactionalId,
        producer,
        producerId: this.allocateProducerId(),
        producerEpoch: 0,
        lastProducerEpoch: -1,
        state: 'Empty',
        transactionTimeoutMs,
        partitions: new Map(),
        batches: [],
        timeoutTimer: null,
      };
      this.txns.set(transactionalId, meta);
      return { producerId: meta.producerId, producerEpoch: meta.producerEpoch, error: null };
    }
    meta.transactionTimeoutMs = transactionTimeoutMs;
    const recovering =
      previous.producerId === meta.producerId &&
      meta.lastProducerEpoch >= 0 &&
      previous.producerEpoch === meta.lastProducerEpoch;
    void recovering; // either way the epoch moves on; recovery only decides which error the old epoch got
    meta.lastProducerEpoch = -1;
    const wasOngoing = this.state(meta) === 'Ongoing';
    // The new instance's epoch fences the old one: even the abort markers carry the new epoch.
    meta.producerEpoch++;
    meta.producer = producer;
    this.step(meta, { type: 'INIT' }, ctx);
    if (wasOngoing) {
      this.finish(meta, false, 'initProducerId', ctx);
      return { producerId: -1, producerEpoch: -1, error: 'CONCURRENT_TRANSACTIONS' };
    }
    return { producerId: meta.producerId, producerEpoch: meta.producerEpoch, error: null };
  }

  /** AddPartitionsToTxn. */
  addPartitions(
    transactionalId: string,
    producerId: number,
    producerEpoch: number,
    partitions: TopicPartition[],
    ctx: ActorContext,
  ): KafkaError | null {
    const meta = this.txns.get(transactionalId);
    const error = this.validate(meta, producerId, producerEpoch);
    if (error) return error;
    const txn = meta!;
    const state = this.state(txn);
    if (state !== 'Ongoing') {
      if (state !== 'Empty' && state !== 'CompleteCommit' && state !== 'CompleteAbort') {
        return 'CONCURRENT_TRANSACTIONS';
      }
      txn.partitions.clear();
      txn.batches = [];
      this.step(txn, { type: 'ADD' }, ctx);
      ctx.emitStamped({
        type: 'txn.begun',
        transactionalId,
        producer: txn.producer,
        producerId,
        producerEpoch,
        at: ctx.now,
      });
    }
    const added: TopicPartition[] = [];
    for (const tp of partitions) {
      const key = tpKey(tp.topic, tp.partition);
      if (!txn.partitions.has(key)) {
        txn.partitions.set(key, tp);
        added.push(tp);
      }
    }
    if (added.length > 0)
      ctx.emitStamped({
        type: 'txn.partitionsAdded',
        transactionalId,
        partitions: added,
        at: ctx.now,
      });
    return null;
  }

  /** Is this producer allowed to write transactionally to this partition now? */
  checkProduce(
    transactionalId: string,
    producerId: number,
    producerEpoch: number,
    topic: string,
    partition: number,
  ): KafkaError | null {
    const meta = this.txns.get(transactionalId);
    const error = this.validate(meta, producerId, producerEpoch);
    if (error) return error;
    if (this.state(meta!) !== 'Ongoing' || !meta!.partitions.has(tpKey(topic, partition))) {
      return 'INVALID_TXN_STATE';
    }
    return null;
  }

  /** Note records appended in the open transaction (their ids, for the trace of its commit). */
  noteRecords(transactionalId: string, records: readonly SimRecord[]): void {
    const meta = this.txns.get(transactionalId);
    if (meta) meta.batches.push(records);
  }

  /** EndTxn: commit or abort. */
  endTxn(
    transactionalId: string,
    producerId: number,
    producerEpoch: number,
    commit: boolean,
    ctx: ActorContext,
  ): KafkaError | null {
    const meta = this.txns.get(transactionalId);
    const error = this.validate(meta, producerId, producerEpoch);
    if (error) return error;
    const state = this.state(meta!);
    if (state === 'CompleteCommit' && commit) return null; // a retried EndTxn after a lost reply
    if (state === 'CompleteAbort' && !commit) return null;
    if (state !== 'Ongoing') return 'INVALID_TXN_STATE';
    this.step(meta!, { type: 'END', commit }, ctx);
    this.finish(meta!, commit, 'requested', ctx);
    return null;
  }

  /** The broker timer for a transaction timeout fired. */
  onTimeout(transactionalId: string, ctx: ActorContext): void {
    const meta = this.txns.get(transactionalId);
    if (!meta || this.state(meta) !== 'Ongoing') return;
    meta.timeoutTimer = null;
    const event = {
      type: `xstate.after.transactionTimeout.transactionCoordinator.Ongoing`,
    } as unknown as TxnMachineEvent;
    // Kafka bumps the epoch when it aborts a timed-out transaction (KIP-360). The producer that owned
    // it is not a zombie: its next request gets INVALID_PRODUCER_EPOCH, an abortable error, and it
    // recovers by calling InitProducerId with its old epoch (KIP-588).
    meta.lastProducerEpoch = meta.producerEpoch;
    meta.producerEpoch++;
    this.step(meta, event, ctx);
    this.finish(meta, false, 'timeout', ctx);
  }

  /** After a broker restart: timers died with the old process, open transactions still time out. */
  rearmTimeouts(ctx: ActorContext): void {
    for (const meta of this.txns.values()) {
      if (this.state(meta) !== 'Ongoing') continue;
      meta.timeoutTimer = ctx.setTimer(
        meta.transactionTimeoutMs,
        'txnTimeout',
        meta.transactionalId,
      );
    }
  }

  /** The current epoch of a transactional id (what fenced a stale producer), or -1. */
  epochOf(transactionalId: string): number {
    return this.txns.get(transactionalId)?.producerEpoch ?? -1;
  }

  stateOf(transactionalId: string): TxnState | undefined {
    const meta = this.txns.get(transactionalId);
    return meta ? this.state(meta) : undefined;
  }

  private validate(
    meta: TxnMetadata | undefined,
    producerId: number,
    producerEpoch: number,
  ): KafkaError | null {
    if (!meta || meta.producerId !== producerId) return 'INVALID_PRODUCER_EPOCH';
    if (producerEpoch < meta.producerEpoch) {
      return producerEpoch === meta.lastProducerEpoch
        ? 'INVALID_PRODUCER_EPOCH'
        : 'PRODUCER_FENCED';
    }
    if (producerEpoch > meta.producerEpoch) return 'INVALID_PRODUCER_EPOCH';
    return null;
  }

  /** Write the markers, complete the offsets and settle the machine in CompleteCommit/CompleteAbort. */
  private finish(
    meta: TxnMetadata,
    commit: boolean,
    reason: 'requested' | 'timeout' | 'initProducerId',
    ctx: ActorContext,
  ): void {
    for (const tp of meta.partitions.values()) {
      this.broker.writeMarker(tp, meta.producer, meta.producerId, meta.producerEpoch, commit);
    }
    this.broker.completePendingOffsets(meta.producerId, commit, meta.transactionalId);
    this.step(meta, { type: 'MARKERS_WRITTEN' }, ctx);
    if (commit) {
      ctx.emitStamped({
        type: 'txn.committed',
        transactionalId: meta.transactionalId,
        producerId: meta.producerId,
        producerEpoch: meta.producerEpoch,
        recordIds: recordIdsOf(meta.batches),
        at: ctx.now,
      });
    } else {
      ctx.emit({
        type: 'txn.aborted',
        transactionalId: meta.transactionalId,
        producerId: meta.producerId,
        producerEpoch: meta.producerEpoch,
        reason,
      });
    }
    meta.partitions = new Map();
    meta.batches = [];
  }

  /** Feed one event through the machine, trace the move, and turn its requests into timers. */
  private step(meta: TxnMetadata, event: TxnMachineEvent, ctx: ActorContext): void {
    const from = meta.state;
    const answer = move(from, event);
    meta.state = answer.to;
    if (answer.cancelTimeout && meta.timeoutTimer !== null) {
      ctx.cancelTimer(meta.timeoutTimer);
      meta.timeoutTimer = null;
    }
    if (answer.scheduleTimeout) {
      meta.timeoutTimer = ctx.setTimer(
        meta.transactionTimeoutMs,
        'txnTimeout',
        meta.transactionalId,
      );
    }
    if (from !== answer.to || from === 'Empty') {
      ctx.emitStamped({
        type: 'txn.stateChanged',
        transactionalId: meta.transactionalId,
        from,
        to: answer.to,
        producerId: meta.producerId,
        producerEpoch: meta.producerEpoch,
        at: ctx.now,
      });
    }
  }

  private state(meta: TxnMetadata): TxnState {
    return meta.state;
  }
}

/**
 * The ids of a transaction's records, in the order they were appended: made once, at its commit,
 * in an array of the exact length. (Pushing each id as its batch came grew the array three or four
 * times per transaction, and the trace kept the last one, a third of it unused.)
 */
function recordIdsOf(batches: readonly (readonly SimRecord[])[]): number[] {
  let count = 0;
  for (const records of batches) count += records.length;
  const ids = new Array<number>(count);
  let i = 0;
  for (const records of batches) for (const record of records) ids[i++] = record.id;
  return ids;
}
