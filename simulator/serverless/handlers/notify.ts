import type { Json } from '../../core/types.ts';
import type { Handler } from '../handler-api.ts';
import { stringOption, withoutVersion, type HandlerOptions } from './options.ts';

/**
 * The order-status notifier of chapter 8, written the way a function usually is: for each status
 * event (a payment or a shipment, keyed by order id) it reads what it needs from the database —
 * the order, then the order's customer, then the latest payment and shipment — and emits one
 * notification to `outputTopic` under the order's key and the event's id. Four reads per event,
 * each of a table kept up to date by other functions at its own pace, so a notification can miss
 * a payment written a moment later, or find no customer yet.
 * Options: `outputTopic` (`notifications`).
 */
export function notifyOrderStatusViaDb(options: HandlerOptions): Handler {
  const outputTopic = stringOption(options, 'outputTopic', 'notifications');
  const item = (found: Readonly<Record<string, Json>> | null) =>
    found ? (withoutVersion(found).value ?? null) : null;
  return function* (event, ctx) {
    for (const record of event.records) {
      if (record.key === null) continue;
      const order = item(yield* ctx.db.get('orders', record.key));
      const customerId =
        order !== null && typeof order === 'object' && !Array.isArray(order)
          ? order.customer
          : null;
      const customer =
        typeof customerId === 'string' ? item(yield* ctx.db.get('customers', customerId)) : null;
      const payment = item(yield* ctx.db.get('payments', record.key));
      const shipment = item(yield* ctx.db.get('shipments', record.key));
      const value = { order, customer, payment, shipment };
      yield* ctx.emit(outputTopic, record.key, value, { id: record.id });
    }
  };
}
