import type { Json } from '../../core/types.ts';
import type { Actor, ActorContext, Message } from '../../core/world.ts';
import { actorKind, emitServerless } from '../events.ts';
import type { QueueSpec } from '../queue-schema.ts';
import {
  QUEUE_RECORD_ID_BASE,
  QUEUE_SERVICE_ID,
  SQS_MAX_MESSAGES_PER_CALL,
  type DeleteMessageBatchRequest,
  type ReceiveMessageRequest,
  type ReceiveMessageResponse,
} from './protocol.ts';
import { SimQueue, type StoredMessage } from './sim-queue.ts';

/** A message a client sends at a fixed time. */
interface PlannedSend {
  readonly atMs: number;
  readonly queue: string;
  readonly body: Json;
}

/** A message in flight under one receive: its visibility timeout is armed for this receipt. */
interface InFlight {
  readonly messageId: string;
  readonly receipt: string;
}

/** A long-polling receive waiting for a message. */
interface WaitingReceive {
  readonly from: string;
  readonly request: ReceiveMessageRequest;
  readonly timer: number;
}

/**
 * SQS as one actor: the queues of the scenario, the clients that send to them (their messages
 * planned in the scenario), long-polling receives, visibility timeouts and the redrive policy.
 * Queues are durable (SQS stores messages redundantly): a crash loses only the receives waiting on
 * it, and on restart every message still in flight gets its visibility timeout back.
 */
export class QueueService implements Actor {
  readonly kind = actorKind('queueService');
  readonly id = QUEUE_SERVICE_ID;
  private readonly queues = new Map<string, SimQueue>();
  private readonly plan: PlannedSend[];
  private nextSend = 0;
  private waiting: WaitingReceive[] = [];
  /** Messages in flight: when and under which receipt each becomes visible again (kept across a crash). */
  private readonly deadlines = new Map<string, { queue: string; receipt: string; atMs: number }>();

  constructor(specs: readonly QueueSpec[]) {
    for (const spec of specs) {
      const redrive = spec.redrivePolicy
        ? {
            deadLetterQueue: spec.redrivePolicy.deadLetterTargetQueue,
            maxReceiveCount: spec.redrivePolicy.maxReceiveCount,
          }
        : null;
      this.queues.set(spec.name, new SimQueue(spec.name, spec.visibilityTimeoutMs, redrive));
    }
    this.plan = planSends(specs);
  }

  onStart(ctx: ActorContext): void {
    this.scheduleNextSend(ctx);
    // After a restart: the timers of the earlier life are gone, the messages in flight are not.
    for (const [messageId, d] of this.deadlines) {
      ctx.setTimer(Math.max(0, d.atMs - ctx.now), 'visibility', {
        queue: d.queue,
        received: [{ messageId, receipt: d.receipt }],
      });
    }
  }

  onCrash(): void {
    this.waiting = [];
  }

  onMessage(from: string, message: Message, ctx: ActorContext): void {
    if (message.kind === 'ReceiveMessage')
      return this.onReceive(from, message as ReceiveMessageRequest, ctx);
    if (message.kind === 'DeleteMessageBatch')
      return this.onDelete(message as DeleteMessageBatchRequest, ctx);
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    if (name === 'send') return this.sendDue(ctx);
    if (name === 'visibility')
      return this.onVisibilityTimeout(data as { queue: string; received: InFlight[] }, ctx);
    if (name === 'waitOver') return this.answerWaiting(data as number, ctx, true);
  }

  /** A queue's messages visible and in flight now (for tests and views that look inside). */
  counts(queue: string): { visible: number; inFlight: number } | undefined {
    return this.queues.get(queue)?.counts();
  }

  // ── clients sending ─────────────────────────────────────────────────────

  private scheduleNextSend(ctx: ActorContext): void {
    const next = this.plan[this.nextSend];
    if (next) ctx.setTimer(Math.max(0, next.atMs - ctx.now), 'send');
  }

  private sendDue(ctx: ActorContext): void {
    const touched = new Set<string>();
    while (this.nextSend < this.plan.length && this.plan[this.nextSend].atMs <= ctx.now) {
      const index = this.nextSend++;
      const planned = this.plan[index];
      const queue = this.queues.get(planned.queue)!;
      const message = queue.send(QUEUE_RECORD_ID_BASE + index, planned.body, ctx.now);
      emitServerless(ctx, {
        type: 'queue.messageSent',
        queue: queue.name,
        messageId: message.messageId,
        recordId: message.recordId,
        body: message.body,
      });
      touched.add(queue.name);
    }
    for (const name of touched) this.wakeReceivers(name, ctx);
    this.scheduleNextSend(ctx);
  }

  // ── receiving ───────────────────────────────────────────────────────────

  private onReceive(from: string, request: ReceiveMessageRequest, ctx: ActorContext): void {
    const queue = this.queues.get(request.queue);
    if (!queue) {
      ctx.send(from, {
        kind: 'ReceiveMessageResponse',
        requestId: request.requestId,
        messages: null,
      } satisfies ReceiveMessageResponse);
      return;
    }
    if (queue.hasVisible() || request.waitTimeMs === 0) return this.answer(from, request, ctx);
    const timer = ctx.setTimer(request.waitTimeMs, 'waitOver', request.requestId);
    this.waiting.push({ from, request, timer });
  }

