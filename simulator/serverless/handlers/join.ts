import type { Handler } from '../handler-api.ts';
import { numberOption, stringOption, type HandlerOptions } from './options.ts';

/**
 * Joining orders with payments through the database: each record (an order from `ordersTopic`, a
 * payment from any other topic the function is triggered by) is written into its side of one item
 * per key in `table` with an UpdateItem SET, which returns the whole item; the write that finds the
 * other side already there emits the pair to `outputTopic`. The buffer is the table; a side whose
 * partner never comes expires after `ttlMs` (the table needs `ttlAttribute` = option
 * `ttlAttribute`). A retried record emits its pair again: at least once.
 * Options: `ordersTopic` (`orders`), `table` (`joinBuffer`), `outputTopic`
 * (`orders-with-payments`), `ttlMs` (60000), `ttlAttribute` (`expiresAtMs`).
 */
export function joinOrdersWithPaymentsViaDb(options: HandlerOptions): Handler {
  const ordersTopic = stringOption(options, 'ordersTopic', 'orders');
  const table = stringOption(options, 'table', 'joinBuffer');
  const outputTopic = stringOption(options, 'outputTopic', 'orders-with-payments');
  const ttlMs = numberOption(options, 'ttlMs', 60_000);
  const ttlAttribute = stringOption(options, 'ttlAttribute', 'expiresAtMs');
  return function* (event, ctx) {
    for (const record of event.records) {
      if (record.key === null) continue;
      const side = record.topic === ordersTopic ? 'order' : 'payment';
      const item = yield* ctx.db.update(table, record.key, {
        set: { [side]: record.value, [ttlAttribute]: ctx.nowMs + ttlMs },
      });
      if (item.order !== undefined && item.payment !== undefined) {
        yield* ctx.emit(
          outputTopic,
          record.key,
          { orderId: record.key, order: item.order, payment: item.payment },
          { id: record.id },
        );
      }
    }
  };
}
