import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsolationLevel } from '../trace/events.ts';
import { checkProperty } from '../test/property.ts';
import { PartitionLog, type EntryStatus } from './partition-log.ts';

const FILE = 'simulator/log/partition-log.property.test.ts';

/**
 * The log keeps its open transactions as ranges of offsets and finds an offset's entry with a
 * shortcut for logs without gaps. This checks both against a model that keeps every entry in a
 * plain list with its status and every open transaction as a list of offsets, as the log once did:
 * transactions of two producers interleaved with plain records, markers, cleaning and retention
 * (which leave gaps), and fetches from anywhere.
 */
type Step =
  | { kind: 'append'; producer: 0 | 7 | 8; size: number; key: string | null }
  | { kind: 'marker'; producer: 7 | 8; commit: boolean }
  | { kind: 'clean'; lagMs: number }
  | { kind: 'retain'; records: number }
  | { kind: 'fetch'; at: number; max: number; isolation: IsolationLevel };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      producer: fc.constantFrom(0 as const, 7 as const, 8 as const),
      size: fc.integer({ min: 1, max: 3 }),
      key: fc.constantFrom('a', 'b', null),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('marker' as const),
      producer: fc.constantFrom(7 as const, 8 as const),
      commit: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('clean' as const), lagMs: fc.constantFrom(0, 3) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('retain' as const), records: fc.nat(12) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('fetch' as const),
      at: fc.nat(30),
      max: fc.integer({ min: 1, max: 6 }),
      isolation: fc.constantFrom<IsolationLevel>('read_committed', 'read_uncommitted'),
    }),
  },
);

interface ModelEntry {
  offset: number;
  id: number | null;
  status: EntryStatus;
}

/** The model: every entry in a list, every open transaction as the list of its offsets. */
class Model {
  entries: ModelEntry[] = [];
  open = new Map<number, number[]>();
  start = 0;
  end = 0;

  append(producer: number, ids: number[]): void {
    const txn = producer !== 0;
    if (txn && !this.open.has(producer)) this.open.set(producer, []);
    for (const id of ids) {
      if (txn) this.open.get(producer)!.push(this.end);
      this.entries.push({ offset: this.end++, id, status: txn ? 'open' : 'plain' });
    }
  }

  marker(producer: number, commit: boolean): void {
    const status: EntryStatus = commit ? 'committed' : 'aborted';
    for (const offset of this.open.get(producer) ?? []) {
      const e = this.entries.find((x) => x.offset === offset);
      if (e) e.status = status;
    }
    this.open.delete(producer);
    this.entries.push({ offset: this.end++, id: null, status });
  }

  get lastStableOffset(): number {
    let lso = this.end;
    for (const offsets of this.open.values())
      if (offsets.length > 0) lso = Math.min(lso, offsets[0]);
    return lso;
  }

  remove(offsets: readonly number[]): void {
    this.entries = this.entries.filter((e) => !offsets.includes(e.offset));
  }

  fetch(at: number, max: number, isolation: IsolationLevel) {
    if (at < this.start || at > this.end)
      return { error: 'OFFSET_OUT_OF_RANGE', ids: [], offsets: [], nextOffset: at };
    const limit = isolation === 'read_committed' ? this.lastStableOffset : this.end;
    const ids: number[] = [];
    const offsets: number[] = [];
    let next = at;
    for (const e of this.entries) {
      if (e.offset < at) continue;
      if (e.offset >= limit || ids.length >= max) break;
      next = e.offset + 1;
      if (e.id === null || (isolation === 'read_committed' && e.status === 'aborted')) continue;
      ids.push(e.id);
      offsets.push(e.offset);
    }
    if (ids.length < max && next < limit && !this.entries.some((e) => e.offset >= next))
      next = limit;
    return { error: null, ids, offsets, nextOffset: next };
  }
}

function run(steps: Step[]): void {
  const log = new PartitionLog('t', 0);
  const model = new Model();
  const sequences = new Map<number, number>();
  let id = 0;
  let nowMs = 0;
  for (const s of steps) {
    nowMs++;
    if (s.kind === 'append') {
      const records = Array.from({ length: s.size }, () => ({
        id: ++id,
        key: s.key,
        value: id,
        timestampMs: nowMs,
      }));
      const txn = s.producer !== 0;
      const sequence = sequences.get(s.producer) ?? 0;
      const result = log.append(
        {
          producer: `p${s.producer}`,
          producerId: txn ? s.producer : -1,
          producerEpoch: txn ? 0 : -1,
          baseSequence: txn ? sequence : -1,
          transactional: txn,
          records,
        },
        nowMs,
      );
      expect(result.ok).toBe(true);
      sequences.set(s.producer, sequence + s.size);
      model.append(
        s.producer,
        records.map((r) => r.id),
      );
    } else if (s.kind === 'marker') {
      if (!model.open.has(s.producer)) continue;
      expect(log.writeMarker(`p${s.producer}`, s.producer, 0, s.commit, nowMs).offset).toBe(
        model.end,
      );
      model.marker(s.producer, s.commit);
    } else if (s.kind === 'clean') {
      model.remove(log.compact(nowMs, s.lagMs, 0, 0));
    } else if (s.kind === 'retain') {
      const deleted = log.enforceRetention(nowMs, undefined, s.records);
      if (deleted) {
        model.start = deleted.logStartOffset;
        model.entries = model.entries.filter((e) => e.offset >= model.start);
      }
    } else {
      const got = log.fetch(s.at, s.max, s.isolation);
      expect({
        error: got.error,
        ids: got.records.map((r) => r.id),
        offsets: got.offsets,
        nextOffset: got.nextOffset,
      }).toEqual(model.fetch(s.at, s.max, s.isolation));
    }
    expect(log.allEntries().map((e) => [e.offset, e.status])).toEqual(
      model.entries.map((e) => [e.offset, e.status]),
    );
    expect(log.lastStableOffset).toBe(model.lastStableOffset);
    for (const producer of [7, 8])
      expect(log.hasOpenTransaction(producer)).toBe(model.open.has(producer));
  }
}

describe('the partition log against a list-of-entries model', () => {
  it('keeps statuses, the last stable offset and fetches as a plain list of offsets would', () => {
    checkProperty(
      {
        file: FILE,
        name: 'keeps statuses, the last stable offset and fetches as a plain list of offsets would',
      },
      fc.array(step, { minLength: 1, maxLength: 60 }),
      run,
      { numRuns: 600 },
    );
  });
});
