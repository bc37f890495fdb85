import { Prng } from '../../simulator/core/prng.ts';
import type { World } from '../../simulator/core/world.ts';
import { buildWorld } from '../../simulator/scenario/build.ts';
import { scenarioSchema } from '../../simulator/scenario/schema.ts';
import { TraceIndex } from '../../simulator/trace/snapshots.ts';
import { sampleHeap, type BenchCase } from '../bench.ts';

/**
 * The log's speed (issue 2 §7): a million records produced and read through the simulated broker,
 * against a bare loop that makes the same records and pushes and reads them in plain arrays.
 */
const RECORDS = 1_000_000;
const PARTITIONS = 8;

/** Build and run a world that produces `RECORDS` records and reads them all with one consumer. */
export function produceAndRead(transactional: boolean): World {
  const scenario = scenarioSchema.parse({
    name: transactional ? 'bench-transactions' : 'bench-plain',
    seed: 1,
    durationMs: 86_400_000,
    topics: [{ name: 'events', partitions: PARTITIONS }],
    producers: [
      {
        id: 'producer',
        idempotent: transactional,
        transactionalId: transactional ? 'bench-tx' : null,
        transactions: { recordsPerTransaction: 100, transactionTimeoutMs: 600_000 },
        batchSize: 500,
        lingerMs: 0,
        workload: { generators: [{ topic: 'events', count: RECORDS, intervalMs: 0, keys: 1000 }] },
      },
    ],
    consumers: [
      {
        id: 'consumer',
        group: 'readers',
        topics: ['events'],
        processingMs: 0,
        maxPollRecords: 5000,
        isolationLevel: transactional ? 'read_committed' : 'read_uncommitted',
      },
    ],
  });
  const world = buildWorld(scenario);
  let read = 0;
  let seen = 0;
  while (read < RECORDS && world.pending > 0) {
    world.runUntil(world.now + 20);
    const trace = world.trace;
    for (; seen < trace.length; seen++) {
      const e = trace[seen];
      if (e.type === 'records.processed') read += e.offsets.length;
    }
    sampleHeap();
  }
  if (read < RECORDS) throw new Error(`only ${read} of ${RECORDS} records were read`);
  return world;
}

/**
 * The bare loop: the same records, pushed into per-partition arrays and read back. Its baseline is
 * the median of seven runs: one run (80-130 ms) moves by half with the collector's state, and the
 * median of three left the ratio as noisy as that.
 */
function bareLoop(): number {
  const partitions: { id: number; key: string; value: number; timestampMs: number }[][] = [];
  for (let p = 0; p < PARTITIONS; p++) partitions.push([]);
  const keys = Array.from({ length: 1000 }, (_, i) => `k${i}`);
  const prng = new Prng(1);
  for (let i = 0; i < RECORDS; i++) {
    const key = keys[prng.int(1000)];
    partitions[i % PARTITIONS].push({ id: i + 1, key, value: i + 1, timestampMs: 0 });
  }
  let sum = 0;
  for (const partition of partitions) for (const record of partition) sum += record.value;
  return sum;
}

/**
 * The median of `repeats` timed runs of `body`, each after a collection, following an untimed run:
 * warmed, as issue 18 defines its figures (a cold first run also pays for compiling the code).
 */
function medianMs(repeats: number, body: () => void): number {
  body();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    globalThis.gc?.();
    const start = process.hrtime.bigint();
    body();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

let lastPlainWorld: World | null = null;

const cases: BenchCase[] = [
  {
    name: 'log: 1,000,000 records produced and read, no faults (ms)',
    run() {
      const baseline = medianMs(7, () => void bareLoop());
      const value = medianMs(3, () => {
        lastPlainWorld = null;
        lastPlainWorld = produceAndRead(false);
      });
      return { value, unit: 'ms', baseline, target: 5 };
    },
  },
  {
    name: 'log: the same with idempotence and transactions, a commit every 100 records (ms)',
    run() {
      // The previous case's world (a million records and their trace) is not this case's heap:
      // kept alive, every collection here would trace it too.
      lastPlainWorld = null;
      const baseline = medianMs(7, () => void bareLoop());
      const value = medianMs(3, () => void produceAndRead(true));
      return { value, unit: 'ms', baseline, target: 12 };
    },
  },
  {
    name: 'log: peak heap of the 1,000,000-record run (MB)',
    run() {
      lastPlainWorld = null;
      globalThis.gc?.();
      const before = process.memoryUsage().heapUsed;
      let peak = before;
      const world = produceAndRead(false);
      globalThis.gc?.();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      lastPlainWorld = world;
      return { value: Math.round(peak / 1e6), unit: 'MB', target: 600 };
    },
  },
  {
    name: 'log: seek to a random event of the 1,000,000-record run (worst of 50, ms)',
    run() {
      const world = lastPlainWorld ?? produceAndRead(false);
      const index = new TraceIndex(world.trace);
      const prng = new Prng(7);
      let worst = 0;
      for (let i = 0; i < 50; i++) {
        const target = prng.int(world.trace.length);
        const start = process.hrtime.bigint();
        index.stateAt(target);
        worst = Math.max(worst, Number(process.hrtime.bigint() - start) / 1e6);
      }
      sampleHeap();
      return { value: worst, unit: 'ms', target: 50 };
    },
  },
];

export default cases;
