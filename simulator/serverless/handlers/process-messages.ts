import type { Json } from '../../core/types.ts';
import type { Handler } from '../handler-api.ts';
import type { BatchRecord } from '../protocol.ts';
import { stringOption, type HandlerOptions } from './options.ts';

/**
 * The usual shape of a batch handler with a partial batch response: it processes each record on
 * its own, and a record that fails does not stop the others. Processing a record adds one to
 * `times` of the row named by the record's `itemIdentifier` in `table` (so a record processed
 * twice shows `times: 2`). A record fails when its value says so: `{"poison": true}` always (a
 * message no retry can fix), `{"failTimes": n}` on its first n attempts (a passing fault).
 * `onFailure`: `report` returns `{ batchItemFailures }` naming the failed records (the trigger must
 * have ReportBatchItemFailures on, or Lambda ignores it and counts the batch a success); `throw`
 * throws after the batch, so the whole batch fails.
 * Options: `table` (`processed`), `onFailure` (`report`).
 */
export function processMessages(options: HandlerOptions): Handler {
  const table = stringOption(options, 'table', 'processed');
  const onFailure = stringOption(options, 'onFailure', 'report');
  if (onFailure !== 'report' && onFailure !== 'throw')
    throw new TypeError('handler option "onFailure" must be "report" or "throw"');
  return function* (event, ctx) {
    const failed: BatchRecord[] = [];
    for (const record of event.records) {
      if (fails(record.value, record.sqs?.approximateReceiveCount ?? ctx.attempt)) {
        failed.push(record);
        continue;
      }
      yield* ctx.db.update(table, record.itemIdentifier, {
        add: { times: 1 },
        set: { value: record.value },
      });
    }
    if (failed.length === 0) return;
    if (onFailure === 'throw')
      throw new Error(`could not process ${failed.map((r) => r.itemIdentifier).join(', ')}`);
    return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.itemIdentifier })) };
  };
}

/** Whether processing a record with this value fails on this attempt (1 for the first). */
function fails(value: Json, attempt: number): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (value.poison === true) return true;
  return typeof value.failTimes === 'number' && attempt <= value.failTimes;
}
