import { scaleBand, scaleLinear } from 'd3';
import {
  compareDesigns,
  designScenario,
  type ComparisonResult,
  type DesignResult,
} from '../../../simulator/compare/index.ts';
import { parseScenario, type ScenarioError } from '../../../simulator/scenario/load.ts';
import type { LinkState } from '../link/link-state.ts';
import type { ViewName } from './view-names.ts';

/** A comparison with, per design, the sandbox state that replays its run at its first violation. */
export type ComparisonOutcome =
  | { ok: true; result: ComparisonResult; links: (LinkState | null)[] }
  | { ok: false; errors: ScenarioError[] };

const VIEW_OF: Record<DesignResult['kind'], ViewName> = {
  serverless: 'serverless',
  streams: 'processor',
  statefun: 'processor',
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
  const result = compareDesigns(scenario, seed === null ? {} : { seed });
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
  return { ok: true, result, links };
}

/** A figure of the comparison a chart draws per design. */
export interface Metric {
  /** Its column heading. */
  label: string;
  /** Its value for a design, or null when it has none (no outputs, not priced). */
  value: (d: DesignResult) => number | null;
  /** How a value is printed. */
  format: (v: number) => string;
}

/** The charted figures: duplicates, lost, latency p50/p99, cost. */
export const METRICS: Metric[] = [
  { label: 'Duplicates', value: (d) => d.duplicates, format: String },
  { label: 'Lost', value: (d) => d.lost, format: String },
  { label: 'Latency p50 (ms)', value: (d) => d.latencyMs?.p50 ?? null, format: String },
  { label: 'Latency p99 (ms)', value: (d) => d.latencyMs?.p99 ?? null, format: String },
  { label: 'Cost (USD)', value: (d) => d.costUsd, format: (v) => `$${v.toFixed(6)}` },
];

/** One horizontal bar of a chart. */
export interface Bar {
  /** The design's name. */
  name: string;
  /** Top-left corner and size, px. */
  y: number;
  width: number;
  height: number;
  /** The printed value ('–' for none). */
  label: string;
}

/** A bar chart's geometry: d3 computes it, Svelte draws it. */
export interface BarChart {
  /** Total size, px. */
  width: number;
  height: number;
  /** Where bars start (after the design names), px. */
  left: number;
  bars: Bar[];
  /** Axis ticks along the bottom. */
  ticks: { x: number; label: string }[];
}

const ROW_PX = 26;
const LEFT_PX = 140;
const AXIS_PX = 20;

/** Lays out one metric as horizontal bars, one per design, on a shared zero-based scale. */
export function barChart(
  designs: readonly DesignResult[],
  metric: Metric,
  width: number,
): BarChart {
  const values = designs.map((d) => metric.value(d));
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  const x = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .range([0, Math.max(40, width - LEFT_PX - 90)])
    .nice();
  const y = scaleBand<string>()
    .domain(designs.map((d) => d.name))
    .range([0, designs.length * ROW_PX])
    .padding(0.2);
  return {
    width,
    height: designs.length * ROW_PX + AXIS_PX,
    left: LEFT_PX,
    bars: designs.map((d, i) => {
      const v = values[i];
      return {
        name: d.name,
        y: y(d.name) ?? 0,
        width: v === null ? 0 : x(v),
        height: y.bandwidth(),
        label: v === null ? '–' : metric.format(v),
      };
    }),
    ticks: x.ticks(4).map((t) => ({ x: x(t), label: x.tickFormat(4)(t) })),
  };
}
