import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameCommittedOutput } from '../checks/index.ts';
import { runScenario } from '../scenario/run.ts';
import { scenarioSchema, type FaultSpec, type Scenario } from '../scenario/schema.ts';
import { checkProperty } from '../test/property.ts';
import { exampleScenarios } from '../test/run-scenarios.ts';

/**
 * Stateful functions keep exactly-once under random faults: whatever crashes, restarts, pauses or
 * cuts the instances suffer, what a read_committed reader ends with equals the run without faults.
 */
const FILE = 'simulator/statefun/statefun-properties.test.ts';
const base: Scenario = exampleScenarios().find((s) => s.name === 'statefun-page-views')!.scenario;
const instances = base.statefulFunctions[0].instances;

const fault: fc.Arbitrary<FaultSpec[]> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...instances),
      fc.integer({ min: 50, max: 900 }),
      fc.integer({ min: 1, max: 500 }),
    )
    .map(([target, at, downMs]) => [
      { at, kind: 'crash', target } as FaultSpec,
      { at: at + downMs, kind: 'restart', target } as FaultSpec,
    ]),
  fc
    .tuple(
      fc.constantFrom(...instances),
      fc.integer({ min: 50, max: 900 }),
      fc.integer({ min: 20, max: 1200 }),
    )
    .map(([target, at, durationMs]) => [{ at, kind: 'pause', target, durationMs } as FaultSpec]),
  fc
    .tuple(
      fc.constantFrom(...instances),
      fc.integer({ min: 50, max: 900 }),
      fc.integer({ min: 20, max: 600 }),
    )
    .map(([instance, at, durationMs]) => [
      {
        at,
        kind: 'partition',
        between: [instance, 'broker'],
        oneWay: false,
        durationMs,
      } as FaultSpec,
    ]),
);

describe('stateful functions under random faults', () => {
  const name = 'stateful functions commit exactly the output of the run without faults';
  it(name, () => {
    const scenario = (faults: FaultSpec[]) =>
      scenarioSchema.parse({ ...base, durationMs: 4000, faults });
    const reference = runScenario(scenario([])).events;
    checkProperty(
      { file: FILE, name },
      fc.array(fault, { minLength: 1, maxLength: 3 }).map((groups) => groups.flat()),
      (faults) => {
        const faulty = runScenario(scenario(faults)).events;
        const verdict = sameCommittedOutput(faulty, reference, 'views-per-user', 'exact');
        if (!verdict.ok) throw new Error(`event ${verdict.index}: ${verdict.message}`);
        expect(verdict.ok).toBe(true);
      },
      { numRuns: 20 },
    );
  });
});
