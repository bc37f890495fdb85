import { nice, scaleBand, ticks } from 'd3';
import type { DesignResult } from '../../../simulator/compare/index.ts';

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

/** Lays out one metric as horizontal bars, one per design, on a zero-based linear scale. */
export function barChart(
  designs: readonly DesignResult[],
  metric: Metric,
  width: number,
): BarChart {
  const values = designs.map((d) => metric.value(d));
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  // d3's nice bounds and ticks with a hand-made linear map: d3's scaleLinear would pull d3-format
  // and d3-interpolate into a chunk the chapter page shares (its JavaScript budget is tight).
  const [, hi] = nice(0, max > 0 ? max : 1, 4);
  const span = Math.max(40, width - LEFT_PX - 90);
  const x = (v: number) => (v / hi) * span;
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
    ticks: ticks(0, hi, 4).map((t) => ({ x: x(t), label: String(Number(t.toPrecision(12))) })),
  };
}
