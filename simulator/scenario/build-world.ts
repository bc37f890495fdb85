import { Prng } from '../core/prng.ts';
import type { Json, SimRecord } from '../core/types.ts';
import { World } from '../core/world.ts';
import { scheduleFaults } from '../core/faults.ts';
import { Broker } from '../log/broker.ts';
import { Consumer } from '../log/consumer.ts';
import { Producer } from '../log/producer.ts';
import type { Workload } from '../log/workload.ts';
import type {
  ApplicationSpec,
  GeneratorSpec,
  ProducerSpec,
  Scenario,
  StatefulFunctionsSpec,
  TopicSpec,
} from './schema.ts';
import type { Topology } from '../streams/topology.ts';
import { builtinFunction } from '../statefun/functions.ts';
import { statefunTopology } from '../statefun/topology.ts';
import { describeTopology } from '../streams/describe.ts';
import { buildParsedTopology } from '../streams/spec/compile-spec.ts';
import { planTopics } from '../runtime/internal-topics.ts';
import { StreamsInstance, type StreamsInstanceConfig } from '../runtime/streams-instance.ts';
import { TransactionalClient } from '../runtime/transactional-client.ts';
import { compileTransform } from '../runtime/transform.ts';
import { serverlessEngine } from './engines.ts';
import { accountsApplications, addAccountsActors } from '../eventsourcing/build.ts';
import { DurableRuntime } from '../durable/runtime.ts';
import { journalTopic } from '../durable/journal-topic.ts';
import type { DurableHandler } from '../durable/handler.ts';

export interface BuildOptions {
  /** Run with this seed instead of the scenario's. */
  seed?: number;
  /** Code for durable services, by service id (a learner's); others run their `steps`. */
  durableHandlers?: Readonly<Record<string, DurableHandler>>;
}

/** Build the world a scenario describes: broker, producers, consumers and the fault schedule. */
export function buildWorld(scenario: Scenario, options: BuildOptions = {}): World {
  const seed = options.seed ?? scenario.seed;
  const world = new World({ seed, network: scenario.network });
  world.emit({ type: 'sim.started', seed, scenario: scenario.name });
  const partitionsPerTopic: Record<string, number> = {};
  for (const t of scenario.topics) partitionsPerTopic[t.name] = t.partitions;
  const applications = [
    ...scenario.applications.map((app) =>
      planApplication(app, applicationTopology(app, scenario.topics), partitionsPerTopic),
    ),
    ...scenario.statefulFunctions.map((app) =>
      planApplication(app, statefulTopology(app), partitionsPerTopic),
    ),
    ...(scenario.accounts
      ? accountsApplications(scenario.accounts, (t) => partitionsPerTopic[t] ?? 1)
      : []
    ).map(({ app, topology, runtime }) =>
      planApplication(app, topology, partitionsPerTopic, runtime),
    ),
  ];
  for (const app of applications) {
    const { subtopologies } = describeTopology(app.topology);
    world.emit({ type: 'topology.described', application: app.spec.id, subtopologies });
  }
  const internalTopics = [
    ...applications.flatMap((a) => a.internalTopics),
    ...scenario.durable.map((d): TopicSpec => journalTopicSpec(d)),
  ];
  world.add(
    new Broker({
      topics: [...scenario.topics, ...internalTopics],
      offsetsTopicPartitions: 1,
      initialRebalanceDelayMs: 30,
      housekeepingIntervalMs: 100,
    }),
  );
  let nextRecordId = 1;
  for (const spec of scenario.producers) {
    const workload = buildWorkload(spec, new Prng(seed).fork(`workload:${spec.id}`), nextRecordId);
    nextRecordId += workload.records.length;
    world.add(new Producer(producerConfig(spec, partitionsPerTopic, workload)), spec.startAtMs);
  }
  for (const spec of scenario.consumers) {
    world.add(new Consumer({ ...spec, requestTimeoutMs: 200 }), spec.startAtMs);
  }
  for (const spec of scenario.transactionalClients) {
    const { startAtMs, transform, transactionalId, ...config } = spec;
    const client = new TransactionalClient({
      ...config,
      transactionalId: transactionalId ?? spec.id,
      transform: compileTransform(transform),
      requestTimeoutMs: 200,
      partitionsOf: (topic) => partitionsPerTopic[topic] ?? 1,
    });
    world.add(client, startAtMs);
  }
  for (const app of applications) {
    for (const id of app.spec.instances)
      world.add(new StreamsInstance(app.instanceConfig(id)), app.spec.startAtMs);
  }
  for (const spec of scenario.durable)
    world.add(
      new DurableRuntime({
        spec,
        partitionsOf: (t) => partitionsPerTopic[t] ?? 1,
        handler: options.durableHandlers?.[spec.id],
      }),
    );
  if (scenario.serverless) serverlessEngine().add(world, scenario.serverless, scenario.topics);
  if (scenario.accounts)
    addAccountsActors(world, scenario.accounts, (topic) => partitionsPerTopic[topic] ?? 1);
  scheduleFaults(world, scenario.faults);
  return world;
}

