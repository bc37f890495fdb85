import type { SimRecord, TopicPartition } from '../core/types.ts';
import type { IsolationLevel } from '../trace/events.ts';

/**
 * The requests and responses between clients and the broker, named after the Kafka protocol APIs
 * they stand for (Produce, Fetch, InitProducerId, AddPartitionsToTxn, EndTxn, JoinGroup, ...).
 * Simplifications: JoinGroup and SyncGroup are one round trip (the coordinator runs the group's
 * assignor itself instead of the group leader), and FindCoordinator is implicit (one broker).
 */

/** Kafka error codes the simulator can answer with (Errors.java names). */
export type KafkaError =
  | 'DUPLICATE_SEQUENCE_NUMBER'
  | 'OUT_OF_ORDER_SEQUENCE_NUMBER'
  | 'PRODUCER_FENCED'
  | 'INVALID_PRODUCER_EPOCH'
  | 'INVALID_TXN_STATE'
  | 'CONCURRENT_TRANSACTIONS'
  | 'UNKNOWN_TOPIC_OR_PARTITION'
  | 'ILLEGAL_GENERATION'
  | 'UNKNOWN_MEMBER_ID'
  | 'REBALANCE_IN_PROGRESS'
  | 'OFFSET_OUT_OF_RANGE'
  | 'UNSTABLE_OFFSET_COMMIT';

export interface InitProducerIdRequest {
  kind: 'InitProducerId';
  transactionalId: string | null;
  transactionTimeoutMs: number;
  /** The id and epoch this producer had (-1 for a new one): lets it recover after a timeout (KIP-588). */
  producerId: number;
  producerEpoch: number;
  /**
   * Echoed in the response. InitProducerId is not idempotent (each one bumps the epoch), so a
   * client must only believe the answer to its latest attempt; Kafka gets that by closing the
   * connection on a request timeout, which drops the late answer.
   */
  correlationId: number;
}
export interface InitProducerIdResponse {
  kind: 'InitProducerIdResponse';
  correlationId: number;
  error: KafkaError | null;
  producerId: number;
  producerEpoch: number;
}

export interface ProduceRequest {
  kind: 'Produce';
  requestId: number;
  topic: string;
  partition: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  transactionalId: string | null;
  records: SimRecord[];
}
export interface ProduceResponse {
  kind: 'ProduceResponse';
  requestId: number;
  topic: string;
  partition: number;
  error: KafkaError | null;
  baseOffset: number;
}

export interface AddPartitionsToTxnRequest {
  kind: 'AddPartitionsToTxn';
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  partitions: TopicPartition[];
}
export interface AddPartitionsToTxnResponse {
  kind: 'AddPartitionsToTxnResponse';
  error: KafkaError | null;
}

/** AddOffsetsToTxn and TxnOffsetCommit in one: the group's offsets become part of the transaction. */
export interface TxnOffsetCommitRequest {
  kind: 'TxnOffsetCommit';
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  group: string;
  member: string;
  /** The member's group generation (KIP-447 fencing); -1 for offsets outside a consumer group. */
  generation: number;
  offsets: { topic: string; partition: number; offset: number }[];
}
export interface TxnOffsetCommitResponse {
  kind: 'TxnOffsetCommitResponse';
  error: KafkaError | null;
}

export interface EndTxnRequest {
  kind: 'EndTxn';
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  commit: boolean;
}
export interface EndTxnResponse {
  kind: 'EndTxnResponse';
  error: KafkaError | null;
}

export interface FetchRequest {
  kind: 'Fetch';
  requestId: number;
  isolationLevel: IsolationLevel;
  maxRecords: number;
  partitions: { topic: string; partition: number; offset: number }[];
}
export interface FetchedPartition {
  topic: string;
  partition: number;
  error: KafkaError | null;
  /** Offsets and records returned, in offset order. */
  offsets: number[];
  records: SimRecord[];
  /** Where the next fetch of this partition should start (past markers and aborted records). */
  nextOffset: number;
  logStartOffset: number;
  /** The partition's high watermark (Kafka's FetchResponse carries it, and the last stable offset). */
  highWatermark: number;
}
export interface FetchResponse {
  kind: 'FetchResponse';
  requestId: number;
  partitions: FetchedPartition[];
}

export interface JoinGroupRequest {
  kind: 'JoinGroup';
  group: string;
  member: string;
  topics: string[];
  assignor: string;
  sessionTimeoutMs: number;
  /** What the member owns now (the cooperative protocol keeps it where it can). */
  owned: TopicPartition[];
}
export interface JoinGroupResponse {
  kind: 'JoinGroupResponse';
  error: KafkaError | null;
  generation: number;
  assignment: TopicPartition[];
}
export interface HeartbeatRequest {
  kind: 'Heartbeat';
  group: string;
  member: string;
  generation: number;
}
export interface HeartbeatResponse {
  kind: 'HeartbeatResponse';
  error: KafkaError | null;
}
export interface LeaveGroupRequest {
  kind: 'LeaveGroup';
  group: string;
  member: string;
}
export interface OffsetCommitRequest {
  kind: 'OffsetCommit';
  requestId: number;
  group: string;
  member: string;
  generation: number;
  offsets: { topic: string; partition: number; offset: number }[];
}
export interface OffsetCommitResponse {
  kind: 'OffsetCommitResponse';
  requestId: number;
  error: KafkaError | null;
}
export interface OffsetFetchRequest {
  kind: 'OffsetFetch';
  group: string;
  partitions: TopicPartition[];
}
export interface OffsetFetchResponse {
  kind: 'OffsetFetchResponse';
  /** Per partition: the committed offset (-1 if none), and the log's start and end for the reset policy. */
  partitions: {
    topic: string;
    partition: number;
    committed: number;
    logStartOffset: number;
    logEndOffset: number;
    /** UNSTABLE_OFFSET_COMMIT while a transaction holds a pending commit for it (KIP-447). */
    error: KafkaError | null;
  }[];
}

export type BrokerRequest =
  | InitProducerIdRequest
  | ProduceRequest
  | AddPartitionsToTxnRequest
  | TxnOffsetCommitRequest
  | EndTxnRequest
  | FetchRequest
  | JoinGroupRequest
  | HeartbeatRequest
  | LeaveGroupRequest
  | OffsetCommitRequest
  | OffsetFetchRequest;

export type BrokerResponse =
  | InitProducerIdResponse
  | ProduceResponse
  | AddPartitionsToTxnResponse
  | TxnOffsetCommitResponse
  | EndTxnResponse
  | FetchResponse
  | JoinGroupResponse
  | HeartbeatResponse
  | OffsetCommitResponse
  | OffsetFetchResponse;

/** The id of the one broker of the simulated cluster. */
export const BROKER_ID = 'broker';
