import type { Json } from '../../core/types.ts';
import type { Handler } from '../handler-api.ts';
import { numberOption, stringOption, type HandlerOptions } from './options.ts';

/**
 * The dual write: a record sets the new state of an entity (its key); the function stores it as a
 * row `{state}` in `table` and tells the world with an event `{key, state}` on `outputTopic`.
 * Options: `table` (`entities`), `outputTopic` (`entity-events`), `outboxTable` (`outbox`).
 */

/**
 * Update the row, then emit: two systems, no transaction spanning them. A crash between the two
 * leaves the row changed and no event; if the batch is then given up, the event is lost for good.
 */
export function dualWriteNaive(options: HandlerOptions): Handler {
  const table = stringOption(options, 'table', 'entities');
  const outputTopic = stringOption(options, 'outputTopic', 'entity-events');
  return function* (event, ctx) {
    for (const record of event.records) {
      if (record.key === null) continue;
      yield* ctx.db.put(table, record.key, { state: record.value });
      yield* ctx.emit(
        outputTopic,
        record.key,
        { key: record.key, state: record.value },
        { id: record.id },
      );
    }
  };
}

/**
 * The transactional outbox: the row and an outbox entry (keyed by the record's log position) in
 * one TransactWriteItems, so both happen or neither; `drainOutbox` publishes the entries later.
 */
export function dualWriteOutbox(options: HandlerOptions): Handler {
  const table = stringOption(options, 'table', 'entities');
  const outputTopic = stringOption(options, 'outputTopic', 'entity-events');
  const outboxTable = stringOption(options, 'outboxTable', 'outbox');
  return function* (event, ctx) {
    for (const record of event.records) {
      if (record.key === null) continue;
      const entry: Record<string, Json> = {
        eventTopic: outputTopic,
        eventKey: record.key,
        event: { key: record.key, state: record.value },
        eventId: record.id,
      };
      yield* ctx.db.transactWrite([
        { op: 'put', table, key: record.key, item: { state: record.value } },
        { op: 'put', table: outboxTable, key: record.itemIdentifier, item: entry },
      ]);
    }
  };
}

/**
 * The outbox's relay, run on a schedule: scan up to `limit` entries (in key order), emit each,
 * then delete it. A crash between the emit and the delete emits it again next time: at least
 * once, never lost. Give it reservedConcurrency 1, or two overlapping runs emit the same entries.
 * An entry's `headers` (string values), if any, go on the record: an `eventId` there lets a
 * consumer recognise the copies a crash between emit and delete makes.
 * Options: `outboxTable` (`outbox`), `limit` (25).
 */
export function drainOutbox(options: HandlerOptions): Handler {
  const outboxTable = stringOption(options, 'outboxTable', 'outbox');
  const limit = numberOption(options, 'limit', 25);
  return function* (_event, ctx) {
    const entries = yield* ctx.db.scan(outboxTable, limit);
    for (const { key, item } of entries) {
      const id = typeof item.eventId === 'number' ? item.eventId : undefined;
      yield* ctx.emit(
        String(item.eventTopic),
        item.eventKey === null ? null : String(item.eventKey),
        item.event ?? null,
        { id, headers: stringHeaders(item.headers) },
      );
      yield* ctx.db.delete(outboxTable, key);
    }
  };
}

/** An outbox entry's headers, when it has string-valued ones (Kafka headers are strings here). */
function stringHeaders(value: Json | undefined): Record<string, string> | undefined {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value))
    return undefined;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') headers[k] = v;
  return Object.keys(headers).length > 0 ? headers : undefined;
}
