import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPropertyOf } from '../test/property.ts';
import { recordIdsOf } from './record-ids.ts';

describe('recordIdsOf', () => {
  const name = "gives the records' ids in order, as map does, with the same JSON";
  it(name, () => {
    const id = fc.oneof(fc.nat(), fc.maxSafeNat(), fc.integer({ min: 2 ** 40, max: 2 ** 53 - 1 }));
    checkPropertyOf(
      { file: 'simulator/runtime/record-ids.test.ts', name },
      fc.property(fc.array(fc.record({ id, key: fc.string() }), { maxLength: 6 }), (records) => {
        const expected = records.map((r) => r.id);
        const ids = recordIdsOf(records);
        expect(ids).toEqual(expected);
        expect(JSON.stringify(ids)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 300 },
    );
  });
});
