import type { Json } from '../../core/types.ts';

/**
 * The trace events of SQS queues and of the event source mappings that read them. `queue` is a
 * queue's name, `messageId` SQS's id of a message (`<queue>:<n>`), `recordId` the simulator's id
 * of the workload item it carries (stable across receives, so a check can count duplicates).
 */
export type QueueTraceEvent =
  /** A client sent a message (SendMessage); it is visible at once. */
  | {
      type: 'queue.messageSent';
      at: number;
      queue: string;
      messageId: string;
      recordId: number;
      body: Json;
    }
  /** A ReceiveMessage returned messages: each is in flight (hidden) until `visibleAgainAtMs` unless deleted. */
  | {
      type: 'queue.messagesReceived';
      at: number;
      queue: string;
      /** Who received (an event source mapping's id). */
      receiver: string;
      messageIds: string[];
      recordIds: number[];
      /** ApproximateReceiveCount of each message, this receive included. */
      receiveCounts: number[];
      visibleAgainAtMs: number;
    }
  /** The visibility timeout of messages passed before anyone deleted them: they are visible again. */
  | {
      type: 'queue.messagesVisible';
      at: number;
      queue: string;
      messageIds: string[];
      recordIds: number[];
    }
  /** DeleteMessageBatch: the messages are gone. A delete naming an older receive's receipt handle succeeds but deletes nothing (`staleMessageIds`). */
  | {
      type: 'queue.messagesDeleted';
      at: number;
      queue: string;
      messageIds: string[];
      recordIds: number[];
      staleMessageIds: string[];
    }
  /** A message already received maxReceiveCount times was due to be received again: SQS moved it to the dead-letter queue instead. */
  | {
      type: 'queue.movedToDeadLetterQueue';
      at: number;
      queue: string;
      deadLetterQueue: string;
      messageId: string;
      recordId: number;
      receiveCount: number;
    }
  /** An SQS event source mapping settled a batch: it deleted the messages that succeeded and left the rest to return when their visibility timeout passes. */
  | {
      type: 'queueTrigger.batchSettled';
      at: number;
      trigger: string;
      function: string;
      queue: string;
      /** Why messages were left: the function's failure, its partial batch response, or none. */
      outcome:
        | 'succeeded'
        | 'partialBatch'
        | 'invalidResponse'
        | 'error'
        | 'timeout'
        | 'crash'
        | 'throttled';
      deleted: string[];
      returned: string[];
      deletedRecordIds: number[];
      returnedRecordIds: number[];
    };
