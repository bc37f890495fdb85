import { describe, expect, it } from 'vitest';
import type { BatchRecord } from '../protocol.ts';
import { laneOf, PartitionState } from './lanes.ts';

/** Lanes and batches of one partition, without an actor. */

const record = (offset: number, key: string | null = null): BatchRecord => ({
  topic: 't',
  partition: 0,
  offset,
  timestampMs: 0,
  key,
  value: null,
  headers: {},
  id: offset + 1,
  itemIdentifier: `t-0-${offset}`,
});

describe('PartitionState', () => {
  it('cuts a full batch at once and a partial one only when the window has passed', () => {
    const p = new PartitionState('t', 0, 1, 0);
    const lane = p.lanes[0];
    p.add([record(0), record(1), record(2)], 100);
    expect(lane.cut(2, 50, 100)?.records.map((r) => r.offset)).toEqual([0, 1]);
    lane.inFlight = null;
    expect(lane.cut(2, 50, 120)).toBeNull();
    expect(lane.windowDeadline(50)).toBe(150);
    expect(lane.cut(2, 50, 150)?.records.map((r) => r.offset)).toEqual([2]);
  });

  it('keeps one batch in flight per lane and commits only below the lowest unfinished record', () => {
    const p = new PartitionState('t', 0, 1, 0);
    const lane = p.lanes[0];
    p.add(
      [0, 1, 2, 3].map((o) => record(o)),
      0,
    );
    p.position = 4;
    lane.inFlight = lane.cut(2, 0, 0);
    expect(lane.cut(2, 0, 0)).toBeNull();
    expect(p.committable()).toBe(0);
    lane.inFlight = null;
    expect(p.committable()).toBe(2);
    lane.inFlight = lane.cut(2, 0, 0);
    lane.inFlight = null;
    expect(p.committable()).toBe(4);
  });

  it('puts the records of one key in one lane, so lanes finish out of order but keys stay in order', () => {
    const p = new PartitionState('t', 0, 3, 0);
    const keys = ['a', 'b', 'c', 'a', 'b', 'c'];
    p.add(
      keys.map((k, o) => record(o, k)),
      0,
    );
    p.position = 6;
    for (const lane of p.lanes) {
      const laneKeys = new Set(lane.waiting.map((r) => r.key));
      for (const key of laneKeys)
        expect(p.lanes.filter((l) => l.waiting.some((r) => r.key === key))).toHaveLength(1);
    }
    // Finish every lane but the one holding offset 0: nothing can be committed past offset 0.
    const first = p.lanes[laneOf(record(0, 'a'), 3)];
    for (const lane of p.lanes) if (lane !== first) lane.waiting = [];
    expect(p.committable()).toBe(0);
  });

  it('spreads keyless records over lanes by offset', () => {
    expect([0, 1, 2, 3].map((o) => laneOf(record(o), 2))).toEqual([0, 1, 0, 1]);
  });
});
