import { describe, expect, it } from 'vitest';
import { PendingRecords } from './pending-records.ts';

const chunk = (partition: number, offsets: number[]) => ({
  topic: 't',
  partition,
  offsets,
  recordIds: offsets.map((o) => 100 + o),
  nextOffset: offsets.at(-1)! + 1,
});

describe('the records a poll returned, waiting to be processed', () => {
  it('are taken one at a time, in order, across chunks, when each takes time', () => {
    const pending = new PendingRecords();
    pending.replace([chunk(0, [4, 5]), chunk(1, [9])]);
    const taken = [pending.take(2), pending.take(2), pending.take(2)];
    expect(taken.map((t) => [t.partition, t.offsets, t.recordIds])).toEqual([
      [0, [4], [104]],
      [0, [5], [105]],
      [1, [9], [109]],
    ]);
    expect(pending.empty).toBe(true);
  });

  it('are taken a whole chunk at once when processing takes no time', () => {
    const pending = new PendingRecords();
    pending.replace([chunk(0, [4, 5, 6]), chunk(1, [9])]);
    expect(pending.take(0).offsets).toEqual([4, 5, 6]);
    expect(pending.empty).toBe(false);
    pending.clear();
    expect(pending.empty).toBe(true);
  });
});
