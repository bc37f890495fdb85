import { describe, expect, it } from 'vitest';
import { SimQueue } from './sim-queue.ts';

const queueOf = (maxReceiveCount?: number) =>
  new SimQueue(
    'orders',
    1000,
    maxReceiveCount === undefined ? null : { deadLetterQueue: 'orders-dlq', maxReceiveCount },
  );

describe('an SQS queue as data', () => {
  it('hands out the oldest visible messages and hides them while in flight', () => {
    const q = queueOf();
    for (let n = 0; n < 3; n++) q.send(n, { n }, 0);
    const first = q.receive(2).received.map((m) => m.messageId);
    expect(first).toEqual(['orders:0', 'orders:1']);
    expect(q.receive(10).received.map((m) => m.messageId)).toEqual(['orders:2']);
    expect(q.receive(10).received).toEqual([]);
    expect(q.counts()).toEqual({ visible: 0, inFlight: 3 });
  });

  it('makes a message visible again when the visibility timeout of its receive passes, with a higher receive count', () => {
    const q = queueOf();
    q.send(1, 'a', 0);
    const [m] = q.receive(1).received;
    const firstReceipt = m.receipt!;
    expect(q.expire(m.messageId, firstReceipt)?.messageId).toBe('orders:0');
    const [again] = q.receive(1).received;
    expect([again.messageId, again.receiveCount]).toEqual(['orders:0', 2]);
    expect(again.receipt).not.toBe(firstReceipt);
  });

  it('ignores an expiry from an older receive and a delete with an older receipt handle', () => {
    const q = queueOf();
    q.send(1, 'a', 0);
    const [m] = q.receive(1).received;
    const oldReceipt = m.receipt!;
    q.expire(m.messageId, oldReceipt);
    q.receive(1);
    // SQS: deleting with a receipt handle that is not the latest succeeds but may not delete.
    expect(q.delete(m.messageId, oldReceipt)).toBeNull();
    expect(q.expire(m.messageId, oldReceipt)).toBeNull();
    expect(q.counts()).toEqual({ visible: 0, inFlight: 1 });
    expect(q.delete(m.messageId, m.receipt!)?.messageId).toBe('orders:0');
    expect(q.counts()).toEqual({ visible: 0, inFlight: 0 });
  });

  it('moves a message received maxReceiveCount times to the dead-letter queue instead of a further receive', () => {
    const q = queueOf(2);
    q.send(1, 'poison', 0);
    for (let receive = 1; receive <= 2; receive++) {
      const [m] = q.receive(1).received;
      expect(m.receiveCount).toBe(receive);
      q.expire(m.messageId, m.receipt!);
    }
    const third = q.receive(1);
    expect(third.received).toEqual([]);
    expect(third.toDeadLetter.map((m) => [m.messageId, m.receiveCount])).toEqual([['orders:0', 2]]);
    expect(q.counts()).toEqual({ visible: 0, inFlight: 0 });
    const dlq = new SimQueue('orders-dlq', 1000, null);
    const adopted = dlq.adopt(third.toDeadLetter[0]);
    expect([adopted.messageId, adopted.receiveCount]).toEqual(['orders:0', 0]);
    expect(dlq.counts()).toEqual({ visible: 1, inFlight: 0 });
  });

  it('keeps a message that is deleted while visible out of later receives', () => {
    const q = queueOf();
    q.send(1, 'a', 0);
    q.send(2, 'b', 0);
    const [m] = q.receive(1).received;
    q.expire(m.messageId, m.receipt!);
    // The latest receipt still deletes it after its timeout, until someone receives it again.
    expect(q.delete(m.messageId, m.receipt!)).not.toBeNull();
    expect(q.receive(10).received.map((x) => x.messageId)).toEqual(['orders:1']);
  });
});
