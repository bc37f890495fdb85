import type { Json, SimRecord, TopicPartition } from '../core/types.ts';
import type { DurableTraceEvent } from '../durable/events.ts';
import type { ServerlessTraceEvent } from '../serverless/events.ts';
import type { SubtopologyDescription } from '../streams/describe.ts';
import type { InstanceStreamsEvent } from '../streams/events.ts';
import type { EventSourcingTraceEvent } from '../eventsourcing/events.ts';

/**
 * The trace: every observable fact of a run, in order, as plain JSON. It is the one contract
 * between the engine and everything else (views, chapters, checks, grader): they read these events
 * and never the engine's objects. Every variant carries `type` and `at` (virtual ms). An event's
 * index is its position in the trace.
 *
 * Adding a variant is safe; changing one changes golden traces on purpose.
 */
export type TraceEvent =
  | LogTraceEvent
  | InstanceStreamsEvent
  | RuntimeTraceEvent
  | ServerlessTraceEvent
  | EventSourcingTraceEvent
  | DurableTraceEvent;

export type { DurableTraceEvent, InstanceStreamsEvent, ServerlessTraceEvent };

/** What a stream-processing instance does with its tasks: assignment, restoration, revocation. */
export type RuntimeTraceEvent =
  /**
   * A stream-processing application's topology, as `Topology.describe()` gives it (sub-topologies,
   * processors, stores, topics): once per application, at the start, so a view can draw it.
   */
  | {
      type: 'topology.described';
      at: number;
      application: string;
      subtopologies: SubtopologyDescription[];
    }
  /** A task (one partition group of one sub-topology) was assigned to an instance. */
  | {
      type: 'task.assigned';
      at: number;
      instance: string;
      task: string;
      partitions: TopicPartition[];
    }
  /** An instance began rebuilding a task's store from its changelog partition. */
  | {
      type: 'task.restoring';
      at: number;
      instance: string;
      task: string;
      store: string;
      topic: string;
      partition: number;
    }
  /** A task's stores are rebuilt (`records` changelog records replayed); it starts processing. */
  | { type: 'task.restored'; at: number; instance: string; task: string; records: number }
  /** A task left an instance: cleanly after a commit, or dirty (a crash, a fenced zombie). */
  | { type: 'task.revoked'; at: number; instance: string; task: string; clean: boolean }
  /**
   * An instance committed: outputs, changelog writes and consumed offsets, as its guarantee commits
   * them (also a transactional consume–transform–produce client, whose loop is exactly_once_v2's).
   */
  | {
      type: 'instance.committed';
      at: number;
      instance: string;
      guarantee: ProcessingGuarantee;
      offsets: { topic: string; partition: number; offset: number }[];
    }
  /**
   * An instance's commit failed (fenced, or the group moved on): what it did since the last commit
   * is redone elsewhere. A transactional client reports its CommitFailedException and
   * ProducerFencedException here too.
   */
  | {
      type: 'instance.commitFailed';
      at: number;
      instance: string;
      guarantee: ProcessingGuarantee;
      error: string;
    };

/** Kafka Streams' processing.guarantee (plus at-most-once as a teaching contrast). */
export type ProcessingGuarantee = 'at_least_once' | 'exactly_once_v2' | 'at_most_once';

