import { describe, expect, it } from 'vitest';
import { foldTrace } from '../../../simulator/trace/state.ts';
import type { EventOf, TraceEvent } from '../../../simulator/trace/events.ts';
import { libraryScenario } from '../sim/library.ts';
import { runRequest } from '../sim/prepare.ts';
import {
  describeCell,
  layoutLog,
  LOG_ROW,
  writeLabel,
  type LogLayout,
  type PartitionRow,
} from './log-layout.ts';

function run(scenarioText: string) {
  const outcome = runRequest({ scenarioText, seed: null, faults: [] });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.events;
}
const library = (id: string) => run(libraryScenario(id)!.text);

const txn = library('txn-abort-on-crash');
const zombie = library('zombie-fenced');
const counts = library('page-view-counts');
/** A topic keeping only its last five records, so retention deletes from the head. */
const retention = run(
  JSON.stringify({
    name: 'retention-in-view',
    seed: 5,
    durationMs: 1200,
    network: { latencyMs: 2 },
    topics: [{ name: 'events', partitions: 1, retentionRecords: 5 }],
    producers: [
      {
        id: 'app',
        workload: { generators: [{ topic: 'events', count: 20, intervalMs: 20, keys: 3 }] },
      },
    ],
  }),
);

const rowOf = (layout: LogLayout, topic: string, partition: number): PartitionRow =>
  layoutOf(layout, topic).rows[partition];
const layoutOf = (layout: LogLayout, topic: string) => {
  const lane = layout.lanes.find((l) => l.topic === topic);
  if (!lane) throw new Error(`no lane ${topic}`);
  return lane;
};
const indexOf = (events: TraceEvent[], match: (e: TraceEvent) => boolean) => {
  const i = events.findIndex(match);
  if (i < 0) throw new Error('no such event');
  return i;
};
const appends = (events: TraceEvent[], until: number, topic: string, partition: number) =>
  events
    .slice(0, until)
    .filter(
      (e): e is EventOf<'record.appended'> =>
        e.type === 'record.appended' && e.topic === topic && e.partition === partition,
    );

describe('producer write positions in the log layout', () => {
  it('marks each producer one past its last record in the partition, as of the playhead', () => {
    for (const until of [40, 120, txn.length]) {
      const layout = layoutLog(foldTrace(txn, until), { width: 900 });
      for (const partition of [0, 1]) {
        const written = appends(txn, until, 'orders', partition);
        const row = rowOf(layout, 'orders', partition);
        if (written.length === 0) {
          expect(row.writes).toEqual([]);
          continue;
        }
        const last = written[written.length - 1];
        expect(row.writes.map((m) => [m.who, m.offset])).toEqual([
          [last.producer, last.offset + 1],
        ]);
      }
    }
  });

  it('marks a producer whose transaction is still open, and not once the marker resolved it', () => {
    const crash = indexOf(txn, (e) => e.type === 'actor.crashed');
    const openRows = layoutLog(foldTrace(txn, crash + 1), { width: 900 }).lanes[0].rows;
    const open = openRows.flatMap((r) => r.writes).filter((m) => m.open);
    expect(open.length).toBeGreaterThan(0);
    expect(writeLabel(open[0])).toBe('orders-app · txn open');
    const end = layoutLog(foldTrace(txn), { width: 900 }).lanes[0].rows.flatMap((r) => r.writes);
    expect(end.length).toBeGreaterThan(0);
    expect(end.some((m) => m.open)).toBe(false);
  });

  it('shows two producers of one partition apart, the fenced zombie labelled as such', () => {
    const layout = layoutLog(foldTrace(zombie), { width: 900 });
    const writes = layoutOf(layout, 'ledger').rows.flatMap((r) => r.writes);
    const who = new Set(writes.map((m) => m.who));
    expect(who).toEqual(new Set(['instance-a', 'instance-b']));
    const a = writes.filter((m) => m.who === 'instance-a');
    expect(a.every((m) => m.fenced)).toBe(true);
    expect(writes.filter((m) => m.who === 'instance-b').some((m) => m.fenced)).toBe(false);
  });

  it('stacks labels above and below the row so that none overlaps another or leaves the view', () => {
    const charWidth = 5.4;
    // Where a label's text spans, px: right of its mark, or left of it when flipped.
    const span = (m: { x: number; flip: boolean }, text: string) => {
      const w = 8 + text.length * charWidth;
      return m.flip ? [m.x - w, m.x] : [m.x, m.x + w];
    };
    let flipped = 0;
    for (const [events, step] of [
      [txn, 37],
      [counts, 211],
    ] as const) {
      for (let until = 0; until <= events.length; until += step) {
        const layout = layoutLog(foldTrace(events, until), { width: 700 });
        for (const row of layout.lanes.flatMap((l) => l.rows)) {
          const above = [
            ...row.committed.map((m) => ({ m, text: `${m.who} ${m.offset}` })),
            ...row.writes.map((m) => ({ m, text: writeLabel(m) })),
            ...(row.cleaner ? [{ m: row.cleaner, text: `cleaned to ${row.cleaner.offset}` }] : []),
          ];
          const below = row.positions.map((m) => ({ m, text: m.who }));
          for (const side of [above, below]) {
            for (const a of side) {
              const [from, to] = span(a.m, a.text);
              expect(from).toBeGreaterThanOrEqual(0);
              expect(to).toBeLessThanOrEqual(layout.width);
              if (a.m.flip) flipped++;
              for (const b of side) {
                if (a === b || a.m.stack !== b.m.stack) continue;
                const [bFrom, bTo] = span(b.m, b.text);
                expect(to < bFrom || bTo < from, `${a.text} | ${b.text}`).toBe(true);
              }
            }
          }
        }
      }
    }
    expect(flipped, 'some labels at the right edge turn left').toBeGreaterThan(0);
  });

  it('leaves each row room for its stacked labels, so rows never overlap', () => {
    const h = LOG_ROW.cellHeight;
    const step = LOG_ROW.markLevel;
    let mostLevels = 0;
    for (const [events, until] of [
      [txn, 160],
      [txn, 168],
      [txn, 176],
      [counts, 900],
      [counts, counts.length],
    ] as const) {
      const rows = layoutLog(foldTrace(events, until), { width: 200 }).lanes.flatMap((l) => l.rows);
      const levelsAbove = rows.map((r) =>
        Math.max(
          0,
          ...[...r.committed, ...r.writes, ...(r.cleaner ? [r.cleaner] : [])].map(
            (m) => m.stack + 1,
          ),
        ),
      );
      mostLevels = Math.max(mostLevels, ...levelsAbove);
      for (let i = 1; i < rows.length; i++) {
        const top = rows[i].y - 2 - levelsAbove[i] * step;
        const prev = rows[i - 1];
        const bottom =
          prev.y + h + 2 + Math.max(0, ...prev.positions.map((m) => m.stack + 1)) * step;
        expect(top).toBeGreaterThan(bottom);
      }
    }
    expect(mostLevels, 'some row needs three levels of labels').toBeGreaterThanOrEqual(3);
  });
});

