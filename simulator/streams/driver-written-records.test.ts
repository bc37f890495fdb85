import { describe, expect, it } from 'vitest';
import { WrittenRecords } from './driver/written-records.ts';

describe('what the driver captured of a topic', () => {
  it('reads back oldest first, one at a time or all at once, with headers and windows where they were', () => {
    const q = new WrittenRecords();
    q.push('a', 1, 10);
    q.push('[b@0/5]', 2, 11, { window: { key: 'b', startMs: 0, endMs: 5 } });
    q.push('c', null, 12, { headers: { trace: 'x' } });
    q.push('d', [4], 13, {});
    expect(q.size).toBe(4);
    expect(q.shift()).toEqual({ key: 'a', value: 1, timestampMs: 10 });
    expect(q.takeAll()).toEqual([
      { key: '[b@0/5]', value: 2, timestampMs: 11, window: { key: 'b', startMs: 0, endMs: 5 } },
      { key: 'c', value: null, timestampMs: 12, headers: { trace: 'x' } },
      { key: 'd', value: [4], timestampMs: 13 },
    ]);
    expect(q.size).toBe(0);
    expect(q.shift()).toBeUndefined();
  });

  it('keeps each record its own extras after the queue empties and fills again', () => {
    const q = new WrittenRecords();
    q.push('a', 1, 1, { headers: { h: '1' } });
    expect(q.shift()).toEqual({ key: 'a', value: 1, timestampMs: 1, headers: { h: '1' } });
    q.push('b', 2, 2);
    q.push('c', 3, 3, { headers: { h: '3' } });
    expect(q.shift()).toEqual({ key: 'b', value: 2, timestampMs: 2 });
    expect(q.takeAll()).toEqual([{ key: 'c', value: 3, timestampMs: 3, headers: { h: '3' } }]);
  });

  it('stays in order and keeps extras in place while read one at a time past its compaction', () => {
    const q = new WrittenRecords();
    for (let i = 0; i < 3000; i++)
      q.push(`k${i}`, i, i, i % 7 === 0 ? { headers: { n: String(i) } } : undefined);
    for (let i = 0; i < 2500; i++) {
      const r = q.shift()!;
      expect(r.key).toBe(`k${i}`);
      expect(r.headers).toEqual(i % 7 === 0 ? { n: String(i) } : undefined);
      if (i === 1999) q.push('late', -1, -1, { headers: { late: 'yes' } });
    }
    const rest = q.takeAll();
    expect(rest).toHaveLength(501);
    expect(rest[0]).toEqual({ key: 'k2500', value: 2500, timestampMs: 2500 });
    expect(rest[500]).toEqual({
      key: 'late',
      value: -1,
      timestampMs: -1,
      headers: { late: 'yes' },
    });
    expect(rest.filter((r) => r.headers && r.key !== 'late').map((r) => r.value)).toEqual(
      Array.from({ length: 500 }, (_, j) => 2500 + j).filter((v) => v % 7 === 0),
    );
  });
});
