import { describe, expect, it } from 'vitest';
import { scenarioSchema, type ScenarioInput } from '../scenario/schema.ts';
import { serverlessMetrics } from '../serverless/metrics.ts';
import { runDesign } from './compare.ts';
import { costBasis, designCost } from './costs.ts';
import { designScenario } from './design-scenario.ts';

/** Page views counted by a stream processor or by a function, at `count` records. */
function pageViews(count: number, costs: ScenarioInput['costs'] = {}) {
  return scenarioSchema.parse({
    name: 'priced',
    seed: 5,
    durationMs: 2000,
    costs,
    topics: [
      { name: 'views', partitions: 2 },
      { name: 'counts', partitions: 2 },
    ],
    producers: [
      {
        id: 'web',
        workload: {
          generators: [{ topic: 'views', count, intervalMs: 10, keys: 4, valueKind: 'pageView' }],
        },
      },
    ],
    designs: [
      {
        name: 'serverless',
        serverless: {
          database: { tables: [{ name: 'pageViewCounts' }] },
          functions: [{ name: 'count', handler: 'countPageViewsNaive' }],
          triggers: [{ function: 'count', topic: 'views', maximumBatchingWindowMs: 20 }],
        },
        output: { table: 'pageViewCounts', attribute: 'count' },
      },
      {
        name: 'streams',
        applications: [
          {
            id: 'counter',
            instances: ['s-1', 's-2', 's-3'],
            topology: {
              operators: [
                { op: 'stream', topics: ['views'] },
                { op: 'groupByKey' },
                { op: 'count', storeName: 'counts-store' },
                { op: 'toStream' },
                { op: 'to', topic: 'counts' },
              ],
            },
          },
        ],
        output: { topic: 'counts' },
      },
    ],
  });
}

function priced(count: number, design: 0 | 1, costs: ScenarioInput['costs'] = {}) {
  const scenario = pageViews(count, costs);
  const one = designScenario(scenario, scenario.designs![design], false);
  const events = runDesign(one, scenario.seed);
  return { scenario: one, events, cost: designCost(one, events), basis: costBasis(one, events) };
}

describe('the cost model', () => {
  it('bills stream-processor instances for the whole run, busy or idle, at the assumed size', () => {
    const busy = priced(150, 1);
    const idle = priced(1, 1);
    const { processor } = busy.scenario.costs;
    const perInstanceHour =
      processor.vcpusPerInstance * processor.vcpuHourUsd +
      processor.memoryGbPerInstance * processor.gbHourUsd;
    expect(busy.basis.instances).toBe(3);
    expect(busy.cost.processorUsd).toBeCloseTo((3 * perInstanceHour * 2000) / 3_600_000, 12);
    expect(idle.cost.processorUsd).toBe(busy.cost.processorUsd);
    expect(busy.cost.functionsUsd).toBe(0);
  });

  it('takes its assumptions from the scenario, so a reader can change them', () => {
    const free = priced(50, 1, { processor: { vcpuHourUsd: 0, gbHourUsd: 0 } });
    expect(free.cost.processorUsd).toBe(0);
    const big = priced(50, 1, { processor: { vcpusPerInstance: 4 } });
    expect(big.cost.processorUsd).toBeGreaterThan(priced(50, 1).cost.processorUsd);
    const noCluster = priced(50, 1, { broker: { clusterHourUsd: 0 } });
    expect(priced(50, 1).cost.brokerUsd - noCluster.cost.brokerUsd).toBeCloseTo(
      (0.75 * 2000) / 3_600_000,
      12,
    );
  });

  it('prices the broker by partition-hours, bytes in and out, so more load costs more', () => {
    const light = priced(20, 1);
    const heavy = priced(150, 1);
    // The processor's changelog and the shared topics: more partitions than the two declared.
    expect(light.basis.partitions).toBeGreaterThan(4);
    expect(heavy.basis.bytesIn).toBeGreaterThan(light.basis.bytesIn);
    expect(heavy.basis.bytesOut).toBeGreaterThan(light.basis.bytesOut);
    expect(heavy.cost.brokerUsd).toBeGreaterThan(light.cost.brokerUsd);
  });

  it('prices functions and database requests from the serverless price table, plus storage', () => {
    const { scenario, events, cost, basis } = priced(150, 0);
    const m = serverlessMetrics(events, scenario.serverless!.prices);
    expect(cost.functionsUsd).toBe(m.functionUsd);
    expect(cost.functionsUsd).toBeGreaterThan(0);
    expect(basis.databaseBytes).toBeGreaterThan(0);
    expect(cost.databaseUsd).toBeGreaterThan(m.databaseUsd);
    expect(cost.processorUsd).toBe(0);
    expect(cost.totalUsd).toBeCloseTo(
      cost.functionsUsd + cost.processorUsd + cost.brokerUsd + cost.databaseUsd,
      15,
    );
  });

  it('scales the run to an hour of the same load', () => {
    const { cost } = priced(150, 0);
    expect(cost.usdPerHour).toBeCloseTo((cost.totalUsd * 3_600_000) / 2000, 12);
  });
});
