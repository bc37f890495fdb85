import type { FaultSpec, ScenarioInput } from '../scenario/schema.ts';

/**
 * The counting application the streams property tests run (and their regressions replay):
 * 40 clicks over 8 keys on 3 partitions, `groupByKey → count → toStream → to click-counts`,
 * committing every 50 ms, for 2.6 s — long enough for every instance to catch up after a fault.
 */
export const COUNT_DURATION_MS = 2600;

export function countScenario(
  guarantee: 'exactly_once_v2' | 'at_least_once',
  c: { seed: number; instances: readonly string[]; faults: FaultSpec[] },
): ScenarioInput {
  return {
    name: 'streams-count-property',
    seed: c.seed,
    durationMs: COUNT_DURATION_MS,
    network: { latencyMs: 2, jitterMs: 1 },
    topics: [
      { name: 'clicks', partitions: 3 },
      { name: 'click-counts', partitions: 3 },
    ],
    producers: [
      {
        id: 'site',
        workload: { generators: [{ topic: 'clicks', count: 40, intervalMs: 12, keys: 8 }] },
      },
    ],
    applications: [
      {
        id: 'click-count',
        instances: [...c.instances],
        guarantee,
        commitIntervalMs: 50,
        pollIntervalMs: 20,
        topology: {
          operators: [
            { op: 'stream', topics: ['clicks'] },
            { op: 'groupByKey' },
            { op: 'count', storeName: 'counts' },
            { op: 'toStream' },
            { op: 'to', topic: 'click-counts' },
          ],
        },
      },
    ],
    faults: c.faults,
  };
}
