import type {
  FunctionEvent,
  HandlerContext,
  HandlerGenerator,
} from '../../simulator/serverless/handler-api.ts';

/**
 * Count page views per user in the table `pageViewCounts`: after every view has been handled,
 * the item of each user (the record key) is `{ count: <number of views> }`, however often a batch
 * is retried. The table `processedEvents` is yours to use.
 */
export function* countPageViews(event: FunctionEvent, ctx: HandlerContext): HandlerGenerator {
  // Replace this line with your handler; `event.records` is the batch, `ctx.db` the database.
  throw new Error('Not started: write countPageViews in starter.ts');
  // (The line below keeps the generator's shape; delete it with the line above.)
  yield* ctx.log(`${event.records.length} records`);
}
