import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../core/types.ts';
import { sameCommittedOutput } from '../checks/index.ts';
import { scenarioSchema, type ScenarioInput } from '../scenario/schema.ts';
import { faultPoints } from '../serverless/schema.ts';
import { checkProperty } from '../test/property.ts';
import type { TraceEvent } from '../trace/events.ts';
import { compareDesigns, type DesignResult } from './compare.ts';

/**
 * The comparison's verdicts agree with the checks run directly on each design's traces, whatever
 * the fault schedule: for the stream processor and the stateful functions, `sameCommittedOutput`
 * (exact) of the run with faults against the run without; for the serverless design, the final
 * counts in its table (a changed final count is always reported; equal counts with a clean
 * verdict).
 */

const FILE = 'simulator/compare/compare.property.test.ts';
const USERS = ['ada', 'bob', 'cy'];

function scenario(faults: unknown[], handler: string): ReturnType<typeof scenarioSchema.parse> {
  const eos = { guarantee: 'exactly_once_v2', commitIntervalMs: 100 } as const;
  const input: ScenarioInput = {
    name: 'property',
    seed: 1,
    durationMs: 3000,
    network: { latencyMs: 2 },
    topics: [
      { name: 'views', partitions: 2 },
      { name: 'counts', partitions: 2 },
    ],
    producers: [
      {
        id: 'web',
        workload: {
          generators: [
            { topic: 'views', count: 24, intervalMs: 15, keys: USERS, valueKind: 'pageView' },
          ],
        },
      },
    ],
    faults: faults as ScenarioInput['faults'],
    designs: [
      {
        name: 'serverless',
        serverless: {
          database: { tables: [{ name: 'pageViewCounts' }, { name: 'processedEvents' }] },
          functions: [
            { name: 'count', handler, initDurationMs: 100, dbClient: { maxAttempts: 1 } },
          ],
          triggers: [
            { function: 'count', topic: 'views', batchSize: 5, maximumBatchingWindowMs: 30 },
          ],
        },
        output: { table: 'pageViewCounts', attribute: 'count' },
      },
      {
        name: 'streams',
        applications: [
          {
            id: 'counter',
            instances: ['s-1', 's-2'],
            ...eos,
            topology: {
              operators: [
                { op: 'stream', topics: ['views'] },
                { op: 'groupByKey' },
                { op: 'count' },
                { op: 'toStream' },
                { op: 'to', topic: 'counts' },
              ],
            },
          },
        ],
        output: { topic: 'counts' },
      },
      {
        name: 'statefun',
        statefulFunctions: [
          {
            id: 'fns',
            instances: ['f-1', 'f-2'],
            ...eos,
            ingress: [{ topic: 'views', functionType: 'user' }],
            egress: ['counts'],
            functions: [{ type: 'user', builtin: 'countPerId', params: { output: 'counts' } }],
          },
        ],
        output: { topic: 'counts' },
      },
    ],
  };
  return scenarioSchema.parse(input);
}

const at = fc.integer({ min: 0, max: 450 });
const faultArb = fc.oneof(
  fc.record({
    at,
    kind: fc.constant('invocationCrash'),
    target: fc.constant('count'),
    point: fc.constantFrom(...faultPoints),
    count: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ at, kind: fc.constant('instanceCrash'), target: fc.constant('count') }),
  fc.record({ at, kind: fc.constant('dbLostReply'), target: fc.constant('db') }),
  fc.record({
    at,
    kind: fc.constant('crash'),
    target: fc.constantFrom('s-1', 's-2', 'f-1', 'f-2'),
  }),
);

/** Every value written per key of a table, in order, from `db.written` events (keys sorted). */
function writesPerKey(events: readonly TraceEvent[], table: string): [string, string[]][] {
  const items = new Map<string, string[]>();
  for (const e of events) {
    if (e.type !== 'db.written' || e.table !== table) continue;
    const value = JSON.stringify(e.item === null ? null : (e.item as Record<string, Json>).count);
    items.set(e.key, [...(items.get(e.key) ?? []), value]);
  }
  return [...items].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The last value written per key. */
const finalTable = (writes: [string, string[]][]) =>
  writes.map(([key, values]) => [key, values.at(-1)]);

describe('compareDesigns under random fault schedules', () => {
  const name = 'the verdict of each design agrees with the checks run on its traces';
  it(name, () => {
    checkProperty(
      { file: FILE, name },
      fc.tuple(
        fc.array(faultArb, { maxLength: 3 }),
        fc.constantFrom('countPageViewsNaive', 'countPageViewsIdempotent'),
        fc.integer({ min: 0, max: 1000 }),
      ),
      ([faults, handler, seed]) => {
        const traces = new Map<string, [readonly TraceEvent[], readonly TraceEvent[]]>();
        const result = compareDesigns(scenario(faults, handler), {
          seed,
          onTraces: (d, f, r) => traces.set(d.name, [f, r]),
        });
        const of = (n: string) => result.designs.find((d) => d.name === n) as DesignResult;
        for (const n of ['streams', 'statefun']) {
          const [faulty, reference] = traces.get(n)!;
          const direct = sameCommittedOutput(faulty, reference, 'counts', 'exact');
          expect(of(n).firstViolation === null, `${n}: ${direct.ok ? 'ok' : direct.message}`).toBe(
            direct.ok,
          );
        }
        const [faulty, reference] = traces.get('serverless')!;
        const writes = writesPerKey(faulty, 'pageViewCounts');
        const expected = writesPerKey(reference, 'pageViewCounts');
        const sameFinal =
          JSON.stringify(finalTable(writes)) === JSON.stringify(finalTable(expected));
        if (!sameFinal)
          expect(
            of('serverless').firstViolation,
            'a changed final count is reported',
          ).not.toBeNull();
        // Stronger, and independent of the final count: the verdict is clean exactly when every
        // key saw the same writes, in the same order, as without faults (a repeated write of the
        // same count is a duplicate even when the final count comes out right).
        const sameWrites = JSON.stringify(writes) === JSON.stringify(expected);
        expect(
          of('serverless').firstViolation === null,
          `a clean verdict means the same writes per key: ${JSON.stringify({ writes, expected })}`,
        ).toBe(sameWrites);
      },
      { numRuns: 15 },
    );
  });
});
