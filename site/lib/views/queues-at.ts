import type { Json } from '../../../simulator/core/types.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { foldCache, IncrementalFold, type FoldSpec } from './incremental-fold.ts';

/** How many of the latest settled batches the view lists. */
export const RECENT_SETTLEMENTS = 4;

/** A message where the view draws it. */
export interface MessageView {
  /** SQS's message id, `<queue>:<n>`. */
  messageId: string;
  /** Its body. */
  body: Json;
  /** ApproximateReceiveCount: how many times it has been handed out. */
  receiveCount: number;
  /** In flight: when it becomes visible again unless deleted; else null. */
  visibleAgainAtMs: number | null;
}

/** One queue at the playhead. */
export interface QueueView {
  name: string;
  /** Visible messages, oldest first: what the next receive may return. */
  visible: MessageView[];
  /** Received and neither deleted nor visible again yet. */
  inFlight: MessageView[];
  /** Messages the redrive policy moved from this queue to its dead-letter queue. */
  movedToDeadLetter: { messageId: string; receiveCount: number; deadLetterQueue: string }[];
  /** Messages sent, deleted, and received again after a first receive. */
  sent: number;
  deleted: number;
  redeliveries: number;
  /** Messages a function succeeded with more than once: duplicates its handler had to tolerate. */
  processedMoreThanOnce: number;
}

/** A batch an SQS event source mapping settled: what it deleted and what it left to return. */
export interface SettledView {
  trigger: string;
  queue: string;
  outcome: string;
  deleted: string[];
  returned: string[];
  /** The reason Lambda failed the batch when its batchItemFailures was malformed, else null. */
  problem: string | null;
}

/** Every queue of a run at the playhead, and the latest batches settled. */
export interface QueuesView {
  queues: QueueView[];
  settled: SettledView[];
  /** Each trigger's latest malformed partial batch response and why Lambda refused it (stream triggers too). */
  invalidResponses: { trigger: string; problem: string }[];
}

interface QueueState {
  name: string;
  visible: Map<string, MessageView>;
  inFlight: Map<string, MessageView>;
  moved: QueueView['movedToDeadLetter'];
  sent: number;
  deleted: number;
  redeliveries: number;
  /** Successful processings of each message of this queue, by id. */
  processed: Map<string, number>;
}

/** The fold's working state. */
export interface QueuesState {
  queues: Map<string, QueueState>;
  /** Every message's latest copy (its body and receive count), by id. */
  messages: Map<string, MessageView>;
  settled: SettledView[];
  /** The latest invalid batch response of each trigger, for the next settlement it explains. */
  problems: Map<string, string>;
}

function queueOf(s: QueuesState, name: string): QueueState {
  let q = s.queues.get(name);
  if (!q) {
    q = {
      name,
      visible: new Map(),
      inFlight: new Map(),
      moved: [],
      sent: 0,
      deleted: 0,
      redeliveries: 0,
      processed: new Map(),
    };
    s.queues.set(name, q);
  }
  return q;
}

