import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../test/property.ts';
import { EventQueue } from './event-queue.ts';

const TEST_FILE = 'simulator/core/event-queue.test.ts';

/** A script of queue operations: push an item at a time, or pop. */
const operations = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ op: fc.constant('push' as const), timeMs: fc.nat(20) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
  ),
  { maxLength: 300 },
);

const ORDER_PROPERTY =
  'pops in time order, ties in scheduling order, like a stable sort, whatever the interleaving of pushes and pops';

describe('EventQueue', () => {
  it(ORDER_PROPERTY, () => {
    checkProperty(
      { file: TEST_FILE, name: ORDER_PROPERTY },
      operations,
      (ops) => {
        const queue = new EventQueue<number>();
        // The model: items waiting, in push order; a pop takes the earliest time, first pushed.
        let model: { timeMs: number; id: number }[] = [];
        let nextId = 0;
        for (const step of ops) {
          if (step.op === 'push') {
            queue.push(step.timeMs, nextId);
            model.push({ timeMs: step.timeMs, id: nextId++ });
          } else {
            // Array.prototype.sort is stable: equal times keep push order.
            model = [...model].sort((a, b) => a.timeMs - b.timeMs);
            const expected = model.shift();
            const got = queue.pop();
            expect(got?.item).toBe(expected?.id);
            expect(got?.timeMs).toBe(expected?.timeMs);
          }
          expect(queue.size).toBe(model.length);
        }
        const rest: number[] = [];
        for (let e = queue.pop(); e; e = queue.pop()) rest.push(e.item);
        expect(rest).toEqual([...model].sort((a, b) => a.timeMs - b.timeMs).map((m) => m.id));
      },
      { numRuns: 200 },
    );
  });

  it('fires events at the same millisecond in the order they were scheduled', () => {
    const queue = new EventQueue<string>();
    for (const name of ['first', 'second', 'third', 'fourth']) queue.push(5, name);
    queue.push(1, 'earlier');
    const order: string[] = [];
    for (let e = queue.pop(); e; e = queue.pop()) order.push(e.item);
    expect(order).toEqual(['earlier', 'first', 'second', 'third', 'fourth']);
  });

  it('shows the next event with peek without removing it', () => {
    const queue = new EventQueue<string>();
    queue.push(9, 'late');
    queue.push(3, 'soon');
    expect(queue.peek()?.item).toBe('soon');
    expect(queue.size).toBe(2);
    expect(queue.pop()?.item).toBe('soon');
  });

  it('returns undefined from pop and peek when empty', () => {
    const queue = new EventQueue<number>();
    expect(queue.pop()).toBeUndefined();
    expect(queue.peek()).toBeUndefined();
  });

  it('refuses times that are negative or not whole milliseconds', () => {
    const queue = new EventQueue<number>();
    for (const bad of [-1, 0.5, Number.NaN, Infinity]) {
      expect(() => queue.push(bad, 0), `time ${bad}`).toThrow(RangeError);
    }
    expect(queue.size).toBe(0);
  });
});
