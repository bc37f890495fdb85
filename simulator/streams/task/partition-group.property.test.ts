import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/property.ts';
import type { InputRecord } from '../types.ts';
import { PartitionGroup } from './partition-group.ts';

/**
 * The partition group against a model of plain FIFO lists: whatever the mix of adds and takes
 * (queues drained and refilled, long runs that compact), it hands out what the model does: the
 * head with the smallest timestamp, the earlier partition on a tie, and keeps the same counts.
 */

const FILE = 'simulator/streams/task/partition-group.property.test.ts';
const NAME = 'takes the head with the smallest timestamp, as plain FIFO lists would';

const PARTITIONS = [
  { topic: 'a', partition: 0 },
  { topic: 'a', partition: 1 },
  { topic: 'b', partition: 0 },
];

const opArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({ to: fc.integer({ min: 0, max: 2 }), ts: fc.integer({ min: 0, max: 20 }) })
      .map((add) => ({ add })),
  },
  // Bursts, so queues grow past the compaction threshold before they drain.
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1500 }).map((burst) => ({ burst })) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 1600 }).map((take) => ({ take })) },
);

describe('the partition group', () => {
  it(NAME, () => {
    checkProperty(
      { file: FILE, name: NAME },
      fc.array(opArb, { maxLength: 60 }),
      (ops) => {
        const group = new PartitionGroup(PARTITIONS);
        const model: InputRecord[][] = PARTITIONS.map(() => []);
        let offset = 0;
        const add = (to: number, ts: number) => {
          const { topic, partition } = PARTITIONS[to];
          const record = {
            topic,
            partition,
            offset: offset++,
            key: null,
            value: 0,
            timestampMs: ts,
          };
          group.addRecord(record);
          model[to].push(record);
        };
        const takeFromModel = () => {
          let best = -1;
          for (let i = 0; i < model.length; i++)
            if (
              model[i].length > 0 &&
              (best < 0 || model[i][0].timestampMs < model[best][0].timestampMs)
            )
              best = i;
          return best < 0 ? undefined : model[best].shift();
        };
        for (const op of ops) {
          if ('add' in op) add(op.add.to, op.add.ts);
          else if ('burst' in op) for (let i = 0; i < op.burst; i++) add(i % 3, offset % 17);
          else for (let i = 0; i < op.take; i++) expect(group.nextRecord()).toBe(takeFromModel());
          expect(group.numBuffered).toBe(model.reduce((n, q) => n + q.length, 0));
          expect(group.allPartitionsBuffered()).toBe(model.every((q) => q.length > 0));
        }
      },
      { numRuns: 100 },
    );
  });
});
