import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAccountsChecks } from '../checks/index.ts';
import { runScenario } from '../scenario/run.ts';
import { scenarioSchema, type FaultSpec, type Scenario } from '../scenario/schema.ts';
import { checkProperty } from '../test/property.ts';
import { exampleScenario } from '../test/engine-helpers.ts';

/**
 * The event-sourced design under random workloads and faults: whatever crashes, restarts and pauses
 * the command processor's instances and the readers suffer, no balance goes below zero in the log,
 * every command's events are in it once, every read model is at every step the fold of the log up
 * to its position, and by the end every read model has applied the whole log.
 */
const FILE = 'simulator/eventsourcing/accounts.property.test.ts';
const base: Scenario = exampleScenario('accounts-event-sourced');
const targets = ['accounts-1', 'accounts-2', 'reader-1', 'reader-2'];

const fault: fc.Arbitrary<FaultSpec[]> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...targets),
      fc.integer({ min: 50, max: 1500 }),
      fc.integer({ min: 1, max: 400 }),
    )
    .map(([target, at, downMs]) => [
      { at, kind: 'crash', target } as FaultSpec,
      { at: at + downMs, kind: 'restart', target } as FaultSpec,
    ]),
  fc
    .tuple(
      fc.constantFrom(...targets),
      fc.integer({ min: 50, max: 1500 }),
      fc.integer({ min: 20, max: 600 }),
    )
    .map(([target, at, durationMs]) => [{ at, kind: 'pause', target, durationMs } as FaultSpec]),
);

interface Workload {
  seed: number;
  aliceCommands: number;
  bobCommands: number;
  maxAmount: number;
  faults: FaultSpec[];
}

const workload: fc.Arbitrary<Workload> = fc.record({
  seed: fc.integer({ min: 0, max: 0xffff }),
  aliceCommands: fc.integer({ min: 0, max: 25 }),
  bobCommands: fc.integer({ min: 0, max: 25 }),
  maxAmount: fc.integer({ min: 1, max: 200 }),
  faults: fc.array(fault, { minLength: 0, maxLength: 3 }).map((groups) => groups.flat()),
});

function scenarioOf(w: Workload): Scenario {
  const s = structuredClone(base);
  s.seed = w.seed;
  s.durationMs = 6000;
  s.accounts!.clients[0].commands = w.aliceCommands;
  s.accounts!.clients[1].commands = w.bobCommands;
  for (const c of s.accounts!.clients) c.maxAmount = w.maxAmount;
  s.faults = w.faults;
  return scenarioSchema.parse(s);
}

describe('event sourcing under random workloads and faults', () => {
  const name =
    'the invariant holds in the log and every read model is and ends as the fold of the log';
  it(name, () => {
    checkProperty(
      { file: FILE, name },
      workload,
      (w) => {
        const result = runScenario(scenarioOf(w));
        for (const { name: check, verdict } of runAccountsChecks(result.events)) {
          if (check === 'readYourWrites') continue; // no tokens here: stale reads are allowed
          if (!verdict.ok) throw new Error(`${check}, event ${verdict.index}: ${verdict.message}`);
        }
        const ends = result.readCommitted['account-events'].map(
          (p) => p.records.at(-1)?.offset ?? -1,
        );
        for (const readModel of ['balances', 'activity']) {
          const applied = result.events.filter(
            (e) => e.type === 'projection.applied' && e.readModel === readModel,
          );
          ends.forEach((last, partition) => {
            if (last < 0) return;
            const reached = applied
              .filter((e) => e.type === 'projection.applied' && e.partition === partition)
              .at(-1);
            expect(
              reached && reached.type === 'projection.applied' ? reached.offset : -1,
              `${readModel} p${partition}`,
            ).toBe(last);
          });
        }
      },
      { numRuns: 15 },
    );
  });
});
