import type { Json } from '../../simulator/core/types.ts';
import type { DurableHandler } from '../../simulator/durable/handler.ts';
import { buildWorld } from '../../simulator/scenario/build.ts';
import { scenarioSchema, type FaultSpec } from '../../simulator/scenario/schema.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';

/**
 * Exercise 06 around the learner's handler: chapter 9's shop (orders 400 ms apart on `orders`),
 * the learner's code as the durable service `order-workflow` run by the process `handler-1`, its
 * calls landing on `side-effects`, and the case's crashes and restarts of `handler-1`.
 */

export const SERVICE = 'order-workflow';
export const PROCESS = 'handler-1';
export const EFFECTS = 'side-effects';
export const STEPS = ['chargePayment', 'reserveStock', 'createShipment', 'sendEmail'] as const;

export interface ShopWorkload {
  orders: number;
  /** Placed this far apart, ms. */
  intervalMs: number;
  /** Each order must have finished this long after it was placed, ms. */
  latencyBoundMs: number;
  durationMs: number;
}

const num = (raw: Record<string, Json>, k: string, d: number) =>
  typeof raw[k] === 'number' ? raw[k] : d;

export function workloadOf(raw: Record<string, Json>): ShopWorkload {
  return {
    orders: num(raw, 'orders', 4),
    intervalMs: num(raw, 'intervalMs', 400),
    latencyBoundMs: num(raw, 'latencyBoundMs', 600),
    durationMs: num(raw, 'durationMs', 2500),
  };
}

/** Run the shop with the learner's handler; the trace. */
export function runWorkflow(
  handler: DurableHandler,
  w: ShopWorkload,
  faults: readonly Json[],
  seed: number,
): TraceEvent[] {
  const scenario = scenarioSchema.parse({
    name: 'a workflow that finishes once',
    seed,
    durationMs: w.durationMs,
    network: { latencyMs: 2 },
    topics: [
      { name: 'orders', partitions: 1 },
      { name: EFFECTS, partitions: 1 },
    ],
    producers: [
      {
        id: 'shop',
        workload: {
          records: Array.from({ length: w.orders }, (_, i) => ({
            atMs: i * w.intervalMs,
            topic: 'orders',
            key: `order-${i + 1}`,
            value: { order: `order-${i + 1}`, amount: 10 + i },
          })),
        },
      },
    ],
    durable: [
      {
        id: SERVICE,
        instance: PROCESS,
        inputTopic: 'orders',
        effectsTopic: EFFECTS,
        steps: [...STEPS],
        stepMs: 30,
      },
    ],
    faults: faults as FaultSpec[],
  });
  const world = buildWorld(scenario, { durableHandlers: { [SERVICE]: handler } });
  world.runUntil(w.durationMs);
  return world.trace;
}

/** Crash and restart faults of the handler's process only: anything else is an error naming its path. */
export function parseWorkflowFaults(faults: readonly Json[]): Json[] {
  return faults.map((f, i) => {
    const fault = f as Record<string, Json>;
    if (typeof fault !== 'object' || fault === null || Array.isArray(fault))
      throw new Error(`faults[${i}]: a fault is an object`);
    if (fault.kind !== 'crash' && fault.kind !== 'restart')
      throw new Error(
        `faults[${i}].kind: use crash or restart (got ${JSON.stringify(fault.kind)})`,
      );
    if (fault.target !== PROCESS)
      throw new Error(`faults[${i}].target: the handler's process is ${PROCESS}`);
    if (typeof fault.at !== 'number' || !Number.isInteger(fault.at) || fault.at < 0)
      throw new Error(`faults[${i}].at: a whole number of ms`);
    return { at: fault.at, kind: fault.kind, target: PROCESS };
  });
}
