import type { Json } from '../../core/types.ts';

/** A message as the queue keeps it. */
export interface StoredMessage {
  readonly messageId: string;
  /** The message's place in its queue's send order (0, 1, ...): what a handler sees as the offset. */
  readonly sequence: number;
  readonly recordId: number;
  readonly body: Json;
  readonly sentAtMs: number;
  /** ApproximateReceiveCount: how many times a ReceiveMessage returned it. */
  receiveCount: number;
  /** The receipt handle of the latest receive (null before the first). */
  receipt: string | null;
  /** In flight: received and neither deleted nor visible again yet. */
  inFlight: boolean;
}

/** What a receive did: the messages returned, and those it moved to the dead-letter queue instead. */
export interface ReceiveResult {
  readonly received: StoredMessage[];
  readonly toDeadLetter: StoredMessage[];
}

/**
 * One SQS standard queue, as data: messages are visible, in flight (received, hidden until their
 * visibility timeout passes) or gone (deleted, or moved to the dead-letter queue). A receive
 * returns the oldest visible messages; one that has already been received `maxReceiveCount`
 * times moves to the dead-letter queue instead, as SQS's redrive policy does. A delete must name
 * the latest receipt handle: an older one succeeds and deletes nothing, as SQS documents.
 *
 * Simplifications: a standard queue's order is best effort in SQS and here strictly oldest first
 * (a message visible again goes to the back); SQS may deliver a message twice even without a
 * timeout, which this queue never does; retention, delay queues and message size are not modelled.
 */
export class SimQueue {
  private readonly messages = new Map<string, StoredMessage>();
  /** Ids of visible messages, oldest first, from `head` on; deleted ones are skipped lazily. */
  private visible: string[] = [];
  private head = 0;
  private nextSequence = 0;

  constructor(
    readonly name: string,
    readonly visibilityTimeoutMs: number,
    readonly redrive: { readonly deadLetterQueue: string; readonly maxReceiveCount: number } | null,
  ) {}

  /** SendMessage: the message is visible at once. */
  send(recordId: number, body: Json, nowMs: number): StoredMessage {
    const sequence = this.nextSequence++;
    const message: StoredMessage = {
      messageId: `${this.name}:${sequence}`,
      sequence,
      recordId,
      body,
      sentAtMs: nowMs,
      receiveCount: 0,
      receipt: null,
      inFlight: false,
    };
    this.messages.set(message.messageId, message);
    this.visible.push(message.messageId);
    return message;
  }

  /** A message the dead-letter queue takes over: same id and body, its receive count starting again. */
  adopt(from: StoredMessage): StoredMessage {
    const message: StoredMessage = { ...from, receiveCount: 0, receipt: null, inFlight: false };
    this.messages.set(message.messageId, message);
    this.visible.push(message.messageId);
    return message;
  }

  /** ReceiveMessage: up to `max` visible messages, each now in flight (the service times its visibility). */
  receive(max: number): ReceiveResult {
    const received: StoredMessage[] = [];
    const toDeadLetter: StoredMessage[] = [];
    while (received.length < max && this.head < this.visible.length) {
      const message = this.messages.get(this.visible[this.head++]);
      if (!message || message.inFlight) continue;
      if (this.redrive && message.receiveCount >= this.redrive.maxReceiveCount) {
        this.messages.delete(message.messageId);
        toDeadLetter.push(message);
        continue;
      }
      message.receiveCount++;
      message.receipt = `${message.messageId}#${message.receiveCount}`;
      message.inFlight = true;
      received.push(message);
    }
    this.compact();
    return { received, toDeadLetter };
  }

  /** DeleteMessage by receipt handle: the message deleted, or null if the handle is not the latest (or the message is gone). */
  delete(messageId: string, receipt: string): StoredMessage | null {
    const message = this.messages.get(messageId);
    if (!message || message.receipt !== receipt) return null;
    this.messages.delete(messageId);
    return message;
  }

  /**
   * The visibility timeout of the receive that issued `receipt` has passed: if the message is still
   * in flight under that receive, it is visible again (returned), else nothing happens.
   */
  expire(messageId: string, receipt: string): StoredMessage | null {
    const message = this.messages.get(messageId);
    if (!message || !message.inFlight || message.receipt !== receipt) return null;
    message.inFlight = false;
    this.visible.push(messageId);
    return message;
  }

  /** Whether a receive now would return something (or move something to the dead-letter queue). */
  hasVisible(): boolean {
    for (let i = this.head; i < this.visible.length; i++) {
      const message = this.messages.get(this.visible[i]);
      if (message && !message.inFlight) return true;
    }
    return false;
  }

  /** Messages visible now and in flight now (ApproximateNumberOfMessages / …NotVisible). */
  counts(): { visible: number; inFlight: number } {
    let inFlight = 0;
    for (const message of this.messages.values()) if (message.inFlight) inFlight++;
    return { visible: this.messages.size - inFlight, inFlight };
  }

  /** Drop the consumed front of the visible list once it is long, so it does not grow without end. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.visible.length) {
      this.visible = this.visible.slice(this.head);
      this.head = 0;
    }
  }
}