describe('compaction and retention in the log layout', () => {
  const changelog = 'view-counter-views-per-user-store-changelog';
  const compactedUntil = (until: number, partition: number) =>
    counts
      .slice(0, until)
      .filter(
        (e): e is EventOf<'records.compacted'> =>
          e.type === 'records.compacted' && e.topic === changelog && e.partition === partition,
      )
      .flatMap((e) => e.offsets);

  it('draws nothing removed before the cleaner first runs', () => {
    const first = indexOf(counts, (e) => e.type === 'records.compacted' && e.topic === changelog);
    const row = rowOf(layoutLog(foldTrace(counts, first), { width: 2000 }), changelog, 0);
    expect(row.cells.length).toBeGreaterThan(0);
    expect(row.removed).toEqual([]);
    expect(row.cleaner).toBeNull();
  });

  it('draws the compacted offsets as removed slots, not records, and marks how far the cleaner got', () => {
    for (const until of [900, 1600, 3300]) {
      const layout = layoutLog(foldTrace(counts, until), { width: 40_000 });
      for (const partition of [0, 1]) {
        const row = rowOf(layout, changelog, partition);
        const removed = compactedUntil(until, partition);
        expect(row.hiddenBefore).toBe(0);
        expect(row.removed.map((s) => s.offset)).toEqual([...removed].sort((a, b) => a - b));
        expect(row.removed.every((s) => s.why === 'compacted')).toBe(true);
        const kept = new Set(row.cells.map((c) => c.offset));
        expect(removed.some((o) => kept.has(o))).toBe(false);
        expect(kept.size + removed.length).toBe(row.logEndOffset - row.logStartOffset);
        expect(row.cleaner?.offset).toBe(Math.max(...removed) + 1);
        expect(row.cleaner!.x).toBe(
          row.cells[0].x + (row.cleaner!.offset - row.cells[0].offset) * layout.cellWidth,
        );
      }
    }
  });

  it('says in the tooltip why a compacted offset is gone', () => {
    const state = foldTrace(counts, 900);
    const [offset] = compactedUntil(900, 0);
    expect(describeCell(state, changelog, 0, offset)).toMatch(
      /compacted away by the log cleaner \(key \S+ has a later record\)/,
    );
  });

  it('keeps a few offsets deleted by retention in view before the log start, marked as deleted', () => {
    const deleted = indexOf(retention, (e) => e.type === 'records.deleted');
    const before = rowOf(layoutLog(foldTrace(retention, deleted), { width: 900 }), 'events', 0);
    expect(before.removed).toEqual([]);
    expect(before.logStartX).toBeNull();
    const state = foldTrace(retention);
    const row = rowOf(layoutLog(state, { width: 900 }), 'events', 0);
    expect(row.logStartOffset).toBe(15);
    expect(row.removed.map((s) => [s.offset, s.why])).toEqual(
      [9, 10, 11, 12, 13, 14].map((o) => [o, 'deleted']),
    );
    expect(row.cells.map((c) => c.offset)).toEqual([15, 16, 17, 18, 19]);
    expect(row.logStartX).toBe(row.cells[0].x);
    expect(row.hiddenBefore).toBe(0);
    expect(describeCell(state, 'events', 0, 12)).toContain('deleted by retention');
  });
});
