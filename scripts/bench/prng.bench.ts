import { Prng } from '../../simulator/core/prng.ts';
import { nsPerOp, type BenchCase } from '../bench.ts';

/**
 * The simulator's PRNG against the cheapest generator there is, an inline xorshift32 loop: the
 * PRNG sits under every drawn latency, loss and fault, so it should cost at most a few times that.
 */

const COUNT = 2_000_000;

// Results are folded into a sink that is checked, so the loops cannot be optimised away.
let sink = 0;

function xorshiftLoop(): void {
  let x = 2463534242;
  let acc = 0;
  for (let i = 0; i < COUNT; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    acc ^= x;
  }
  sink ^= acc;
}

const nextUint32: BenchCase = {
  name: 'prng.nextUint32',
  run() {
    const prng = new Prng(42);
    const value = nsPerOp(COUNT, () => {
      let acc = 0;
      for (let i = 0; i < COUNT; i++) acc ^= prng.nextUint32();
      sink ^= acc;
    });
    const baseline = nsPerOp(COUNT, xorshiftLoop);
    if (sink === 0.5) throw new Error('unreachable: keeps the sink alive');
    return { value, unit: 'ns/number', baseline, target: 4 };
  },
};

const intBounded: BenchCase = {
  name: 'prng.int(bound)',
  run() {
    const prng = new Prng(42);
    const value = nsPerOp(COUNT, () => {
      let acc = 0;
      for (let i = 0; i < COUNT; i++) acc ^= prng.int(1000);
      sink ^= acc;
    });
    const baseline = nsPerOp(COUNT, xorshiftLoop);
    if (sink === 0.5) throw new Error('unreachable: keeps the sink alive');
    return { value, unit: 'ns/number', baseline, target: 8 };
  },
};

export default [nextUint32, intBounded];
