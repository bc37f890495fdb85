import { DbError } from '../db/operations.ts';
import type { Handler } from '../handler-api.ts';
import { optionalString, stringOption, userOf, type HandlerOptions } from './options.ts';

/**
 * Counting page views per user, three ways. Each record is one view; the user is the record key
 * (or the value's `user`). Options: `table` (default `pageViewCounts`, items `{count}` by user),
 * `outputTopic` (if set, each new count is also emitted there, keyed by user).
 */

/**
 * Get, add one, put back. Not idempotent: a batch retried after a crash counts its views again,
 * and a lost database reply retried by the client can count one view twice.
 */
export function countPageViewsNaive(options: HandlerOptions): Handler {
  const table = stringOption(options, 'table', 'pageViewCounts');
  const outputTopic = optionalString(options, 'outputTopic');
  return function* (event, ctx) {
    for (const record of event.records) {
      const user = userOf(record);
      const row = yield* ctx.db.get(table, user);
      const count = ((row?.count as number | undefined) ?? 0) + 1;
      yield* ctx.db.put(table, user, { count });
      if (outputTopic) yield* ctx.emit(outputTopic, user, { user, count }, { id: record.id });
    }
  };
}

/**
 * First a conditional put of the event's id (its log position, `itemIdentifier`) in an
 * idempotency table; only if that is new, add one to the count. A retried batch never counts a
 * view twice, but a crash between the two writes (or a lost reply to the first) loses the view:
 * the retry finds the id already there. And the guard is per batch, not per call: a lost reply to
 * the increment that the database client itself retries adds twice.
 * Option `idempotencyTable` (default `processedEvents`).
 */
export function countPageViewsIdempotent(options: HandlerOptions): Handler {
  const table = stringOption(options, 'table', 'pageViewCounts');
  const idempotencyTable = stringOption(options, 'idempotencyTable', 'processedEvents');
  const outputTopic = optionalString(options, 'outputTopic');
  return function* (event, ctx) {
    for (const record of event.records) {
      const fresh = yield* ctx.db.putIfAbsent(idempotencyTable, record.itemIdentifier, {
        atMs: ctx.nowMs,
      });
      if (!fresh) continue;
      const user = userOf(record);
      const row = yield* ctx.db.update(table, user, { add: { count: 1 } });
      if (outputTopic)
        yield* ctx.emit(outputTopic, user, { user, count: row.count }, { id: record.id });
    }
  };
}

/**
 * The event id and the count in one TransactWriteItems: both or neither, so a view is counted
 * exactly once however often its batch is retried. Options as `countPageViewsIdempotent`.
 */
export function countPageViewsTransactional(options: HandlerOptions): Handler {
  const table = stringOption(options, 'table', 'pageViewCounts');
  const idempotencyTable = stringOption(options, 'idempotencyTable', 'processedEvents');
  return function* (event, ctx) {
    for (const record of event.records) {
      try {
        yield* ctx.db.transactWrite([
          {
            op: 'put',
            table: idempotencyTable,
            key: record.itemIdentifier,
            item: { atMs: ctx.nowMs },
            condition: { ifNotExists: true },
          },
          { op: 'update', table, key: userOf(record), add: { count: 1 } },
        ]);
      } catch (error) {
        // Cancelled because the id is there: this view was counted by an earlier attempt.
        if (!(error instanceof DbError && error.code === 'TransactionCanceledException'))
          throw error;
      }
    }
  };
}
