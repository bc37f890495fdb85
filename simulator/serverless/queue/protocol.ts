import type { Json } from '../../core/types.ts';

/** The queue service's actor id: one actor stands for SQS and holds every queue. */
export const QUEUE_SERVICE_ID = 'sqs';

/** Messages sent to queues get record ids from here up (producers' records count from 1). */
export const QUEUE_RECORD_ID_BASE = 500_000_000;

/** SQS returns at most 10 messages per ReceiveMessage and deletes at most 10 per DeleteMessageBatch. */
export const SQS_MAX_MESSAGES_PER_CALL = 10;

/** Lambda's pollers use long polling: a receive waits up to 20 s (WaitTimeSeconds) for a message. */
export const LONG_POLL_WAIT_MS = 20_000;

/** ReceiveMessage with long polling: answered as soon as a message is visible, or empty after `waitTimeMs`. */
export interface ReceiveMessageRequest {
  kind: 'ReceiveMessage';
  requestId: number;
  queue: string;
  maxNumberOfMessages: number;
  waitTimeMs: number;
}

/** A received message, as SQS returns it. */
export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  sequence: number;
  recordId: number;
  body: Json;
  approximateReceiveCount: number;
  sentTimestampMs: number;
}

export interface ReceiveMessageResponse {
  kind: 'ReceiveMessageResponse';
  requestId: number;
  /** null for an unknown queue (QueueDoesNotExist). */
  messages: ReceivedMessage[] | null;
}

export interface DeleteMessageBatchRequest {
  kind: 'DeleteMessageBatch';
  queue: string;
  entries: { messageId: string; receiptHandle: string }[];
}
