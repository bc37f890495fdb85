import { describe, expect, it } from 'vitest';
import { INSTANCE_LIFECYCLE } from './instance-lifecycle.ts';
import { CHART_NODE, layoutGraph } from './state-chart.ts';
import { layoutGraphDown } from './state-chart-down.ts';

const chart = layoutGraphDown(INSTANCE_LIFECYCLE);
const at = (id: string) => chart.nodes.find((n) => n.id === id)!;

describe('a state chart drawn top to bottom', () => {
  it('fits a narrow column at full size, where the left-to-right chart needs more than twice the room', () => {
    expect(chart.width).toBeLessThanOrEqual(360);
    expect(layoutGraph(INSTANCE_LIFECYCLE, 320).width).toBeGreaterThan(2 * chart.width);
  });

  it('puts each layer on a row of its own, in order, with no two states overlapping', () => {
    expect(at('Cold').y).toBeLessThan(at('Initializing').y);
    expect(at('Initializing').y).toBeLessThan(at('Busy').y);
    expect(at('Busy').y).toBe(at('Crashed').y);
    expect(at('WarmIdle').y).toBeLessThan(at('Reclaimed').y);
    for (const a of chart.nodes)
      for (const b of chart.nodes)
        if (a !== b)
          expect(
            Math.abs(a.x - b.x) >= CHART_NODE.width || Math.abs(a.y - b.y) >= CHART_NODE.height,
          ).toBe(true);
  });

  it('keeps every state and every label inside the drawing', () => {
    for (const n of chart.nodes) {
      expect(n.x - CHART_NODE.width / 2).toBeGreaterThanOrEqual(0);
      expect(n.x + CHART_NODE.width / 2).toBeLessThanOrEqual(chart.width);
      expect(n.y + CHART_NODE.height / 2).toBeLessThanOrEqual(chart.height);
    }
    for (const e of chart.edges) {
      expect(e.labelX).toBeGreaterThan(0);
      expect(e.labelX).toBeLessThan(chart.width);
      expect(e.labelY).toBeGreaterThan(0);
      expect(e.labelY).toBeLessThan(chart.height);
    }
    const spots = chart.edges.map((e) => `${Math.round(e.labelX)},${Math.round(e.labelY)}`);
    expect(new Set(spots).size).toBe(spots.length);
  });

  it('draws a step down and the step back up as two straight lines, each with its label on its own side', () => {
    const done = chart.edges.find((e) => e.id === 'Busy->WarmIdle')!;
    const back = chart.edges.find((e) => e.id === 'WarmIdle->Busy')!;
    for (const e of [done, back]) expect(e.d).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
    expect(done.labelAnchor).toBe('start');
    expect(back.labelAnchor).toBe('end');
    expect(done.labelX).toBeGreaterThan(at('Busy').x);
    expect(back.labelX).toBeLessThan(at('Busy').x);
  });
});
