import { describe, expect, it } from 'vitest';
import { txnCoordinatorMachine } from '../../../simulator/log/txn-coordinator-machine.ts';
import { foldTrace } from '../../../simulator/trace/state.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { libraryScenario } from '../sim/library.ts';
import { runRequest } from '../sim/prepare.ts';
import { checksAt } from './checks-at.ts';
import { eventWindow, nextNotable } from './event-window.ts';
import { groupsAt } from './groups-model.ts';
import { keyColour } from './key-colour.ts';
import { layoutLog } from './log-layout.ts';
import { layoutNetwork, messageFamily } from './network-layout.ts';
import { layoutStateChart, machineGraph } from './state-chart.ts';

function run(id: string) {
  const outcome = runRequest({ scenarioText: libraryScenario(id)!.text, seed: null, faults: [] });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome;
}

const txn = run('txn-abort-on-crash');
const rebalance = run('rebalance-commit-order');
const firstIndex = (events: TraceEvent[], match: (e: TraceEvent) => boolean) =>
  events.findIndex(match);

describe('the log layout', () => {
  it('draws one row per partition with one cell per record and marker, left to right by offset', () => {
    const layout = layoutLog(foldTrace(txn.events), { width: 900 });
    expect(layout.lanes.map((l) => l.topic)).toEqual(['orders']);
    const rows = layout.lanes[0].rows;
    expect(rows.map((r) => r.partition)).toEqual([0, 1]);
    for (const row of rows) {
      expect(row.cells.length).toBe(row.logEndOffset - row.logStartOffset);
      const xs = row.cells.map((c) => c.x);
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
      expect(row.y).toBeGreaterThan(layout.lanes[0].y);
    }
    expect(rows[1].y).toBeGreaterThan(rows[0].y);
  });

  it('tells open, committed and aborted records and both kinds of markers apart', () => {
    const aborted = firstIndex(
      txn.events,
      (e) => e.type === 'marker.written' && e.marker === 'ABORT',
    );
    const crash = firstIndex(txn.events, (e) => e.type === 'actor.crashed');
    const atCrash = layoutLog(foldTrace(txn.events, crash + 1), { width: 900 });
    const statusesAtCrash = atCrash.lanes[0].rows.flatMap((r) => r.cells.map((c) => c.status));
    expect(statusesAtCrash).toContain('open');
    expect(statusesAtCrash).not.toContain('aborted');
    const end = layoutLog(foldTrace(txn.events), { width: 900 });
    const cells = end.lanes[0].rows.flatMap((r) => r.cells);
    expect(aborted).toBeGreaterThan(crash);
    expect(new Set(cells.map((c) => c.status))).toEqual(new Set(['committed', 'aborted', 'plain']));
    expect(cells.some((c) => c.kind === 'abort')).toBe(true);
    expect(cells.some((c) => c.kind === 'commit')).toBe(true);
  });

  it('puts the last stable offset at the first open record, left of the high watermark', () => {
    const crash = firstIndex(txn.events, (e) => e.type === 'actor.crashed');
    const rows = layoutLog(foldTrace(txn.events, crash + 1), { width: 900 }).lanes[0].rows;
    const stuck = rows.find((r) => r.lastStableOffset < r.highWatermark);
    expect(stuck?.lsoX).toBeLessThan(stuck?.hwX ?? -1);
    const firstOpen = stuck!.cells.find((c) => c.status === 'open');
    expect(firstOpen?.offset).toBe(stuck!.lastStableOffset);
  });

  it('shows consumer positions and committed offsets of each group on their partition', () => {
    const rows = layoutLog(foldTrace(rebalance.events, 3000), { width: 900 }).lanes[0].rows;
    const groups = new Set(rows.flatMap((r) => r.committed.flatMap((m) => m.who.split(', '))));
    expect(groups).toEqual(new Set(['after', 'before']));
    expect(rows.flatMap((r) => r.positions).length).toBeGreaterThan(0);
  });

  it('merges marks at one offset into one label and lifts overlapping labels a level', () => {
    // Before their first fetch, both readers stand at the same offset of each partition.
    const state = foldTrace(
      txn.events,
      firstIndex(txn.events, (e) => e.type === 'records.fetched'),
    );
    const rows = layoutLog(state, { width: 900 }).lanes[0].rows;
    for (const row of rows) {
      const offsets = row.positions.map((m) => m.offset);
      expect(new Set(offsets).size).toBe(offsets.length);
    }
    const shared = rows.flatMap((r) => r.positions).find((m) => m.who.includes(', '));
    expect(shared?.who.split(', ').sort()).toEqual(['committed-reader', 'uncommitted-reader']);
    const crowded = layoutLog(foldTrace(rebalance.events, 2300), { width: 900 }).lanes[0].rows;
    for (const row of crowded) {
      const levels = row.committed.map((m) => m.stack);
      if (row.committed.length > 1 && Math.abs(row.committed[0].x - row.committed[1].x) < 60)
        expect(new Set(levels).size).toBeGreaterThan(1);
    }
  });

  it('keeps the newest offsets in view when a partition is longer than the width allows', () => {
    const layout = layoutLog(foldTrace(rebalance.events), { width: 300, minCellWidth: 4 });
    for (const row of layout.lanes[0].rows) {
      expect(row.hiddenBefore).toBeGreaterThan(0);
      const last = row.cells[row.cells.length - 1];
      expect(last.offset).toBe(row.logEndOffset - 1);
      expect(last.x + last.w).toBeLessThanOrEqual(layout.width);
      expect(row.cells[0].x).toBeGreaterThanOrEqual(layout.plotX);
    }
  });

  it('highlights the records appended by the last few events only', () => {
    const appended = txn.events.findIndex(
      (e) => e.type === 'record.appended' && e.topic === 'orders',
    );
    const now = layoutLog(foldTrace(txn.events, appended + 1), {
      width: 900,
    }).lanes[0].rows.flatMap((r) => r.cells);
    expect(now.filter((c) => c.fresh).length).toBeGreaterThan(0);
    const later = layoutLog(foldTrace(txn.events), { width: 900 }).lanes[0].rows.flatMap(
      (r) => r.cells,
    );
    expect(later.filter((c) => c.fresh).length).toBeLessThan(later.length / 4);
  });

  it('gives a key the same colour everywhere and keyless records grey', () => {
    expect(keyColour('k1')).toBe(keyColour('k1'));
    expect(new Set(['k0', 'k1', 'k2', 'k3', 'k4', 'k5'].map(keyColour)).size).toBeGreaterThan(3);
    expect(keyColour(null)).toBe('#9aa0a6');
  });
});

