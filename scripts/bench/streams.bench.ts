import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import type { World } from '../../simulator/core/world.ts';
import { buildWorld } from '../../simulator/scenario/build.ts';
import {
  scenarioSchema,
  type Scenario,
  type ScenarioInput,
} from '../../simulator/scenario/schema.ts';
import { TopologyTestDriver } from '../../simulator/streams/driver/topology-test-driver.ts';
import { buildTopologyFromSpec } from '../../simulator/streams/spec/build-from-spec.ts';
import type { TopologySpecInput } from '../../simulator/streams/topology-schema.ts';
import { sampleHeap, type BenchCase } from '../bench.ts';
import { flatten, rebuild } from './trace-floor.ts';

/**
 * The stream processor's speed (issue 3 §6): a windowed stream-stream join of 200,000 records
 * through the simulated runtime (exactly_once_v2, a commit every 100 ms of virtual time) and through
 * the test driver, each against a bare Map-based join of the same records in the same process; and
 * a 10-instance, 32-partition aggregation with a crash and a restore.
 */
const PAIRS = Number(process.env.BENCH_PAIRS ?? 100_000);
const WINDOW_MS = 10;
const PAYMENT_DELAY_MS = 5;

/** Order i (key o<i>, time i) and its payment (same key, 5 ms later): every order joins once. */
export function joinInputs(): {
  topic: 'orders' | 'payments';
  key: string;
  value: number;
  timestampMs: number;
}[] {
  const records: {
    topic: 'orders' | 'payments';
    key: string;
    value: number;
    timestampMs: number;
  }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    records.push({ topic: 'orders', key: `o${i}`, value: i, timestampMs: i });
    records.push({ topic: 'payments', key: `o${i}`, value: i, timestampMs: i + PAYMENT_DELAY_MS });
  }
  return records.sort((a, b) => a.timestampMs - b.timestampMs);
}

const joinTopology = {
  operators: [
    { op: 'stream', topics: ['payments'], as: 'payments' },
    { op: 'stream', topics: ['orders'] },
    {
      op: 'join',
      with: 'payments',
      joiner: { fn: 'pair' },
      windows: { timeDifferenceMs: WINDOW_MS, graceMs: 0 },
    },
    { op: 'to', topic: 'paid-orders' },
  ],
} satisfies TopologySpecInput;

/**
 * The bare join, as one would write it by hand for these records: per key, the buffered records of
 * each side; a match makes the joiner's result (the pair, as the topology's `pair` joiner does);
 * the results are drained every 1,000 as the driver's are; a record leaves its buffer once it is
 * older than the window, oldest first (the records arrive in timestamp order, so a FIFO is enough).
 */
function bareJoin(records: ReturnType<typeof joinInputs>): number {
  type Buffered = { key: string; value: number; timestampMs: number };
  const buffers = {
    orders: new Map<string, Buffered[]>(),
    payments: new Map<string, Buffered[]>(),
  };
  const arrivals: { topic: 'orders' | 'payments'; record: Buffered }[] = [];
  let oldest = 0;
  let results: [number, number][] = [];
  let joined = 0;
  for (const r of records) {
    const isOrder = r.topic === 'orders';
    const partners = buffers[isOrder ? 'payments' : 'orders'].get(r.key);
    if (partners)
      for (const p of partners)
        if (Math.abs(p.timestampMs - r.timestampMs) <= WINDOW_MS)
          results.push(isOrder ? [r.value, p.value] : [p.value, r.value]);
    const record = { key: r.key, value: r.value, timestampMs: r.timestampMs };
    const mine = buffers[r.topic];
    const list = mine.get(r.key);
    if (list) list.push(record);
    else mine.set(r.key, [record]);
    arrivals.push({ topic: r.topic, record });
    for (
      ;
      oldest < arrivals.length && arrivals[oldest].record.timestampMs < r.timestampMs - WINDOW_MS;
      oldest++
    ) {
      const { topic, record: old } = arrivals[oldest];
      const buffered = buffers[topic].get(old.key)!;
      buffered.shift();
      if (buffered.length === 0) buffers[topic].delete(old.key);
    }
    if (oldest > 1024) {
      arrivals.splice(0, oldest);
      oldest = 0;
    }
    if (results.length > 1000) {
      joined += results.length;
      results = [];
    }
  }
  return joined + results.length;
}

function driverJoin(records: ReturnType<typeof joinInputs>): number {
  const driver = new TopologyTestDriver(buildTopologyFromSpec(joinTopology), {
    applicationId: 'bench',
  });
  const orders = driver.createInputTopic('orders');
  const payments = driver.createInputTopic('payments');
  const out = driver.createOutputTopic('paid-orders');
  let joined = 0;
  for (const r of records) {
    (r.topic === 'orders' ? orders : payments).pipeInput(r.key, r.value, r.timestampMs);
    if (out.getQueueSize() > 1000) joined += out.readRecordsToList().length;
  }
  return joined + out.readRecordsToList().length;
}

