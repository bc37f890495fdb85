import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../test/property.ts';
import { EventQueue } from './event-queue.ts';

const TEST_FILE = 'simulator/core/event-queue.test.ts';

/** An item in the queue; the queue writes its time and sequence number into it. */
interface Item {
  timeMs: number;
  seq: number;
  readonly id: number;
}

const item = (id: number): Item => ({ timeMs: -1, seq: -1, id });

/** A queue of items named by strings, for the example tests. */
function named(...entries: [number, string][]) {
  const queue = new EventQueue<{ timeMs: number; seq: number; name: string }>();
  for (const [timeMs, name] of entries) queue.push(timeMs, { timeMs: -1, seq: -1, name });
  return queue;
}

/**
 * A script of queue operations: push an item at a time, pop, or remove the waiting items whose id
 * leaves `remainder` when divided by `divisor` (as the world sweeps out cancelled timers).
 */
const operations = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('push' as const), timeMs: fc.nat(20) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('remove' as const),
        divisor: fc.integer({ min: 1, max: 4 }),
        remainder: fc.nat(3),
      }),
    },
  ),
  { maxLength: 300 },
);

const ORDER_PROPERTY =
  'pops in time order, ties in scheduling order, like a stable sort, whatever the interleaving of pushes, pops and removals';

describe('EventQueue', () => {
  it(ORDER_PROPERTY, () => {
    checkProperty(
      { file: TEST_FILE, name: ORDER_PROPERTY },
      operations,
      (ops) => {
        // A ring of 4 slots, so that times 4 ms apart collide and buckets go to the overflow Map.
        const queue = new EventQueue<Item>(4);
        // The model: items waiting, in push order; a pop takes the earliest time, first pushed.
        let model: { timeMs: number; id: number }[] = [];
        let nextId = 0;
        for (const step of ops) {
          if (step.op === 'push') {
            queue.push(step.timeMs, item(nextId));
            model.push({ timeMs: step.timeMs, id: nextId++ });
          } else if (step.op === 'pop') {
            // Array.prototype.sort is stable: equal times keep push order.
            model = [...model].sort((a, b) => a.timeMs - b.timeMs);
            const expected = model.shift();
            const got = queue.pop();
            expect(got?.id).toBe(expected?.id);
            expect(got?.timeMs).toBe(expected?.timeMs);
            expect(queue.peek()?.id).toBe(model[0]?.id);
          } else {
            const drop = (id: number) => id % step.divisor === step.remainder;
            const removed = queue.removeWhere((entry) => drop(entry.id));
            expect(removed).toBe(model.filter((m) => drop(m.id)).length);
            model = model.filter((m) => !drop(m.id));
          }
          expect(queue.size).toBe(model.length);
        }
        const rest: number[] = [];
        for (let e = queue.pop(); e; e = queue.pop()) rest.push(e.id);
        expect(rest).toEqual([...model].sort((a, b) => a.timeMs - b.timeMs).map((m) => m.id));
      },
      { numRuns: 200 },
    );
  });

  it('fires events at the same millisecond in the order they were scheduled', () => {
    const queue = named([5, 'first'], [5, 'second'], [5, 'third'], [5, 'fourth'], [1, 'earlier']);
    const order: string[] = [];
    for (let e = queue.pop(); e; e = queue.pop()) order.push(e.name);
    expect(order).toEqual(['earlier', 'first', 'second', 'third', 'fourth']);
  });

  it('shows the next event with peek without removing it', () => {
    const queue = named([9, 'late'], [3, 'soon']);
    expect(queue.peek()?.name).toBe('soon');
    expect(queue.size).toBe(2);
    expect(queue.pop()?.name).toBe('soon');
  });

  it('writes the time and the order of scheduling into what it queues', () => {
    const queue = new EventQueue<Item>();
    const [a, b] = [item(0), item(1)];
    expect(queue.push(4, a)).toBe(a);
    queue.push(2, b);
    expect([a.timeMs, a.seq, b.timeMs, b.seq]).toEqual([4, 0, 2, 1]);
  });

  it('returns undefined from pop and peek when empty', () => {
    const queue = new EventQueue<Item>();
    expect(queue.pop()).toBeUndefined();
    expect(queue.peek()).toBeUndefined();
  });

  it('refuses times that are negative or not whole milliseconds', () => {
    const queue = new EventQueue<Item>();
    for (const bad of [-1, 0.5, Number.NaN, Infinity]) {
      expect(() => queue.push(bad, item(0)), `time ${bad}`).toThrow(RangeError);
    }
    expect(queue.size).toBe(0);
  });
});
