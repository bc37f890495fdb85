import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPropertyOf } from '../test/property.ts';
import { murmur2, murmur2String, toPositive, utf8Bytes } from './murmur2.ts';

describe('murmur2', () => {
  // Pinned values from apache/kafka clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java
  // (testMurmur2). Between them they cover every length modulo 4, so every branch of the tail.
  const kafkaCases: [string, number][] = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ];

  it.each(kafkaCases)('hashes %j to the value Kafka pins in its own tests', (key, expected) => {
    expect(murmur2String(key)).toBe(expected);
  });

  it('hashes raw bytes the same as the string they encode', () => {
    expect(murmur2([0x61, 0x62, 0x63])).toBe(479470107);
  });

  // murmur2String hashes an ASCII key from its characters, without encoding it first.
  const sameName = 'hashes a string as murmur2 over its UTF-8 bytes, ASCII or not';
  it(sameName, () => {
    const text = fc.oneof(
      fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
      fc.string({ unit: 'grapheme' }),
      // ASCII with one character above 0x7f somewhere: where the fast path must give up.
      fc
        .tuple(
          fc.string({ maxLength: 9 }),
          fc.constantFrom('\x80', 'é', '\ud800', '😀'),
          fc.string(),
        )
        .map(([a, b, c]) => a + b + c),
    );
    checkPropertyOf(
      { file: 'simulator/log/murmur2.test.ts', name: sameName },
      fc.property(text, (s) => {
        expect(murmur2String(s)).toBe(murmur2(utf8Bytes(s)));
      }),
      { numRuns: 500 },
    );
  });

  it('treats bytes above 0x7f as unsigned, as Java masks them with 0xff', () => {
    // 'é' is 0xc3 0xa9 in UTF-8; passing the signed Java bytes must give the same hash.
    expect(murmur2([0xc3 - 256, 0xa9 - 256])).toBe(murmur2([0xc3, 0xa9]));
  });
});

describe('toPositive', () => {
  it('clears the sign bit instead of negating, so the most negative int maps to zero', () => {
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(-973932308)).toBe(1173551340);
    expect(toPositive(12345)).toBe(12345);
  });
});

describe('utf8Bytes', () => {
  it('encodes one, two, three and four byte sequences like Java', () => {
    expect(utf8Bytes('a')).toEqual([0x61]);
    expect(utf8Bytes('é')).toEqual([0xc3, 0xa9]);
    expect(utf8Bytes('€')).toEqual([0xe2, 0x82, 0xac]);
    expect(utf8Bytes('😀')).toEqual([0xf0, 0x9f, 0x98, 0x80]);
  });

  it('writes a question mark for a lone surrogate, as Java getBytes(UTF_8) does', () => {
    expect(utf8Bytes('a\ud800b')).toEqual([0x61, 0x3f, 0x62]);
    expect(utf8Bytes('\udc00')).toEqual([0x3f]);
  });

  it('agrees with the platform encoder on well-formed text', () => {
    const text = 'order-42 · Zürich · 東京 · 🚀';
    expect(utf8Bytes(text)).toEqual([...new TextEncoder().encode(text)]);
  });
});
