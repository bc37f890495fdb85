import type { Json } from '../../simulator/core/types.ts';
import { Producer } from '../../simulator/log/producer.ts';
import type { Workload } from '../../simulator/log/workload.ts';
import { buildWorld } from '../../simulator/scenario/build.ts';
import { faultSchema, scenarioSchema, type FaultSpec } from '../../simulator/scenario/schema.ts';
import { isServerlessFault } from '../../simulator/serverless/faults.ts';
import {
  topologySpecSchema,
  type TopologySpecInput,
} from '../../simulator/streams/topology-schema.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import { faultProblems } from '../grader/fault-issues.ts';
import { issuePath } from '../schema.ts';
import { producerWorkloads, type JoinWorkload } from './workload.ts';

/**
 * Run exercise 02's scenario around a topology: the topics `orders`, `payments` and
 * `order-status`, the shop's and the bank's producers, and the learner's topology as the Kafka
 * Streams application `orders-payments` on two instances under exactly_once_v2.
 * Simplification: commit.interval.ms is 200 (Kafka's default under exactly-once is 100), polls
 * and heartbeats every 100 ms, to keep a graded run within its time limit; outputs become visible
 * to read_committed readers at most a commit interval after they are written.
 */

export const APPLICATION = 'orders-payments';
export const INSTANCES = ['streams-1', 'streams-2'] as const;
export const OUTPUT = 'order-status';

/** Parse the learner's topology; an error names the path of what is wrong in it. */
export function parseTopology(spec: unknown): TopologySpecInput {
  const r = topologySpecSchema.safeParse(spec);
  if (r.success) return spec as TopologySpecInput;
  const lines = r.error.issues.map((i) => `topology.${issuePath(i.path)}: ${i.message}`);
  throw new Error(`The topology is not valid:\n${lines.join('\n')}`);
}

/**
 * Check a schedule against the scenario's fault schema, keeping only faults of the log and the
 * stream processor (crash, restart, pause, partition, lost acks, slow links, message loss):
 * the function-handler faults mean nothing to a topology. Errors name `faults[i].path`.
 */
export function parseJoinFaults(faults: readonly Json[]): Json[] {
  return faults.map((f, i) => {
    const problems = faultProblems(faultSchema, f, i);
    if (problems.length > 0) throw new Error(problems.join('\n'));
    const r = { data: faultSchema.parse(f) };
    if (isServerlessFault(r.data))
      throw new Error(
        `faults[${i}].kind: ${r.data.kind} is a function fault; use crash, restart, pause, partition, lostAck, slowLink or messageLoss`,
      );
    return JSON.parse(JSON.stringify(r.data)) as Json;
  });
}

export function producer(id: string, workload: Workload, partitions: number) {
  return new Producer({
    id,
    idempotent: true,
    transactionalId: null,
    recordsPerTransaction: 10,
    transactionTimeoutMs: 1000,
    requestTimeoutMs: 200,
    retryBackoffMs: 20,
    deliveryTimeoutMs: 10_000,
    lingerMs: 5,
    batchSize: 100,
    partitionsPerTopic: { orders: partitions, payments: partitions, [OUTPUT]: partitions },
    workload,
  });
}

/** Run the topology on the workload with the faults; the trace and how long the run lasted. */
export function runTopology(
  topology: TopologySpecInput,
  w: JoinWorkload,
  faults: readonly Json[],
  seed: number,
): { trace: TraceEvent[]; durationMs: number } {
  const { shop, bank, durationMs } = producerWorkloads(w);
  const scenario = scenarioSchema.parse({
    name: 'join orders with payments',
    seed,
    durationMs,
    topics: ['orders', 'payments', OUTPUT].map((name) => ({ name, partitions: w.partitions })),
    applications: [
      {
        id: APPLICATION,
        instances: [...INSTANCES],
        guarantee: 'exactly_once_v2',
        commitIntervalMs: 200,
        pollIntervalMs: 100,
        heartbeatIntervalMs: 100,
        topology,
      },
    ],
    faults: faults as FaultSpec[],
  });
  const world = buildWorld(scenario);
  // The producers are built here, not from the scenario, because a record's event time
  // (CreateTime) and the time it is sent differ for late records, which scenario files cannot say.
  world.add(producer('shop', shop, w.partitions));
  world.add(producer('bank', bank, w.partitions));
  world.runUntil(durationMs);
  return { trace: world.trace, durationMs };
}
