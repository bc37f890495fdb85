import { describe, expect, it } from 'vitest';
import { layoutLog } from '../site/lib/views/log-layout.ts';
import { partitionForKey } from '../simulator/log/partitioner.ts';
import type { TraceEvent } from '../simulator/trace/events.ts';
import type { WorldState } from '../simulator/trace/state.ts';
import { scenes } from './03-the-log.scenes.ts';
import { expectWellFormedDeck, ofType, sceneRuns } from './scene-runs.ts';

const { at } = sceneRuns(scenes);

const appended = (events: readonly TraceEvent[], topic: string) =>
  ofType(events, 'record.appended').filter((e) => e.topic === topic);
const committed = (state: WorldState, group: string, partition: number) =>
  [...state.committedOffsets.values()].find(
    (c) => c.group === group && c.topic === 'balances' && c.partition === partition,
  )?.offset;

/** A group's state: the latest balance per account among the records its members processed, in order. */
function latestBalances(events: readonly TraceEvent[], group: string): Map<string, unknown> {
  const byId = new Map(appended(events, 'balances').map((e) => [e.record.id, e.record]));
  const latest = new Map<string, unknown>();
  for (const e of ofType(events, 'records.processed'))
    if (e.group === group && e.topic === 'balances')
      for (const id of e.recordIds) latest.set(byId.get(id)!.key!, byId.get(id)!.value);
  return latest;
}

