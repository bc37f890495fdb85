import type { Json } from '../../core/types.ts';

/**
 * The database's operations as plain data (what a client sends, what the store applies), in
 * DynamoDB's terms: GetItem, PutItem, UpdateItem (SET and ADD), DeleteItem, Scan and
 * TransactWriteItems, each write optionally conditional.
 *
 * Simplifications: a table has one string partition key and no sort key; reads are strongly
 * consistent; every item is under 1 KB, so a get costs 1 read unit, a write 1 write unit, a write
 * inside a transaction 2 (as DynamoDB charges), a scan 1 read unit per item returned (at least 1);
 * conditions are the two a learner needs: the item is absent (`attribute_not_exists`) or has an
 * expected version (optimistic locking on a version attribute, as DynamoDBMapper does it).
 */

/** An item's attributes as a handler sees them; `version` is the store's, counting the item's writes. */
export type DbItem = Readonly<Record<string, Json>> & { readonly version: number };

/** A write's condition. */
export type DbCondition = { readonly ifNotExists: true } | { readonly expectedVersion: number };

export interface GetOp {
  readonly op: 'get';
  readonly table: string;
  readonly key: string;
}
export interface ScanOp {
  readonly op: 'scan';
  readonly table: string;
  /** At most this many items, in key order. */
  readonly limit: number;
}
export interface PutOp {
  readonly op: 'put';
  readonly table: string;
  readonly key: string;
  readonly item: Readonly<Record<string, Json>>;
  readonly condition?: DbCondition;
}
export interface UpdateOp {
  readonly op: 'update';
  readonly table: string;
  readonly key: string;
  /** ADD: numbers added to attributes (a missing attribute counts as 0). */
  readonly add?: Readonly<Record<string, number>>;
  /** SET: attributes replaced. */
  readonly set?: Readonly<Record<string, Json>>;
  readonly condition?: DbCondition;
}
export interface DeleteOp {
  readonly op: 'delete';
  readonly table: string;
  readonly key: string;
  readonly condition?: DbCondition;
}
export interface ConditionCheckOp {
  readonly op: 'conditionCheck';
  readonly table: string;
  readonly key: string;
  readonly condition: DbCondition;
}
/** One part of a transaction. */
export type TransactPart = PutOp | UpdateOp | DeleteOp | ConditionCheckOp;
export interface TransactWriteOp {
  readonly op: 'transactWrite';
  /** All applied, or none (TransactionCanceledException). */
  readonly parts: readonly TransactPart[];
}

export type DbOperation = GetOp | ScanOp | PutOp | UpdateOp | DeleteOp | TransactWriteOp;
export type WriteOperation = PutOp | UpdateOp | DeleteOp | TransactWriteOp;

/** What a successful operation returns. */
export type DbResult =
  | { readonly op: 'get'; readonly item: DbItem | null }
  | { readonly op: 'scan'; readonly items: readonly { key: string; item: DbItem }[] }
  | { readonly op: 'put' | 'update'; readonly item: DbItem }
  | { readonly op: 'delete'; readonly item: null }
  | { readonly op: 'transactWrite' };

/** DynamoDB's error names, plus the client's own timeout. */
export type DbErrorCode =
  | 'ConditionalCheckFailedException'
  | 'TransactionCanceledException'
  | 'ProvisionedThroughputExceededException'
  | 'ResourceNotFoundException'
  | 'ValidationException'
  | 'RequestTimeout';

/** The error a handler sees when a database call fails. */
export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'DbError';
  }
}

/** True for a write (what the `beforeDbWrite` fault point and the lost-reply fault look at). */
export function isWrite(op: DbOperation): op is WriteOperation {
  return op.op !== 'get' && op.op !== 'scan';
}

/** The table an operation is about, for the trace (the first part's, for a transaction). */
export function tableOf(op: DbOperation): string {
  return op.op === 'transactWrite' ? (op.parts[0]?.table ?? '') : op.table;
}

/** The key an operation is about, or null (a scan). */
export function keyOf(op: DbOperation): string | null {
  if (op.op === 'scan') return null;
  return op.op === 'transactWrite' ? (op.parts[0]?.key ?? null) : op.key;
}

/** A condition as DynamoDB would write it, for the trace. */
export function describeCondition(condition: DbCondition): string {
  return 'ifNotExists' in condition
    ? 'attribute_not_exists(key)'
    : `version = ${condition.expectedVersion}`;
}
