import { describe, expect, it } from 'vitest';
import { readYourWrites } from '../simulator/checks/index.ts';
import { isAccountEvent } from '../simulator/eventsourcing/domain.ts';
import { foldAll } from '../simulator/eventsourcing/folds.ts';
import { readModelCommitted } from './read-model-helpers.ts';
import { readModelsAt } from '../site/lib/views/read-models-at.ts';
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

  it('scene 7: free play starts at the beginning', () => {
    expect(at(7).index).toBe(0);
  });
});
