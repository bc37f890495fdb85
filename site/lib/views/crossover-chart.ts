import { line, nice, ticks } from 'd3';
import { TABLEAU10 } from './tableau10.ts';
import type { Crossover, CrossoverPoint } from '../../../simulator/compare/crossover.ts';

/** A figure drawn against load: its value at one point, or null when there is none. */
export interface LoadMetric {
  label: string;
  value: (p: CrossoverPoint) => number | null;
  format: (v: number) => string;
  /** Dashed lines (a second figure of the same design on the same chart). */
  dashed?: boolean;
}

export const COST_PER_HOUR: LoadMetric = {
  label: 'USD per hour',
  value: (p) => p.cost.usdPerHour,
  format: (v) => `$${v.toFixed(3)}`,
};
export const LATENCY_P50: LoadMetric = {
  label: 'p50 ms',
  value: (p) => p.latencyMs?.p50 ?? null,
  format: (v) => String(v),
};
export const LATENCY_P99: LoadMetric = {
  ...LATENCY_P50,
  label: 'p99 ms',
  value: (p) => p.latencyMs?.p99 ?? null,
  dashed: true,
};

/** One design's line on a chart. */
export interface LoadLine {
  name: string;
  colour: string;
  dashed: boolean;
  /** The SVG path. */
  d: string;
  dots: { x: number; y: number; title: string }[];
}

export interface LoadChart {
  width: number;
  height: number;
  /** Plot area, px. */
  left: number;
  top: number;
  plotWidth: number;
  plotHeight: number;
  lines: LoadLine[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
}

const MARGIN = { left: 64, right: 16, top: 12, bottom: 34 };

/** A design's colour, the same on every chart of the page. */
export const designColour = (index: number) => TABLEAU10[index % TABLEAU10.length];

/**
 * Lays out figures of every design against load: load on a log scale (a trickle and a steady
 * stream both readable), the figure on a linear scale spanning the values drawn (not from zero:
 * the broker's cluster-hour, paid alike by every design, would squash the differences).
 */
export function loadChart(
  data: Crossover,
  metrics: readonly LoadMetric[],
  width: number,
  height: number,
): LoadChart {
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const rates = data.rates;
  const lo = Math.log(Math.min(...rates));
  const span = Math.log(Math.max(...rates)) - lo || 1;
  const x = (rate: number) => ((Math.log(rate) - lo) / span) * plotWidth;
  const values = data.designs.flatMap((d) =>
    metrics.flatMap((m) => d.points.map(m.value).filter((v) => v !== null)),
  );
  const low = values.length > 0 ? Math.min(...values) : 0;
  const high = values.length > 0 ? Math.max(...values) : 1;
  const [yMin, yMax] = nice(low, high > low ? high : low + 1, 5);
  const y = (v: number) => plotHeight - ((v - yMin) / (yMax - yMin || 1)) * plotHeight;
  const lines = data.designs.flatMap((d, i) =>
    metrics.map((m): LoadLine => {
      const pts = d.points.flatMap((p) => {
        const v = m.value(p);
        return v === null
          ? []
          : [
              {
                x: x(p.recordsPerSecond),
                y: y(v),
                title: `${d.name} at ${p.recordsPerSecond} records/s: ${m.format(v)} ${m.label}`,
              },
            ];
      });
      return {
        name: metrics.length > 1 ? `${d.name} ${m.label}` : d.name,
        colour: designColour(i),
        dashed: m.dashed ?? false,
        d:
          line<{ x: number; y: number }>(
            (p) => p.x,
            (p) => p.y,
          )(pts) ?? '',
        dots: pts,
      };
    }),
  );
  return {
    width,
    height,
    left: MARGIN.left,
    top: MARGIN.top,
    plotWidth,
    plotHeight,
    lines,
    xTicks: rates.map((r) => ({ x: x(r), label: String(r) })),
    yTicks: ticks(yMin, yMax, 5).map((v) => ({ y: y(v), label: metrics[0].format(v) })),
  };
}

/** The design whose hourly cost is lowest at each load (the first of equals). */
export function cheapestAt(data: Crossover): string[] {
  return data.rates.map((_, i) => {
    let best = data.designs[0];
    for (const d of data.designs)
      if (d.points[i].cost.usdPerHour < best.points[i].cost.usdPerHour) best = d;
    return best?.name ?? '';
  });
}

/**
 * Where the cheapest design changes, in words: "serverless is cheapest up to 20 records/s;
 * stream-processor from 50 records/s".
 */
export function crossoverSentence(data: Crossover): string {
  const cheapest = cheapestAt(data);
  const spans: { name: string; from: number; to: number }[] = [];
  cheapest.forEach((name, i) => {
    const last = spans.at(-1);
    if (last && last.name === name) last.to = data.rates[i];
    else spans.push({ name, from: data.rates[i], to: data.rates[i] });
  });
  if (spans.length === 1) return `${spans[0].name} is cheapest at every load tried.`;
  return (
    spans
      .map((s, i) =>
        i === 0
          ? `${s.name} is cheapest up to ${s.to} records/s`
          : `${s.name} from ${s.from}${i === spans.length - 1 ? '' : ` to ${s.to}`} records/s`,
      )
      .join('; ') + '.'
  );
}
