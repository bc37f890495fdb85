import type { Headers, Json } from '../core/types.ts';
import type { DbErrorCode, DbOperation, DbResult } from './db/operations.ts';
import type { FailureReason } from './events.ts';

/**
 * Messages between the serverless actors: the trigger invokes the platform (Lambda's Invoke API,
 * synchronous, as an event source mapping calls it), and the platform calls the database on behalf
 * of a running handler. Produce requests to the broker use the log's own protocol.
 */

/** One record of a batch as a handler receives it. */
export interface BatchRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestampMs: number;
  readonly key: string | null;
  readonly value: Json;
  readonly headers: Headers;
  /** The simulator's workload item id (stable across retries); see `SimRecord.id`. */
  readonly id: number;
  /** What `batchItemFailures` names this record by: `<topic>-<partition>-<offset>`, as for Kafka. */
  readonly itemIdentifier: string;
  /** For a message from an SQS queue: its attributes (`itemIdentifier` is its messageId). */
  readonly sqs?: {
    readonly messageId: string;
    readonly receiptHandle: string;
    /** How many times the queue has handed this message out, this time included. */
    readonly approximateReceiveCount: number;
    readonly sentTimestampMs: number;
  };
}

export interface InvokeRequest {
  kind: 'Invoke';
  requestId: number;
  function: string;
  /** Who invokes (a trigger id). */
  source: string;
  attempt: number;
  records: BatchRecord[];
}

export interface InvokeResponse {
  kind: 'InvokeResponse';
  requestId: number;
  outcome: 'success' | 'failure';
  /** For a failure. */
  reason: FailureReason | null;
  error: string | null;
  /** For a success: the records the handler reported as failed (ReportBatchItemFailures). */
  batchItemFailures: string[];
  /** The handler returned a malformed `batchItemFailures` (Lambda then fails the whole batch). */
  invalidResponse: boolean;
}

export interface DbRequest {
  kind: 'DbRequest';
  requestId: number;
  operation: DbOperation;
  /** For the trace: which invocation asked. */
  invocationId: string | null;
}

/** Replies are named by what was asked so a fault can lose only the replies to writes. */
export interface DbResponse {
  kind: 'DbReadResponse' | 'DbWriteResponse';
  requestId: number;
  result: DbResult | null;
  error: { code: DbErrorCode; message: string } | null;
}

export const DB_READ_RESPONSE = 'DbReadResponse';
export const DB_WRITE_RESPONSE = 'DbWriteResponse';
