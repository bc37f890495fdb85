import { describe, expect, it } from 'vitest';
import { TraceBuilder } from '../trace/test-helpers.ts';
import { exactlyOnceCommitted } from './exactly-once-committed.ts';

/** A plain producer writes ids 1 and 2; a transaction writes 3 and 4; an aborted try of 5 is retried and committed. */
function cleanRun(): TraceBuilder {
  const t = new TraceBuilder().topic('t');
  t.append('t', 0, 1).append('t', 0, 2).hw('t').ack('t', 0, 0, [1, 2]);
  t.txnBegun('tx', 5).append('t', 0, 3, { producerId: 5, transactional: true });
  t.append('t', 0, 4, { producerId: 5, transactional: true }).marker('t', 0, 5, 'COMMIT').hw('t');
  t.txnCommitted('tx', 5, [3, 4]);
  t.txnBegun('tx', 5)
    .append('t', 0, 5, { producerId: 5, transactional: true })
    .marker('t', 0, 5, 'ABORT');
  t.txnAborted('tx', 5);
  t.txnBegun('tx', 5)
    .append('t', 0, 5, { producerId: 5, transactional: true })
    .marker('t', 0, 5, 'COMMIT')
    .hw('t');
  t.txnCommitted('tx', 5, [5]);
  return t;
}

describe('exactlyOnceCommitted', () => {
  it('holds when every committed or acknowledged record is visible once, an aborted try included', () => {
    expect(exactlyOnceCommitted(cleanRun().events)).toEqual({ ok: true });
  });

  it('reports the append of a second visible copy of a record', () => {
    const t = cleanRun();
    const second = t.length;
    t.append('t', 0, 2).hw('t').ack('t', 0, 9, [2]);
    const verdict = exactlyOnceCommitted(t.events);
    expect(verdict).toMatchObject({ ok: false, index: second });
    expect(verdict.ok || verdict.message).toMatch(
      /^T record 2 of k\d+ was appended a second time to t-0 at offset 9/,
    );
  });

  it('reports a committed transaction whose records a read_committed reader never sees', () => {
    const t = cleanRun();
    t.txnBegun('tx', 5)
      .append('t', 0, 6, { producerId: 5, transactional: true })
      .marker('t', 0, 5, 'ABORT')
      .hw('t');
    const commit = t.length;
    t.txnCommitted('tx', 5, [6]);
    expect(exactlyOnceCommitted(t.events)).toMatchObject({ ok: false, index: commit });
  });

  it('reports an acknowledged record that stays above the high watermark', () => {
    const t = cleanRun();
    const offset = t.logEnd('t');
    t.append('t', 0, 7);
    const ack = t.length;
    t.ack('t', 0, offset, [7]);
    const verdict = exactlyOnceCommitted(t.events);
    expect(verdict).toMatchObject({ ok: false, index: ack });
    expect(verdict.ok || verdict.message).toContain(
      'p1 was told t record 7 of k7 is stored in t-0',
    );
  });

  it('reports whichever violation comes first in the trace', () => {
    const t = cleanRun();
    const ack = t.length;
    t.ack('t', 0, 0, [99]);
    t.append('t', 0, 1).hw('t');
    expect(exactlyOnceCommitted(t.events)).toMatchObject({ ok: false, index: ack });
  });

  it('ignores internal topics and acknowledgements of transactional batches', () => {
    const t = new TraceBuilder().topic('changelog', 1, true).topic('t');
    t.append('changelog', 0, 1).append('changelog', 0, 1).hw('changelog');
    t.txnBegun('tx', 5)
      .append('t', 0, 2, { producerId: 5, transactional: true })
      .ack('t', 0, 0, [2]);
    t.marker('t', 0, 5, 'ABORT').hw('t').txnAborted('tx', 5);
    expect(exactlyOnceCommitted(t.events)).toEqual({ ok: true });
  });
});
