import type {
  AccountQuery,
  QueryContext,
  QueryGenerator,
} from '../../simulator/eventsourcing/query-api.ts';

/**
 * Answer a client's query about one account from the read model `balances`. `query.token` is the
 * client's consistency token (`{ partition, offset }` of its command's event) or null;
 * `query.boundMs` is how long the client allows. `yield* ctx.read(account, { timeoutMs })` returns
 * the reader's row and its `position`; `yield* ctx.sleep(ms)` waits. Return
 * `{ answer: 'row', row }` or `{ answer: 'notYet' }`.
 */
export function* answer(query: AccountQuery, ctx: QueryContext): QueryGenerator {
  // Replace this line with your query code.
  throw new Error('Not started: write answer in starter.ts');
  // (The lines below keep the generator's shape; delete them with the line above.)
  yield* ctx.read(query.account);
  return { answer: 'notYet' };
}
