import type {
  FunctionEvent,
  HandlerContext,
  HandlerGenerator,
} from '../../simulator/serverless/handler-api.ts';

/**
 * Each view's idempotency key is its position in the log (`itemIdentifier`, the same on every
 * retry). The key is written with a condition (`ifNotExists`) in the same transaction as the
 * increment: both happen or neither, so a retried batch skips the views already counted and a
 * crash between the two writes cannot lose one.
 */
export function* countPageViews(event: FunctionEvent, ctx: HandlerContext): HandlerGenerator {
  for (const record of event.records) {
    try {
      yield* ctx.db.transactWrite([
        {
          op: 'put',
          table: 'processedEvents',
          key: record.itemIdentifier,
          item: { atMs: ctx.nowMs },
          condition: { ifNotExists: true },
        },
        { op: 'update', table: 'pageViewCounts', key: record.key ?? '', add: { count: 1 } },
      ]);
    } catch (error) {
      // Cancelled because the key is there: an earlier attempt counted this view.
      if ((error as { code?: string }).code !== 'TransactionCanceledException') throw error;
    }
  }
}
