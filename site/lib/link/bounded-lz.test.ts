import fc from 'fast-check';
import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../../simulator/test/property.ts';
import { decompressBounded } from './bounded-lz.ts';

const FILE = 'site/lib/link/bounded-lz.test.ts';
const { compressToEncodedURIComponent, decompressFromEncodedURIComponent } = LZString;

/** A fragment that decompresses to `n` copies of one character: the classic LZ bomb. */
const bomb = (n: number) => compressToEncodedURIComponent('a'.repeat(n));

describe('bounded decompression of a link', () => {
  it('gives back exactly what lz-string compressed, for any text within the limit', () => {
    checkProperty(
      {
        file: FILE,
        name: 'gives back exactly what lz-string compressed, for any text within the limit',
      },
      fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.json({ maxDepth: 4 })),
      (text) => {
        const read = decompressBounded(compressToEncodedURIComponent(text), 1_000_000);
        const expected = decompressFromEncodedURIComponent(compressToEncodedURIComponent(text));
        if (text === '' || expected === '') {
          expect(read.ok).toBe(false);
          return;
        }
        expect(read).toEqual({ ok: true, text });
      },
      { numRuns: 200 },
    );
  });

  it('agrees with lz-string on which cut-short or altered fragments do not decompress', () => {
    checkProperty(
      {
        file: FILE,
        name: 'agrees with lz-string on which cut-short or altered fragments do not decompress',
      },
      fc.tuple(fc.json({ maxDepth: 3 }), fc.nat(), fc.constantFrom('', 'A', '$', '%', '-x')),
      ([text, cut, tail]) => {
        const whole = compressToEncodedURIComponent(text);
        const damaged = whole.slice(0, cut % (whole.length + 1)) + tail;
        const theirs = decompressFromEncodedURIComponent(damaged);
        const ours = decompressBounded(damaged, 1_000_000);
        if (theirs) expect(ours).toEqual({ ok: true, text: theirs });
        else expect(ours.ok).toBe(false);
      },
      { numRuns: 300 },
    );
  });

  it('stops a bomb at the limit instead of building it whole', () => {
    const link = bomb(1_000_000);
    // A few thousand characters, well inside a link's length limit, for a million of text.
    expect(link.length).toBeLessThan(10_000);
    expect(decompressBounded(link, 100_000)).toEqual({
      ok: false,
      reason: 'too-large',
      limitChars: 100_000,
    });
    expect(decompressBounded(link, 1_000_000)).toEqual({ ok: true, text: 'a'.repeat(1_000_000) });
  }, 60_000); // making the bomb (lz-string's compress) is the slow part

  it('calls an empty fragment damaged', () => {
    expect(decompressBounded('', 10)).toEqual({ ok: false, reason: 'damaged' });
  });
});
