import {
  compareDesigns,
  designScenario,
  type ComparisonResult,
  type DesignResult,
} from '../../../simulator/compare/index.ts';
import { crossover, CrossoverError, type Crossover } from '../../../simulator/compare/crossover.ts';
import { parseScenario, type ScenarioError } from '../../../simulator/scenario/load.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import type { LinkState } from '../link/link-state.ts';
import type { ViewName } from './view-names.ts';

/**
 * A comparison with, per design, the sandbox state that replays its run at its first violation,
 * and the trace of its run with the faults (for the side-by-side replay).
 */
export type ComparisonOutcome =
  | {
      ok: true;
      result: ComparisonResult;
      links: (LinkState | null)[];
      /** Each design's run with the faults, in the order of `result.designs`. */
      traces: TraceEvent[][];
    }
  | { ok: false; errors: ScenarioError[] };

const VIEW_OF: Record<DesignResult['kind'], ViewName> = {
  serverless: 'serverless',
  streams: 'processor',
  statefun: 'processor',
  durable: 'log',
  mixed: 'log',
};

/**
 * Runs every design of a comparison file (each with and without its faults) and makes each first
 * violation a sandbox link: the design as a scenario of its own (the file's shared parts plus the
 * design, with the faults that apply to it), the same seed, the playhead just past the event.
 */
export function runComparison(text: string, seed: number | null): ComparisonOutcome {
  const loaded = parseScenario(text);
  if (!loaded.ok) return { ok: false, errors: loaded.errors };
  const scenario = loaded.scenario;
  if (!scenario.designs || scenario.designs.length === 0) {
    return {
      ok: false,
      errors: [{ path: '/designs', message: 'this file has no designs to compare' }],
    };
  }
  const traces: TraceEvent[][] = [];
  const result = compareDesigns(scenario, {
    ...(seed === null ? {} : { seed }),
    onTraces: (_design, faulty) => traces.push([...faulty]),
  });
  const links = scenario.designs.map((design, i): LinkState | null => {
    const violation = result.designs[i].firstViolation;
    if (!violation) return null;
    return {
      v: 1,
      scenario: { text: JSON.stringify(designScenario(scenario, design, true), null, 2) },
      seed: result.seed,
      faults: [],
      index: violation.index + 1,
      view: VIEW_OF[result.designs[i].kind],
      actor: null,
    };
  });
  return { ok: true, result, links, traces };
}

/** Cost and latency against load for every design of a file, or why they cannot be computed. */
export type CrossoverOutcome =
  { ok: true; crossover: Crossover } | { ok: false; errors: ScenarioError[] };

/** Runs every design of a comparison file at the crossover's loads, without faults. */
export function runCrossover(text: string, seed: number | null): CrossoverOutcome {
  const loaded = parseScenario(text);
  if (!loaded.ok) return { ok: false, errors: loaded.errors };
  const scenario = loaded.scenario;
  try {
    return { ok: true, crossover: crossover(scenario, undefined, seed ?? scenario.seed) };
  } catch (error) {
    if (!(error instanceof CrossoverError)) throw error;
    return { ok: false, errors: [{ path: '/producers', message: error.message }] };
  }
}
