import { describe, expect, it } from 'vitest';
import { MAX_STRING, plainCopy, plainJson } from './plain-answer.ts';

/** The sandbox's answers are written without running learner code and with a bounded size. */

describe('a plain copy of an answer', () => {
  it('writes a BigInt, a function and a symbol as words instead of throwing', () => {
    expect(plainCopy({ n: 5n, f: () => 1, s: Symbol('x'), u: undefined })).toEqual({
      n: '5n (a BigInt)',
      f: '(a function)',
      s: '(a symbol)',
      u: null,
    });
  });

  it('never calls toJSON or a getter', () => {
    let called = 0;
    const hostile = {
      toJSON() {
        called++;
        throw new Error('no');
      },
      get passed() {
        called++;
        return true;
      },
    };
    expect(plainJson({ outcome: hostile })).toBe(
      '{"outcome":{"toJSON":"(a function)","passed":"(a getter)"}}',
    );
    expect(called).toBe(0);
  });

  it('clips long strings and cuts deep values', () => {
    const copy = plainCopy({ message: 'x'.repeat(30_000_000) }) as { message: string };
    expect(copy.message.length).toBeLessThan(MAX_STRING + 100);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(plainJson(deep)).toContain('cut: too deep');
  });
});