describe('the network layout', () => {
  it('places the broker above the clients and messages between their ends', () => {
    const sent = firstIndex(txn.events, (e) => e.type === 'message.sent' && e.deliverAt > e.at);
    const event = txn.events[sent] as Extract<TraceEvent, { type: 'message.sent' }>;
    const state = foldTrace(txn.events, sent + 1);
    const half = (event.at + event.deliverAt) / 2;
    const layout = layoutNetwork(state, half, { width: 800 });
    const broker = layout.actors.find((a) => a.kind === 'broker')!;
    expect(layout.actors.filter((a) => a.kind !== 'broker').every((a) => a.y > broker.y)).toBe(
      true,
    );
    const dot = layout.dots.find((d) => d.id === event.msgId)!;
    expect(dot.progress).toBeCloseTo(0.5);
    const [from, to] = [event.from, event.to].map((id) => layout.actors.find((a) => a.id === id)!);
    expect(dot.y).toBeCloseTo((from.y + to.y) / 2);
  });

  it('gives every client its own place in the row', () => {
    const layout = layoutNetwork(foldTrace(rebalance.events, 500), 100, { width: 900 });
    const clients = layout.actors.filter((a) => a.kind !== 'broker');
    expect(clients.length).toBe(5);
    expect(new Set(clients.map((a) => a.x)).size).toBe(clients.length);
    expect(clients[0].id).toBe('clicks-app');
  });

  it('can hold messages still at a fixed fraction of their way, for reduced motion', () => {
    const sent = firstIndex(txn.events, (e) => e.type === 'message.sent' && e.deliverAt > e.at);
    const state = foldTrace(txn.events, sent + 1);
    const layout = layoutNetwork(state, state.timeMs, { width: 800, fixedProgress: 0.5 });
    expect(layout.dots.length).toBeGreaterThan(0);
    expect(layout.dots.every((d) => d.progress === 0.5)).toBe(true);
  });

  it('shows a crashed actor as crashed', () => {
    const crash = firstIndex(txn.events, (e) => e.type === 'actor.crashed');
    const layout = layoutNetwork(foldTrace(txn.events, crash + 1), 95, { width: 800 });
    expect(layout.actors.find((a) => a.id === 'orders-app')?.status).toBe('crashed');
  });

  it('colours transactional offset commits as transactions, not group traffic', () => {
    expect(messageFamily('TxnOffsetCommit')).toBe('txn');
    expect(messageFamily('OffsetCommit')).toBe('group');
    expect(messageFamily('ProduceResponse')).toBe('produce');
  });
});

