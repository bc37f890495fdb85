import { describe, expect, it } from 'vitest';
import { Prng } from './prng.ts';

/**
 * sfc32 seeded through splitmix32, written again here with BigInt arithmetic from the published
 * algorithm, so the pinned values below are checked against the algorithm and not only against
 * whatever the code happened to print once.
 */
function referenceStream(seed: number, count: number): number[] {
  const mask = 0xffffffffn;
  let s = BigInt(seed >>> 0);
  const splitmix = () => {
    s = (s + 0x9e3779b9n) & mask;
    let z = s;
    z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & mask;
    z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & mask;
    return (z ^ (z >> 16n)) & mask;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const t = (a + b + d) & mask;
    d = (d + 1n) & mask;
    a = b ^ (b >> 9n);
    b = (c + (c << 3n)) & mask;
    c = ((c << 21n) | (c >> 11n)) & mask;
    c = (c + t) & mask;
    return Number(t);
  };
  for (let i = 0; i < 12; i++) next();
  return Array.from({ length: count }, next);
}

function draw(prng: Prng, count: number): number[] {
  return Array.from({ length: count }, () => prng.nextUint32());
}

/** Pearson's statistic times `expected`, in integers: sum of (observed - expected)^2. */
function squaredDeviations(counts: readonly number[], expected: number): number {
  let sum = 0;
  for (const c of counts) sum += (c - expected) * (c - expected);
  return sum;
}

describe('Prng', () => {
  it('gives the pinned first ten outputs for seed 42', () => {
    expect(draw(new Prng(42), 10)).toEqual([
      1028872839, 2516511472, 400437680, 853279530, 1920286840, 3588795744, 3644712829, 3990689672,
      1996320479, 4256360589,
    ]);
  });

  it('matches an independent BigInt implementation of splitmix32-seeded sfc32', () => {
    for (const seed of [0, 1, 42, 0x7fffffff, 0xffffffff]) {
      expect(draw(new Prng(seed), 50), `seed ${seed}`).toEqual(referenceStream(seed, 50));
    }
  });

  it('gives the same stream for the same seed', () => {
    expect(draw(new Prng(123456), 1000)).toEqual(draw(new Prng(123456), 1000));
  });

  it('gives different streams for neighbouring seeds', () => {
    const streams = [0, 1, 2, 3].map((seed) => draw(new Prng(seed), 4).join(','));
    expect(new Set(streams).size).toBe(4);
  });

  it('keeps int(n) inside [0, n) and reaches both ends', () => {
    const prng = new Prng(7);
    for (const bound of [1, 2, 3, 10, 1000, 0x1_0000_0000]) {
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < 2000; i++) {
        const x = prng.int(bound);
        expect(Number.isInteger(x)).toBe(true);
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      expect(min).toBeGreaterThanOrEqual(0);
      expect(max).toBeLessThan(bound);
      if (bound <= 10) {
        expect(min).toBe(0);
        expect(max).toBe(bound - 1);
      }
    }
  });

  it('draws int(10) roughly uniformly over 10^5 draws (chi-square below the 0.1% critical value)', () => {
    // 9 degrees of freedom: P(chi2 > 27.88) = 0.001. chi2 = sum((o-e)^2)/e, kept in integers.
    for (const seed of [1, 42, 2024]) {
      const prng = new Prng(seed);
      const counts = new Array<number>(10).fill(0);
      for (let i = 0; i < 100_000; i++) counts[prng.int(10)]++;
      expect(squaredDeviations(counts, 10_000), `seed ${seed}: ${counts}`).toBeLessThan(
        27.88 * 10_000,
      );
    }
  });

  it('has no modulo bias for a bound that does not divide 2^32', () => {
    // With bound 3·2^30, a plain `x % bound` would land in [0, 2^30) twice as often as elsewhere.
    const prng = new Prng(99);
    const thirds = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) thirds[Math.floor(prng.int(3 * 2 ** 30) / 2 ** 30)]++;
    // 2 degrees of freedom: P(chi2 > 13.82) = 0.001.
    expect(squaredDeviations(thirds, 10_000), `${thirds}`).toBeLessThan(13.82 * 10_000);
  });

  it('rejects bounds outside 1..2^32', () => {
    const prng = new Prng(1);
    for (const bad of [0, -1, 1.5, 0x1_0000_0001, Number.NaN]) {
      expect(() => prng.int(bad), `bound ${bad}`).toThrow(RangeError);
    }
  });

  it('keeps between(min, max) inclusive at both ends', () => {
    const prng = new Prng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(prng.between(-2, 2));
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
  });

  it('answers chance() with its integer probability, exactly at 0 and 10^6', () => {
    const prng = new Prng(11);
    let hits = 0;
    for (let i = 0; i < 100_000; i++) if (prng.chance(250_000)) hits++;
    // Binomial(10^5, 1/4): standard deviation ≈ 137; allow five of them.
    expect(Math.abs(hits - 25_000)).toBeLessThan(5 * 137);
    for (let i = 0; i < 100; i++) {
      expect(prng.chance(0)).toBe(false);
      expect(prng.chance(1_000_000)).toBe(true);
    }
  });

  it('gives fork streams that do not depend on how much the other forks were used', () => {
    const parent = new Prng(42);
    const a = parent.fork('a');
    const b = parent.fork('b');
    const aFirst = draw(a, 5);
    draw(b, 1000);
    const aNext = draw(a, 5);

    const fresh = new Prng(42);
    const a2 = fresh.fork('a');
    expect([...draw(a2, 5), ...draw(a2, 5)]).toEqual([...aFirst, ...aNext]);
  });

  it('gives a named fork the same stream whatever other forks were made before it', () => {
    const alone = new Prng(42).fork('network');
    const crowded = new Prng(42);
    crowded.fork('actor:broker');
    crowded.fork('actor:p1');
    expect(draw(crowded.fork('network'), 20)).toEqual(draw(alone, 20));
  });

  it('gives forks with different labels different streams, unlike the parent', () => {
    const parent = new Prng(42);
    const streams = ['a', 'b', 'network', 'actor:p1'].map((l) => draw(parent.fork(l), 4).join(','));
    streams.push(draw(new Prng(42), 4).join(','));
    expect(new Set(streams).size).toBe(5);
  });

  it('leaves the parent stream untouched by forking', () => {
    const forked = new Prng(3);
    forked.fork('x');
    forked.fork('y');
    expect(draw(forked, 10)).toEqual(draw(new Prng(3), 10));
  });
});
