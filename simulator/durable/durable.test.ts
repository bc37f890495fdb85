import { describe, expect, it } from 'vitest';
import { completedInJournal, journaledStepsNotRerun, rerunSteps } from '../checks/index.ts';
import { runDesign } from '../compare/compare.ts';
import type { EventOf, TraceEvent } from '../trace/events.ts';
import { buildWorld } from '../scenario/build.ts';
import type { DurableHandler } from './handler.ts';
import { ORDER_STEPS, orderWorkflow } from './test-scenario.ts';

const run = (faults: Parameters<typeof orderWorkflow>[0], journal = true) =>
  runDesign(orderWorkflow(faults, journal), 9);
const ofType = <T extends TraceEvent['type']>(events: readonly TraceEvent[], type: T) =>
  events.filter((e): e is EventOf<T> => e.type === type);
const crashAt = (at: number, downMs = 100) => [
  { at, kind: 'crash' as const, target: 'handler-1' },
  { at: at + downMs, kind: 'restart' as const, target: 'handler-1' },
];

describe('the durable-execution runtime', () => {
  const clean = run([]);

  it('runs each step of each invocation once, in order, journaling each before the next', () => {
    const invoked = ofType(clean, 'durable.invoked').map((e) => e.invocation);
    expect(invoked).toHaveLength(12);
    const started = ofType(clean, 'durable.stepStarted');
    expect(started).toHaveLength(12 * ORDER_STEPS.length);
    for (const id of invoked) {
      const mine = clean.filter((e) => 'invocation' in e && e.invocation === id).map((e) => e.type);
      const oneStep = ['durable.stepStarted', 'durable.stepEffect', 'durable.stepJournaled'];
      expect(mine).toEqual([
        'durable.invoked',
        ...ORDER_STEPS.flatMap(() => oneStep),
        'durable.completed',
      ]);
    }
    const effects = clean.filter((e) => e.type === 'record.appended' && e.topic === 'side-effects');
    expect(effects).toHaveLength(12 * ORDER_STEPS.length);
    expect(completedInJournal(clean).size).toBe(12);
  });

  it('after a crash, replays the journaled steps of unfinished invocations and runs only the rest', () => {
    const events = run(crashAt(300));
    const recovered = ofType(events, 'durable.recovered').at(-1)!;
    expect(recovered.resumed.length).toBeGreaterThan(0);
    const replayed = ofType(events, 'durable.stepReplayed');
    expect(replayed.length).toBeGreaterThan(0);
    for (const r of replayed) expect(recovered.resumed).toContain(r.invocation);
    expect(journaledStepsNotRerun(events)).toEqual({ ok: true });
    expect(rerunSteps(events)).toEqual([]);
    expect(completedInJournal(events).size).toBe(12);
  });

  it('without journaling, the same crash runs the steps that had taken effect again', () => {
    const events = run(crashAt(300), false);
    expect(ofType(events, 'durable.stepReplayed')).toEqual([]);
    const recovered = ofType(events, 'durable.recovered').at(-1)!;
    const crash = events.findIndex((e) => e.type === 'actor.crashed');
    const effectedBefore = ofType(events.slice(0, crash), 'durable.stepEffect').filter((e) =>
      recovered.resumed.includes(e.invocation),
    );
    expect(effectedBefore.length).toBeGreaterThan(0);
    expect(rerunSteps(events).map((r) => [r.invocation, r.index])).toEqual(
      expect.arrayContaining(effectedBefore.map((e) => [e.invocation, e.index])),
    );
    expect(completedInJournal(events).size).toBe(12);
  });

  it('repeats a call that took effect when the crash comes before its answer: steps are at-least-once', () => {
    // The first effect of the fault-free run: its answer is on the wire 1 ms before it arrives.
    const effect = ofType(clean, 'durable.stepEffect')[0];
    const events = run(crashAt(effect.at - 1));
    const reruns = rerunSteps(events);
    expect(reruns.map((r) => [r.invocation, r.index, r.wasJournaled])).toEqual([
      [effect.invocation, effect.index, false],
    ]);
    expect(journaledStepsNotRerun(events)).toEqual({ ok: true });
  });

  it('gives the same trace for the same scenario and seed', () => {
    expect(run(crashAt(300))).toEqual(run(crashAt(300)));
  });

  it("runs a handler's own code: a retry replays its ctx.run calls and makes its direct calls again", () => {
    // Charge through ctx.run, then email directly, then ship through ctx.run.
    const handler: DurableHandler = function* (_input, ctx) {
      yield* ctx.run('chargePayment');
      yield* ctx.call('sendEmail');
      yield* ctx.run('createShipment');
    };
    const scenario = orderWorkflow(crashAt(100), true, 1);
    const world = buildWorld(scenario, { durableHandlers: { 'order-workflow': handler } });
    world.runUntil(scenario.durationMs);
    const events = world.trace;
    const effected = ofType(events, 'durable.stepEffect').map((e) => `${e.index}:${e.step}`);
    // The crash (100 ms) came during createShipment: chargePayment is replayed, sendEmail made twice.
    expect(effected).toEqual(['0:chargePayment', '1:sendEmail', '1:sendEmail', '2:createShipment']);
    expect(ofType(events, 'durable.stepReplayed').map((e) => e.step)).toEqual(['chargePayment']);
    expect(rerunSteps(events).map((r) => [r.step, r.wasJournaled])).toEqual([['sendEmail', false]]);
    expect(completedInJournal(events).size).toBe(1);
  });
});
