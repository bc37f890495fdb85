import type { GeneratorSpec, Scenario } from '../scenario/schema.ts';
import { runDesign } from './compare.ts';
import { latencySummary } from './compare-outputs.ts';
import { designCost, type DesignCost } from './costs.ts';
import { designScenario } from './design-scenario.ts';
import { designOutputs } from './outputs.ts';

/** The loads the crossover runs by default, records per second: a trickle to a steady stream. */
export const CROSSOVER_RATES: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 200];

/** The share of the run during which records are sent; the rest lets the last ones finish. */
const SENDING_SHARE = 0.8;

/** One design at one load. */
export interface CrossoverPoint {
  /** Records per second the producers were asked to send. */
  recordsPerSecond: number;
  /** Records the producers sent. */
  records: number;
  /** What the run cost, and its hourly rate. */
  cost: DesignCost;
  /** Input timestamp to output visible, virtual ms (null without outputs). */
  latencyMs: { p50: number; p99: number; max: number } | null;
}

/** Cost and latency against load, per design. */
export interface Crossover {
  scenario: string;
  rates: number[];
  designs: { name: string; points: CrossoverPoint[] }[];
}

/** Why a scenario cannot be run at other loads. */
export class CrossoverError extends Error {}

function generatorsOf(scenario: Scenario): GeneratorSpec[] {
  return scenario.producers.flatMap((p) => p.workload.generators);
}

/** Records per second of a generator as written (one record per `intervalMs`). */
const rateOf = (g: GeneratorSpec) => 1000 / Math.max(1, g.intervalMs);

/**
 * The scenario with its generators sending `recordsPerSecond` in all, each keeping its share of
 * the load, from its start until the sending share of the run is over. Explicit records are kept
 * as written. Intervals are whole milliseconds, so a rate is met as closely as they allow.
 */
export function atRate(scenario: Scenario, recordsPerSecond: number): Scenario {
  const generators = generatorsOf(scenario);
  if (generators.length === 0)
    throw new CrossoverError(
      `"${scenario.name}" has no workload generators: its load cannot be changed`,
    );
  if (!(recordsPerSecond > 0)) throw new CrossoverError('a rate must be above 0 records/s');
  const total = generators.reduce((sum, g) => sum + rateOf(g), 0);
  const sendUntilMs = Math.floor(scenario.durationMs * SENDING_SHARE);
  const scaled = (g: GeneratorSpec): GeneratorSpec => {
    const intervalMs = Math.max(1, Math.round(1000 / ((recordsPerSecond * rateOf(g)) / total)));
    const count = Math.max(1, Math.floor((sendUntilMs - g.startAtMs) / intervalMs));
    return { ...g, intervalMs, count };
  };
  return {
    ...scenario,
    producers: scenario.producers.map((p) => ({
      ...p,
      workload: { ...p.workload, generators: p.workload.generators.map(scaled) },
    })),
  };
}

/**
 * Runs every design of `scenario` without faults at each rate and prices each run: where a
 * function per record is cheaper than instances provisioned by the hour, and where it is not.
 */
export function crossover(
  scenario: Scenario,
  rates: readonly number[] = CROSSOVER_RATES,
  seed = scenario.seed,
): Crossover {
  const designs = (scenario.designs ?? []).map((design) => ({
    name: design.name,
    points: rates.map((rate) => {
      const loaded = designScenario(atRate(scenario, rate), design, false);
      const events = runDesign(loaded, seed);
      const outputs = designOutputs(events, design.output);
      return {
        recordsPerSecond: rate,
        records: generatorsOf(loaded).reduce((sum, g) => sum + g.count, 0),
        cost: designCost(loaded, events),
        latencyMs: latencySummary(
          outputs.flatMap((o) => (o.latencyMs === null ? [] : [o.latencyMs])),
        ),
      };
    }),
  }));
  return { scenario: scenario.name, rates: [...rates], designs };
}