describe('chapter 3: the log', () => {
  it('numbers its scenes 1..n, every scene lands on an event, and free play is last', () => {
    expectWellFormedDeck(scenes, at);
  });

  it('scene 1: twelve balances, 3/3/6 over three partitions, each appended at the next offset and never rewritten', () => {
    const { events, all } = at(1);
    const records = appended(events, 'balances');
    expect(records).toHaveLength(12);
    for (const p of [0, 1, 2]) {
      const offsets = records.filter((r) => r.partition === p).map((r) => r.offset);
      expect(offsets, `partition ${p}`).toEqual(offsets.map((_, i) => i));
    }
    expect([0, 1, 2].map((p) => records.filter((r) => r.partition === p).length)).toEqual([
      3, 3, 6,
    ]);
    // Never rewritten: no offset of balances is appended twice in the whole run.
    const slots = appended(all, 'balances').map((r) => `${r.partition}/${r.offset}`);
    expect(new Set(slots).size).toBe(slots.length);
    expect(new Set(appended(all, 'balances').map((r) => r.record.key))).toEqual(
      new Set(['acct-1', 'acct-2', 'acct-3', 'acct-4', 'acct-5', 'acct-6']),
    );
  });

  it("scene 2: every account's records are in the one partition murmur2 of its key chooses", () => {
    const { events } = at(2);
    const partitionsOf = new Map<string, Set<number>>();
    for (const r of appended(events, 'balances')) {
      const key = r.record.key!;
      partitionsOf.set(key, (partitionsOf.get(key) ?? new Set()).add(r.partition));
    }
    for (const [key, partitions] of partitionsOf) {
      expect([...partitions], key).toEqual([partitionForKey(key, 3)]);
    }
    expect(Object.fromEntries([...partitionsOf].map(([k, p]) => [k, [...p][0]]))).toEqual({
      'acct-1': 2,
      'acct-2': 2,
      'acct-3': 2,
      'acct-4': 1,
      'acct-5': 0,
      'acct-6': 0,
    });
  });

  it('scene 3: generation 1 gives partitions 0 and 1 to ledger-1 and partition 2 to ledger-2 (range)', () => {
    const { events, state } = at(3);
    expect(events.at(-1)).toMatchObject({ generation: 1, assignor: 'range' });
    const assignment = state.groups.get('ledger')!.assignment;
    expect(assignment['ledger-1'].map((tp) => tp.partition)).toEqual([0, 1]);
    expect(assignment['ledger-2'].map((tp) => tp.partition)).toEqual([2]);
  });

  it('scene 4: ledger-1 processed offset 0 of partition 0 and committed offset 1, the next to read', () => {
    const { events, state, all, index } = at(4);
    expect(events.at(-1)).toMatchObject({ member: 'ledger-1', partition: 0, offset: 1 });
    const processed = ofType(events, 'records.processed').filter(
      (e) => e.group === 'ledger' && e.partition === 0,
    );
    expect(processed.flatMap((e) => e.offsets)).toEqual([0]);
    expect(committed(state, 'ledger', 0)).toBe(1);
    const lane = layoutLog(state, { width: 900 }).lanes.find((l) => l.topic === 'balances')!;
    expect(lane.rows[0].committed.some((m) => m.who.includes('ledger') && m.offset === 1)).toBe(
      true,
    );
    // Reading deletes nothing: balances never loses a record in the whole run.
    expect(
      ofType(all.slice(index), 'records.deleted').filter((e) => e.topic === 'balances'),
    ).toEqual([]);
  });

  it('scene 5: compaction removed offsets 1, 3 and 4 (0 and 2 before); 5, 6, 7 are the latest of ann, cy, bob', () => {
    const { events, state } = at(5);
    const compacted = ofType(events, 'records.compacted').filter((e) => e.topic === 'addresses');
    expect(compacted.map((e) => e.offsets)).toEqual([[0], [2], [1, 3, 4]]);
    const records = appended(events, 'addresses');
    const removed = new Set(compacted.flatMap((e) => e.offsets));
    for (const r of records.filter((r) => removed.has(r.offset)))
      expect(
        records.some((later) => later.offset > r.offset && later.record.key === r.record.key),
      ).toBe(true);
    const kept = records.filter((r) => !removed.has(r.offset));
    expect(kept.map((r) => [r.offset, r.record.key])).toEqual([
      [5, 'ann'],
      [6, 'cy'],
      [7, 'bob'],
    ]);
    const row = layoutLog(state, { width: 900 }).lanes.find((l) => l.topic === 'addresses')!
      .rows[0];
    expect(row.removed.filter((r) => r.why === 'compacted').map((r) => r.offset)).toEqual([
      0, 1, 2, 3, 4,
    ]);
    expect(row.cells.map((c) => c.offset)).toEqual([5, 6, 7]);
  });

  it('scene 6: at 500 ms retention moved the log start of clicks to 5; balances still starts at 0', () => {
    const { events, state } = at(6);
    expect(events.at(-1)).toMatchObject({ at: 500, logStartOffset: 5, reason: 'retention.ms' });
    expect(state.topics.get('clicks')!.partitions[0].logStartOffset).toBe(5);
    for (const p of state.topics.get('balances')!.partitions) expect(p.logStartOffset).toBe(0);
  });

  it('scene 7: ledger-1 crashed at 600 ms and is still a member; nobody reads its partitions until the rebalance', () => {
    const { events, state, all, index } = at(7);
    expect(events.at(-1)!.at).toBe(600);
    expect(state.groups.get('ledger')!.members).toContain('ledger-1');
    const rebalanced = all.findIndex(
      (e, i) => i >= index && e.type === 'rebalance.completed' && e.group === 'ledger',
    );
    const between = ofType(all.slice(index, rebalanced), 'records.fetched').filter(
      (e) => e.group === 'ledger' && e.partition !== 2,
    );
    expect(between).toEqual([]);
  });

  it('scene 8: after the 300 ms session timeout, generation 2 gives ledger-2 everything, from the committed offsets 11 and 6', () => {
    const { events, state, all } = at(8);
    const left = ofType(events, 'member.left').find((e) => e.member === 'ledger-1')!;
    expect(left).toMatchObject({ at: 900, reason: 'sessionTimeout' });
    expect(state.groups.get('ledger')!.generation).toBe(2);
    expect(state.groups.get('ledger')!.assignment['ledger-2'].map((tp) => tp.partition)).toEqual([
      0, 1, 2,
    ]);
    const positioned = ofType(events, 'consumer.positioned').filter(
      (e) => e.consumer === 'ledger-2' && e.from === 'committed',
    );
    expect(positioned.filter((p) => p.partition !== 2).map((p) => [p.partition, p.offset])).toEqual(
      [
        [0, 11],
        [1, 6],
      ],
    );
    for (const p of positioned) expect(p.offset).toBe(committed(state, 'ledger', p.partition));
    expect(at(9).checks.processedAtMostOnce).toBe('holds');
    expect(
      ofType(all, 'records.processed').filter((e) => e.consumer === 'ledger-1' && e.at > 600),
    ).toEqual([]);
  });

  it('scene 9: audit replays all sixty balances from offset 0 and arrives at the same balance per account as ledger', () => {
    const { events, state, checks } = at(9);
    const audit = ofType(events, 'consumer.positioned').filter((e) => e.group === 'audit');
    expect(audit.map((e) => [e.partition, e.offset, e.from])).toEqual([
      [0, 0, 'earliest'],
      [1, 0, 'earliest'],
      [2, 0, 'earliest'],
    ]);
    expect(audit[0].at).toBeGreaterThanOrEqual(1500);
    const replayed = ofType(events, 'records.processed').filter((e) => e.group === 'audit');
    expect(replayed.flatMap((e) => e.recordIds)).toHaveLength(60);
    const truth = new Map(appended(events, 'balances').map((r) => [r.record.key!, r.record.value]));
    expect(latestBalances(events, 'audit')).toEqual(truth);
    expect(latestBalances(events, 'ledger')).toEqual(truth);
    for (const p of state.topics.get('balances')!.partitions) {
      expect(committed(state, 'audit', p.partition)).toBe(p.logEndOffset);
      expect(committed(state, 'ledger', p.partition)).toBe(p.logEndOffset);
    }
    expect(checks.processedAtLeastOnce).toBe('holds');
  });
});
