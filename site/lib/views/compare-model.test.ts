import { describe, expect, it } from 'vitest';
import pageViews from '../../../simulator/scenarios/compare/page-views.json?raw';
import type { DesignResult } from '../../../simulator/compare/index.ts';
import { runRequest } from '../sim/prepare.ts';
import { barChart, METRICS } from './compare-chart.ts';
import { runComparison } from './compare-model.ts';

describe('runComparison', () => {
  it("links each design's first violation to a sandbox run that has that event at the playhead", () => {
    const outcome = runComparison(pageViews, null);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const { result, links } = outcome;
    expect(links.map((l) => l !== null)).toEqual(
      result.designs.map((d) => d.firstViolation !== null),
    );
    const i = result.designs.findIndex((d) => d.firstViolation !== null);
    expect(i).toBeGreaterThanOrEqual(0);
    const link = links[i]!;
    if (!('text' in link.scenario)) throw new Error('a design link carries its scenario text');
    const replay = runRequest({ scenarioText: link.scenario.text, seed: link.seed, faults: [] });
    if (!replay.ok) throw new Error(JSON.stringify(replay.errors));
    const shown = replay.events[link.index - 1];
    expect({ type: shown.type, at: shown.at }).toEqual({
      type: result.designs[i].firstViolation!.type,
      at: result.designs[i].firstViolation!.at,
    });
    expect(link.view).toBe('serverless');
  });

  it("hands back each design's run with the faults, the one its verdict was measured on", () => {
    const outcome = runComparison(pageViews, null);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(outcome.traces.map((t) => t.length)).toEqual(
      outcome.result.designs.map((d) => d.events),
    );
    const i = outcome.result.designs.findIndex((d) => d.firstViolation !== null);
    const v = outcome.result.designs[i].firstViolation!;
    expect(outcome.traces[i][v.index]).toMatchObject({ type: v.type, at: v.at });
  });

  it('names the problem of a file without designs', () => {
    const outcome = runComparison(
      '{"name": "x", "seed": 1, "durationMs": 10, "topics": [{"name": "t", "partitions": 1}]}',
      null,
    );
    expect(outcome.ok ? [] : outcome.errors.map((e) => e.path)).toEqual(['/designs']);
  });
});

describe('barChart', () => {
  const design = (name: string, duplicates: number, p50: number | null) =>
    ({
      name,
      duplicates,
      latencyMs: p50 === null ? null : { p50, p99: p50, max: p50 },
    }) as DesignResult;
  const designs = [design('a', 9, 50), design('b', 0, null), design('c', 3, 25)];

  it('draws bars in proportion to their values, from zero, one row per design', () => {
    const chart = barChart(designs, METRICS[0], 500);
    const [a, b, c] = chart.bars;
    expect(b.width).toBe(0);
    expect(a.width).toBeGreaterThan(c.width);
    expect(c.width / a.width).toBeCloseTo(3 / 9, 5);
    expect(a.y).toBeLessThan(b.y);
    expect(b.y).toBeLessThan(c.y);
    expect(chart.ticks[0]).toEqual({ x: 0, label: '0' });
  });

  it('leaves a design without a value unbarred and labelled as such', () => {
    const chart = barChart(designs, METRICS[2], 500);
    expect(chart.bars.map((b) => b.label)).toEqual(['50', '–', '25']);
    expect(chart.bars[1].width).toBe(0);
  });
});
