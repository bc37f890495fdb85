import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../core/types.ts';
import { checkProperty } from '../test/property.ts';
import { PartitionLog, type LogEntry } from './partition-log.ts';

const FILE = 'simulator/log/compaction.property.test.ts';

/** One step of a compacted partition's life: an append, a transaction's end, or a cleaning. */
type Step =
  | { kind: 'plain'; key: string | null; value: Json }
  | { kind: 'txn'; key: string | null; value: Json }
  | { kind: 'marker'; commit: boolean }
  | { kind: 'clean'; lagMs: number; deleteRetentionMs: number; ratio: number };

const key = fc.constantFrom('a', 'b', 'c', 'd', null);
const value = fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(null));
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('plain' as const), key, value }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('txn' as const), key, value }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('marker' as const), commit: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('clean' as const),
      lagMs: fc.constantFrom(0, 5, 30),
      deleteRetentionMs: fc.constantFrom(0, 10, 50),
      ratio: fc.constantFrom(0, 0.5),
    }),
  },
);

/** May the cleaner remove `e`, given the whole log as it stood before the pass? (the rule, read naively) */
function mayRemove(
  e: LogEntry,
  all: LogEntry[],
  stable: number,
  nowMs: number,
  lagMs: number,
  deleteRetentionMs: number,
): boolean {
  if (e.offset >= stable || e.record === null) return false;
  if (e.status === 'aborted') return true;
  if (e.record.key === null || nowMs - e.appendedAtMs < lagMs) return false;
  const later = all.some(
    (o) =>
      o.offset > e.offset &&
      o.offset < stable &&
      o.record?.key === e.record!.key &&
      o.status !== 'aborted',
  );
  return later || (e.record.value === null && nowMs - e.appendedAtMs >= deleteRetentionMs);
}

/** Run the steps, one virtual ms apart; every cleaning removes only what the rule allows. */
function live(steps: Step[]): { log: PartitionLog; nowMs: number } {
  const log = new PartitionLog('changelog', 0);
  let nowMs = 0;
  let id = 0;
  let sequence = 0;
  let open = false;
  for (const s of steps) {
    nowMs += 1;
    if (s.kind === 'plain' || s.kind === 'txn') {
      const txn = s.kind === 'txn';
      const record = { id: ++id, key: s.key, value: s.value, timestampMs: nowMs };
      const result = log.append(
        {
          producer: txn ? 'tx' : 'plain',
          producerId: txn ? 7 : -1,
          producerEpoch: txn ? 0 : -1,
          baseSequence: txn ? sequence++ : -1,
          transactional: txn,
          records: [record],
        },
        nowMs,
      );
      if (!result.ok) throw new Error(`append refused: ${result.error}`);
      open ||= txn;
    } else if (s.kind === 'marker') {
      if (open) log.writeMarker('tx', 7, 0, s.commit, nowMs);
      open = false;
    } else {
      const before = log.allEntries();
      const stable = log.lastStableOffset;
      const removed = log.compact(nowMs, s.lagMs, s.deleteRetentionMs, s.ratio);
      for (const offset of removed) {
        const e = before.find((x) => x.offset === offset)!;
        expect(
          mayRemove(e, before, stable, nowMs, s.lagMs, s.deleteRetentionMs),
          `offset ${offset}`,
        ).toBe(true);
      }
    }
  }
  return { log, nowMs };
}

describe('log compaction, remembered between passes', () => {
  it('removes only what the rule allows, and a final full pass leaves exactly each key’s latest record', () => {
    checkProperty(
      {
        file: FILE,
        name: 'removes only what the rule allows, and a final full pass leaves exactly each key’s latest record',
      },
      fc.array(step, { minLength: 1, maxLength: 80 }),
      (steps) => {
        const { log, nowMs } = live(steps);
        const stable = log.lastStableOffset;
        const before = log.allEntries();
        // Long after everything, with no lag and no tombstone retention: only each key's latest
        // live value, keyless records, markers, and what is above the last stable offset remain.
        log.compact(nowMs + 1000, 0, 0, 0);
        const expected = before.filter((e) => !mayRemove(e, before, stable, nowMs + 1000, 0, 0));
        expect(log.allEntries().map((e) => e.offset)).toEqual(expected.map((e) => e.offset));
      },
      { numRuns: 300 },
    );
  });
});
