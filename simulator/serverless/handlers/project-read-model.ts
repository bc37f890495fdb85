import type { Json } from '../../core/types.ts';
import { isAccountEvent } from '../../eventsourcing/domain.ts';
import { applyFold, FOLD_NAMES, rowKeyOf, type FoldName } from '../../eventsourcing/folds.ts';
import type { Handler } from '../handler-api.ts';
import type { BatchRecord } from '../protocol.ts';
import { stringOption, type HandlerOptions } from './options.ts';

/**
 * A read model kept in a database table by a function triggered by the events topic: at least once
 * (a failed batch comes again), made idempotent by the position it stores beside the rows. For
 * each event it reads its partition's position (the next offset to apply, in `positionsTable`);
 * an event below it was applied by an earlier attempt and is skipped. Otherwise it folds the event
 * into the row it changes and writes the row and the new position in one TransactWriteItems, so
 * the two never disagree: a crash before the write applies nothing, one after it has moved the
 * position too. The write carries the applied event, which the platform traces once it succeeds.
 *
 * Options: `readModel` (its name, required), `fold` (`balances`), `table` (the read model's name),
 * `positionsTable` (`<table>-positions`).
 */
export function projectAccountEvents(options: HandlerOptions): Handler {
  const readModel = stringOption(options, 'readModel', '');
  if (readModel === '') throw new TypeError('handler option "readModel" is required');
  const fold = stringOption(options, 'fold', 'balances') as FoldName;
  if (!FOLD_NAMES.includes(fold))
    throw new TypeError(`handler option "fold" must be one of ${FOLD_NAMES.join(', ')}`);
  const table = stringOption(options, 'table', readModel);
  const positionsTable = stringOption(options, 'positionsTable', `${table}-positions`);
  return function* (event, ctx) {
    for (const record of event.records) {
      const at = String(record.partition);
      const stored = yield* ctx.db.get(positionsTable, at);
      if (record.offset < ((stored?.next as number | undefined) ?? 0)) continue;
      const position = { next: record.offset + 1 };
      if (!isAccountEvent(record.value)) {
        yield* ctx.db.put(positionsTable, at, position);
        continue;
      }
      const rowKey = rowKeyOf(fold, record.value);
      const current = yield* ctx.db.get(table, rowKey);
      const rows = new Map<string, Json>(current ? [[rowKey, current.row ?? null]] : []);
      const change = applyFold(fold, rows, record.value);
      const row = change?.row ?? null;
      const applied = { readModel, ...where(record), rowKey, row };
      yield* ctx.db.transactWrite(
        [
          { op: 'put', table, key: rowKey, item: { row } },
          { op: 'put', table: positionsTable, key: at, item: position },
        ],
        applied,
      );
    }
  };
}

const where = (r: BatchRecord) => ({ topic: r.topic, partition: r.partition, offset: r.offset });
