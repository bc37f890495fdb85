import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenario/run.ts';
import { exampleScenarios } from './run-scenarios.ts';

/**
 * Determinism is the law: one scenario and one seed give one trace, byte for byte. These tests run
 * every example scenario under many seeds, twice each, and in different orders, so hidden state
 * (a module-level cache, an iteration order we do not define, a clock) shows up as a changed hash.
 */
const SEEDS = [0, 1, 2, 3, 7, 42, 1234, 99_999, 0xfffffffe];

describe('determinism', () => {
  const scenarios = exampleScenarios();

  it('ships example scenarios to check', () => {
    expect(scenarios.map((s) => s.name)).toContain('lost-ack-idempotent');
  });

  for (const { name, scenario } of scenarios) {
    it(`gives ${name} the same trace hash twice for every seed`, () => {
      for (const seed of SEEDS) {
        const first = runScenario(scenario, { seed });
        const second = runScenario(scenario, { seed });
        expect(second.traceHash, `seed ${seed}`).toBe(first.traceHash);
        expect(second.events.length).toBe(first.events.length);
      }
    });
  }

  it('gives the same hashes whatever ran before in the same process', () => {
    const forwards = scenarios.map(({ scenario }) => runScenario(scenario).traceHash);
    const backwards = [...scenarios]
      .reverse()
      .map(({ scenario }) => runScenario(scenario).traceHash)
      .reverse();
    expect(backwards).toEqual(forwards);
  });

  it('gives different traces for different seeds when the network has jitter', () => {
    const { scenario } = scenarios.find((s) => s.name === 'lost-ack-idempotent')!;
    const hashes = new Set(SEEDS.map((seed) => runScenario(scenario, { seed }).traceHash));
    expect(hashes.size).toBeGreaterThan(1);
  });

  it('serialises the trace to the same JSON twice (nothing but plain data in it)', () => {
    const { scenario } = scenarios.find((s) => s.name === 'txn-abort-on-crash')!;
    const a = JSON.stringify(runScenario(scenario).events);
    const b = JSON.stringify(runScenario(scenario).events);
    expect(b).toBe(a);
    expect(JSON.parse(a)).toEqual(runScenario(scenario).events);
  });
});
