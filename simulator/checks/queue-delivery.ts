import type { TraceEvent } from '../trace/events.ts';
import { PASS, violation, type CheckVerdict } from './verdict.ts';

/** What happened to the messages of a run's queues, by the end of its trace. */
export interface QueueDelivery {
  /** Messages clients sent. */
  sent: number;
  /** Messages processed successfully exactly once. */
  processedOnce: number;
  /** Messages processed successfully more than once: duplicates a handler must tolerate. */
  processedMoreThanOnce: number;
  /** Extra successful processings, summed over those messages. */
  duplicates: number;
  /** Messages in a dead-letter queue, never processed successfully. */
  inDeadLetterQueue: number;
  /** Messages still in their queue, visible or in flight, never processed successfully. */
  pending: number;
}

/**
 * At least once, for SQS queues read by Lambda: a message leaves its queue only by being deleted
 * after an invocation that included it succeeded (and did not name it in batchItemFailures), or by
 * the redrive policy moving it to the dead-letter queue. The first delete of a message no
 * successful invocation included is the violation: that message was lost.
 */
export function queueNothingLost(events: readonly TraceEvent[]): CheckVerdict {
  const succeeded = new Set<string>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.type === 'queueTrigger.batchSettled') for (const id of e.deleted) succeeded.add(id);
    if (e.type !== 'queue.messagesDeleted') continue;
    const lost = e.messageIds.find((id) => !succeeded.has(id));
    if (lost !== undefined) {
      return violation(
        events,
        i,
        `message ${lost} was deleted from queue ${e.queue} although no invocation processed it successfully: it is lost`,
      );
    }
  }
  return PASS;
}

/** Count, from the trace alone, where every message ended up and how often it was processed. */
export function queueDelivery(events: readonly TraceEvent[]): QueueDelivery {
  const processed = new Map<string, number>();
  const where = new Map<string, 'queue' | 'deadLetter' | 'deleted'>();
  for (const e of events) {
    if (e.type === 'queue.messageSent') where.set(e.messageId, 'queue');
    else if (e.type === 'queue.movedToDeadLetterQueue') where.set(e.messageId, 'deadLetter');
    else if (e.type === 'queue.messagesDeleted')
      for (const id of e.messageIds) where.set(id, 'deleted');
    else if (e.type === 'queueTrigger.batchSettled')
      for (const id of e.deleted) processed.set(id, (processed.get(id) ?? 0) + 1);
  }
  const counts: QueueDelivery = {
    sent: where.size,
    processedOnce: 0,
    processedMoreThanOnce: 0,
    duplicates: 0,
    inDeadLetterQueue: 0,
    pending: 0,
  };
  for (const [id, place] of where) {
    const times = processed.get(id) ?? 0;
    if (times === 1) counts.processedOnce++;
    if (times > 1) {
      counts.processedMoreThanOnce++;
      counts.duplicates += times - 1;
    }
    if (times === 0 && place === 'deadLetter') counts.inDeadLetterQueue++;
    if (times === 0 && place === 'queue') counts.pending++;
  }
  return counts;
}
