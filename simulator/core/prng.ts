/**
 * The simulator's only source of randomness: sfc32 (Chris Doty-Humphrey's "small fast counting"
 * generator), seeded through splitmix32. Integer state and integer outputs only, so one seed gives
 * the same stream in Node and in every browser. Randomness is passed in, never reached for
 * (as d3-random's `lcg` does), so a test can give any part of the engine its own stream.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      // splitmix32: spreads a small seed over all 128 bits of state.
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next() | 0;
    this.b = next() | 0;
    this.c = next() | 0;
    this.d = next() | 0;
    // The first outputs of sfc32 are weakly mixed; discard them as its author recommends.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    // State is kept as int32 (`| 0`): V8 keeps those as small integers, where uint32 values above
    // 2^31 would become heap numbers. The bits are the same; only the result is made unsigned.
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform integer in [0, bound), without modulo bias. `bound` must be in 1..2^32. */
  int(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > 0x1_0000_0000) {
      throw new RangeError(`Prng.int: bound must be an integer in 1..2^32, got ${bound}`);
    }
    if (bound === 1) return 0;
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % bound);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % bound;
    }
  }

  /** A uniform integer in [min, max], both inclusive. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `perMillion` / 1,000,000: probabilities stay integers. */
  chance(perMillion: number): boolean {
    if (perMillion <= 0) return false;
    if (perMillion >= 1_000_000) return true;
    return this.int(1_000_000) < perMillion;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Prng.pick: empty array');
    return items[this.int(items.length)];
  }

  /** An independent stream for one part of the world, named so that adding a stream elsewhere does not shift this one. */
  fork(label: string): Prng {
    let h = 0x811c9dc5;
    for (let i = 0; i < label.length; i++) {
      h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
    }
    return new Prng((this.a ^ h ^ Math.imul(this.d, 0x9e3779b1)) >>> 0);
  }
}
