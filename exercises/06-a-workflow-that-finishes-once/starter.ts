import type { DurableContext } from '../../simulator/durable/handler.ts';
import type { Json } from '../../simulator/core/types.ts';

/**
 * The order workflow as one durable handler: charge the payment, reserve the stock, create the
 * shipment, send the email — each a call to another service (`chargePayment`, `reserveStock`,
 * `createShipment`, `sendEmail`). Make each call with `yield* ctx.run(name)` (journaled) or
 * `yield* ctx.call(name)` (not). See instructions.md.
 */
export function* orderWorkflow(order: Json, ctx: DurableContext) {
  // Replace this line with your handler: one `yield* ctx.run(...)` or `yield* ctx.call(...)` per call.
  throw new Error('Not started: write orderWorkflow in starter.ts');
  // (The line below keeps the generator's shape; delete it with the line above.)
  yield* ctx.call(String((order as { order?: string }).order));
}
