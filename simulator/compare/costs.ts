import type { Costs } from '../scenario/costs-schema.ts';
import type { Scenario } from '../scenario/schema.ts';
import { serverlessMetrics } from '../serverless/metrics.ts';
import { pricesSchema, type Prices } from '../serverless/schema.ts';
import type { TraceEvent } from '../trace/events.ts';

/** What a design's run costs, part by part, in USD (illustrative list prices: docs/compare.md). */
export interface DesignCost {
  /** Function requests and GB-seconds (serverless functions; durable handlers). */
  functionsUsd: number;
  /** Stream-processor instances, provisioned for the whole run whether busy or idle. */
  processorUsd: number;
  /** The broker: cluster-hours, partition-hours, bytes in and out, bytes stored. */
  brokerUsd: number;
  /** The database: read and write request units, and the bytes its tables hold. */
  databaseUsd: number;
  /** The sum of the four. */
  totalUsd: number;
  /** The total scaled to one hour of the same load (the run's cost × 1 h / its duration). */
  usdPerHour: number;
}

/** What the cost model counted in the trace, beside the money. */
export interface CostBasis {
  /** Stream-processor instances provisioned (every instance of every application). */
  instances: number;
  /** Partitions of every topic created, internal ones included. */
  partitions: number;
  /** Bytes appended to the log (records' key and value as JSON). */
  bytesIn: number;
  /** Bytes handed to readers (consumers, stream processors, triggers). */
  bytesOut: number;
  /** Bytes the database's tables hold at the end (each item's latest version as JSON). */
  databaseBytes: number;
}

const HOUR_MS = 3_600_000;
/** AWS bills storage by GB-month of 730 hours. */
const MONTH_HOURS = 730;
/** Bytes in a GB, as AWS bills data (2^30). */
const GB = 1024 * 1024 * 1024;

/** Every instance id a design's applications, stateful functions and accounts processor provision. */
function instancesOf(scenario: Scenario): number {
  const ids = new Set<string>();
  for (const app of [...scenario.applications, ...scenario.statefulFunctions]) {
    for (const id of app.instances) ids.add(id);
  }
  // The event-sourced accounts design runs its command processor as a Streams application.
  if (scenario.accounts?.design === 'eventSourced')
    for (const id of scenario.accounts.processor.instances) ids.add(id);
  return ids.size;
}

function recordBytes(key: string | null, value: unknown): number {
  return (key === null ? 0 : key.length) + (value === undefined ? 0 : JSON.stringify(value).length);
}

/** Counts partitions, bytes in, bytes out and the database's final bytes from a trace. */
export function costBasis(scenario: Scenario, events: readonly TraceEvent[]): CostBasis {
  const sizes = new Map<string, number>();
  const items = new Map<string, number>();
  const basis = { instances: instancesOf(scenario), partitions: 0, bytesIn: 0, bytesOut: 0 };
  const fetched = (topic: string, partition: number, offsets: Iterable<number>) => {
    for (const o of offsets) basis.bytesOut += sizes.get(`${topic}/${partition}/${o}`) ?? 0;
  };
  for (const e of events) {
    if (e.type === 'topic.created') basis.partitions += e.partitions;
    else if (e.type === 'record.appended') {
      const bytes = recordBytes(e.record.key, e.record.value);
      sizes.set(`${e.topic}/${e.partition}/${e.offset}`, bytes);
      basis.bytesIn += bytes;
    } else if (e.type === 'records.fetched') {
      fetched(e.topic, e.partition, range(e.fromOffset, e.nextOffset));
    } else if (e.type === 'trigger.batchBuilt') fetched(e.topic, e.partition, e.offsets);
    else if (e.type === 'db.written') {
      const id = `${e.table}/${e.key}`;
      if (e.item === null) items.delete(id);
      else items.set(id, recordBytes(e.key, e.item));
    }
  }
  let databaseBytes = 0;
  for (const bytes of items.values()) databaseBytes += bytes;
  return { ...basis, databaseBytes };
}

function* range(from: number, to: number): Generator<number> {
  for (let o = from; o < to; o++) yield o;
}

/**
 * Prices one design's run: the serverless price table for functions and request units, and
 * `scenario.costs` for instances, the broker and storage. Everything provisioned (instances,
 * the cluster, partitions) is billed for the whole run; stored bytes are billed as if held for
 * the whole run (an upper bound: the run is short).
 */
export function designCost(scenario: Scenario, events: readonly TraceEvent[]): DesignCost {
  const costs: Costs = scenario.costs;
  const hours = scenario.durationMs / HOUR_MS;
  const basis = costBasis(scenario, events);
  const metrics = scenario.serverless
    ? serverlessMetrics(events, scenario.serverless.prices)
    : { functionUsd: 0, databaseUsd: 0 };
  const { processor, broker, database } = costs;
  const processorUsd =
    basis.instances *
    hours *
    (processor.vcpusPerInstance * processor.vcpuHourUsd +
      processor.memoryGbPerInstance * processor.gbHourUsd);
  const brokerUsd =
    hours * (broker.clusterHourUsd + basis.partitions * broker.partitionHourUsd) +
    (basis.bytesIn / GB) * broker.ingressGbUsd +
    (basis.bytesOut / GB) * broker.egressGbUsd +
    (basis.bytesIn / GB) * (hours / MONTH_HOURS) * broker.storageGbMonthUsd;
  const databaseUsd =
    metrics.databaseUsd +
    (basis.databaseBytes / GB) * (hours / MONTH_HOURS) * database.storageGbMonthUsd;
  const functionsUsd =
    metrics.functionUsd +
    durableFunctionsUsd(scenario, events, scenario.serverless?.prices ?? pricesSchema.parse({}));
  const totalUsd = functionsUsd + processorUsd + brokerUsd + databaseUsd;
  return {
    functionsUsd,
    processorUsd,
    brokerUsd,
    databaseUsd,
    totalUsd,
    usdPerHour: hours > 0 ? totalUsd / hours : 0,
  };
}

/**
 * A durable handler runs as a function: a request each time the runtime runs or resumes an
 * invocation, and GB-seconds for each step's call it waits on (replayed steps cost no call).
 */
function durableFunctionsUsd(
  scenario: Scenario,
  events: readonly TraceEvent[],
  prices: Prices,
): number {
  if (scenario.durable.length === 0) return 0;
  const bySpec = new Map(scenario.durable.map((d) => [d.id, d]));
  let usd = 0;
  for (const e of events) {
    const spec = e.type.startsWith('durable.')
      ? bySpec.get((e as { service: string }).service)
      : undefined;
    if (!spec) continue;
    if (e.type === 'durable.invoked') usd += prices.requestUsd;
    else if (e.type === 'durable.recovered') usd += e.resumed.length * prices.requestUsd;
    else if (e.type === 'durable.stepStarted')
      usd += (spec.stepMs / 1000) * (spec.memoryMb / 1024) * prices.gbSecondUsd;
  }
  return usd;
}
