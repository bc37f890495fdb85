import type { NamedVerdict } from '../../../simulator/checks/index.ts';
import {
  parseScenario,
  validateScenario,
  type ScenarioError,
} from '../../../simulator/scenario/load.ts';
import type { FaultSpec, Scenario } from '../../../simulator/scenario/schema.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { runPrepared, type PreparedScenario } from './run-prepared.ts';

export { needsServerless } from './needs-serverless.ts';

/**
 * What the site asks of the engine: a scenario file's text, an optional seed, and the faults a
 * person added by hand ("fork from here"). Everything goes through the engine's own loader, so a
 * pasted file or a link gets exactly the errors the command line would give, with their paths.
 */
export interface RunRequest {
  /** The scenario file's text (from the library, a paste, an upload or a link). */
  scenarioText: string;
  /** Run with this seed instead of the scenario's; null keeps the file's. */
  seed: number | null;
  /** Faults added to the scenario's schedule, after its own. */
  faults: readonly FaultSpec[];
  /**
   * The same scenario already loaded and checked (a library scenario, when the site was built):
   * with no added faults the worker runs it as is and never downloads the loader and zod.
   */
  prepared?: PreparedScenario;
}

/** A run's outcome: the trace and its checks, or every error that stopped it. */
export type RunOutcome =
  | {
      ok: true;
      /**
       * What the workbench shows of the run: the scenario's name and length (a scenario file's
       * run carries the whole scenario as run, defaults filled in and added faults appended).
       */
      scenario: Pick<Scenario, 'name' | 'durationMs'>;
      /** The seed used. */
      seed: number;
      /** The whole trace. */
      events: TraceEvent[];
      /** The log checks over the whole trace. */
      verdicts: NamedVerdict[];
      /** Legal but probably unintended things in the scenario. */
      warnings: ScenarioError[];
    }
  | {
      ok: false;
      /** Every problem, each named by its JSON pointer. */
      errors: ScenarioError[];
    };

/** The scenario to run: the file's, with the added faults validated as part of its schedule. */
export function prepareScenario(
  request: RunRequest,
):
  | { ok: true; scenario: Scenario; warnings: ScenarioError[] }
  | { ok: false; errors: ScenarioError[] } {
  const loaded = parseScenario(request.scenarioText);
  if (!loaded.ok) return { ok: false, errors: loaded.errors };
  if (request.faults.length === 0) return loaded;
  const own = loaded.scenario.faults.length;
  const combined = validateScenario({
    ...loaded.scenario,
    faults: [...loaded.scenario.faults, ...request.faults],
  });
  if (combined.ok) return combined;
  // Name added faults as such: their index in the file's schedule would point nowhere.
  return {
    ok: false,
    errors: combined.errors.map((error) => ({
      ...error,
      path: error.path.replace(/^\/faults\/(\d+)/, (whole, n: string) =>
        Number(n) >= own ? `/addedFaults/${Number(n) - own}` : whole,
      ),
    })),
  };
}

/** Loads, runs and checks. Pure and deterministic: the worker and the tests call this. */
export function runRequest(request: RunRequest): RunOutcome {
  const prepared = prepareScenario(request);
  if (!prepared.ok) return prepared;
  return runPrepared(prepared, request.seed);
}
