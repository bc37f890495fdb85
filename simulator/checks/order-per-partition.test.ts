import { describe, expect, it } from 'vitest';
import { TraceBuilder } from '../trace/test-helpers.ts';
import { orderPerPartition } from './order-per-partition.ts';

const session = (sequence: number, producerEpoch = 0) => ({
  producerId: 3,
  producerEpoch,
  sequence,
});

describe('orderPerPartition', () => {
  it('holds for increasing offsets and sequences, with sequences restarting in a new epoch', () => {
    const t = new TraceBuilder().topic('t', 2);
    t.append('t', 0, 1, session(0)).append('t', 0, 2, session(1)).marker('t', 0, 3, 'COMMIT');
    t.append('t', 1, 3, session(0)).append('t', 0, 4, session(0, 1)).append('t', 0, 5);
    expect(orderPerPartition(t.events)).toEqual({ ok: true });
  });

  it('reports an offset that does not increase', () => {
    const t = new TraceBuilder().topic('t').append('t', 0, 1).append('t', 0, 2);
    const bad = t.length;
    t.append('t', 0, 3, { offset: 1 });
    const verdict = orderPerPartition(t.events);
    expect(verdict).toMatchObject({ ok: false, index: bad });
    expect(verdict.ok || verdict.message).toContain('Offset 1 was written to t-0 after offset 1');
  });

  it('reports a sequence that goes back within one producer session as a reordering', () => {
    const t = new TraceBuilder()
      .topic('t')
      .append('t', 0, 1, session(0))
      .append('t', 0, 3, session(2));
    const bad = t.length;
    t.append('t', 0, 2, session(1));
    const verdict = orderPerPartition(t.events);
    expect(verdict).toMatchObject({ ok: false, index: bad });
    expect(verdict.ok || verdict.message).toContain('reordered');
  });

  it('reports a repeated sequence as a batch written twice', () => {
    const t = new TraceBuilder().topic('t').append('t', 0, 1, session(0));
    const bad = t.length;
    t.append('t', 0, 1, session(0));
    const verdict = orderPerPartition(t.events);
    expect(verdict).toMatchObject({ ok: false, index: bad });
    expect(verdict.ok || verdict.message).toContain('a second time');
  });
});
