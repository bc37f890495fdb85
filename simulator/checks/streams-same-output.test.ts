import { describe, expect, it } from 'vitest';
import type { Json } from '../core/types.ts';
import { TraceBuilder } from '../trace/test-helpers.ts';
import { sameCommittedOutput } from './streams-same-output.ts';

type Out = [partition: number, key: string | null, value: Json, timestampMs: number];

/** A run that wrote these records (plain, replicated) to topic `out`, ids counting from `firstId`. */
function run(records: Out[], firstId = 1): TraceBuilder {
  const t = new TraceBuilder().topic('out', 2);
  records.forEach(([partition, key, value, ts], i) => {
    t.at(ts).append('out', partition, firstId + i, { key, value });
  });
  return t.hw('out', 0).hw('out', 1);
}

const reference: Out[] = [
  [0, 'a', 1, 10],
  [0, 'a', 2, 20],
  [1, 'b', 1, 15],
  [0, null, 'x', 30],
];

describe('sameCommittedOutput', () => {
  it('holds when the records match by key, value and timestamp, whatever their ids', () => {
    const faulty = run(reference, 100);
    const ref = run(reference);
    expect(sameCommittedOutput(faulty.events, ref.events, 'out', 'exact')).toEqual({ ok: true });
    expect(sameCommittedOutput(faulty.events, ref.events, 'out', 'contains')).toEqual({ ok: true });
  });

  it('reports the append of a duplicate under exact, and accepts it under contains', () => {
    const faulty = run(reference);
    const duplicate = faulty.length;
    faulty.at(15).append('out', 1, 9, { key: 'b', value: 1 }).hw('out', 1);
    const ref = run(reference);
    const verdict = sameCommittedOutput(faulty.events, ref.events, 'out', 'exact');
    expect(verdict).toMatchObject({ ok: false, index: duplicate });
    expect(verdict.ok || verdict.message).toMatch(
      /\(key b, value 1, timestamp 15 ms\) was written to out-1 at offset 1 a second time.*a duplicate/,
    );
    expect(sameCommittedOutput(faulty.events, ref.events, 'out', 'contains')).toEqual({ ok: true });
  });

  it('reports under exact a record the run without faults never wrote', () => {
    const faulty = run([...reference, [1, 'b', 2, 50]]);
    const verdict = sameCommittedOutput(faulty.events, run(reference).events, 'out', 'exact');
    expect(verdict).toMatchObject({ ok: false, index: 5 });
    expect(verdict.ok || verdict.message).toContain('never wrote it');
  });

  it('reports a missing record at the last event, naming it, in both modes', () => {
    const faulty = run(reference.slice(0, 2).concat(reference.slice(3)));
    const ref = run(reference);
    for (const mode of ['exact', 'contains'] as const) {
      const verdict = sameCommittedOutput(faulty.events, ref.events, 'out', mode);
      expect(verdict).toMatchObject({ ok: false, index: faulty.length - 1 });
      expect(verdict.ok || verdict.message).toMatch(
        /\(key b, value 1, timestamp 15 ms\) is missing from out/,
      );
    }
  });

  it('reports under exact the first record of a key that comes out of order', () => {
    const swapped: Out[] = [reference[1], reference[0], reference[2], reference[3]];
    const faulty = run(swapped);
    const verdict = sameCommittedOutput(faulty.events, run(reference).events, 'out', 'exact');
    expect(verdict).toMatchObject({ ok: false, index: 1 });
    expect(verdict.ok || verdict.message).toMatch(/record #1 of key a.*order per key changed/);
    expect(sameCommittedOutput(faulty.events, run(reference).events, 'out', 'contains')).toEqual({
      ok: true,
    });
  });

  it('counts only what a read_committed reader sees: aborted copies are no duplicates', () => {
    const faulty = run(reference);
    faulty
      .at(10)
      .txnBegun('app', 7)
      .append('out', 0, 50, { key: 'a', value: 1, producerId: 7, transactional: true });
    faulty.marker('out', 0, 7, 'ABORT').hw('out', 0).txnAborted('app', 7);
    expect(sameCommittedOutput(faulty.events, run(reference).events, 'out', 'exact')).toEqual({
      ok: true,
    });
    const committed = run(reference);
    const copy = committed.at(10).txnBegun('app', 7).length;
    committed.append('out', 0, 50, { key: 'a', value: 1, producerId: 7, transactional: true });
    committed.marker('out', 0, 7, 'COMMIT').hw('out', 0);
    const verdict = sameCommittedOutput(committed.events, run(reference).events, 'out', 'exact');
    expect(verdict).toMatchObject({ ok: false, index: copy });
  });
});