/** The log's events: the core, the network, the broker and its clients. */
export type LogTraceEvent =
  // ── the simulation itself ───────────────────────────────────────────────
  /** The run began with this seed. */
  | { type: 'sim.started'; at: number; seed: number; scenario: string }
  /** The run reached its end time (or ran out of events). */
  | { type: 'sim.ended'; at: number; reason: 'duration' | 'idle' | 'until' }
  /** An actor joined the world (broker, producer, consumer, instance, ...). */
  | { type: 'actor.started'; at: number; actor: string; kind: ActorKind }
  /** An actor lost its memory and stopped; messages to it are dropped until it restarts. */
  | { type: 'actor.crashed'; at: number; actor: string }
  /** A crashed actor came back with empty memory (durable state, such as a broker's log, survives). */
  | { type: 'actor.restarted'; at: number; actor: string }
  /** An actor froze (a long GC pause, a suspended VM): it keeps its memory but sees nothing until it resumes. */
  | { type: 'actor.paused'; at: number; actor: string }
  /** A paused actor resumed with the stale view of the world it had when it froze: a zombie. */
  | { type: 'actor.resumed'; at: number; actor: string }
  /** A fault from the schedule, or fired by hand, took effect. */
  | { type: 'fault.injected'; at: number; fault: FaultRecord }
  /** A scheduled application decision found nothing to act on (no open transaction, the actor down). */
  | { type: 'command.ignored'; at: number; actor: string; command: 'abortTransaction' | 'close' }
  /** A consumer closed gracefully: it left its group (LeaveGroup) and stopped. */
  | { type: 'consumer.closed'; at: number; consumer: string; group: string }
  /** A fault with a duration ended (a partition healed, a slow link recovered). */
  | { type: 'fault.ended'; at: number; fault: FaultRecord }

  // ── the network ─────────────────────────────────────────────────────────
  /** A message left `from`; it will arrive at `deliverAt` unless it is lost or its target is down. */
  | {
      type: 'message.sent';
      at: number;
      from: string;
      to: string;
      kind: string;
      msgId: number;
      deliverAt: number;
    }
  /** A message never arrived: lost on the wire, cut by a partition, or its target was down. */
  | {
      type: 'message.dropped';
      at: number;
      from: string;
      to: string;
      kind: string;
      msgId: number;
      reason: 'loss' | 'partition' | 'targetDown' | 'lostAck';
    }

  // ── topics and partitions ───────────────────────────────────────────────
  /** A topic exists with this many partitions and this configuration. */
  | {
      type: 'topic.created';
      at: number;
      topic: string;
      partitions: number;
      cleanupPolicy: 'delete' | 'compact';
      internal: boolean;
    }
  /**
   * A record was appended at `offset`. `producerId`/`producerEpoch`/`sequence` are -1 for a
   * producer without idempotence; `transactional` records stay invisible to `read_committed`
   * readers until their transaction's commit marker.
   */
  | {
      type: 'record.appended';
      at: number;
      topic: string;
      partition: number;
      offset: number;
      record: SimRecord;
      producer: string;
      producerId: number;
      producerEpoch: number;
      sequence: number;
      transactional: boolean;
    }
  /** The high watermark advanced: records below it are replicated and readable. */
  | {
      type: 'partition.highWatermark';
      at: number;
      topic: string;
      partition: number;
      offset: number;
    }
  /** Retention removed whole records from the head: the log now starts at `logStartOffset`. */
  | {
      type: 'records.deleted';
      at: number;
      topic: string;
      partition: number;
      logStartOffset: number;
      reason: 'retention.ms' | 'retention.bytes';
    }
  /** The log cleaner removed records whose key has a later value (or an expired tombstone). */
  | { type: 'records.compacted'; at: number; topic: string; partition: number; offsets: number[] }

  // ── producers ───────────────────────────────────────────────────────────
  /** A producer sent a batch (a first attempt or a retry) to a partition leader. */
  | {
      type: 'batch.sent';
      at: number;
      producer: string;
      topic: string;
      partition: number;
      producerId: number;
      producerEpoch: number;
      baseSequence: number;
      attempt: number;
      records: SimRecord[];
    }
  /** The producer received the acknowledgement of a batch: its records are durable at these offsets. */
  | {
      type: 'batch.acknowledged';
      at: number;
      producer: string;
      topic: string;
      partition: number;
      baseOffset: number;
      recordIds: number[];
      duplicate: boolean;
    }
  /** The broker recognised a retried batch by its sequence numbers and did not append it again. */
  | {
      type: 'batch.rejectedDuplicate';
      at: number;
      topic: string;
      partition: number;
      producerId: number;
      producerEpoch: number;
      baseSequence: number;
      baseOffset: number;
    }
  /** The broker refused a batch whose first sequence is not the next expected one (OutOfOrderSequenceException). */
  | {
      type: 'batch.rejectedOutOfOrder';
      at: number;
      topic: string;
      partition: number;
      producerId: number;
      producerEpoch: number;
      baseSequence: number;
      expectedSequence: number;
    }
  /** The broker refused a write from an older epoch of a transactional id (ProducerFencedException). */
  | {
      type: 'batch.rejectedFenced';
      at: number;
      producer: string;
      topic: string;
      partition: number;
      producerId: number;
      producerEpoch: number;
      currentEpoch: number;
    }
  /** A producer gave up on a batch after its delivery timeout or its retries. */
  | {
      type: 'batch.expired';
      at: number;
      producer: string;
      topic: string;
      partition: number;
      recordIds: number[];
      error: string;
    }
  /** InitProducerId answered: the producer now writes as (producerId, epoch). */
  | {
      type: 'producer.initialized';
      at: number;
      producer: string;
      transactionalId: string | null;
      producerId: number;
      producerEpoch: number;
    }
  /** The producer learned that a newer instance with its transactional id exists; it stops for good. */
  | {
      type: 'producer.fenced';
      at: number;
      producer: string;
      transactionalId: string;
      producerEpoch: number;
    }

  // ── transactions ────────────────────────────────────────────────────────
  /** The transaction coordinator's state machine for a transactional id moved. */
  | {
      type: 'txn.stateChanged';
      at: number;
      transactionalId: string;
      from: TxnState;
      to: TxnState;
      producerId: number;
      producerEpoch: number;
    }
  /** A transaction began: its first partition was added (AddPartitionsToTxn). */
  | {
      type: 'txn.begun';
      at: number;
      transactionalId: string;
      producer: string;
      producerId: number;
      producerEpoch: number;
    }
  /** Partitions joined the ongoing transaction. */
  | {
      type: 'txn.partitionsAdded';
      at: number;
      transactionalId: string;
      partitions: TopicPartition[];
    }
  /** A consumer group's offsets joined the transaction (sendOffsetsToTransaction). */
  | {
      type: 'txn.offsetsAdded';
      at: number;
      transactionalId: string;
      group: string;
      offsets: { topic: string; partition: number; offset: number }[];
    }
  /** The transaction committed: markers are written and its records and offsets become visible. */
  | {
      type: 'txn.committed';
      at: number;
      transactionalId: string;
      producerId: number;
      producerEpoch: number;
      recordIds: number[];
    }
  /** The transaction aborted: its records stay in the log but no `read_committed` reader sees them. */
  | {
      type: 'txn.aborted';
      at: number;
      transactionalId: string;
      producerId: number;
      producerEpoch: number;
      reason: 'requested' | 'timeout' | 'initProducerId';
    }
  /** A commit or abort marker (a control record) was written to a partition. */
  | {
      type: 'marker.written';
      at: number;
      topic: string;
      partition: number;
      offset: number;
      producerId: number;
      producerEpoch: number;
      marker: 'COMMIT' | 'ABORT';
    }

  // ── consumers and groups ────────────────────────────────────────────────
  /** A member joined (or rejoined) a consumer group. */
  | { type: 'member.joined'; at: number; group: string; member: string }
  /** A member left the group: on purpose, or because its session timed out. */
  | {
      type: 'member.left';
      at: number;
      group: string;
      member: string;
      reason: 'leave' | 'sessionTimeout' | 'fenced';
    }
  /** The group coordinator began a rebalance: members must rejoin before partitions move. */
  | { type: 'rebalance.started'; at: number; group: string; generation: number; reason: string }
  /** A rebalance finished: the new generation and who owns which partitions. */
  | {
      type: 'rebalance.completed';
      at: number;
      group: string;
      generation: number;
      assignor: string;
      assignment: Record<string, TopicPartition[]>;
    }
  /** A consumer set its fetch position for a partition (from the committed offset, or by the reset policy). */
  | {
      type: 'consumer.positioned';
      at: number;
      consumer: string;
      group: string;
      topic: string;
      partition: number;
      offset: number;
      from: 'committed' | 'earliest' | 'latest';
    }
  /** A fetch returned records `[fromOffset, nextOffset)` (minus invisible ones) to a consumer. */
  | {
      type: 'records.fetched';
      at: number;
      consumer: string;
      group: string;
      topic: string;
      partition: number;
      fromOffset: number;
      nextOffset: number;
      recordIds: number[];
      isolation: IsolationLevel;
    }
  /** The consumer's application finished processing these records (offsets, in order). */
  | {
      type: 'records.processed';
      at: number;
      consumer: string;
      group: string;
      topic: string;
      partition: number;
      offsets: number[];
      recordIds: number[];
    }
  /** A group's committed offset for a partition became `offset`, the next offset to read. */
  | {
      type: 'offset.committed';
      at: number;
      group: string;
      topic: string;
      partition: number;
      offset: number;
      member: string;
      transactionalId: string | null;
    };

export type TraceEventType = TraceEvent['type'];
export type EventOf<T extends TraceEventType> = Extract<TraceEvent, { type: T }>;

/** What an actor is: the log's, a stream-processing instance, or the serverless side's (trigger, platform, database). */
export type ActorKind =
  | 'broker'
  | 'producer'
  | 'consumer'
  | 'instance'
  | 'transactionalClient'
  | 'trigger'
  | 'functionPlatform'
  | 'database'
  | 'client'
  | 'reader'
  | 'durable';
export type IsolationLevel = 'read_committed' | 'read_uncommitted';

/** The transaction coordinator's states, as Kafka names them (TransactionState). */
export type TxnState =
  | 'Empty'
  | 'Ongoing'
  | 'PrepareCommit'
  | 'PrepareAbort'
  | 'CompleteCommit'
  | 'CompleteAbort'
  | 'Dead';

/** A fault as it appears in the trace: the schedule entry that fired, as plain data. */
export type FaultRecord = { kind: string; target?: string } & Record<string, Json | undefined>;