function step(s: QueuesState, e: TraceEvent): void {
  switch (e.type) {
    case 'queue.messageSent': {
      const m = { messageId: e.messageId, body: e.body, receiveCount: 0, visibleAgainAtMs: null };
      s.messages.set(e.messageId, m);
      const q = queueOf(s, e.queue);
      q.visible.set(e.messageId, m);
      q.sent++;
      break;
    }
    case 'queue.messagesReceived': {
      const q = queueOf(s, e.queue);
      e.messageIds.forEach((id, i) => {
        const m = {
          ...s.messages.get(id)!,
          receiveCount: e.receiveCounts[i],
          visibleAgainAtMs: e.visibleAgainAtMs,
        };
        s.messages.set(id, m);
        q.visible.delete(id);
        q.inFlight.set(id, m);
        if (m.receiveCount > 1) q.redeliveries++;
      });
      break;
    }
    case 'queue.messagesVisible': {
      const q = queueOf(s, e.queue);
      for (const id of e.messageIds) {
        const m = { ...s.messages.get(id)!, visibleAgainAtMs: null };
        s.messages.set(id, m);
        q.inFlight.delete(id);
        q.visible.set(id, m);
      }
      break;
    }
    case 'queue.messagesDeleted': {
      const q = queueOf(s, e.queue);
      for (const id of e.messageIds) {
        q.inFlight.delete(id);
        q.visible.delete(id);
      }
      q.deleted += e.messageIds.length;
      break;
    }
    case 'queue.movedToDeadLetterQueue': {
      const q = queueOf(s, e.queue);
      q.visible.delete(e.messageId);
      q.moved.push({
        messageId: e.messageId,
        receiveCount: e.receiveCount,
        deadLetterQueue: e.deadLetterQueue,
      });
      const m = { ...s.messages.get(e.messageId)!, receiveCount: 0, visibleAgainAtMs: null };
      s.messages.set(e.messageId, m);
      queueOf(s, e.deadLetterQueue).visible.set(e.messageId, m);
      break;
    }
    case 'function.invalidBatchResponse':
      s.problems.set(e.trigger, e.problem);
      break;
    case 'queueTrigger.batchSettled': {
      const processed = queueOf(s, e.queue).processed;
      for (const id of e.deleted) processed.set(id, (processed.get(id) ?? 0) + 1);
      const problem = e.outcome === 'invalidResponse' ? (s.problems.get(e.trigger) ?? null) : null;
      s.settled.push({
        trigger: e.trigger,
        queue: e.queue,
        outcome: e.outcome,
        deleted: e.deleted,
        returned: e.returned,
        problem,
      });
      if (s.settled.length > RECENT_SETTLEMENTS) s.settled.shift();
      break;
    }
  }
}

/** Copies a queue's state so that later steps leave the copy alone. */
function cloneQueue(q: QueueState): QueueState {
  return {
    ...q,
    visible: new Map(q.visible),
    inFlight: new Map(q.inFlight),
    moved: [...q.moved],
    processed: new Map(q.processed),
  };
}

export const queuesFold: FoldSpec<QueuesState> = {
  init: () => ({ queues: new Map(), messages: new Map(), settled: [], problems: new Map() }),
  step: (s, e) => step(s, e),
  clone: (s) => ({
    queues: new Map([...s.queues].map(([n, q]) => [n, cloneQueue(q)])),
    messages: new Map(s.messages),
    settled: [...s.settled],
    problems: new Map(s.problems),
  }),
};

const cachedFold = foldCache(queuesFold);

/**
 * The queues after the first `index` events, read from the trace alone: where each message is
 * (visible, in flight until a time, moved to the dead-letter queue), and what the latest batches
 * deleted and left. A dead-letter queue is a queue too: the messages moved there are its visible
 * ones. Folded incrementally, as the other views are.
 */
export function queuesAt(events: readonly TraceEvent[], index: number): QueuesView {
  return viewOf(cachedFold(events).stateAt(Math.min(index, events.length)));
}

/** The same, folded from the first event without a cache (the reference for tests). */
export function queuesAtFromStart(events: readonly TraceEvent[], index: number): QueuesView {
  const end = Math.min(index, events.length);
  return viewOf(new IncrementalFold(events, queuesFold, events.length + 1).stateAt(end));
}

function viewOf(s: QueuesState): QueuesView {
  return {
    queues: [...s.queues.values()].map((q) => ({
      name: q.name,
      visible: [...q.visible.values()],
      inFlight: [...q.inFlight.values()],
      movedToDeadLetter: [...q.moved],
      sent: q.sent,
      deleted: q.deleted,
      redeliveries: q.redeliveries,
      processedMoreThanOnce: [...q.processed.values()].filter((n) => n > 1).length,
    })),
    settled: [...s.settled],
    invalidResponses: [...s.problems].map(([trigger, problem]) => ({ trigger, problem })),
  };
}
