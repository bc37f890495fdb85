import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenario/run.ts';
import { scenarioSchema, type Scenario } from '../scenario/schema.ts';
import { exampleScenarios } from '../test/run-scenarios.ts';
import { builtinFunction } from './functions.ts';

const example: Scenario = exampleScenarios().find(
  (s) => s.name === 'statefun-page-views',
)!.scenario;

/** The latest count per user that a read_committed reader of views-per-user ends with. */
function finalCounts(scenario: Scenario): Map<string, number> {
  const result = runScenario(scenario);
  const last = new Map<string, number>();
  for (const p of result.readCommitted['views-per-user'])
    for (const v of p.records) last.set(v.record.key!, v.record.value as number);
  return last;
}

describe('stateful functions on the log', () => {
  it('count every page view exactly once per user across a crash mid-transaction', () => {
    const counts = finalCounts(example);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(100);
  });

  it('give the same final counts with and without the crash', () => {
    const withoutFaults = scenarioSchema.parse({ ...example, faults: [] });
    expect(finalCounts(example)).toEqual(finalCounts(withoutFaults));
  });

  it("trace each invocation and each state write with the function's address", () => {
    const result = runScenario(scenarioSchema.parse({ ...example, faults: [] }));
    const invoked = result.events.filter((e) => e.type === 'statefun.invoked');
    const written = result.events.filter((e) => e.type === 'statefun.stateWritten');
    expect(invoked.length).toBe(100);
    expect(written.length).toBe(100);
    expect(new Set(invoked.map((e) => (e.type === 'statefun.invoked' ? e.address : '')))).toEqual(
      new Set(['user/ada', 'user/bob', 'user/cy', 'user/dee']),
    );
  });

  it("carry messages between functions through the log, keyed by the receiver's address", () => {
    const scenario = scenarioSchema.parse({
      ...example,
      faults: [],
      statefulFunctions: [
        {
          ...example.statefulFunctions[0],
          ingress: [{ topic: 'page-views', functionType: 'inbox' }],
          functions: [
            { type: 'inbox', builtin: 'forwardTo', params: { type: 'user' } },
            { type: 'user', builtin: 'countPerId', params: { output: 'views-per-user' } },
          ],
        },
      ],
    });
    const result = runScenario(scenario);
    const sent = result.events.filter((e) => e.type === 'statefun.messageSent');
    expect(sent.length).toBe(100);
    const viaLog = result.events.filter(
      (e) => e.type === 'record.appended' && e.topic === 'view-functions-statefun-messages',
    );
    expect(viaLog.length).toBe(200); // 100 from the router, 100 sent by inbox functions
    expect(finalCounts(scenario)).toEqual(
      finalCounts(scenarioSchema.parse({ ...example, faults: [] })),
    );
  });

  it('match an order with its payment whichever arrives first, and clear the waiting state', () => {
    const fn = builtinFunction('matchOrderWithPayment', { ordersTopic: 'orders', output: 'paid' });
    let state: unknown = null;
    const emitted: unknown[] = [];
    const ctx = (ingress: string) => ({
      self: { type: 'order', id: 'o1' },
      caller: null,
      ingress,
      timestampMs: 0,
      state: {
        get: () => state as never,
        set: (v: unknown) => void (state = v),
        clear: () => void (state = null),
      },
      send: () => {},
      emit: (_t: string, _k: string | null, v: unknown) => void emitted.push(v),
    });
    fn(ctx('payments') as never, { paid: 5 });
    expect(emitted).toEqual([]);
    fn(ctx('orders') as never, { total: 5 });
    expect(emitted).toEqual([{ left: { total: 5 }, right: { paid: 5 } }]);
    expect(state).toBeNull();
  });

  it('refuses an unknown built-in by name, listing the known ones', () => {
    expect(() => builtinFunction('nope')).toThrow(
      /Unknown stateful function "nope" \(known: countPerId/,
    );
  });
});
