import type { World } from '../../simulator/core/world.ts';
import { buildWorld } from '../../simulator/scenario/build.ts';
import { scenarioSchema, type ScenarioInput } from '../../simulator/scenario/schema.ts';
import { TopologyTestDriver } from '../../simulator/streams/driver/topology-test-driver.ts';
import { buildTopologyFromSpec } from '../../simulator/streams/spec/build-from-spec.ts';
import type { TopologySpecInput } from '../../simulator/streams/topology-schema.ts';
import { sampleHeap, type BenchCase } from '../bench.ts';

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
function joinInputs(): { topic: 'orders' | 'payments'; key: string; value: number; timestampMs: number }[] {
  const records: { topic: 'orders' | 'payments'; key: string; value: number; timestampMs: number }[] = [];
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
    { op: 'join', with: 'payments', joiner: { fn: 'pair' }, windows: { timeDifferenceMs: WINDOW_MS, graceMs: 0 } },
    { op: 'to', topic: 'paid-orders' },
  ],
} satisfies TopologySpecInput;

/** The bare join: per key, the records of each side within the window; expire what is too old. */
function bareJoin(records: ReturnType<typeof joinInputs>): number {
  const left = new Map<string, { value: number; timestampMs: number }[]>();
  const right = new Map<string, { value: number; timestampMs: number }[]>();
  let joined = 0;
  for (const r of records) {
    const [mine, theirs] = r.topic === 'orders' ? [left, right] : [right, left];
    const partners = theirs.get(r.key);
    if (partners) for (const p of partners) if (Math.abs(p.timestampMs - r.timestampMs) <= WINDOW_MS) joined++;
    const list = mine.get(r.key);
    if (list) list.push({ value: r.value, timestampMs: r.timestampMs });
    else mine.set(r.key, [{ value: r.value, timestampMs: r.timestampMs }]);
    const expired = `o${r.timestampMs - 2 * WINDOW_MS}`;
    left.delete(expired);
    right.delete(expired);
  }
  return joined;
}

function driverJoin(records: ReturnType<typeof joinInputs>): number {
  const driver = new TopologyTestDriver(buildTopologyFromSpec(joinTopology), { applicationId: 'bench' });
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

function simulatedJoin(records: ReturnType<typeof joinInputs>): number {
  const byTopic = (topic: string) =>
    records.filter((r) => r.topic === topic).map((r) => ({ atMs: r.timestampMs, topic, key: r.key, value: r.value }));
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
      { id: 'join', instances: ['i1', 'i2'], guarantee: 'exactly_once_v2', commitIntervalMs: 100, maxPollRecords: 1000, topology: joinTopology },
    ],
  };
  const world = buildWorld(scenarioSchema.parse(input));
  return runUntilOutputs(world, 'paid-orders', PAIRS);
}

/** Run until `count` records of `topic` are committed (acknowledged) or the world has nothing left. */
function runUntilOutputs(world: World, topic: string, count: number): number {
  let seen = 0;
  let joined = 0;
  while (joined < count && world.pending > 0) {
    world.runUntil(world.now + 500);
    for (; seen < world.trace.length; seen++) {
      const e = world.trace[seen];
      if (e.type === 'txn.committed') for (const id of e.recordIds) void id;
      if (e.type === 'record.appended' && e.topic === topic) joined++;
    }
    sampleHeap();
  }
  return joined;
}

function timeMs(body: () => number): { ms: number; result: number } {
  globalThis.gc?.();
  const start = process.hrtime.bigint();
  const result = body();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

const cases: BenchCase[] = [
  {
    name: 'streams: windowed join of 200,000 records, 2 topics x 4 partitions, exactly_once_v2, simulated (ms)',
    run() {
      const records = joinInputs();
      const bare = timeMs(() => bareJoin(records));
      const sim = timeMs(() => simulatedJoin(records));
      if (sim.result < PAIRS || bare.result !== PAIRS) throw new Error(`joined ${sim.result} (sim) and ${bare.result} (bare) of ${PAIRS}`);
      return { value: sim.ms, unit: 'ms', baseline: bare.ms, target: 8 };
    },
  },
  {
    name: 'streams: the same join through the TopologyTestDriver (ms)',
    run() {
      const records = joinInputs();
      const bare = timeMs(() => bareJoin(records));
      const driven = timeMs(() => driverJoin(records));
      if (driven.result !== PAIRS) throw new Error(`the driver joined ${driven.result} of ${PAIRS}`);
      return { value: driven.ms, unit: 'ms', baseline: bare.ms, target: 3 };
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
        producers: [{ id: 'source', batchSize: 100, workload: { generators: [{ topic: 'events', count: 100_000, intervalMs: 0, keys: 5000 }] } }],
        applications: [
          {
            id: 'counter',
            instances,
            guarantee: 'exactly_once_v2',
            commitIntervalMs: 100,
            maxPollRecords: 500,
            topology: { operators: [{ op: 'stream', topics: ['events'] }, { op: 'groupByKey' }, { op: 'count' }, { op: 'toStream' }, { op: 'to', topic: 'counts' }] },
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
      const counted = world.trace.filter((e) => e.type === 'record.appended' && e.topic === 'counts').length;
      console.log(`  restored ${restored} store records; ${counted} count updates appended; ${world.trace.length} events`);
      return { value: ms, unit: 'ms' };
    },
  },
];

export default cases;