/**
 * The join's scenario, validated. Parsing 200,000 literal records with zod is not the engine's
 * work (and allocates about 240 MB), so the cases parse before they start timing.
 */
export function joinScenario(records: ReturnType<typeof joinInputs>): Scenario {
  const byTopic = (topic: string) =>
    records
      .filter((r) => r.topic === topic)
      .map((r) => ({ atMs: r.timestampMs, topic, key: r.key, value: r.value }));
  const input: ScenarioInput = {
    name: 'bench-join',
    seed: 1,
    durationMs: PAIRS + 60_000,
    topics: [
      { name: 'orders', partitions: 4 },
      { name: 'payments', partitions: 4 },
      { name: 'paid-orders', partitions: 4 },
    ],
    producers: [
      { id: 'shop', batchSize: 200, lingerMs: 5, workload: { records: byTopic('orders') } },
      { id: 'bank', batchSize: 200, lingerMs: 5, workload: { records: byTopic('payments') } },
    ],
    applications: [
      {
        id: 'join',
        instances: ['i1', 'i2'],
        guarantee: 'exactly_once_v2',
        commitIntervalMs: 100,
        maxPollRecords: 1000,
        topology: joinTopology,
      },
    ],
  };
  return scenarioSchema.parse(input);
}

export function simulatedJoin(scenario: Scenario): number {
  const world = buildWorld(scenario);
  const joined = runUntilOutputs(world, 'paid-orders', PAIRS);
  lastSimulatedTrace = world.trace;
  return joined;
}

/** The trace of the last simulated join, for the floor case (it need not simulate again). */
export let lastSimulatedTrace: readonly TraceEvent[] | null = null;
/** The last simulated join's time, and the bare join's, timed before any trace existed. */
let lastSimulatedMs: number | null = null;
let cleanBareJoinMs: number | null = null;
/** The last floor's time, for the ratio case. */
let lastFloorMs: number | null = null;

/** The heap in use after a full collection, in MB. */
function usedHeapMb(): number {
  globalThis.gc?.();
  return getHeapStatistics().used_heap_size / 1e6;
}

/**
 * Run, 500 ms of virtual time at a time, until the trace shows `count` records of `topic` appended
 * or the world has nothing left. Each event is read once, for its type (and a record's topic):
 * that is all the count needs.
 */
function runUntilOutputs(world: World, topic: string, count: number): number {
  let seen = 0;
  let joined = 0;
  while (joined < count && world.pending > 0) {
    world.runUntil(world.now + 500);
    for (; seen < world.trace.length; seen++) {
      const e = world.trace[seen];
      if (e.type === 'record.appended' && e.topic === topic) joined++;
    }
    sampleHeap();
  }
  return joined;
}

/**
 * The median time of `runs` runs of `body` (a collection before each, and with more than one run
 * an untimed one first, so the compiler has settled), and its result. A single run of a few tens of
 * milliseconds moves by 2x with the collector's state and the compiler's; the median does not.
 * `forget`, when given, drops what a run left behind (a trace) before the next run's collection.
 */
function timeMs(body: () => number, runs = 1, forget?: () => void): { ms: number; result: number } {
  if (runs > 1) body();
  const times: number[] = [];
  let result = 0;
  for (let i = 0; i < runs; i++) {
    forget?.();
    globalThis.gc?.();
    const start = process.hrtime.bigint();
    result = body();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    sampleHeap();
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result };
}

