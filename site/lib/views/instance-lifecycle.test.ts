import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { INSTANCE_LIFECYCLE, type InstancePhase } from './instance-lifecycle.ts';
import { serverlessAt } from './serverless-at.ts';
import { CHART_NODE, layoutGraph } from './state-chart.ts';
import { roughServerlessTrace } from './trace-fixtures.ts';

const arrows = new Set(INSTANCE_LIFECYCLE.edges.map((e) => `${e.from}->${e.to}`));
const phases = (events: readonly TraceEvent[], i: number) =>
  new Map(serverlessAt(events, i).instances.map((it) => [it.id, it]));

describe('the function-instance lifecycle chart', () => {
  it('has an arrow for every move the serverless fold derives from a rough run, and the run takes them all', () => {
    const events = roughServerlessTrace();
    const taken = new Set<string>();
    let before = phases(events, 0);
    for (let i = 1; i <= events.length; i++) {
      const after = phases(events, i);
      for (const [id, it] of after) {
        const was: InstancePhase = before.get(id)?.phase ?? 'Cold';
        if (was === it.phase) continue;
        // A restarted platform reuses ids: a new environment starts over, with no move yet.
        if (it.lastMove === null && it.phase === 'Cold') continue;
        const move = `${was}->${it.phase}`;
        if (!arrows.has(move))
          throw new Error(`event ${i - 1} moves ${id} along ${move}, not on the chart`);
        expect(it.lastMove).toEqual({ from: was, to: it.phase });
        taken.add(move);
      }
      before = after;
    }
    // Each way an instance can end appears in this run; otherwise the check above proves little.
    expect([...taken].sort()).toEqual(
      expect.arrayContaining([
        'Busy->Crashed',
        'Busy->Reclaimed',
        'Busy->WarmIdle',
        'Cold->Initializing',
        'Initializing->Busy',
        'WarmIdle->Busy',
        'WarmIdle->Reclaimed',
      ]),
    );
  });

  it('ends an init phase when the clock passes its init duration, not before', () => {
    const events = roughServerlessTrace();
    const cold = events.findIndex((e) => e.type === 'function.coldStarted');
    const e = events[cold] as Extract<TraceEvent, { type: 'function.coldStarted' }>;
    const phaseAt = (i: number) => phases(events, i).get(e.instance)?.phase;
    expect(phaseAt(cold)).toBe('Cold');
    expect(phaseAt(cold + 1)).toBe('Initializing');
    const firstAfter = events.findIndex((x) => x.at >= e.at + e.initDurationMs);
    expect(phaseAt(firstAfter)).toBe('Initializing');
    expect(phaseAt(firstAfter + 1)).toBe('Busy');
  });

  it('crashes every live instance when the platform crashes', () => {
    const events = roughServerlessTrace();
    const crash = events.findIndex((e) => e.type === 'actor.crashed' && e.actor === 'lambda');
    const before = [...phases(events, crash).values()].filter(
      (it) => it.phase !== 'Reclaimed' && it.phase !== 'Crashed',
    );
    expect(before.length).toBeGreaterThan(0);
    const after = phases(events, crash + 1);
    for (const it of before) expect(after.get(it.id)?.phase).toBe('Crashed');
  });

  it('is laid out with no two states overlapping and every label in its own place', () => {
    const chart = layoutGraph(INSTANCE_LIFECYCLE, 600);
    for (const a of chart.nodes)
      for (const b of chart.nodes)
        if (a !== b)
          expect(
            Math.abs(a.x - b.x) >= CHART_NODE.width || Math.abs(a.y - b.y) >= CHART_NODE.height,
          ).toBe(true);
    const spots = chart.edges.map((e) => `${Math.round(e.labelX)},${Math.round(e.labelY)}`);
    expect(new Set(spots).size).toBe(spots.length);
    expect(chart.nodes.find((n) => n.id === 'Crashed')).toMatchObject({ final: true, layer: 2 });
  });

  it('draws an arrow within one layer as a straight line with its label beside it', () => {
    const chart = layoutGraph(INSTANCE_LIFECYCLE, 600);
    const down = chart.edges.find((e) => e.id === 'Busy->Crashed')!;
    const busy = chart.nodes.find((n) => n.id === 'Busy')!;
    expect(down.d).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
    expect(down.labelAnchor).toBe('start');
    expect(down.labelX).toBeGreaterThan(busy.x);
  });
});
