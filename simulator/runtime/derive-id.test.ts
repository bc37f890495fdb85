import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPropertyOf } from '../test/property.ts';
import { deriveRecordId } from './derive-id.ts';

/** The definition: two FNV-1a lanes over the text `${parent}|${salt}|${index}`, built as text. */
function modelId(parent: number, salt: string, index: number): number {
  const text = `${parent}|${salt}|${index}`;
  let lo = 0x811c9dc5;
  let hi = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    lo = Math.imul(lo ^ code, 0x01000193);
    hi = Math.imul(hi ^ code, 0x5bd1e995);
  }
  return (((hi >>> 0) & 0xfff) + 1) * 0x100_0000_0000 + ((lo >>> 0) % 0x100_0000_0000);
}

describe('deriveRecordId', () => {
  it('keeps the ids recorded in golden traces', () => {
    expect(deriveRecordId(7, 'views-per-user', 0)).toBe(410121084093438);
    expect(deriveRecordId(2 ** 40 * 3 + 12345, 'app-store-changelog', 2)).toBe(2438717466947703);
    expect(deriveRecordId(0, '', 0)).toBe(1719640023651437);
    expect(deriveRecordId(Number.MAX_SAFE_INTEGER, 'x', 9)).toBe(3932955406088632);
    // Counts around the eight-digit split, where zeros are padded in.
    for (const n of [99_999_999, 1e8, 1e8 + 7, 2 ** 53 - 1e8 + 1, 12_000_000_000_000_00])
      expect(deriveRecordId(n, 'split', n)).toBe(modelId(n, 'split', n));
  });

  const sameName = 'hashes the text of its parts, whatever number or salt it is given';
  it(sameName, () => {
    const count = fc.oneof(
      fc.nat({ max: 99 }),
      fc.maxSafeNat(),
      fc.integer({ min: 2 ** 40, max: 2 ** 53 - 1 }),
    );
    // Not plain counts: negative, fractional, huge (exponent form), not finite.
    const odd = fc.oneof(
      fc.integer({ min: -(2 ** 53), max: -1 }),
      fc.double({ noNaN: false }),
      fc.constantFrom(-0, 2 ** 53, 1e21, 1.5e300, Infinity, NaN),
    );
    const parentOrIndex = fc.oneof(count, count, odd);
    checkPropertyOf(
      { file: 'simulator/runtime/derive-id.test.ts', name: sameName },
      fc.property(parentOrIndex, fc.string({ unit: 'grapheme' }), parentOrIndex, (p, salt, i) => {
        expect(deriveRecordId(p, salt, i)).toBe(modelId(p, salt, i));
      }),
      { numRuns: 500 },
    );
  });

  // A parent's hashed digits are reused by the next call with the same parent: runs of calls with
  // a few parents (repeated, alternating, -0 after 0) must give the ids of the definition.
  const runName = 'gives the same ids in runs of calls that share parents';
  it(runName, () => {
    const parent = fc.constantFrom(0, -0, 7, 123_456, 2 ** 40 * 3 + 12345, 1.5, -1);
    const call = fc.tuple(parent, fc.constantFrom('', 'out', 'app-store-changelog'), fc.nat(3));
    checkPropertyOf(
      { file: 'simulator/runtime/derive-id.test.ts', name: runName },
      fc.property(fc.array(call, { maxLength: 30 }), (calls) => {
        for (const [p, salt, i] of calls)
          expect(deriveRecordId(p, salt, i)).toBe(modelId(p, salt, i));
      }),
      { numRuns: 300 },
    );
  });
});