describe('the groups model', () => {
  it('shows a rebalance under way and the new owner of a crashed member partitions after it', () => {
    const started = rebalance.events.findIndex(
      (e, i) => e.type === 'rebalance.started' && e.group === 'after' && i > 100 && e.at > 400,
    );
    const during = groupsAt(foldTrace(rebalance.events, started + 1)).find(
      (g) => g.group === 'after',
    )!;
    expect(during.status).toBe('rebalancing');
    const after = groupsAt(foldTrace(rebalance.events)).find((g) => g.group === 'after')!;
    expect(after.status).toBe('stable');
    const survivor = after.members.find((m) => m.member === 'after-2')!;
    expect(survivor.partitions).toEqual(['clicks-0', 'clicks-1']);
  });
});

describe('the transaction coordinator chart', () => {
  it('is drawn from the machine: every state and every transition it has', () => {
    const graph = machineGraph(txnCoordinatorMachine);
    const chart = layoutStateChart(txnCoordinatorMachine, 800);
    expect(chart.nodes.map((n) => n.id)).toEqual(Object.keys(txnCoordinatorMachine.root.states));
    expect(chart.initial).toBe('Empty');
    expect(chart.edges.length).toBe(graph.edges.length);
    expect(chart.edges.find((e) => e.id === 'Ongoing->PrepareAbort')?.label).toBe(
      'END / INIT / timeout',
    );
    expect(chart.nodes.find((n) => n.id === 'Dead')?.final).toBe(true);
  });

  it('lays states out left to right by their distance from the initial state', () => {
    const chart = layoutStateChart(txnCoordinatorMachine, 800);
    const x = (id: string) => chart.nodes.find((n) => n.id === id)!.x;
    expect(x('Empty')).toBeLessThan(x('Ongoing'));
    expect(x('Ongoing')).toBeLessThan(x('PrepareCommit'));
    expect(x('PrepareCommit')).toBeLessThan(x('CompleteCommit'));
  });
});

describe('the event log twin', () => {
  it('lists the events around the playhead with the last passed one current', () => {
    const rows = eventWindow(txn.events, 50, { before: 3, after: 2 });
    expect(rows.map((r) => r.index)).toEqual([46, 47, 48, 49, 50, 51]);
    expect(rows.filter((r) => r.current).map((r) => r.index)).toEqual([49]);
    expect(rows[0].text).toMatch(/^\S.*\.$/);
  });

  it('can hide network chatter but never the current event', () => {
    const rows = eventWindow(txn.events, 60, { before: 5, after: 5, hideChatter: true });
    for (const row of rows) if (!row.current) expect(row.type).not.toBe('message.sent');
    expect(rows.some((r) => r.index === 59)).toBe(true);
  });

  it('jumps over chatter to the next notable event', () => {
    const next = nextNotable(txn.events, 10, 1);
    expect(txn.events[next - 1].type).not.toBe('message.sent');
    for (let i = 10; i < next - 1; i++) expect(txn.events[i].type).toBe('message.sent');
  });
});

describe('checks at the playhead', () => {
  it('hold so far before the violating event and are broken from it on', () => {
    const verdict = rebalance.verdicts.find((v) => v.name === 'processedAtMostOnce')!.verdict;
    if (verdict.ok) throw new Error('expected a duplicate in rebalance-commit-order');
    const before = checksAt(rebalance.verdicts, verdict.index).find(
      (c) => c.name === 'processedAtMostOnce',
    )!;
    const after = checksAt(rebalance.verdicts, verdict.index + 1).find(
      (c) => c.name === 'processedAtMostOnce',
    )!;
    expect(before.status).toBe('holdsSoFar');
    expect(after).toMatchObject({ status: 'broken', index: verdict.index });
    const holding = checksAt(txn.verdicts, 0).find((c) => c.name === 'nothingFromAborted')!;
    expect(holding.status).toBe('holds');
  });
});
