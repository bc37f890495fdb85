import type {
  FunctionEvent,
  HandlerContext,
  HandlerGenerator,
} from '../../simulator/serverless/handler-api.ts';

/**
 * The log as the source of truth: an update is only announced (one write, to the log); the row
 * follows the log, written when the event comes back through the second trigger. A crash
 * anywhere either left the event unwritten (and the retry, or giving up, leaves both unchanged) or
 * wrote it, and then the row follows, however often that batch is retried: it is put in log order.
 */
export function* writeEntity(event: FunctionEvent, ctx: HandlerContext): HandlerGenerator {
  for (const record of event.records) {
    if (record.key === null) continue;
    if (record.topic === 'updates') {
      yield* ctx.emit(
        'entity-events',
        record.key,
        { key: record.key, state: record.value },
        { id: record.id },
      );
    } else {
      const { state } = record.value as { state: number };
      yield* ctx.db.put('entities', record.key, { state });
    }
  }
}