/** A durable service's journal: one partition, so it is read back in the order it was written. */
function journalTopicSpec(spec: { id: string }): TopicSpec {
  return {
    name: journalTopic(spec),
    partitions: 1,
    cleanupPolicy: 'delete',
    minCompactionLagMs: 0,
    deleteRetentionMs: 1000,
  };
}

function applicationTopology(spec: ApplicationSpec, topics: TopicSpec[]): Topology {
  const declared = topics.map((t) => ({ name: t.name, partitions: t.partitions }));
  return buildParsedTopology(
    spec.topology.topics === undefined ? { ...spec.topology, topics: declared } : spec.topology,
  );
}

function statefulTopology(spec: StatefulFunctionsSpec): Topology {
  const functions = Object.fromEntries(
    spec.functions.map((f) => [f.type, builtinFunction(f.builtin, f.params)]),
  );
  return statefunTopology({ ingress: spec.ingress, egress: spec.egress, functions });
}

/** An application's internal topics and the configuration of each of its instances. */
function planApplication(
  spec: Omit<ApplicationSpec, 'topology'>,
  topology: Topology,
  partitionsPerTopic: Record<string, number>,
  runtime: Partial<StreamsInstanceConfig> = {},
) {
  const plan = planTopics(topology, spec.id, (topic) => partitionsPerTopic[topic]);
  const internalTopics: TopicSpec[] = plan.internal.map((t) => ({
    name: t.name,
    partitions: t.partitions,
    cleanupPolicy: t.kind === 'changelog' ? 'compact' : 'delete',
    minCompactionLagMs: 0,
    deleteRetentionMs: 1000,
  }));
  for (const t of plan.internal) partitionsPerTopic[t.name] = t.partitions;
  return {
    spec,
    topology,
    internalTopics,
    instanceConfig: (id: string) => ({
      id,
      applicationId: spec.id,
      topology,
      guarantee: spec.guarantee,
      commitIntervalMs: spec.commitIntervalMs,
      transactionTimeoutMs: spec.transactionTimeoutMs,
      sessionTimeoutMs: spec.sessionTimeoutMs,
      heartbeatIntervalMs: spec.heartbeatIntervalMs,
      maxPollRecords: spec.maxPollRecords,
      pollIntervalMs: spec.pollIntervalMs,
      processingMs: spec.processingMs,
      requestTimeoutMs: 200,
      subtopologies: plan.subtopologies,
      partitionsOf: (topic: string) => partitionsPerTopic[topic] ?? 1,
      ...runtime,
    }),
  };
}

