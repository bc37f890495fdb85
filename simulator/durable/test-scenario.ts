import type { FaultSpec, Scenario } from '../scenario/schema.ts';
import { scenarioSchema } from '../scenario/schema.ts';

/** The order workflow's steps, as chapter 1's graph has them. */
export const ORDER_STEPS = ['chargePayment', 'reserveStock', 'createShipment', 'sendEmail'];

/** Orders through a durable order workflow, with a fault schedule; journaling on or off. */
export function orderWorkflow(faults: FaultSpec[], journal = true, orders = 12): Scenario {
  return scenarioSchema.parse({
    name: `durable-orders${journal ? '' : '-unjournaled'}`,
    seed: 9,
    durationMs: 3000,
    network: { latencyMs: 2 },
    topics: [
      { name: 'orders', partitions: 2 },
      { name: 'side-effects', partitions: 2 },
    ],
    producers: [
      {
        id: 'shop',
        workload: {
          generators: [
            { topic: 'orders', count: orders, intervalMs: 40, keys: 6, valueKind: 'amount' },
          ],
        },
      },
    ],
    durable: [
      {
        id: 'order-workflow',
        instance: 'handler-1',
        inputTopic: 'orders',
        effectsTopic: 'side-effects',
        steps: ORDER_STEPS,
        stepMs: 30,
        journal,
      },
    ],
    faults,
  });
}
