import { describe, expect, it } from 'vitest';
import type { Crossover, CrossoverPoint } from '../../../simulator/compare/crossover.ts';
import {
  cheapestAt,
  COST_PER_HOUR,
  crossoverSentence,
  LATENCY_P50,
  LATENCY_P99,
  loadChart,
} from './crossover-chart.ts';

const point = (recordsPerSecond: number, usdPerHour: number, p50: number | null): CrossoverPoint =>
  ({
    recordsPerSecond,
    records: recordsPerSecond,
    cost: { usdPerHour },
    latencyMs: p50 === null ? null : { p50, p99: p50 * 2, max: p50 * 2 },
  }) as CrossoverPoint;

const data: Crossover = {
  scenario: 'x',
  rates: [1, 10, 100],
  designs: [
    { name: 'fn', points: [point(1, 0.1, 200), point(10, 0.5, 210), point(100, 2, null)] },
    { name: 'sp', points: [point(1, 1, 100), point(10, 1, 100), point(100, 1.1, 120)] },
  ],
};

describe('the crossover chart', () => {
  it('names the cheapest design at each load and where that changes', () => {
    expect(cheapestAt(data)).toEqual(['fn', 'fn', 'sp']);
    expect(crossoverSentence(data)).toBe(
      'fn is cheapest up to 10 records/s; sp from 100 records/s.',
    );
    const flat = { ...data, designs: [data.designs[1]] };
    expect(crossoverSentence(flat)).toBe('sp is cheapest at every load tried.');
  });

  it('puts load on a log scale, so 1, 10 and 100 records/s are evenly spaced', () => {
    const chart = loadChart(data, [COST_PER_HOUR], 400, 200);
    const [a, b, c] = chart.xTicks.map((t) => t.x);
    expect(a).toBe(0);
    expect(c).toBe(chart.plotWidth);
    expect(b).toBeCloseTo(chart.plotWidth / 2, 6);
    const fn = chart.lines[0].dots.map((d) => d.y);
    expect(fn[0]).toBeGreaterThan(fn[2]); // cheaper is lower on the chart
  });

  it('draws p50 solid and p99 dashed per design, skipping loads without outputs', () => {
    const chart = loadChart(data, [LATENCY_P50, LATENCY_P99], 400, 200);
    expect(chart.lines.map((l) => [l.name, l.dashed, l.dots.length])).toEqual([
      ['fn p50 ms', false, 2],
      ['fn p99 ms', true, 2],
      ['sp p50 ms', false, 3],
      ['sp p99 ms', true, 3],
    ]);
  });
});
