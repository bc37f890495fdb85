import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenario/run.ts';
import { scenarioSchema, type ScenarioInput } from '../scenario/schema.ts';
import { traceHash } from '../trace/hash.ts';
import { compareDesigns } from './compare.ts';
import { designScenario } from './design-scenario.ts';

const input: ScenarioInput = {
  name: 'two designs',
  seed: 3,
  durationMs: 1500,
  topics: [
    { name: 'views', partitions: 2 },
    { name: 'counts', partitions: 2 },
  ],
  producers: [
    {
      id: 'web',
      workload: {
        generators: [
          { topic: 'views', count: 20, intervalMs: 10, keys: ['a', 'b'], valueKind: 'pageView' },
        ],
      },
    },
  ],
  faults: [
    { at: 100, kind: 'crash', target: 'f-1' },
    { at: 100, kind: 'invocationCrash', target: 'count', point: 'afterDbWriteBeforeEmit' },
    { at: 900, kind: 'pause', target: 'web', durationMs: 10 },
  ],
  designs: [
    {
      name: 'serverless',
      serverless: {
        database: { tables: [{ name: 'pageViewCounts' }] },
        functions: [
          {
            name: 'count',
            handler: 'countPageViewsNaive',
            handlerOptions: { outputTopic: 'counts' },
          },
        ],
        triggers: [{ function: 'count', topic: 'views', maximumBatchingWindowMs: 20 }],
      },
      output: { topic: 'counts' },
    },
    {
      name: 'statefun',
      statefulFunctions: [
        {
          id: 'fns',
          instances: ['f-1', 'f-2'],
          ingress: [{ topic: 'views', functionType: 'user' }],
          egress: ['counts'],
          functions: [{ type: 'user', builtin: 'countPerId', params: { output: 'counts' } }],
        },
      ],
      output: { topic: 'counts' },
    },
  ],
};
const scenario = scenarioSchema.parse(input);

describe('compareDesigns', () => {
  it('gives each design only the faults that name what it has, and the shared ones', () => {
    const [serverless, statefun] = scenario.designs!;
    expect(designScenario(scenario, serverless, true).faults.map((f) => f.kind)).toEqual([
      'invocationCrash',
      'pause',
    ]);
    expect(designScenario(scenario, statefun, true).faults.map((f) => f.kind)).toEqual([
      'crash',
      'pause',
    ]);
    expect(designScenario(scenario, statefun, false).faults).toEqual([]);
  });

  it('runs each design exactly as runScenario runs its scenario', () => {
    const traces: string[] = [];
    compareDesigns(scenario, { onTraces: (_d, faulty) => traces.push(traceHash(faulty)) });
    const direct = scenario.designs!.map(
      (d) => runScenario(designScenario(scenario, d, true)).traceHash,
    );
    expect(traces).toEqual(direct);
  });

  it('measures latency from the input timestamp to the output becoming visible', () => {
    const result = compareDesigns(scenario);
    for (const d of result.designs) {
      expect(d.latencyMs, d.name).not.toBeNull();
      expect(d.latencyMs!.p50, d.name).toBeGreaterThan(0);
      expect(d.latencyMs!.p50).toBeLessThanOrEqual(d.latencyMs!.p99);
      expect(d.latencyMs!.p99).toBeLessThanOrEqual(d.latencyMs!.max);
    }
    expect(result.designs[0].coldStarts).toBeGreaterThan(0);
    expect(result.designs[0].costUsd).toBeGreaterThan(0);
    expect(result.designs[1].costUsd).toBe(result.designs[1].cost.totalUsd);
    expect(result.designs[1].cost.processorUsd).toBeGreaterThan(0);
  });
});
