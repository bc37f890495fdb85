import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/property.ts';
import { ArrivalQueue } from './arrival-queue.ts';

/**
 * The arrival queue against a sorted list: whatever the mix of in-order and late pushes and pops
 * (long runs, so its ring wraps and grows), it pops what a priority queue would, in that order.
 */

const FILE = 'simulator/streams/stores/arrival-queue.property.test.ts';
const NAME = 'pops in the order of a sorted list, whatever arrives late';

interface Item {
  readonly ts: number;
  readonly order: number;
}

const opArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3, max: 4 }).map((dt) => ({ push: dt })) },
  { weight: 1, arbitrary: fc.integer({ min: -40, max: -4 }).map((dt) => ({ push: dt })) },
  { weight: 4, arbitrary: fc.constant({ push: null }) },
);

describe('the arrival queue', () => {
  it(NAME, () => {
    checkProperty(
      { file: FILE, name: NAME },
      fc.array(opArb, { maxLength: 400, size: 'max' }),
      (ops) => {
        const less = (a: Item, b: Item) => (a.ts !== b.ts ? a.ts < b.ts : a.order < b.order);
        const queue = new ArrivalQueue<Item>(less);
        const model: Item[] = [];
        let now = 100;
        let order = 0;
        for (const op of ops) {
          if (op.push !== null) {
            now = Math.max(now, now + op.push);
            const item = { ts: now + Math.min(op.push, 0), order: order++ };
            queue.push(item);
            model.push(item);
            model.sort((a, b) => a.ts - b.ts || a.order - b.order);
          } else {
            expect(queue.peek()).toBe(model[0]);
            expect(queue.pop()).toBe(model.shift());
          }
          expect(queue.size).toBe(model.length);
        }
        while (model.length > 0) expect(queue.pop()).toBe(model.shift());
        expect(queue.pop()).toBeUndefined();
      },
      { numRuns: 200 },
    );
  });
});
