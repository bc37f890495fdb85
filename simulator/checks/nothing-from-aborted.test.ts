import { describe, expect, it } from 'vitest';
import { TraceBuilder } from '../trace/test-helpers.ts';
import { nothingFromAborted } from './nothing-from-aborted.ts';

/** Record 1 is written in an aborted transaction at offset 0, then retried and committed at offset 2. */
function abortedThenRetried(): TraceBuilder {
  const t = new TraceBuilder().topic('t');
  t.txnBegun('tx', 5)
    .append('t', 0, 1, { producerId: 5, transactional: true })
    .marker('t', 0, 5, 'ABORT');
  t.txnAborted('tx', 5);
  t.txnBegun('tx', 5)
    .append('t', 0, 1, { producerId: 5, transactional: true })
    .marker('t', 0, 5, 'COMMIT');
  t.txnCommitted('tx', 5, [1]).hw('t');
  return t;
}

describe('nothingFromAborted', () => {
  it('holds when read_committed fetches return only the committed copy of a retried record', () => {
    const t = abortedThenRetried().fetch('c1', 't', 0, 0, 4, [1]);
    t.fetch('c2', 't', 0, 0, 4, [1, 1], 'read_uncommitted');
    expect(nothingFromAborted(t.events)).toEqual({ ok: true });
  });

  it('reports a read_committed fetch that hands out a record of an aborted transaction', () => {
    const t = abortedThenRetried().fetch('c1', 't', 0, 0, 2, []);
    const bad = t.length;
    t.fetch('c1', 't', 0, 0, 4, [1, 1]);
    const verdict = nothingFromAborted(t.events);
    expect(verdict).toMatchObject({ ok: false, index: bad });
    expect(verdict.ok || verdict.message).toContain('handed t record 1 of k1 from t-0');
  });

  it('reports the COMMIT marker that made visible a record whose transaction was aborted', () => {
    const t = new TraceBuilder().topic('t');
    t.txnBegun('tx', 5)
      .append('t', 0, 1, { producerId: 5, transactional: true })
      .txnAborted('tx', 5);
    const marker = t.length;
    t.marker('t', 0, 5, 'COMMIT').hw('t');
    const verdict = nothingFromAborted(t.events);
    expect(verdict).toMatchObject({ ok: false, index: marker });
    expect(verdict.ok || verdict.message).toMatch(/COMMIT marker in t-0 made record 1 visible/);
  });
});
