import type { Json } from '../../core/types.ts';
import type { DbTableSpec } from '../schema.ts';
import {
  describeCondition,
  type DbCondition,
  type DbErrorCode,
  type DbItem,
  type DbOperation,
  type DbResult,
  type TransactPart,
} from './operations.ts';

/** One item as stored. Attributes are deep-frozen copies, so a handler cannot change them in place. */
interface Stored {
  readonly item: DbItem;
  readonly expiresAtMs: number | null;
}

interface Table {
  readonly spec: DbTableSpec;
  readonly items: Map<string, Stored>;
  /** Items with a time to live, by key, in the order their expiry was last set. */
  readonly expiries: Map<string, number>;
}

/** An item written (or deleted: `item` null), for the trace. */
export interface Written {
  table: string;
  key: string;
  op: 'put' | 'update' | 'delete';
  item: DbItem | null;
  version: number;
}

/** What applying an operation did. */
export type Applied =
  | {
      ok: true;
      result: DbResult;
      written: Written[];
      readUnits: number;
      writeUnits: number;
    }
  | {
      ok: false;
      code: DbErrorCode;
      message: string;
      /** The condition that failed, for the trace (conditional writes and transactions). */
      failed: { table: string; key: string; op: string; condition: string } | null;
      readUnits: number;
      writeUnits: number;
    };

/**
 * The database's tables in memory: pure data and the rules of DynamoDB's item operations, with no
 * actor or time of its own (the `Database` actor owns latency, faults and the trace). Durable: a
 * crash of the database actor keeps it.
 */
export class TableStore {
  private readonly tables = new Map<string, Table>();

  constructor(specs: readonly DbTableSpec[]) {
    for (const spec of specs) {
      const table: Table = { spec, items: new Map(), expiries: new Map() };
      this.tables.set(spec.name, table);
      for (const { key, item } of spec.items) this.store(table, key, item, 1);
    }
  }

  has(table: string): boolean {
    return this.tables.has(table);
  }

  /** Read access for tests and checks: the item, or null. */
  peek(table: string, key: string): DbItem | null {
    return this.tables.get(table)?.items.get(key)?.item ?? null;
  }

  /** Every item of a table, in key order. */
  dump(table: string): { key: string; item: DbItem }[] {
    const items = this.tables.get(table)?.items;
    if (!items) return [];
    return [...items.keys()].sort().map((key) => ({ key, item: items.get(key)!.item }));
  }

  apply(operation: DbOperation): Applied {
    switch (operation.op) {
      case 'get':
        return this.get(operation.table, operation.key);
      case 'scan':
        return this.scan(operation.table, operation.limit);
      case 'transactWrite':
        return this.transactWrite(operation.parts);
      default:
        return this.write(operation, 1, false);
    }
  }

  /** Delete every item whose time to live is at or before `nowMs`; returns them, table by table. */
  sweepExpired(nowMs: number): { table: string; key: string; expiresAtMs: number }[] {
    const expired: { table: string; key: string; expiresAtMs: number }[] = [];
    for (const [name, table] of this.tables) {
      for (const [key, expiresAtMs] of table.expiries) {
        if (expiresAtMs > nowMs) continue;
        table.expiries.delete(key);
        table.items.delete(key);
        expired.push({ table: name, key, expiresAtMs });
      }
    }
    return expired;
  }

  private get(name: string, key: string): Applied {
    const table = this.tables.get(name);
    if (!table) return missingTable(name);
    const item = table.items.get(key)?.item ?? null;
    return { ok: true, result: { op: 'get', item }, written: [], readUnits: 1, writeUnits: 0 };
  }

  private scan(name: string, limit: number): Applied {
    const table = this.tables.get(name);
    if (!table) return missingTable(name);
    // DynamoDB scans in hash order; key order is as good a fixed order and easier to follow.
    const keys = [...table.items.keys()].sort().slice(0, Math.max(0, limit));
    const items = keys.map((key) => ({ key, item: table.items.get(key)!.item }));
    return {
      ok: true,
      result: { op: 'scan', items },
      written: [],
      readUnits: Math.max(1, items.length),
      writeUnits: 0,
    };
  }

