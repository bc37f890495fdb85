import type {
  AccountQuery,
  QueryContext,
  QueryGenerator,
} from '../../simulator/eventsourcing/query-api.ts';

/** Pause between two reads of a read model that has not reached the token yet, ms. */
const RETRY_MS = 10;

/**
 * Read at once; if the read model has applied the client's token (its position is past the
 * token's offset) — or there is no token — answer with the row. Otherwise read again a little
 * later, until the deadline the client's bound sets. Every read carries a timeout that ends by the
 * deadline too, so a reader that is down or slow to answer costs at most the bound, and the
 * answer is then an honest "not yet".
 */
export function* answer(query: AccountQuery, ctx: QueryContext): QueryGenerator {
  // Keep a little of the bound for the answer's way back to the client.
  const deadline = ctx.nowMs + query.boundMs - 10;
  for (;;) {
    const left = deadline - ctx.nowMs;
    if (left < 1) return { answer: 'notYet' };
    const read = yield* ctx.read(query.account, { timeoutMs: left });
    if (read.status === 'ok' && (query.token === null || read.position > query.token.offset))
      return { answer: 'row', row: read.row };
    const pause = Math.min(RETRY_MS, deadline - ctx.nowMs);
    if (pause < 1) return { answer: 'notYet' };
    yield* ctx.sleep(pause);
  }
}
