import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import { atRate, crossover, CrossoverError } from './crossover.ts';

function libraryFile(name: string): Scenario {
  const text = readFileSync(new URL(`../scenarios/compare/${name}.json`, import.meta.url), 'utf8');
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

describe('atRate', () => {
  it('sends the asked rate for most of the run, each generator keeping its share', () => {
    const scenario = libraryFile('page-views');
    const [original] = scenario.producers[0].workload.generators;
    const slow = atRate(scenario, 5).producers[0].workload.generators[0];
    expect(slow.intervalMs).toBe(200);
    expect(slow.count).toBe(Math.floor((scenario.durationMs * 0.8 - original.startAtMs) / 200));
    expect({ ...slow, intervalMs: 0, count: 0 }).toEqual({ ...original, intervalMs: 0, count: 0 });
    const fast = atRate(scenario, 200).producers[0].workload.generators[0];
    expect(fast.count).toBe(40 * slow.count);
  });

  it('refuses a workload of explicit records only, naming the scenario', () => {
    const scenario = libraryFile('orders-payments');
    expect(() => atRate(scenario, 10)).toThrow(CrossoverError);
    expect(() => atRate(scenario, 10)).toThrow(/compare-orders-payments.*no workload generators/);
  });
});

describe('crossover', () => {
  const scenario = libraryFile('page-views');
  const result = crossover(scenario, [1, 10, 200]);
  const design = (name: string) => result.designs.find((d) => d.name === name)!;

  it('runs every design at every rate', () => {
    expect(result.designs.map((d) => d.points.map((p) => p.recordsPerSecond))).toEqual([
      [1, 10, 200],
      [1, 10, 200],
      [1, 10, 200],
    ]);
    expect(design('serverless').points.map((p) => p.records)).toEqual([3, 32, 640]);
  });

  it('prices the function per record and the stream processor by the hour: they cross', () => {
    const fn = design('serverless').points.map((p) => p.cost.usdPerHour);
    const sp = design('stream-processor').points.map((p) => p.cost.usdPerHour);
    expect(fn[0]).toBeLessThan(sp[0]);
    expect(fn[2]).toBeGreaterThan(sp[2]);
    // The processor's growth is its broker traffic; the function's is invocations and requests.
    expect(fn[2] - fn[0]).toBeGreaterThan(10 * (sp[2] - sp[0]));
    expect(design('stream-processor').points[0].cost.processorUsd).toBe(
      design('stream-processor').points[2].cost.processorUsd,
    );
  });

  it('measures latency at each load, and gives the same answer every time', () => {
    for (const d of result.designs)
      for (const p of d.points)
        expect(p.latencyMs, `${d.name} at ${p.recordsPerSecond}`).not.toBeNull();
    expect(crossover(scenario, [1, 10, 200])).toEqual(result);
  });
});
