import type { Json } from '../../simulator/core/types.ts';
import { buildWorld } from '../../simulator/scenario/build.ts';
import { scenarioSchema, type FaultSpec } from '../../simulator/scenario/schema.ts';
import type { ProcessingGuarantee, TraceEvent } from '../../simulator/trace/events.ts';
import { parseTopology } from '../02-join-orders-payments/run-join.ts';
import { GUARANTEES } from '../01-count-page-views-in-the-processor/run-counter.ts';
import type { TopologySpecInput } from '../../simulator/streams/topology-schema.ts';

/**
 * Exercise 04 around the learner's topology: chapter 8's shop (customers, orders, payments and
 * shipments, each keyed as chapter 8 keys them), the learner's topology as the Kafka Streams
 * application `order-status` on two instances, and the notifier function `notify`, which forwards
 * every record of `order-status` to `notifications` and reads nothing.
 */

export const APPLICATION = 'order-status';
export const INSTANCES = ['status-1', 'status-2'] as const;
export const INPUTS = ['customers', 'orders', 'payments', 'shipments'] as const;
export const DERIVED = 'order-status';
export const NOTIFICATIONS = 'notifications';

/** What the learner returns. */
export interface StatusApp {
  readonly guarantee: ProcessingGuarantee;
  readonly topology: TopologySpecInput;
}

/** What a case's workload asks for. */
export interface ShopWorkload {
  orders: number;
  customers: number;
  /** Payments and shipments sent before the order they belong to (records out of order across topics). */
  outOfOrder: boolean;
  durationMs: number;
}

const num = (raw: Record<string, Json>, k: string, d: number) =>
  typeof raw[k] === 'number' ? raw[k] : d;

export function workloadOf(raw: Record<string, Json>): ShopWorkload {
  return {
    orders: num(raw, 'orders', 6),
    customers: num(raw, 'customers', 3),
    outOfOrder: raw.outOfOrder === true,
    durationMs: num(raw, 'durationMs', 2000),
  };
}

const ITEMS = ['lamp', 'desk', 'chair', 'rug', 'shelf'];
const CARRIERS = ['DHL', 'UPS'];

/** The shop's records: each order paid twice (the second payment is the latest) and shipped once. */
export function shopRecords(w: ShopWorkload) {
  const records: { atMs: number; topic: string; key: string; value: Json }[] = [];
  for (let c = 1; c <= w.customers; c++)
    records.push({ atMs: 0, topic: 'customers', key: `c${c}`, value: { name: `customer ${c}` } });
  for (let i = 1; i <= w.orders; i++) {
    const at = 40 * i;
    const order = `o${i}`;
    const customer = `c${((i - 1) % w.customers) + 1}`;
    const late = w.outOfOrder && i % 2 === 0;
    const orderAt = late ? at + 400 : at;
    records.push({
      atMs: orderAt,
      topic: 'orders',
      key: order,
      value: { order, customer, item: ITEMS[i % ITEMS.length] },
    });
    records.push({ atMs: at + 100, topic: 'payments', key: order, value: { paid: 10 * i } });
    records.push({ atMs: at + 200, topic: 'payments', key: order, value: { paid: 10 * i + 1 } });
    records.push({
      atMs: at + 300,
      topic: 'shipments',
      key: order,
      value: { carrier: CARRIERS[i % 2] },
    });
  }
  return records.sort((a, b) => a.atMs - b.atMs);
}

/** What each order's notification must say once everything has arrived. */
export function expectedStatus(w: ShopWorkload): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (let i = 1; i <= w.orders; i++) {
    const c = ((i - 1) % w.customers) + 1;
    out[`o${i}`] = {
      order: `o${i}`,
      customer: `c${c}`,
      item: ITEMS[i % ITEMS.length],
      name: `customer ${c}`,
      paid: 10 * i + 1,
      carrier: CARRIERS[i % 2],
    };
  }
  return out;
}

/** Read what the learner returned; an error says what is missing. */
export function parseStatusApp(value: unknown): StatusApp {
  const shape = 'return { guarantee, topology }';
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`deriveOrderStatus must ${shape}, not ${JSON.stringify(value)}`);
  const { guarantee, topology, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0)
    throw new TypeError(`${shape}: unknown field ${extra.map((k) => `"${k}"`).join(', ')}`);
  if (!GUARANTEES.includes(guarantee as ProcessingGuarantee))
    throw new TypeError(
      `guarantee must be one of ${GUARANTEES.map((g) => `'${g}'`).join(', ')} (got ${JSON.stringify(guarantee)})`,
    );
  return { guarantee: guarantee as ProcessingGuarantee, topology: parseTopology(topology) };
}

/** Run the shop with the learner's application and the stateless notifier; the trace. */
export function runStatus(
  app: StatusApp,
  w: ShopWorkload,
  faults: readonly Json[],
  seed: number,
): TraceEvent[] {
  const scenario = scenarioSchema.parse({
    name: 'derive the order status',
    seed,
    durationMs: w.durationMs,
    network: { latencyMs: 2 },
    topics: [...INPUTS, DERIVED, NOTIFICATIONS].map((name) => ({ name, partitions: 1 })),
    producers: [{ id: 'shop', workload: { records: shopRecords(w) } }],
    applications: [
      {
        id: APPLICATION,
        instances: [...INSTANCES],
        guarantee: app.guarantee,
        commitIntervalMs: app.guarantee === 'exactly_once_v2' ? 100 : 30_000,
        topology: app.topology,
      },
    ],
    serverless: {
      functions: [
        { name: 'notify', handler: 'flowStep', handlerOptions: { outputTopic: NOTIFICATIONS } },
      ],
      triggers: [{ function: 'notify', topic: DERIVED, batchSize: 5, maximumBatchingWindowMs: 20 }],
    },
    faults: faults as FaultSpec[],
  });
  const world = buildWorld(scenario);
  world.runUntil(w.durationMs);
  return world.trace;
}
