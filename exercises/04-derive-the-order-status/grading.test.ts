import { describe, expect, it } from 'vitest';
import { deriveOrderStatus as firstPayment } from './fixtures/first-payment.ts';
import { deriveOrderStatus as keyedByCustomer } from './fixtures/keyed-by-customer.ts';
import { deriveOrderStatus as noCustomer } from './fixtures/no-customer.ts';
import { deriveOrderStatusGrader as grader } from './grading.ts';
import { deriveOrderStatus as reference } from './reference.ts';
import { deriveOrderStatus as starter } from './starter.ts';

const shop = { orders: 6, customers: 3 };
const crash = [{ at: 300, kind: 'crash', target: 'status-1' }];

describe('exercise 04: derive the order status', () => {
  it('passes the reference, with a crash and with orders arriving after their payments', () => {
    expect(grader.run(reference, shop, [], 1)).toMatchObject({ passed: true });
    expect(grader.run(reference, shop, crash, 2)).toMatchObject({ passed: true });
    expect(grader.run(reference, { ...shop, outOfOrder: true }, crash, 3)).toMatchObject({
      passed: true,
    });
  });

  it('says the starter is not started', () => {
    expect(() => grader.probe(starter)).toThrow(/Not started/);
  });

  it('fails a topology that never joins the customer, naming the order and the missing name', () => {
    const outcome = grader.run(noCustomer, shop, [], 1);
    expect(outcome).toMatchObject({ passed: false, reason: 'wrong-result' });
    expect(outcome.message).toMatch(/^o1's last notification says .*"customer 1"/);
  });

  it('fails a topology that keeps the first payment instead of the latest', () => {
    const outcome = grader.run(firstPayment, shop, [], 1);
    expect(outcome).toMatchObject({ passed: false, reason: 'wrong-result' });
    expect(outcome.message).toMatch(
      /^o1's last notification says (?!.*"paid":11,.*should).*it should say .*"paid":11/,
    );
  });

  it('fails a topology whose status is keyed by the customer, not the order', () => {
    const outcome = grader.run(keyedByCustomer, shop, [], 1);
    expect(outcome).toMatchObject({ passed: false, reason: 'wrong-result' });
    expect(outcome.message).toMatch(/keyed "c\d", which is no order/);
  });

  it('opens the replay of a wrong result at the notification that shows it', () => {
    const replay = grader.trace(noCustomer, shop, [], 1);
    expect(replay.violation).not.toBeNull();
    expect(replay.events[replay.violation!]).toMatchObject({
      type: 'record.appended',
      topic: 'notifications',
    });
  });
});
