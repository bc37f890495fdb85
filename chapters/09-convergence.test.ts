import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { completedInJournal, rerunSteps } from '../simulator/checks/index.ts';
import { compareDesigns, crossover } from '../simulator/compare/index.ts';
import { parseScenario } from '../simulator/scenario/load.ts';
import type { TraceEvent } from '../simulator/trace/events.ts';
import { scenes } from './09-convergence.scenes.ts';
import { ofType, sceneRuns } from './scene-runs.ts';

const { at } = sceneRuns(scenes);
const ORDERS = ['orders/0/0', 'orders/0/1', 'orders/0/2', 'orders/0/3'];
const STEPS = ['chargePayment', 'reserveStock', 'createShipment', 'sendEmail'];

/** The calls that reached the called services (side-effects), as `invocation#step`, in order. */
const calls = (events: readonly TraceEvent[]) =>
  ofType(events, 'record.appended')
    .filter((e) => e.topic === 'side-effects')
    .map((e) => {
      const v = e.record.value as { invocation: string; step: string };
      return `${v.invocation}#${v.step}`;
    });
/** The journal's entries, as `kind` or `step:<name>`, for one invocation. */
const journalOf = (events: readonly TraceEvent[], invocation: string) =>
  ofType(events, 'record.appended')
    .filter((e) => e.topic === 'order-workflow-journal' && e.record.key === invocation)
    .map((e) => {
      const v = e.record.value as { kind: string; step?: string };
      return v.kind === 'step' ? `step:${v.step}` : v.kind;
    });
const count = <T>(xs: readonly T[], x: T) => xs.filter((y) => y === x).length;

