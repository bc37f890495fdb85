import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { RECENT_RETRIES, type Batch, type ServerlessState } from './serverless-at.ts';

/** Whether two lists of offsets share one. */
const overlaps = (a: number[], b: number[]) => a.some((o) => b.includes(o));

/** The batch in flight of a trigger's partition that holds any of these offsets. */
export function findBatch(
  s: ServerlessState,
  trigger: string,
  topic: string | null,
  partition: number | null,
  offsets: number[],
): Batch | undefined {
  return s.batches.find(
    (b) =>
      b.trigger === trigger &&
      b.topic === topic &&
      b.partition === partition &&
      overlaps(b.offsets, offsets),
  );
}

/**
 * The batch a retry or a partial batch response continues. An invocation that returned (even with
 * batchItemFailures) ended its batch at `function.succeeded`; its records are back in flight.
 */
function batchAgain(
  s: ServerlessState,
  trigger: string,
  topic: string,
  partition: number,
  offsets: number[],
): Batch {
  const found = findBatch(s, trigger, topic, partition, offsets);
  if (found) return found;
  const batch: Batch = {
    trigger,
    topic,
    partition,
    offsets,
    attempt: 1,
    state: 'queued',
    invocationId: null,
    doneByPartialResponse: [],
  };
  s.batches.push(batch);
  return batch;
}

/** Retries, partial failures and records given up on. */
export function stepRetries(s: ServerlessState, e: TraceEvent): void {
  switch (e.type) {
    case 'function.retried': {
      s.retryCount++;
      s.retries.push({
        function: e.function,
        partition: e.partition,
        attempt: e.attempt,
        reason: e.reason,
      });
      if (s.retries.length > RECENT_RETRIES) s.retries.shift();
      Object.assign(batchAgain(s, e.trigger, e.topic, e.partition, e.offsets), {
        attempt: e.attempt,
        offsets: e.offsets,
        state: 'queued',
        invocationId: null,
      });
      break;
    }
    case 'function.partiallyFailed': {
      const b = batchAgain(s, e.trigger, e.topic, e.partition, e.retrying);
      Object.assign(b, { offsets: e.retrying, doneByPartialResponse: e.succeeded });
      break;
    }
    case 'queue.messagesReceived':
      // A queue's retry is a message received again after its visibility timeout.
      for (const n of e.receiveCounts) if (n > 1) s.retryCount++;
      break;
    case 'queue.movedToDeadLetterQueue':
      s.deadLetters++;
      break;
    case 'function.sentToDestination': {
      s.deadLetters += e.offsets.length;
      const at = s.batches.findIndex(
        (b) =>
          b.trigger === e.trigger && b.partition === e.partition && overlaps(b.offsets, e.offsets),
      );
      if (at >= 0) s.batches.splice(at, 1);
      break;
    }
  }
}
