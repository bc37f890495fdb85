import { describe, expect, it } from 'vitest';
import type { Json } from '../core/types.ts';
import { TraceBuilder } from '../trace/test-helpers.ts';
import { joinComplete, type JoinCompleteOptions } from './streams-join-complete.ts';

const inner: JoinCompleteOptions = {
  left: 'orders',
  right: 'payments',
  output: 'joined',
  beforeMs: 10,
  afterMs: 20,
  kind: 'inner',
};

let nextId = 1;

function put(t: TraceBuilder, topic: string, key: string, value: Json, ts: number): TraceBuilder {
  return t.at(ts).append(topic, 0, nextId++, { key, value }).hw(topic);
}

/**
 * Orders o1 (k at 100) and o2 (k at 200); payments p1 (k at 90: 10 ms before o1, the window's
 * edge), p2 (k at 121: 21 ms after o1, just outside) and p3 (m at 100: no order with key m).
 */
function inputs(): TraceBuilder {
  const t = new TraceBuilder().topic('orders').topic('payments').topic('joined');
  put(t, 'orders', 'k', 'o1', 100);
  put(t, 'payments', 'k', 'p1', 90);
  put(t, 'payments', 'k', 'p2', 121);
  put(t, 'payments', 'm', 'p3', 100);
  return put(t, 'orders', 'k', 'o2', 200);
}

function joined(t: TraceBuilder, key: string, left: Json, right: Json, ts: number): TraceBuilder {
  return put(t, 'joined', key, { left, right }, ts);
}

describe('joinComplete', () => {
  it('holds when every pair within the window comes out once, the window bounds included', () => {
    const t = joined(inputs(), 'k', 'o1', 'p1', 100);
    expect(joinComplete(t.events, inner)).toEqual({ ok: true });
  });

  it('reports a pair that never comes out at the last event, naming it', () => {
    const t = inputs();
    const verdict = joinComplete(t.events, inner);
    expect(verdict).toMatchObject({ ok: false, index: t.length - 1 });
    expect(verdict.ok || verdict.message).toMatch(
      /pair \(key k, value \(left o1, right p1\), timestamp 100 ms\) is in the join window but joined has it never/,
    );
  });

  it('reports the second copy of a pair', () => {
    const t = joined(inputs(), 'k', 'o1', 'p1', 100);
    const second = t.length;
    joined(t, 'k', 'o1', 'p1', 100);
    const verdict = joinComplete(t.events, inner);
    expect(verdict).toMatchObject({ ok: false, index: second });
    expect(verdict.ok || verdict.message).toContain("pair's second copy");
  });

  it('reports a result joining records outside the window', () => {
    const t = joined(inputs(), 'k', 'o1', 'p1', 100);
    const outside = t.length;
    joined(t, 'k', 'o1', 'p2', 121);
    const verdict = joinComplete(t.events, inner);
    expect(verdict).toMatchObject({ ok: false, index: outside });
    expect(verdict.ok || verdict.message).toContain(
      'joins no left and right records of key k within the window',
    );
  });

  it('reports a null-joined result of an inner join', () => {
    const t = joined(inputs(), 'k', 'o1', 'p1', 100);
    const half = t.length;
    joined(t, 'k', 'o2', null, 200);
    const verdict = joinComplete(t.events, inner);
    expect(verdict).toMatchObject({ ok: false, index: half });
    expect(verdict.ok || verdict.message).toContain('which an inner join never emits');
  });

  it('lets a left join null-join a left record without a partner once, but not one with a partner', () => {
    const left = { ...inner, kind: 'left' as const };
    const t = joined(inputs(), 'k', 'o1', 'p1', 100);
    joined(t, 'k', 'o2', null, 200);
    expect(joinComplete(t.events, left)).toEqual({ ok: true });
    const again = t.length;
    joined(t, 'k', 'o2', null, 200);
    expect(joinComplete(t.events, left)).toMatchObject({ ok: false, index: again });
    const partnered = joined(joined(inputs(), 'k', 'o1', 'p1', 100), 'k', 'o1', null, 100);
    expect(joinComplete(partnered.events, left)).toMatchObject({
      ok: false,
      index: partnered.length - 2,
    });
    const rightSide = joined(joined(inputs(), 'k', 'o1', 'p1', 100), 'm', null, 'p3', 100);
    expect(joinComplete(rightSide.events, left)).toMatchObject({ ok: false });
    expect(joinComplete(rightSide.events, { ...inner, kind: 'outer' })).toEqual({ ok: true });
  });

  it('excuses a pair whose record was dropped as late', () => {
    const t = inputs();
    t.push({
      type: 'record.droppedLate',
      task: '0_0',
      processor: 'JOIN',
      key: 'k',
      timestampMs: 90,
      streamTimeMs: 200,
      windowStartMs: 80,
      windowEndMs: 110,
    });
    expect(joinComplete(t.events, inner)).toEqual({ ok: true });
  });
});
