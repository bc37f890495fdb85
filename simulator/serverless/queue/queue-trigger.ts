import type { Actor, ActorContext, Message } from '../../core/world.ts';
import { actorKind, emitServerless } from '../events.ts';
import type { BatchRecord, InvokeRequest, InvokeResponse } from '../protocol.ts';
import type { QueueTriggerSpec } from '../queue-schema.ts';
import type { QueueTraceEvent } from './events.ts';
import { readBatchOutcome, type BatchOutcome } from '../trigger/batch-response.ts';
import {
  LONG_POLL_WAIT_MS,
  QUEUE_SERVICE_ID,
  SQS_MAX_MESSAGES_PER_CALL,
  type DeleteMessageBatchRequest,
  type ReceivedMessage,
  type ReceiveMessageRequest,
  type ReceiveMessageResponse,
} from './protocol.ts';

export interface QueueTriggerConfig {
  /** The mapping id: its actor id. */
  id: string;
  spec: QueueTriggerSpec;
  platformId: string;
  /** How long to wait for the platform's answer before counting the invocation as failed. */
  invokeTimeoutMs: number;
}

/** How much longer than its long poll a poller waits for the answer to a receive before asking again. */
const RECEIVE_TIMEOUT_MARGIN_MS = 1000;

/** One poller: it gathers a batch, invokes the function with it, settles it, and gathers again. */
interface Poller {
  readonly index: number;
  batch: ReceivedMessage[];
  /** When the batching window of the batch being gathered closes (-1: no message yet). */
  windowEndsAtMs: number;
  /** The receive or the invocation it waits for (0: none). */
  requestId: number;
  invokeTimer: number;
}

type Settled = Extract<QueueTraceEvent, { type: 'queueTrigger.batchSettled' }>['outcome'];

/**
 * An event source mapping for an SQS queue, as Lambda runs one: `maximumConcurrency` pollers each
 * long-poll the queue, gather a batch (up to `batchSize`, within the batching window), invoke the
 * function synchronously, and then delete the messages that succeeded. Nothing else happens to a
 * failed message: it stays in flight until the queue's visibility timeout passes and is received
 * again, until the redrive policy moves it to the dead-letter queue. With ReportBatchItemFailures a
 * handler names the messages that failed (by `messageId`) and only those stay; without it, any
 * failure leaves the whole batch. So a queue delivers at least once: a message is deleted only
 * after an invocation that included it succeeded.
 *
 * Simplifications: the pollers do not scale up or back off (Lambda starts with five, adds more
 * while messages wait and backs off after errors); a throttled batch is left to return like a
 * failed one (Lambda retries it until the visibility timeout passes); a delete is sent once and not
 * retried; there are no FIFO queues.
 */
export class QueueEventSourceMapping implements Actor {
  readonly kind = actorKind('trigger');
  readonly id: string;
  private pollers: Poller[] = [];
  private nextRequestId = 1;

  constructor(private readonly config: QueueTriggerConfig) {
    this.id = config.id;
  }

  onStart(ctx: ActorContext): void {
    this.pollers = [];
    for (let index = 0; index < this.config.spec.maximumConcurrency; index++) {
      const poller: Poller = {
        index,
        batch: [],
        windowEndsAtMs: -1,
        requestId: 0,
        invokeTimer: -1,
      };
      this.pollers.push(poller);
      this.receive(poller, ctx);
    }
  }

  onCrash(): void {
    this.pollers = [];
  }

  onMessage(_from: string, message: Message, ctx: ActorContext): void {
    if (message.kind === 'ReceiveMessageResponse')
      return this.onReceived(message as ReceiveMessageResponse, ctx);
    if (message.kind === 'InvokeResponse')
      return this.onInvokeResponse(message as InvokeResponse, ctx);
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    const poller = this.pollers.find((p) => p.requestId === data);
    if (!poller) return;
    if (name === 'invokeTimeout') return this.settle(poller, { kind: 'failed' }, 'timeout', ctx);
    // No answer to a receive (SQS restarted, or the answer was lost): ask again.
    if (name === 'receiveTimeout') return this.receive(poller, ctx);
  }

  // ── gathering a batch ───────────────────────────────────────────────────

  private receive(poller: Poller, ctx: ActorContext): void {
    const spec = this.config.spec;
    const room = Math.min(SQS_MAX_MESSAGES_PER_CALL, spec.batchSize - poller.batch.length);
    const waitTimeMs =
      poller.windowEndsAtMs < 0 ? LONG_POLL_WAIT_MS : Math.max(0, poller.windowEndsAtMs - ctx.now);
    poller.requestId = this.nextRequestId++;
    ctx.send(QUEUE_SERVICE_ID, {
      kind: 'ReceiveMessage',
      requestId: poller.requestId,
      queue: spec.queue,
      maxNumberOfMessages: room,
      waitTimeMs,
    } satisfies ReceiveMessageRequest);
    ctx.setTimer(waitTimeMs + RECEIVE_TIMEOUT_MARGIN_MS, 'receiveTimeout', poller.requestId);
  }

