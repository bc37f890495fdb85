import type {
  FunctionEvent,
  HandlerContext,
  HandlerGenerator,
} from '../../simulator/serverless/handler-api.ts';

/**
 * Fold each account event of the batch into the table `balances`: the item of an account is
 * `{ balance, events }` (and anything else you keep there), and must end as the fold of the
 * account's events, each applied once, however often a batch is delivered.
 */
export function* project(event: FunctionEvent, ctx: HandlerContext): HandlerGenerator {
  // Replace this line with your handler.
  throw new Error('Not started: write project in starter.ts');
  // (The line below keeps the generator's shape; delete it with the line above.)
  yield* ctx.log(`${event.records.length} records`);
}
