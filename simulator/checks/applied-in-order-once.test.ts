import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../trace/events.ts';
import { appliedInOrderOnce } from './applied-in-order-once.ts';

/** A trace of account events written (id → account, seq) and applied in the order given. */
function trace(written: [number, string, number][], applied: number[]): TraceEvent[] {
  const events = written.map(
    ([id, account, seq], offset) =>
      ({
        type: 'record.appended',
        at: offset,
        topic: 'events',
        partition: 0,
        offset,
        record: { id, key: account, value: { account, seq }, timestampMs: 0 },
      }) as unknown as TraceEvent,
  );
  for (const id of applied)
    events.push({
      type: 'records.processed',
      at: 100,
      consumer: 'm1',
      group: 'g',
      topic: 'events',
      partition: 0,
      offsets: [id],
      recordIds: [id],
    } as TraceEvent);
  return events;
}

const written: [number, string, number][] = [
  [1, 'ann', 1],
  [2, 'bob', 1],
  [3, 'ann', 2],
  [4, 'ann', 3],
];

describe('appliedInOrderOnce', () => {
  it('holds when each account gets its events in order, once, whatever the other accounts do', () => {
    expect(appliedInOrderOnce(trace(written, [1, 3, 2, 4]), 'events', 'account')).toEqual({
      ok: true,
    });
  });

  it('reports an event applied a second time at the apply that repeats it', () => {
    const t = trace(written, [1, 2, 3, 1, 4]);
    const verdict = appliedInOrderOnce(t, 'events', 'account');
    expect(verdict).toMatchObject({ ok: false, index: written.length + 3 });
    expect(verdict.ok || verdict.message).toBe(
      "m1 applied ann's event 1 a second time (its last applied was 2)",
    );
  });

  it('reports the same event applied twice in a row (a redelivery right after the apply)', () => {
    const verdict = appliedInOrderOnce(trace(written, [1, 2, 3, 3, 4]), 'events', 'account');
    expect(verdict).toMatchObject({ ok: false, index: written.length + 3 });
    expect(verdict.ok || verdict.message).toBe(
      "m1 applied ann's event 2 a second time (its last applied was 2)",
    );
  });

  it('reports an event applied before an earlier one of its account as out of order', () => {
    const verdict = appliedInOrderOnce(trace(written, [1, 2, 4, 3]), 'events', 'account');
    expect(verdict).toMatchObject({ ok: false, index: written.length + 2 });
    expect(verdict.ok || verdict.message).toContain("applied ann's event 3 before event 2");
  });

  it('reports an event never applied at the last event of the trace', () => {
    const t = trace(written, [1, 2, 3]);
    const verdict = appliedInOrderOnce(t, 'events', 'account');
    expect(verdict).toMatchObject({ ok: false, index: t.length - 1 });
    expect(verdict.ok || verdict.message).toBe("ann's event 3 was never applied (of 3)");
  });
});
