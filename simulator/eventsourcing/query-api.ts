import type { Json } from '../core/types.ts';

/**
 * The query-side API: code that answers a client's query about one account by reading a read
 * model that lives on another actor (the reader). Like the function-handler API it is a generator
 * function stepped from the event queue: everything that takes time (a read over the network, a
 * pause) is an effect it yields, and `yield*` gives each call its type:
 *
 * ```ts
 * function* answer(query, ctx) {
 *   const read = yield* ctx.read(query.account, { timeoutMs: 50 });
 *   return read.status === 'ok' ? { answer: 'row', row: read.row } : { answer: 'notYet' };
 * }
 * ```
 *
 * Code between two yields takes no virtual time; a generator that never yields is stopped by the
 * sandbox's time limit, one that waits for ever is given up on by the client.
 */

/** Where a client's accepted command's first event sits in the events topic. */
export interface QueryToken {
  readonly partition: number;
  readonly offset: number;
}

/** A client's query, as the query side receives it. */
export interface AccountQuery {
  /** The account whose row the client wants. */
  readonly account: string;
  /** The client's consistency token, or null when it sent none (it has no write to wait for). */
  readonly token: QueryToken | null;
  /** How long the client allows, ms: the answer (a row or "not yet") must come by then. */
  readonly boundMs: number;
}

/**
 * What one read of the read model returned: the account's row as the reader has it now (null when
 * it has none), and the reader's position in the partition that holds the account — the next
 * offset it will apply there, so it has applied every offset below it. `noAnswer` when the reader
 * did not answer within the read's `timeoutMs`.
 */
export type ReadResult =
  | {
      readonly status: 'ok';
      readonly row: Json;
      readonly partition: number;
      readonly position: number;
    }
  | { readonly status: 'noAnswer' };

/** The query side's answer to the client: the row, or "not yet" (try again later). */
export type QueryAnswer =
  { readonly answer: 'row'; readonly row: Json } | { readonly answer: 'notYet' };

/** Something the query service performs for the query code. */
export type QueryEffect =
  | { readonly kind: 'read'; readonly account: string; readonly timeoutMs: number | null }
  | { readonly kind: 'sleep'; readonly ms: number };

/** An effect the query code yields; `yield* op` evaluates to its result, typed `R`. */
export class QueryOp<R> {
  constructor(readonly effect: QueryEffect) {}

  *[Symbol.iterator](): Generator<QueryOp<R>, R, unknown> {
    return (yield this) as R;
  }
}

/** What the query code may do. */
export interface QueryContext {
  /** Virtual time now, ms (it moves only across a yield). */
  readonly nowMs: number;
  /**
   * Ask the reader for the account's row and its position. Without `timeoutMs` the read waits
   * for the answer as long as it takes — for ever, if the reader is down.
   */
  read(account: string, options?: { readonly timeoutMs?: number }): QueryOp<ReadResult>;
  /** Wait `ms` (at least 1) of virtual time. */
  sleep(ms: number): QueryOp<void>;
}

export type QueryGenerator = Generator<QueryOp<unknown>, QueryAnswer, unknown>;

/** Query code: a generator function of the query and the context. */
export type QueryHandler = (query: AccountQuery, ctx: QueryContext) => QueryGenerator;

/**
 * What is wrong with an effect, or null. The context checks what it makes, and the service checks
 * again what it is given, since code can build an effect of its own.
 */
export function effectProblem(effect: QueryEffect): string | null {
  const whole = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1;
  if (effect.kind === 'sleep')
    return whole(effect.ms)
      ? null
      : `ctx.sleep needs a whole number of ms, at least 1 (got ${String(effect.ms)})`;
  if (effect.kind !== 'read') return 'yield only what ctx.read and ctx.sleep return';
  if (typeof effect.account !== 'string' || effect.account === '')
    return 'ctx.read needs an account id (a non-empty string)';
  if (effect.timeoutMs !== null && !whole(effect.timeoutMs))
    return `ctx.read: timeoutMs must be a whole number of ms, at least 1 (got ${String(effect.timeoutMs)})`;
  return null;
}

function op<R>(effect: QueryEffect): QueryOp<R> {
  const problem = effectProblem(effect);
  if (problem) throw new TypeError(problem);
  return Object.freeze(new QueryOp<R>(Object.freeze(effect)));
}

/** A context whose `nowMs` reads `now()`; effects are checked here so bad calls throw at once. */
export function queryContext(now: () => number): QueryContext {
  return Object.freeze({
    get nowMs() {
      return now();
    },
    read(account: string, options?: { readonly timeoutMs?: number }) {
      return op<ReadResult>({ kind: 'read', account, timeoutMs: options?.timeoutMs ?? null });
    },
    sleep(ms: number) {
      return op<void>({ kind: 'sleep', ms });
    },
  });
}

/** The learner's return value as an answer, or a sentence saying what is wrong with it. */
export function asQueryAnswer(value: unknown): QueryAnswer | string {
  const v = value as { answer?: unknown; row?: unknown } | null;
  if (v !== null && typeof v === 'object' && v.answer === 'notYet') return { answer: 'notYet' };
  if (v !== null && typeof v === 'object' && v.answer === 'row' && 'row' in v)
    return { answer: 'row', row: JSON.parse(JSON.stringify(v.row ?? null)) as Json };
  return `the query code must return { answer: 'row', row } or { answer: 'notYet' }, not ${JSON.stringify(value) ?? String(value)}`;
}