  /** Messages arrived in a queue: answer the receives waiting on it, oldest first. */
  private wakeReceivers(queueName: string, ctx: ActorContext): void {
    const queue = this.queues.get(queueName)!;
    for (const w of [...this.waiting]) {
      if (w.request.queue !== queueName || !queue.hasVisible()) continue;
      ctx.cancelTimer(w.timer);
      this.answerWaiting(w.request.requestId, ctx, false);
    }
  }

  private answerWaiting(requestId: number, ctx: ActorContext, waitOver: boolean): void {
    const index = this.waiting.findIndex((w) => w.request.requestId === requestId);
    if (index < 0) return;
    const [w] = this.waiting.splice(index, 1);
    if (!waitOver) ctx.cancelTimer(w.timer);
    this.answer(w.from, w.request, ctx);
  }

  private answer(from: string, request: ReceiveMessageRequest, ctx: ActorContext): void {
    const queue = this.queues.get(request.queue)!;
    const max = Math.min(request.maxNumberOfMessages, SQS_MAX_MESSAGES_PER_CALL);
    const { received, toDeadLetter } = queue.receive(max);
    for (const message of toDeadLetter) this.moveToDeadLetter(queue, message, ctx);
    if (received.length > 0) {
      const visibleAgainAtMs = ctx.now + queue.visibilityTimeoutMs;
      emitServerless(ctx, {
        type: 'queue.messagesReceived',
        queue: queue.name,
        receiver: from,
        messageIds: received.map((m) => m.messageId),
        recordIds: received.map((m) => m.recordId),
        receiveCounts: received.map((m) => m.receiveCount),
        visibleAgainAtMs,
      });
      for (const m of received)
        this.deadlines.set(m.messageId, {
          queue: queue.name,
          receipt: m.receipt!,
          atMs: visibleAgainAtMs,
        });
      ctx.setTimer(queue.visibilityTimeoutMs, 'visibility', {
        queue: queue.name,
        received: received.map((m): InFlight => ({ messageId: m.messageId, receipt: m.receipt! })),
      });
    }
    ctx.send(from, {
      kind: 'ReceiveMessageResponse',
      requestId: request.requestId,
      messages: received.map((m) => ({
        messageId: m.messageId,
        receiptHandle: m.receipt!,
        sequence: m.sequence,
        recordId: m.recordId,
        body: m.body,
        approximateReceiveCount: m.receiveCount,
        sentTimestampMs: m.sentAtMs,
      })),
    } satisfies ReceiveMessageResponse);
  }

  private moveToDeadLetter(queue: SimQueue, message: StoredMessage, ctx: ActorContext): void {
    const target = this.queues.get(queue.redrive!.deadLetterQueue)!;
    target.adopt(message);
    emitServerless(ctx, {
      type: 'queue.movedToDeadLetterQueue',
      queue: queue.name,
      deadLetterQueue: target.name,
      messageId: message.messageId,
      recordId: message.recordId,
      receiveCount: message.receiveCount,
    });
    this.wakeReceivers(target.name, ctx);
  }

  /** A receive's visibility timeout passed: what is still in flight under it is visible again. */
  private onVisibilityTimeout(
    data: { queue: string; received: InFlight[] },
    ctx: ActorContext,
  ): void {
    const queue = this.queues.get(data.queue)!;
    const back: StoredMessage[] = [];
    for (const m of data.received) {
      const message = queue.expire(m.messageId, m.receipt);
      if (!message) continue;
      this.deadlines.delete(m.messageId);
      back.push(message);
    }
    if (back.length === 0) return;
    emitServerless(ctx, {
      type: 'queue.messagesVisible',
      queue: queue.name,
      messageIds: back.map((m) => m.messageId),
      recordIds: back.map((m) => m.recordId),
    });
    this.wakeReceivers(queue.name, ctx);
  }

  // ── deleting ────────────────────────────────────────────────────────────

  private onDelete(request: DeleteMessageBatchRequest, ctx: ActorContext): void {
    const queue = this.queues.get(request.queue);
    if (!queue) return;
    const deleted: string[] = [];
    const recordIds: number[] = [];
    const stale: string[] = [];
    for (const entry of request.entries.slice(0, SQS_MAX_MESSAGES_PER_CALL)) {
      const message = queue.delete(entry.messageId, entry.receiptHandle);
      if (message) {
        this.deadlines.delete(message.messageId);
        deleted.push(message.messageId);
        recordIds.push(message.recordId);
      } else stale.push(entry.messageId);
    }
    emitServerless(ctx, {
      type: 'queue.messagesDeleted',
      queue: queue.name,
      messageIds: deleted,
      recordIds,
      staleMessageIds: stale,
    });
  }
}

/** Every message of every queue, by send time (then queue order, then position in the file). */
function planSends(specs: readonly QueueSpec[]): PlannedSend[] {
  const plan: PlannedSend[] = [];
  for (const spec of specs) {
    for (const m of spec.messages) plan.push({ atMs: m.atMs, queue: spec.name, body: m.body });
    for (const g of spec.generators) {
      for (let n = 0; n < g.count; n++)
        plan.push({ atMs: g.startAtMs + n * g.intervalMs, queue: spec.name, body: { n } });
    }
  }
  // A stable sort: equal times keep the order above.
  return plan
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.atMs - b.p.atMs || a.i - b.i)
    .map(({ p }) => p);
}