  /** A single write, or (with `dryRun`) only its checks, as a transaction's first pass needs. */
  private write(op: TransactPart, units: number, dryRun: boolean): Applied {
    const table = this.tables.get(op.table);
    if (!table) return missingTable(op.table);
    const current = table.items.get(op.key)?.item ?? null;
    if (op.condition && !holds(op.condition, current)) {
      const failed = {
        table: op.table,
        key: op.key,
        op: op.op,
        condition: describeCondition(op.condition),
      };
      return {
        ok: false,
        code: 'ConditionalCheckFailedException',
        message: `The conditional request failed (${failed.condition})`,
        failed,
        readUnits: 0,
        writeUnits: units,
      };
    }
    if (op.op === 'update' && op.add) {
      for (const attribute of Object.keys(op.add)) {
        const value = current?.[attribute];
        if (value !== undefined && typeof value !== 'number') {
          return {
            ok: false,
            code: 'ValidationException',
            message: `ADD to "${attribute}", which is not a number`,
            failed: null,
            readUnits: 0,
            writeUnits: 0,
          };
        }
      }
    }
    if (dryRun || op.op === 'conditionCheck') {
      return {
        ok: true,
        result: { op: 'transactWrite' },
        written: [],
        readUnits: 0,
        writeUnits: units,
      };
    }
    const version = (current?.version ?? 0) + 1;
    let written: Written;
    if (op.op === 'delete') {
      table.items.delete(op.key);
      table.expiries.delete(op.key);
      written = { table: op.table, key: op.key, op: 'delete', item: null, version };
      return {
        ok: true,
        result: { op: 'delete', item: null },
        written: [written],
        readUnits: 0,
        writeUnits: units,
      };
    }
    const attributes = op.op === 'put' ? op.item : updated(current, op.add, op.set);
    const item = this.store(table, op.key, attributes, version);
    written = { table: op.table, key: op.key, op: op.op, item, version };
    return {
      ok: true,
      result: { op: op.op, item },
      written: [written],
      readUnits: 0,
      writeUnits: units,
    };
  }

  /** TransactWriteItems: every condition is checked first; then all parts apply, or none. */
  private transactWrite(parts: readonly TransactPart[]): Applied {
    const units = 2 * parts.length;
    const seen = new Set<string>();
    for (const part of parts) {
      const id = `${part.table}\u0000${part.key}`;
      if (seen.has(id)) {
        return {
          ok: false,
          code: 'ValidationException',
          message: 'Transaction request cannot include multiple operations on one item',
          failed: null,
          readUnits: 0,
          writeUnits: 0,
        };
      }
      seen.add(id);
    }
    for (const part of parts) {
      const check = this.write(part, 2, true);
      if (!check.ok) {
        const code =
          check.code === 'ConditionalCheckFailedException'
            ? 'TransactionCanceledException'
            : check.code;
        return {
          ...check,
          code,
          message: `Transaction cancelled: ${check.message}`,
          writeUnits: units,
        };
      }
    }
    const written: Written[] = [];
    for (const part of parts) {
      const applied = this.write(part, 2, false);
      if (applied.ok) written.push(...applied.written);
    }
    return { ok: true, result: { op: 'transactWrite' }, written, readUnits: 0, writeUnits: units };
  }

  private store(
    table: Table,
    key: string,
    attributes: Readonly<Record<string, Json>>,
    version: number,
  ): DbItem {
    // `version` is the store's own attribute: whatever a handler wrote under that name is replaced.
    const item = Object.freeze({
      ...(frozenCopy(attributes) as Record<string, Json>),
      version,
    }) as DbItem;
    const ttlAttribute = table.spec.ttlAttribute;
    const ttl = ttlAttribute === undefined ? undefined : attributes[ttlAttribute];
    const expiresAtMs = typeof ttl === 'number' && Number.isFinite(ttl) ? ttl : null;
    // Re-inserting moves the key to the end, so the sweep's order is the order expiries were set.
    table.expiries.delete(key);
    if (expiresAtMs !== null) table.expiries.set(key, expiresAtMs);
    table.items.set(key, { item, expiresAtMs });
    return item;
  }
}

function holds(condition: DbCondition, current: DbItem | null): boolean {
  return 'ifNotExists' in condition
    ? current === null
    : current !== null && current.version === condition.expectedVersion;
}

function updated(
  current: DbItem | null,
  add: Readonly<Record<string, number>> | undefined,
  set: Readonly<Record<string, Json>> | undefined,
): Record<string, Json> {
  const next: Record<string, Json> = {};
  if (current) for (const [k, v] of Object.entries(current)) if (k !== 'version') next[k] = v;
  if (set) for (const [k, v] of Object.entries(set)) next[k] = v;
  if (add)
    for (const [k, n] of Object.entries(add)) next[k] = ((next[k] as number | undefined) ?? 0) + n;
  return next;
}

function missingTable(name: string): Applied {
  return {
    ok: false,
    code: 'ResourceNotFoundException',
    message: `Requested resource not found: table "${name}"`,
    failed: null,
    readUnits: 0,
    writeUnits: 0,
  };
}

/** A deep copy of plain JSON, frozen at every level. */
export function frozenCopy(value: Json): Json {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as Json;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) out[k] = frozenCopy(v);
  return Object.freeze(out);
}
