import { describe, expect, it } from 'vitest';
import { readYourWrites } from '../simulator/checks/index.ts';
import { isAccountEvent } from '../simulator/eventsourcing/domain.ts';
import { foldAll } from '../simulator/eventsourcing/folds.ts';
import { readModelCommitted } from './read-model-helpers.ts';
import { readModelsAt } from '../site/lib/views/read-models-at.ts';
import { exampleScenario } from '../simulator/test/engine-helpers.ts';
import { restoreTimes } from '../simulator/eventsourcing/restore-times.ts';
import { ofType, sceneRuns } from './scene-runs.ts';
import { scenes } from './07-cqrs-and-derived-views.scenes.ts';

const { at } = sceneRuns(scenes);
const lagOf = (view: ReturnType<typeof readModelsAt>, name: string) =>
  view.readModels.find((r) => r.name === name)!;

describe('chapter 7: CQRS and derived views', () => {
  it('numbers its scenes 1..n, every scene lands on an event, and the last is free play', () => {
    expect(scenes.map((s) => s.n)).toEqual(scenes.map((_, i) => i + 1));
    for (const s of scenes) expect(() => at(s.n), `scene ${s.n}`).not.toThrow();
    expect(scenes.at(-1)!.title).toBe('Free play');
  });

  it('scene 1: balances is level with the log, activity 2 events behind, totals 3, its oldest waiting almost 200 ms', () => {
    const { all, index } = at(1);
    const view = readModelsAt(all, index);
    expect(lagOf(view, 'balances').lagRecords).toBe(0);
    expect(lagOf(view, 'activity').lagRecords).toBe(2);
    expect(lagOf(view, 'totals').lagRecords).toBe(3);
    expect(lagOf(view, 'totals').lagMs).toBeGreaterThan(150);
    expect(lagOf(view, 'totals').lagMs).toBeLessThan(200);
  });

  it("scene 2: alice's answer comes from behind her own accepted write", () => {
    const { events, checks } = at(2);
    const answer = events.at(-1)!;
    expect(answer).toMatchObject({ type: 'query.answered', client: 'alice', outcome: 'answered' });
    expect(checks.readYourWrites).toBe('broken');
    const accepted = ofType(events, 'command.accepted')
      .filter((e) => e.client === 'alice')
      .at(-1)!;
    if (answer.type !== 'query.answered') throw new Error('not an answer');
    expect(answer.position).toBeLessThanOrEqual(accepted.offset);
  });

  it('scene 3: bob, with a token, never reads from behind his write, and waits longer than alice', () => {
    const { all, events } = at(3);
    expect(
      ofType(events, 'query.sent')
        .filter((e) => e.client === 'bob')
        .every((e) => e.token !== null),
    ).toBe(true);
    const withoutAlice = all.filter((e) => !('client' in e) || e.client !== 'alice');
    expect(readYourWrites(withoutAlice)).toEqual({ ok: true });
    const latency = (client: string) =>
      ofType(all, 'query.answered')
        .filter((e) => e.client === client)
        .map((e) => e.latencyMs);
    expect(Math.max(...latency('alice'))).toBe(4);
    expect(Math.min(...latency('bob'))).toBeGreaterThan(4);
    expect(Math.max(...latency('bob'))).toBeLessThan(300);
  });

  it('scene 4: the buggy fold shows b2 lower than the fixed fold of the log, by refunds that are in the log', () => {
    const { events, index, all } = at(4);
    const committed = readModelCommitted(all, index).filter(isAccountEvent);
    expect(committed.some((e) => e.type === 'TransferRefunded' && e.account === 'b2')).toBe(true);
    const fixed = foldAll('balances', committed).get('b2') as { balance: number };
    const shown = readModelsAt(all, index).readModels.find((r) => r.name === 'balances')!;
    expect(shown.fold).toBe('balancesIgnoringRefunds');
    const b2 = ofType(events, 'projection.applied')
      .filter((e) => e.readModel === 'balances' && e.rowKey === 'b2')
      .at(-1)!;
    expect((b2.row as { balance: number }).balance).toBeLessThan(fixed.balance);
  });

  it('scene 5: version 2 is rebuilding from offset zero while version 1 still serves', () => {
    const { all, index } = at(5);
    const view = readModelsAt(all, index);
    const v2 = view.readModels.find((r) => r.name === 'balances@v2')!;
    expect(v2.status).toBe('rebuilding');
    expect(v2.progress).toBeGreaterThan(0);
    expect(v2.progress).toBeLessThan(1);
    expect(view.readModels.find((r) => r.name === 'balances')!.status).toBe('serving');
  });

  it('scene 6: queries switch to version 2, version 1 is gone, and b2 counts its refunds', () => {
    const { all, index, events } = at(6);
    const view = readModelsAt(all, index);
    expect(view.readModels.map((r) => r.name)).not.toContain('balances');
    expect(view.readModels.find((r) => r.name === 'balances@v2')!.status).toBe('serving');
    const committed = readModelCommitted(all, index).filter(isAccountEvent);
    const b2 = ofType(events, 'projection.applied')
      .filter((e) => e.readModel === 'balances@v2' && e.rowKey === 'b2')
      .at(-1)!;
    const appliedUpTo = committed
      .filter((e) => e.account === 'b2')
      .slice(0, (b2.row as { events: number }).events);
    expect(b2.row).toEqual(foldAll('balances', appliedUpTo).get('b2'));
  });

  it('scene 7: balanceTable is a Kafka Streams table on tables-1, answering bob from its store; balanceRows a database table whose crashed batch comes again and skips what it applied; balances level, the table 1 event behind, activity 2, 60 ms, balanceRows 4, 172 ms; some answers read past the last commit', () => {
    const { all, index, events } = at(7);
    expect(ofType(events, 'topology.described').map((e) => e.application)).toContain(
      'balanceTable-table',
    );
    expect(ofType(events, 'topic.created').map((e) => e.topic)).toContain(
      'balanceTable-table-balanceTable-changelog',
    );
    expect(
      ofType(events, 'task.assigned')
        .filter((e) => e.instance === 'tables-1')
        .map((e) => e.task),
    ).toEqual(['0_0', '0_1']);
    expect(
      ofType(all, 'record.appended').some(
        (e) => e.topic === 'balanceTable-table-balanceTable-changelog' && e.transactional,
      ),
    ).toBe(true);
    const bobs = ofType(events, 'query.sent').filter((e) => e.client === 'bob');
    expect(bobs.length).toBeGreaterThan(0);
    expect(bobs.every((e) => e.host === 'tables-1' && e.readModel === 'balanceTable')).toBe(true);
    const view = readModelsAt(all, index);
    expect(lagOf(view, 'balances')).toMatchObject({ home: 'memory', lagRecords: 0 });
    expect(lagOf(view, 'balanceTable')).toMatchObject({ home: 'streamsTable', lagRecords: 1 });
    expect(lagOf(view, 'activity')).toMatchObject({ home: 'memory', lagRecords: 2, lagMs: 60 });
    expect(lagOf(view, 'balanceTable').lagMs).toBe(60);
    expect(lagOf(view, 'balanceRows')).toMatchObject({
      home: 'database',
      lagRecords: 4,
      lagMs: 172,
    });
    const failed = ofType(all, 'function.failed').filter((e) => e.function === 'projectBalances');
    expect(failed.map((e) => [e.at, e.reason])).toEqual([[730, 'crash']]);
    const retry = ofType(all, 'function.invoked').find(
      (e) => e.function === 'projectBalances' && e.attempt === 2,
    )!;
    expect(retry.at).toBe(834);
    const appliedBefore = ofType(all, 'projection.applied').filter(
      (e) => e.host === 'projectBalances' && e.at <= 730 && e.partition === retry.partition,
    );
    const skipped = appliedBefore.at(-1)!.offset;
    expect(retry.offsets).toContain(skipped);
    expect(
      ofType(all, 'projection.applied').filter(
        (e) =>
          e.host === 'projectBalances' && e.partition === retry.partition && e.offset === skipped,
      ),
    ).toHaveLength(1);
    const committed = new Map<number, number>();
    let dirty = 0;
    for (const e of events) {
      if (e.type === 'instance.committed' && e.instance === 'tables-1')
        for (const o of e.offsets) committed.set(o.partition, o.offset);
      if (e.type === 'query.answered' && e.client === 'bob' && e.outcome === 'answered')
        if (e.position > (committed.get(e.partition) ?? 0)) dirty++;
    }
    expect(dirty).toBeGreaterThan(0);
  });

  it('scene 8: tables-1 crashed at 900 and restarted at 910; while it restores, bob’s query is refused with InvalidStateStoreException, alice’s are answered; after 1134 ms bob’s are answered again, the first (1154 ms) stale', () => {
    const { all, index, events } = at(8);
    expect(ofType(events, 'actor.crashed')).toMatchObject([{ actor: 'tables-1', at: 900 }]);
    expect(ofType(events, 'actor.restarted')).toMatchObject([{ actor: 'tables-1', at: 910 }]);
    const refused = events.at(-1)!;
    expect(refused).toMatchObject({
      type: 'query.answered',
      client: 'bob',
      outcome: 'unavailable',
      error:
        'InvalidStateStoreException: Cannot get state store balanceTable because the stream thread is PARTITIONS_ASSIGNED, not RUNNING',
    });
    expect(
      ofType(events, 'task.restoring').filter((e) => e.instance === 'tables-1' && e.at > 910),
    ).toHaveLength(2);
    expect(lagOf(readModelsAt(all, index), 'balanceTable').status).toBe('restoring');
    const restores = restoreTimes(all).filter(
      (r) => r.instance === 'tables-1' && r.startedAtMs > 910,
    );
    const back = Math.max(...restores.map((r) => r.restoredAtMs));
    expect(back).toBe(1134);
    const answers = ofType(all, 'query.answered');
    expect(
      answers.some(
        (e) => e.client === 'alice' && e.outcome === 'answered' && e.at > 910 && e.at < back,
      ),
    ).toBe(true);
    const bobDuring = answers.filter((e) => e.client === 'bob' && e.at > 910 && e.at < back);
    expect(bobDuring.every((e) => e.outcome === 'unavailable')).toBe(true);
    const bobAfter = answers.filter((e) => e.client === 'bob' && e.at > back);
    expect(bobAfter.length).toBeGreaterThan(0);
    expect(bobAfter.every((e) => e.outcome === 'answered')).toBe(true);
    const verdict = readYourWrites(all);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok)
      expect(verdict.event).toMatchObject({
        type: 'query.answered',
        client: 'bob',
        readModel: 'balanceTable',
        at: 1154,
      });
    expect(bobAfter[0].at).toBe(1154);
    const scenario = exampleScenario('accounts-read-model-homes');
    expect(
      scenario.accounts!.readModels.find((r) => r.name === 'balanceTable')!.restoreRecordMs,
    ).toBe(25);
  });

  it('scene 9: free play starts at the beginning', () => {
    expect(at(9).index).toBe(0);
  });
});
