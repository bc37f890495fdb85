import type { DurableContext } from '../../simulator/durable/handler.ts';
import type { Json } from '../../simulator/core/types.ts';

/**
 * Each call inside `ctx.run`: its result is journaled before the next call starts, so a retry
 * after a crash replays every call already journaled and makes only the one in flight. The
 * handler stays plain sequential code; the journal, not the code, remembers how far it got.
 */
export function* orderWorkflow(order: Json, ctx: DurableContext) {
  void order;
  yield* ctx.run('chargePayment');
  yield* ctx.run('reserveStock');
  yield* ctx.run('createShipment');
  yield* ctx.run('sendEmail');
}
