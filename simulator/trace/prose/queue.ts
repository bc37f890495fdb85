import type { QueueTraceEvent } from '../../serverless/queue/events.ts';
import { type Prose, type Teller, say } from './prose.ts';
import { count, formatValue, joinWords } from './words.ts';

/** A queue's events (messages sent, received, hidden, deleted, dead-lettered) as sentences. */

const outcomes = {
  succeeded: 'the function succeeded',
  partialBatch: 'the function reported failed items',
  invalidResponse: "the function's answer was not a valid partial batch response",
  error: 'the handler threw',
  timeout: 'it timed out',
  crash: 'its instance crashed',
  throttled: 'it was throttled',
} as const;

/** `3 messages`, every message id in the details. */
function messages(ids: readonly string[]): string {
  return ids.length === 1 ? `message ${ids[0]}` : count(ids.length, 'message');
}

const listed = (ids: readonly string[]): string[] | undefined =>
  ids.length > 1 ? ids.map((id) => `message ${id}`) : undefined;

/** The sentences, one per event type of the queue. */
export const queueProse: Teller<QueueTraceEvent['type']> = {
  'queue.messageSent': (e) =>
    say(`Message ${e.messageId} is sent to queue ${e.queue}: ${formatValue(e.body)}.`),
  'queue.messagesReceived': (e): Prose => ({
    text: `${e.receiver} receives ${messages(e.messageIds)} from queue ${e.queue}; hidden until ${e.visibleAgainAtMs} ms unless deleted.`,
    details: e.messageIds.map(
      (id, i) => `message ${id}: received ${count(e.receiveCounts[i] ?? 1, 'time')}`,
    ),
  }),
  'queue.messagesVisible': (e) => ({
    text: `${messages(e.messageIds)} of queue ${e.queue} ${e.messageIds.length === 1 ? 'is' : 'are'} visible again: nobody deleted ${e.messageIds.length === 1 ? 'it' : 'them'} in time.`,
    details: listed(e.messageIds),
  }),
  'queue.messagesDeleted': (e) => ({
    text: `${messages(e.messageIds)} ${e.messageIds.length === 1 ? 'is' : 'are'} deleted from queue ${e.queue}${e.staleMessageIds.length === 0 ? '' : `; an old receipt for ${joinWords(e.staleMessageIds)} deletes nothing`}.`,
    details: listed(e.messageIds),
  }),
  'queue.movedToDeadLetterQueue': (e) =>
    say(
      `Message ${e.messageId} was received ${count(e.receiveCount, 'time')}: queue ${e.queue} moves it to ${e.deadLetterQueue}.`,
    ),
  'queueTrigger.batchSettled': (e) => ({
    text: `${e.trigger} settles a batch of ${e.function} (${outcomes[e.outcome]}): ${e.deleted.length} deleted, ${e.returned.length} left to come back.`,
    details: [
      ...e.deleted.map((id) => `deleted: message ${id}`),
      ...e.returned.map((id) => `returns: message ${id}`),
    ],
  }),
};