function producerConfig(
  spec: ProducerSpec,
  partitionsPerTopic: Record<string, number>,
  workload: Workload,
) {
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

/** A record before its id is given: ids follow the merged order of all of a producer's sources. */
type UnnumberedRecord = { -readonly [K in keyof SimRecord]: SimRecord[K] };

/** One source of items in time order: the explicit records, or one generator. */
interface Source {
  atMs: number[];
  topics: string[];
  partitions: number[];
  /** Each item's record, made once; its `id` is set when the sources are merged. */
  records: UnnumberedRecord[];
}

/**
 * A producer's workload in time order: explicit records and generated ones, merged by time (ties
 * keep declaration order: explicit records first, then generators in order). Record ids are given in
 * that order from `firstId`, so they are unique across the scenario. Each source is already in time
 * order, so a k-way merge suffices and a million-record workload makes one object per record.
 */
export function buildWorkload(spec: ProducerSpec, prng: Prng, firstId: number): Workload {
  const explicit = [...spec.workload.records].sort((a, b) => a.atMs - b.atMs);
  const sources: Source[] = [
    {
      atMs: explicit.map((r) => r.atMs),
      topics: explicit.map((r) => r.topic),
      partitions: explicit.map((r) => r.partition ?? -1),
      records: explicit.map((r) =>
        r.headers
          ? { id: 0, key: r.key, value: r.value as Json, timestampMs: r.atMs, headers: r.headers }
          : { id: 0, key: r.key, value: r.value as Json, timestampMs: r.atMs },
      ),
    },
    ...spec.workload.generators.map((g, index) => generate(g, prng.fork(`generator:${index}`))),
  ];
  const nonEmpty = sources.filter((s) => s.atMs.length > 0);
  if (nonEmpty.length <= 1) return workloadOfOne(nonEmpty[0] ?? sources[0], firstId);
  const total = sources.reduce((n, s) => n + s.atMs.length, 0);
  const workload: Workload = {
    records: new Array(total),
    topics: new Array(total),
    atMs: new Array(total),
    partitions: new Array(total),
  };
  const next = sources.map(() => 0);
  for (let i = 0; i < total; i++) {
    let from = -1;
    for (let s = 0; s < sources.length; s++) {
      if (
        next[s] < sources[s].atMs.length &&
        (from < 0 || sources[s].atMs[next[s]] < sources[from].atMs[next[from]])
      )
        from = s;
    }
    const source = sources[from];
    const j = next[from]++;
    const record = source.records[j];
    record.id = firstId + i;
    workload.records[i] = record;
    workload.topics[i] = source.topics[j];
    workload.atMs[i] = source.atMs[j];
    workload.partitions[i] = source.partitions[j];
  }
  return workload;
}

/**
 * The workload of a producer with one source (its explicit records, or one generator): nothing to
 * merge, so the source's arrays are the workload's own (they were made for this call alone) and
 * only the ids are given — no million-slot copies.
 */
function workloadOfOne(source: Source, firstId: number): Workload {
  const records = source.records;
  for (let j = 0; j < records.length; j++) records[j].id = firstId + j;
  return { records, topics: source.topics, atMs: source.atMs, partitions: source.partitions };
}

function generate(g: GeneratorSpec, prng: Prng): Source {
  const keys =
    g.keys === null
      ? null
      : typeof g.keys === 'number'
        ? Array.from({ length: g.keys }, (_, i) => `k${i}`)
        : g.keys;
  const source: Source = {
    atMs: new Array(g.count),
    topics: new Array(g.count).fill(g.topic),
    partitions: new Array(g.count).fill(-1),
    records: new Array(g.count),
  };
  for (let i = 0; i < g.count; i++) {
    const key = keys === null ? null : keys[prng.int(keys.length)];
    const atMs = g.startAtMs + i * g.intervalMs;
    source.atMs[i] = atMs;
    source.records[i] = { id: 0, key, value: generatedValue(g, i, key, prng), timestampMs: atMs };
  }
  return source;
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
