import { describe, expect, it } from 'vitest';
import { orderWorkflow as chargeOutside } from './fixtures/charge-outside.ts';
import { orderWorkflow as directCalls } from './fixtures/direct-calls.ts';
import { orderWorkflow as shipBeforeStock } from './fixtures/ship-before-stock.ts';
import { workflowGrader as grader } from './grading.ts';
import { orderWorkflow as reference } from './reference.ts';
import { orderWorkflow as starter } from './starter.ts';

const shop = { orders: 4 };
const crashAt = (at: number) => [
  { at, kind: 'crash', target: 'handler-1' },
  { at: at + 100, kind: 'restart', target: 'handler-1' },
];
/** A crash in step k of order k, as chapter 9 does. */
const everyStep = [46, 472, 922, 1348].flatMap(crashAt);

describe('exercise 06: a workflow that finishes once', () => {
  it('passes the reference with a crash in every step', () => {
    expect(grader.run(reference, shop, [], 1)).toMatchObject({ passed: true });
    expect(grader.run(reference, shop, everyStep, 3)).toMatchObject({ passed: true });
  });

  it('says the starter is not started', () => {
    expect(() => grader.probe(starter)).toThrow(/Not started/);
  });

  it('fails direct calls only when a crash makes them again, naming the repeated call', () => {
    expect(grader.run(directCalls, shop, [], 1)).toMatchObject({ passed: true });
    const outcome = grader.run(directCalls, shop, crashAt(472), 2);
    expect(outcome).toMatchObject({ passed: false, reason: 'over-count' });
    expect(outcome.message).toBe('order-2: chargePayment reached the service 2 times');
  });

  it('fails a charge made outside ctx.run when a later step of its order crashes', () => {
    const outcome = grader.run(chargeOutside, shop, crashAt(922), 3);
    expect(outcome).toMatchObject({ passed: false, reason: 'over-count' });
    expect(outcome.message).toBe('order-3: chargePayment reached the service 2 times');
  });

  it('fails calls out of the workflow order', () => {
    const outcome = grader.run(shipBeforeStock, shop, [], 1);
    expect(outcome).toMatchObject({ passed: false, reason: 'wrong-result' });
  });

  it('fails an order that finishes past the latency bound', () => {
    const outcome = grader.run(reference, { ...shop, latencyBoundMs: 100 }, [], 1);
    expect(outcome).toMatchObject({ passed: false, reason: 'not-finished' });
    expect(outcome.message).toMatch(/^order-1 took \d+ ms to finish; the bound is 100 ms$/);
  });

  it('opens the replay at the second copy of a repeated call', () => {
    const replay = grader.trace(directCalls, shop, crashAt(472), 2);
    expect(replay.events[replay.violation!]).toMatchObject({
      type: 'record.appended',
      topic: 'side-effects',
    });
  });

  it('refuses a fault that is not a crash or restart of the handler', () => {
    expect(() =>
      grader.parseFaults([{ at: 1, kind: 'pause', target: 'handler-1', durationMs: 5 }]),
    ).toThrow(/faults\[0\]\.kind/);
  });
});