  private onReceived(response: ReceiveMessageResponse, ctx: ActorContext): void {
    const poller = this.pollers.find((p) => p.requestId === response.requestId);
    if (!poller || response.messages === null) return;
    poller.requestId = 0;
    const spec = this.config.spec;
    if (response.messages.length > 0 && poller.windowEndsAtMs < 0)
      poller.windowEndsAtMs = ctx.now + spec.maximumBatchingWindowMs;
    poller.batch.push(...response.messages);
    const full = poller.batch.length >= spec.batchSize;
    const windowOver = poller.windowEndsAtMs >= 0 && ctx.now >= poller.windowEndsAtMs;
    if (poller.batch.length > 0 && (full || windowOver)) return this.invoke(poller, ctx);
    this.receive(poller, ctx);
  }

  // ── invoking and settling ─────────────────────────────────────────────────

  private invoke(poller: Poller, ctx: ActorContext): void {
    poller.requestId = this.nextRequestId++;
    poller.invokeTimer = ctx.setTimer(
      this.config.invokeTimeoutMs,
      'invokeTimeout',
      poller.requestId,
    );
    ctx.send(this.config.platformId, {
      kind: 'Invoke',
      requestId: poller.requestId,
      function: this.config.spec.function,
      source: this.id,
      attempt: Math.max(...poller.batch.map((m) => m.approximateReceiveCount)),
      records: poller.batch.map((m) => toBatchRecord(this.config.spec.queue, m)),
    } satisfies InvokeRequest);
  }

  private onInvokeResponse(response: InvokeResponse, ctx: ActorContext): void {
    const poller = this.pollers.find((p) => p.requestId === response.requestId);
    if (!poller) return;
    ctx.cancelTimer(poller.invokeTimer);
    const reporting = this.config.spec.functionResponseTypes.includes('ReportBatchItemFailures');
    const ids = poller.batch.map((m) => m.messageId);
    const outcome = readBatchOutcome(ids, response, reporting);
    if (outcome.kind === 'invalid') {
      emitServerless(ctx, {
        type: 'function.invalidBatchResponse',
        trigger: this.id,
        function: this.config.spec.function,
        problem: outcome.problem,
      });
    }
    const reason = response.outcome === 'failure' ? (response.reason ?? 'error') : null;
    this.settle(poller, outcome, reason, ctx);
  }

  /** Delete what succeeded, leave the rest to the visibility timeout, and start the next batch. */
  private settle(
    poller: Poller,
    outcome: BatchOutcome,
    failure: InvokeResponse['reason'],
    ctx: ActorContext,
  ): void {
    const spec = this.config.spec;
    const succeeded = (m: ReceivedMessage) =>
      outcome.kind === 'succeeded' ||
      (outcome.kind === 'partial' && !outcome.failed.has(m.messageId));
    const deleted = poller.batch.filter(succeeded);
    const returned = poller.batch.filter((m) => !succeeded(m));
    emitServerless(ctx, {
      type: 'queueTrigger.batchSettled',
      trigger: this.id,
      function: spec.function,
      queue: spec.queue,
      outcome: settledAs(outcome, failure),
      deleted: deleted.map((m) => m.messageId),
      returned: returned.map((m) => m.messageId),
      deletedRecordIds: deleted.map((m) => m.recordId),
      returnedRecordIds: returned.map((m) => m.recordId),
    });
    for (let i = 0; i < deleted.length; i += SQS_MAX_MESSAGES_PER_CALL) {
      ctx.send(QUEUE_SERVICE_ID, {
        kind: 'DeleteMessageBatch',
        queue: spec.queue,
        entries: deleted
          .slice(i, i + SQS_MAX_MESSAGES_PER_CALL)
          .map((m) => ({ messageId: m.messageId, receiptHandle: m.receiptHandle })),
      } satisfies DeleteMessageBatchRequest);
    }
    poller.batch = [];
    poller.windowEndsAtMs = -1;
    poller.requestId = 0;
    poller.invokeTimer = -1;
    this.receive(poller, ctx);
  }
}

function settledAs(outcome: BatchOutcome, failure: InvokeResponse['reason']): Settled {
  if (outcome.kind === 'failed') return failure ?? 'error';
  if (outcome.kind === 'invalid') return 'invalidResponse';
  return outcome.kind === 'partial' ? 'partialBatch' : 'succeeded';
}

/**
 * A message as the handler receives it, in the shape every handler reads: the body is the value,
 * `itemIdentifier` the messageId (what `batchItemFailures` names, as for SQS), the offset its place
 * in the queue's send order, and `sqs` carries the SQS attributes.
 */
function toBatchRecord(queue: string, m: ReceivedMessage): BatchRecord {
  return {
    topic: queue,
    partition: 0,
    offset: m.sequence,
    timestampMs: m.sentTimestampMs,
    key: null,
    value: m.body,
    headers: {},
    id: m.recordId,
    itemIdentifier: m.messageId,
    sqs: {
      messageId: m.messageId,
      receiptHandle: m.receiptHandle,
      approximateReceiveCount: m.approximateReceiveCount,
      sentTimestampMs: m.sentTimestampMs,
    },
  };
}
