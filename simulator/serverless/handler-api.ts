import type { Headers, Json } from '../core/types.ts';
import type { DbCondition, DbItem, DbOperation, TransactPart } from './db/operations.ts';
import type { BatchRecord } from './protocol.ts';

/**
 * The function-handler API. A handler runs *inside* virtual time, so everything that takes time
 * or can fail (a database call, a produce to a topic, a pause) is an effect the handler yields
 * and the platform performs, resuming the handler with the result or throwing the error into it.
 * A handler is a generator function; `yield*` gives each call its type:
 *
 * ```ts
 * function* countViews(event, ctx) {
 *   for (const record of event.records) {
 *     const row = yield* ctx.db.get('counts', record.key);
 *     yield* ctx.db.put('counts', record.key, { count: ((row?.count as number) ?? 0) + 1 });
 *   }
 * }
 * ```
 *
 * (Plain `yield ctx.db.get(...)` works too, with an untyped result.) Generators are synchronous
 * and deterministic: the platform steps them from its event queue, so a handler never sees a
 * clock or a promise. Code between two yields takes no virtual time; `ctx.sleep(ms)` stands for
 * computation that does.
 */

/** Something the platform performs for a handler. */
export type Effect =
  | {
      readonly kind: 'db';
      readonly operation: DbOperation;
      /** `putIfAbsent`: a failed condition resolves to false instead of throwing. */
      readonly conditionFailedAs?: false;
      /** A read model's event these writes apply: traced as `projection.applied` once they succeed. */
      readonly applied?: ReadModelApplied;
    }
  | {
      readonly kind: 'emit';
      readonly topic: string;
      readonly key: string | null;
      readonly value: Json;
      readonly id: number | undefined;
      readonly headers: Headers | undefined;
    }
  | { readonly kind: 'log'; readonly message: string; readonly data: Json }
  | { readonly kind: 'sleep'; readonly ms: number };

/**
 * An effect a handler yields. `yield* op` evaluates to the result, typed `R`; plain `yield op`
 * evaluates to the same value, untyped.
 */
export class Op<R> {
  constructor(readonly effect: Effect) {}

  *[Symbol.iterator](): Generator<Op<R>, R, unknown> {
    return (yield this) as R;
  }
}

/** One event a read model kept in the database applied, for the trace. */
export interface ReadModelApplied {
  readonly readModel: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly rowKey: string;
  readonly row: Json;
}

/** Where an emitted record landed. */
export interface EmitResult {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** What the handler receives: the batch (one partition's records, in offset order). */
export interface FunctionEvent {
  /** The trigger's id, or `schedule` for a scheduled invocation (with no records). */
  readonly source: string;
  readonly records: readonly BatchRecord[];
}

/** With ReportBatchItemFailures: the records that failed, by `itemIdentifier`. Empty or absent: all succeeded. */
export interface HandlerResult {
  readonly batchItemFailures?: readonly { readonly itemIdentifier: string }[];
}

export type HandlerGenerator = Generator<Op<unknown>, HandlerResult | void, unknown>;

/**
 * A handler: a generator function of the event and the context. A plain function that needs no
 * effects may return its result directly.
 */
export type Handler = (
  event: FunctionEvent,
  ctx: HandlerContext,
) => HandlerGenerator | HandlerResult | void;

/** Options of a conditional write. */
export interface WriteOptions {
  /** Write only if the item does not exist (attribute_not_exists). */
  readonly ifNotExists?: boolean;
  /** Write only if the item exists with this version (optimistic locking). */
  readonly expectedVersion?: number;
}

/** The database client, DynamoDB's item operations. A failure throws a `DbError` into the handler. */
export interface DbClient {
  /** GetItem: the item, or null. */
  get(table: string, key: string): Op<DbItem | null>;
  /** PutItem: replace the whole item. */
  put(table: string, key: string, item: Record<string, Json>, options?: WriteOptions): Op<DbItem>;
  /** A conditional put of a new item: true if written, false if the key already existed. */
  putIfAbsent(table: string, key: string, item: Record<string, Json>): Op<boolean>;
  /** UpdateItem: ADD numbers and SET attributes (creating the item if absent); returns the new item. */
  update(
    table: string,
    key: string,
    changes: { add?: Record<string, number>; set?: Record<string, Json> },
    options?: WriteOptions,
  ): Op<DbItem>;
  /** DeleteItem. */
  delete(table: string, key: string, options?: WriteOptions): Op<null>;
  /** Scan: up to `limit` items, in key order. */
  scan(table: string, limit?: number): Op<{ key: string; item: DbItem }[]>;
  /**
   * TransactWriteItems: all the writes, or none (TransactionCanceledException). With `applied`, the
   * writes apply one event to a read model this function keeps: once they succeed it is traced as
   * `projection.applied` (host: the function), whatever happens to the invocation afterwards.
   */
  transactWrite(parts: TransactPart[], applied?: ReadModelApplied): Op<null>;
}

/** What a handler can use besides its event. */
export interface HandlerContext {
  readonly functionName: string;
  /** This invocation attempt's id (a retry has a new one). */
  readonly invocationId: string;
  /** 1 for the first invocation of a batch, 2 for its first retry, ... */
  readonly attempt: number;
  /** Virtual time now, ms (it moves on while the handler waits for its effects). */
  readonly nowMs: number;
  readonly db: DbClient;
  /**
   * Produce a record now, with the function's own (non-transactional) producer: it is in the log
   * once acknowledged, whatever happens to the invocation afterwards. `id` names the record for
   * the checks (pass the source record's id so a duplicate is recognisable; default: a fresh id).
   */
  emit(
    topic: string,
    key: string | null,
    value: Json,
    options?: { id?: number; headers?: Headers },
  ): Op<EmitResult>;
  /** A log line, as a trace event. Takes no time. */
  log(message: string, data?: Json): Op<null>;
  /** Spend `ms` of virtual time computing. */
  sleep(ms: number): Op<null>;
}

/** The condition a `WriteOptions` asks for, if any. */
export function conditionOf(options: WriteOptions | undefined): DbCondition | undefined {
  if (options?.ifNotExists) return { ifNotExists: true };
  if (options?.expectedVersion !== undefined) return { expectedVersion: options.expectedVersion };
  return undefined;
}

/** The database client: each call only describes the operation; the platform performs it. */
export function dbClient(): DbClient {
  const db = (operation: DbOperation) => new Op<never>({ kind: 'db', operation });
  return {
    get: (table, key) => db({ op: 'get', table, key }),
    put: (table, key, item, options) =>
      db({ op: 'put', table, key, item, condition: conditionOf(options) }),
    putIfAbsent: (table, key, item) =>
      new Op<boolean>({
        kind: 'db',
        operation: { op: 'put', table, key, item, condition: { ifNotExists: true } },
        conditionFailedAs: false,
      }),
    update: (table, key, changes, options) =>
      db({
        op: 'update',
        table,
        key,
        add: changes.add,
        set: changes.set,
        condition: conditionOf(options),
      }),
    delete: (table, key, options) =>
      db({ op: 'delete', table, key, condition: conditionOf(options) }),
    scan: (table, limit = 100) => db({ op: 'scan', table, limit }),
    transactWrite: (parts, applied) =>
      applied
        ? new Op<null>({ kind: 'db', operation: { op: 'transactWrite', parts }, applied })
        : db({ op: 'transactWrite', parts }),
  };
}
