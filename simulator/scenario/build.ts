import { Prng } from '../core/prng.ts';
import type { Json, SimRecord } from '../core/types.ts';
import { World } from '../core/world.ts';
import { scheduleFaults } from '../core/faults.ts';
import { Broker } from '../log/broker.ts';
import { Consumer } from '../log/consumer.ts';
import { Producer } from '../log/producer.ts';
import type { Workload } from '../log/workload.ts';
import type { GeneratorSpec, ProducerSpec, Scenario } from './schema.ts';

export interface BuildOptions {
  /** Run with this seed instead of the scenario's. */
  seed?: number;
}

/** Build the world a scenario describes: broker, producers, consumers and the fault schedule. */
export function buildWorld(scenario: Scenario, options: BuildOptions = {}): World {
  const seed = options.seed ?? scenario.seed;
  const world = new World({ seed, network: scenario.network });
  world.emit({ type: 'sim.started', seed, scenario: scenario.name });
  world.add(
    new Broker({
      topics: scenario.topics,
      offsetsTopicPartitions: 1,
      initialRebalanceDelayMs: 30,
      housekeepingIntervalMs: 100,
    }),
  );
  const partitionsPerTopic: Record<string, number> = {};
  for (const t of scenario.topics) partitionsPerTopic[t.name] = t.partitions;
  let nextRecordId = 1;
  for (const spec of scenario.producers) {
    const workload = buildWorkload(spec, new Prng(seed).fork(`workload:${spec.id}`), nextRecordId);
    nextRecordId += workload.records.length;
    world.add(new Producer(producerConfig(spec, partitionsPerTopic, workload)), spec.startAtMs);
  }
  for (const spec of scenario.consumers) {
    world.add(new Consumer({ ...spec, requestTimeoutMs: 200 }), spec.startAtMs);
  }
  scheduleFaults(world, scenario.faults);
  return world;
}

function producerConfig(spec: ProducerSpec, partitionsPerTopic: Record<string, number>, workload: Workload) {
  return {
    id: spec.id,
    idempotent: spec.idempotent || spec.transactionalId !== null,
    transactionalId: spec.transactionalId,
    recordsPerTransaction: spec.transactions?.recordsPerTransaction ?? 10,
    transactionTimeoutMs: spec.transactions?.transactionTimeoutMs ?? 1000,
    requestTimeoutMs: spec.requestTimeoutMs,
    retryBackoffMs: spec.retryBackoffMs,
    deliveryTimeoutMs: spec.deliveryTimeoutMs,
    lingerMs: spec.lingerMs,
    batchSize: spec.batchSize,
    partitionsPerTopic,
    workload,
  };
}

/**
 * A producer's workload in time order: explicit records and generated ones, merged stably by time.
 * Record ids are given in that order from `firstId`, so they are unique across the scenario.
 */
export function buildWorkload(spec: ProducerSpec, prng: Prng, firstId: number): Workload {
  type Item = { atMs: number; topic: string; key: string | null; value: Json; partition: number; headers?: Record<string, string> };
  const items: Item[] = spec.workload.records.map((r) => ({
    atMs: r.atMs,
    topic: r.topic,
    key: r.key,
    value: r.value as Json,
    partition: r.partition ?? -1,
    headers: r.headers,
  }));
  spec.workload.generators.forEach((g, index) => generate(g, prng.fork(`generator:${index}`), items));
  // Array.prototype.sort is stable: items at the same time keep declaration order.
  items.sort((a, b) => a.atMs - b.atMs);
  const workload: Workload = { records: new Array(items.length), topics: new Array(items.length), atMs: new Array(items.length), partitions: new Array(items.length) };
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const record: SimRecord = item.headers
      ? { id: firstId + i, key: item.key, value: item.value, timestampMs: item.atMs, headers: item.headers }
      : { id: firstId + i, key: item.key, value: item.value, timestampMs: item.atMs };
    workload.records[i] = record;
    workload.topics[i] = item.topic;
    workload.atMs[i] = item.atMs;
    workload.partitions[i] = item.partition;
  }
  return workload;
}

function generate(g: GeneratorSpec, prng: Prng, into: { atMs: number; topic: string; key: string | null; value: Json; partition: number }[]): void {
  const keys = g.keys === null ? null : typeof g.keys === 'number' ? Array.from({ length: g.keys }, (_, i) => `k${i}`) : g.keys;
  for (let i = 0; i < g.count; i++) {
    const key = keys === null ? null : keys[prng.int(keys.length)];
    into.push({ atMs: g.startAtMs + i * g.intervalMs, topic: g.topic, key, value: generatedValue(g, i, key, prng), partition: -1 });
  }
}

function generatedValue(g: GeneratorSpec, i: number, key: string | null, prng: Prng): Json {
  switch (g.valueKind) {
    case 'sequence':
      return i + 1;
    case 'amount':
      return prng.between(1, 100);
    case 'pageView':
      return { user: key, page: `/page/${prng.int(5)}` };
  }
}