const cases: BenchCase[] = [
  {
    name: 'streams: windowed join of 200,000 records, 2 topics x 4 partitions, exactly_once_v2, simulated (ms)',
    run() {
      const records = joinInputs();
      const bare = timeMs(() => bareJoin(records), 5);
      cleanBareJoinMs = bare.ms;
      const scenario = joinScenario(records);
      lastSimulatedTrace = null;
      const heapBeforeMb = usedHeapMb();
      // Warmed, as every figure here: timed cold, the run also paid for compiling the engine.
      const sim = timeMs(
        () => simulatedJoin(scenario),
        3,
        () => (lastSimulatedTrace = null),
      );
      lastSimulatedMs = sim.ms;
      // The heap's floor, as the trace floor below is the time's: what the trace alone keeps
      // once the run's world is gone (issue 18's peak-heap target is read against it).
      console.log(`  its trace alone retains ${Math.round(usedHeapMb() - heapBeforeMb)} MB`);
      if (sim.result < PAIRS || bare.result !== PAIRS)
        throw new Error(`joined ${sim.result} (sim) and ${bare.result} (bare) of ${PAIRS}`);
      // No target against the bare join (issue 18): the trace alone costs about 10x it. The
      // simulation is held to its trace floor instead, in the ratio case below.
      return { value: sim.ms, unit: 'ms', baseline: bare.ms };
    },
  },
  {
    // Why a target against the bare join is out of reach while the trace is the simulator's
    // output (DESIGN.md): only making the objects of the run's trace, and keeping them, costs this
    // much. The bare join is timed on a clean heap, before any trace exists: timed while the
    // trace (or its flattened copy) is alive, it pays for that heap's collections and looks 3-5x
    // slower than it is.
    name: "streams: the floor under the simulated join: only making and keeping its trace's events, shallow, no simulation (ms)",
    run() {
      const records = joinInputs();
      const bareMs = cleanBareJoinMs ?? timeMs(() => bareJoin(records), 5).ms;
      const flat = flatten(
        lastSimulatedTrace ?? (simulatedJoin(joinScenario(records)), lastSimulatedTrace!),
      );
      lastSimulatedTrace = null;
      const events = flat.shapeOf.length;
      const floor = timeMs(() => rebuild(flat).length, 3);
      lastFloorMs = floor.ms;
      console.log(`  ${events} events, ${(events / records.length).toFixed(1)} per input record`);
      // The heap's floor under the peak-heap target: the event objects themselves, shallow (their
      // nested parts are the flattened values', already counted before), kept.
      const beforeMb = usedHeapMb();
      const kept = rebuild(flat);
      console.log(
        `  its ${kept.length} event objects alone, shallow, retain ${Math.round(usedHeapMb() - beforeMb)} MB`,
      );
      return { value: floor.ms, unit: 'ms', baseline: bareMs };
    },
  },
  {
    // Issue 18's figure: what the engine spends beyond building its own trace.
    name: 'streams: the simulated join over its trace floor (ms, run both cases above first)',
    run() {
      if (lastSimulatedMs === null || lastFloorMs === null)
        throw new Error('run the simulated join and its floor first (filter "streams: ")');
      return { value: lastSimulatedMs, unit: 'ms', baseline: lastFloorMs, target: 6 };
    },
  },
  {
    // Issue 18's heap figure, from a run in a fresh process (see join-heap-run.ts): in this one,
    // the cases before have already set how far V8 lets the heap grow.
    name: 'streams: peak heap of one simulated join run, in a process of its own (MB)',
    run() {
      const script = join(dirname(fileURLToPath(import.meta.url)), 'join-heap-run.ts');
      const output = execFileSync(process.execPath, [...process.execArgv, script], {
        encoding: 'utf8',
      });
      const { peakMb } = JSON.parse(output.trim().split('\n').at(-1)!) as { peakMb: number };
      return { value: Math.round(peakMb), unit: 'MB', target: 450 };
    },
  },
  {
    name: 'streams: the same join through the TopologyTestDriver (ms)',
    run() {
      const records = joinInputs();
      const bare = timeMs(() => bareJoin(records), 5);
      const driven = timeMs(() => driverJoin(records), 5);
      if (driven.result !== PAIRS)
        throw new Error(`the driver joined ${driven.result} of ${PAIRS}`);
      return { value: driven.ms, unit: 'ms', baseline: bare.ms, target: 4 };
    },
  },
  {
    name: 'streams: 10 instances, 32 partitions, counting 100,000 records with a crash and restore (ms)',
    run() {
      const instances = Array.from({ length: 10 }, (_, i) => `counter-${i + 1}`);
      const input: ScenarioInput = {
        name: 'bench-aggregation',
        seed: 3,
        durationMs: 30_000,
        topics: [
          { name: 'events', partitions: 32 },
          { name: 'counts', partitions: 32 },
        ],
        producers: [
          {
            id: 'source',
            batchSize: 100,
            workload: {
              generators: [{ topic: 'events', count: 100_000, intervalMs: 0, keys: 5000 }],
            },
          },
        ],
        applications: [
          {
            id: 'counter',
            instances,
            guarantee: 'exactly_once_v2',
            commitIntervalMs: 100,
            maxPollRecords: 500,
            topology: {
              operators: [
                { op: 'stream', topics: ['events'] },
                { op: 'groupByKey' },
                { op: 'count' },
                { op: 'toStream' },
                { op: 'to', topic: 'counts' },
              ],
            },
          },
        ],
        faults: [
          { at: 1500, kind: 'crash', target: 'counter-3' },
          { at: 4000, kind: 'restart', target: 'counter-3' },
        ],
      };
      const world = buildWorld(scenarioSchema.parse(input));
      const { ms } = timeMs(() => {
        world.runUntil(input.durationMs);
        return 0;
      });
      const restored = world.trace.filter((e) => e.type === 'store.restored').length;
      const counted = world.trace.filter(
        (e) => e.type === 'record.appended' && e.topic === 'counts',
      ).length;
      console.log(
        `  restored ${restored} store records; ${counted} count updates appended; ${world.trace.length} events`,
      );
      return { value: ms, unit: 'ms' };
    },
  },
];

export default cases;
