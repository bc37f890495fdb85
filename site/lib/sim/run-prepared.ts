import {
  queueNothingLost,
  runAccountsChecks,
  runLogChecks,
} from '../../../simulator/checks/index.ts';
import type { ScenarioError } from '../../../simulator/scenario/load.ts';
import { runTrace } from '../../../simulator/scenario/run-scenario.ts';
import type { Scenario } from '../../../simulator/scenario/schema.ts';
import type { RunOutcome } from './prepare.ts';

/** A scenario the loader accepted (defaults filled in), with the loader's warnings. */
export interface PreparedScenario {
  scenario: Scenario;
  warnings: ScenarioError[];
}

/**
 * Runs and checks a scenario that is already loaded: the engine alone, without the loader (zod,
 * the scenario schema and its checks), so the simulation worker can run a chapter's scenario,
 * prepared when the site was built, without downloading them.
 */
export function runPrepared(prepared: PreparedScenario, seedOverride: number | null): RunOutcome {
  const { scenario, warnings } = prepared;
  const seed = seedOverride ?? scenario.seed;
  const events = runTrace(scenario, { seed });
  return {
    ok: true,
    scenario,
    seed,
    events,
    verdicts: [
      ...runLogChecks(events),
      ...(scenario.accounts
        ? runAccountsChecks(events, { eventsTopic: scenario.accounts.topics.events })
        : []),
      ...(scenario.serverless?.queues?.length
        ? [{ name: 'queueNothingLost' as const, verdict: queueNothingLost(events) }]
        : []),
    ],
    warnings,
  };
}
