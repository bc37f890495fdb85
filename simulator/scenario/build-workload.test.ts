import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng } from '../core/prng.ts';
import { checkProperty } from '../test/property.ts';
import { buildWorkload } from './build-world.ts';
import { producerSchema } from './schema.ts';

const TEST_FILE = 'simulator/scenario/build-workload.test.ts';
const MERGE_PROPERTY =
  'merges explicit records and generators by time, ties in declaration order, numbering ids in that order';

const explicitRecord = fc.record({
  atMs: fc.integer({ min: 0, max: 6 }),
  key: fc.constantFrom('a', 'b', null),
  value: fc.integer({ min: 0, max: 99 }),
  headers: fc.option(fc.constant({ trace: 't' }), { nil: undefined }),
});
const generator = fc.record({
  count: fc.integer({ min: 1, max: 6 }),
  startAtMs: fc.integer({ min: 0, max: 4 }),
  intervalMs: fc.integer({ min: 0, max: 2 }),
  topic: fc.constantFrom('x', 'y'),
});

describe('buildWorkload', () => {
  it(MERGE_PROPERTY, () => {
    checkProperty(
      { file: TEST_FILE, name: MERGE_PROPERTY },
      fc.record({
        records: fc.array(explicitRecord, { maxLength: 6 }),
        generators: fc.array(generator, { maxLength: 3 }),
        firstId: fc.integer({ min: 1, max: 1000 }),
      }),
      ({ records, generators, firstId }) => {
        const spec = producerSchema.parse({
          id: 'p',
          workload: {
            records: records.map((r) => ({ ...r, topic: 't' })),
            generators: generators.map((g) => ({ ...g, keys: 3 })),
          },
        });
        const workload = buildWorkload(spec, new Prng(7), firstId);
        // Each item's source (0: explicit, 1…: generators) and its place in that source, in the
        // order a stable sort by time of all sources one after another gives.
        const explicitOrder = records
          .map((r, i) => ({ r, i }))
          .sort((p, q) => p.r.atMs - q.r.atMs || p.i - q.i);
        const items = [
          ...explicitOrder.map(({ r }) => ({ source: 0, atMs: r.atMs, record: r })),
          ...generators.flatMap((g, s) =>
            Array.from({ length: g.count }, (_, i) => ({
              source: s + 1,
              atMs: g.startAtMs + i * g.intervalMs,
              record: null,
            })),
          ),
        ];
        const expected = items
          .map((item, order) => ({ item, order }))
          .sort((p, q) => p.item.atMs - q.item.atMs || p.order - q.order)
          .map(({ item }) => item);
        expect(workload.records.map((r) => r.id)).toEqual(expected.map((_, i) => firstId + i));
        expect(workload.atMs).toEqual(expected.map((item) => item.atMs));
        expect(workload.records.map((r) => r.timestampMs)).toEqual(workload.atMs);
        expect(workload.topics).toEqual(
          expected.map((item) => (item.source === 0 ? 't' : generators[item.source - 1].topic)),
        );
        expected.forEach((item, i) => {
          if (item.record === null) return;
          const { key, value, headers } = item.record;
          expect(workload.records[i]).toEqual(
            headers
              ? { id: firstId + i, key, value, timestampMs: item.atMs, headers }
              : { id: firstId + i, key, value, timestampMs: item.atMs },
          );
        });
        expect(new Set(workload.records).size).toBe(workload.records.length);
      },
      { numRuns: 200 },
    );
  });
});
