import type { Handler } from '../handler-api.ts';
import { optionalString, type HandlerOptions } from './options.ts';

/**
 * One step of a business flow (charge the payment, reserve the stock, book the shipment, send the
 * email): for each record, note what was done as a row `{value}` under the record's key in `table`
 * (if set), then pass the record on to `outputTopic` (if set) with the same key, value and id, so
 * the checks can follow one order through every step. Not idempotent, as such steps usually are
 * not: a retried batch writes its rows and sends its records again.
 * Options: `table`, `outputTopic` (each optional).
 */
export function flowStep(options: HandlerOptions): Handler {
  const table = optionalString(options, 'table');
  const outputTopic = optionalString(options, 'outputTopic');
  return function* (event, ctx) {
    for (const record of event.records) {
      if (table !== null && record.key !== null)
        yield* ctx.db.put(table, record.key, { value: record.value });
      if (outputTopic !== null)
        yield* ctx.emit(outputTopic, record.key, record.value, { id: record.id });
    }
  };
}