describe('chapter 9: convergence', () => {
  it('numbers its scenes 1..n, every scene lands on an event, and free play is last', () => {
    expect(scenes.map((s) => s.n)).toEqual(scenes.map((_, i) => i + 1));
    for (const s of scenes) expect(() => at(s.n), `scene ${s.n}`).not.toThrow();
    expect(scenes.at(-1)).toMatchObject({ title: 'Free play', position: { start: true } });
  });

  it('scene 1: a crash in step 1 before the charge took effect; the journal held only the invocation; order-1 finished with each call once', () => {
    const { events } = at(1);
    const crashes = ofType(events, 'actor.crashed');
    expect(crashes.map((e) => e.at)).toEqual([46]);
    expect(ofType(events, 'actor.restarted').map((e) => e.at)).toEqual([146]);
    const started = ofType(events, 'durable.stepStarted');
    expect(started[0]).toMatchObject({ invocation: 'orders/0/0', step: 'chargePayment' });
    expect(calls(events.filter((e) => e.at <= 46))).toEqual([]);
    const recovered = ofType(events, 'durable.recovered')[1];
    expect(recovered).toMatchObject({ entries: 1, resumed: ['orders/0/0'] });
    expect(ofType(events, 'durable.stepReplayed')).toEqual([]);
    expect(journalOf(events, 'orders/0/0')).toEqual([
      'invoked',
      ...STEPS.map((s) => `step:${s}`),
      'completed',
    ]);
    expect(calls(events)).toEqual(STEPS.map((s) => `orders/0/0#${s}`));
    expect(events.at(-1)).toMatchObject({ type: 'durable.completed', invocation: 'orders/0/0' });
  });

  it('scene 2: order-2 crashed in step 2 after step 1 was journaled; the retry replays step 1 and runs step 2, whose first call had not taken effect', () => {
    const { events } = at(2);
    const crash = ofType(events, 'actor.crashed')[1];
    expect(crash.at).toBe(472);
    const before = events.filter((e) => e.at <= crash.at);
    const journaledBefore = ofType(before, 'durable.stepJournaled').filter(
      (e) => e.invocation === 'orders/0/1',
    );
    expect(journaledBefore.map((e) => e.step)).toEqual(['chargePayment']);
    expect(ofType(before, 'durable.stepStarted').at(-1)).toMatchObject({
      invocation: 'orders/0/1',
      step: 'reserveStock',
    });
    expect(calls(before).filter((c) => c.startsWith('orders/0/1'))).toEqual([
      'orders/0/1#chargePayment',
    ]);
    expect(ofType(events, 'actor.restarted').at(-1)?.at).toBe(572);
    expect(ofType(events, 'durable.recovered').at(-1)?.resumed).toEqual(['orders/0/1']);
    expect(ofType(events, 'durable.stepReplayed')).toMatchObject([
      { invocation: 'orders/0/1', step: 'chargePayment' },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'durable.stepStarted', step: 'reserveStock' });
    expect(rerunSteps(events)).toEqual([]);
  });

  it('scene 3: four crashes, one in each step; every order finished, every call made once, the checks hold', () => {
    const { events, all, checks } = at(3);
    expect(events).toHaveLength(all.length);
    const crashes = ofType(events, 'actor.crashed').map((e) => e.at);
    expect(crashes).toEqual([46, 472, 922, 1348]);
    // Each crash fell in a different step of a different order.
    const stepAtCrash = crashes.map((t) => {
      const s = ofType(
        events.filter((e) => e.at <= t),
        'durable.stepStarted',
      ).at(-1)!;
      return [s.invocation, s.index];
    });
    expect(stepAtCrash).toEqual(ORDERS.map((o, i) => [o, i]));
    expect([...completedInJournal(events)].sort()).toEqual(ORDERS);
    const made = calls(events);
    expect(made).toHaveLength(16);
    for (const o of ORDERS) for (const s of STEPS) expect(count(made, `${o}#${s}`)).toBe(1);
    const replayed = ofType(events, 'durable.stepReplayed');
    expect(ORDERS.map((o) => replayed.filter((e) => e.invocation === o).length)).toEqual([
      0, 1, 2, 3,
    ]);
    expect(rerunSteps(events)).toEqual([]);
    expect(checks.exactlyOnceCommitted).toBe('holds');
  });

  it('scene 4: without the journal the retried orders run from step 1: six calls made twice, the first order-2 charge', () => {
    const { events, all, checks } = at(4);
    expect(checks.exactlyOnceCommitted).toBe('broken');
    expect(calls([events.at(-1)!])).toEqual(['orders/0/1#chargePayment']);
    expect(ofType(all, 'durable.stepReplayed')).toEqual([]);
    const made = calls(all);
    const twice = [...new Set(made)].filter((c) => count(made, c) === 2);
    expect(twice.sort()).toEqual(
      [
        'orders/0/1#chargePayment',
        'orders/0/2#chargePayment',
        'orders/0/2#reserveStock',
        'orders/0/3#chargePayment',
        'orders/0/3#reserveStock',
        'orders/0/3#createShipment',
      ].sort(),
    );
    expect(made.every((c) => count(made, c) <= 2)).toBe(true);
    expect([...completedInJournal(all)].sort()).toEqual(ORDERS);
  });

  it('what each design costs: one invocation per order, no database, a journal entry per step, a cost that grows with the load', () => {
    const text = readFileSync(
      new URL('../simulator/scenarios/compare/order-workflow.json', import.meta.url),
      'utf8',
    );
    const parsed = parseScenario(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const designs = Object.fromEntries(
      compareDesigns(parsed.scenario).designs.map((d) => [d.name, d]),
    );
    const orders = parsed.scenario.producers[0].workload.generators[0].count;
    expect(designs.durable.invocations).toBe(orders);
    expect(designs.functions.invocations).toBeGreaterThan(2 * orders);
    expect(designs.durable.dbReads + designs.durable.dbWrites).toBe(0);
    expect(designs.durable.cost.databaseUsd).toBe(0);
    expect(designs.functions.cost.databaseUsd).toBeGreaterThan(0);
    expect(designs.durable.cost.brokerUsd).toBeGreaterThan(designs.functions.cost.brokerUsd);
    const load = crossover(parsed.scenario, [1, 50]).designs.find((d) => d.name === 'durable')!;
    expect(load.points[1].cost.usdPerHour).toBeGreaterThan(load.points[0].cost.usdPerHour);
    expect(load.points[0].cost.functionsUsd).toBeLessThan(load.points[1].cost.functionsUsd / 10);
  });
});
