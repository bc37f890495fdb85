import type { Json } from '../core/types.ts';
import { balanceChange, type AccountEvent } from './domain.ts';

/**
 * The folds a read model can be built with: each turns one event into a change of one row of its
 * table. A read model is `rows = events.reduce(fold)`; whoever keeps it (a reader's memory, a Kafka
 * Streams table, a database table) must end with the same rows as this fold of the log up to its
 * position. `balancesIgnoringRefunds` is a fold with a bug, so a chapter can fix it and rebuild.
 */
export type FoldName = 'balances' | 'balancesIgnoringRefunds' | 'activity' | 'totals';

export const FOLD_NAMES: readonly FoldName[] = [
  'balances',
  'balancesIgnoringRefunds',
  'activity',
  'totals',
];

/** A row key and its new value (null: the row is gone). */
export interface RowChange {
  rowKey: string;
  row: Json;
}

type Fold = (row: Json | undefined, event: AccountEvent) => RowChange | null;

const balanceRow = (row: Json | undefined): { balance: number; events: number } =>
  (row as { balance: number; events: number } | undefined) ?? { balance: 0, events: 0 };

const FOLDS: Record<FoldName, { rowKey: (e: AccountEvent) => string; fold: Fold }> = {
  balances: {
    rowKey: (e) => e.account,
    fold: (row, e) => {
      const before = balanceRow(row);
      return {
        rowKey: e.account,
        row: { balance: before.balance + balanceChange(e), events: before.events + 1 },
      };
    },
  },
  balancesIgnoringRefunds: {
    rowKey: (e) => e.account,
    fold: (row, e) => {
      const before = balanceRow(row);
      // The bug: a refunded transfer stays debited in this view.
      const change = e.type === 'TransferRefunded' ? 0 : balanceChange(e);
      return {
        rowKey: e.account,
        row: { balance: before.balance + change, events: before.events + 1 },
      };
    },
  },
  activity: {
    rowKey: (e) => e.account,
    fold: (row, e) => {
      const before = (row as { events: number } | undefined) ?? { events: 0 };
      return { rowKey: e.account, row: { events: before.events + 1, last: e.type } };
    },
  },
  totals: {
    rowKey: () => 'all',
    fold: (row, e) => {
      const before = (row as { accounts: number; money: number } | undefined) ?? {
        accounts: 0,
        money: 0,
      };
      const accounts = before.accounts + (e.type === 'AccountOpened' ? 1 : 0);
      return { rowKey: 'all', row: { accounts, money: before.money + balanceChange(e) } };
    },
  },
};

/** The row an event changes in a read model built with `fold`, and its new value. */
export function applyFold(
  fold: FoldName,
  rows: ReadonlyMap<string, Json>,
  event: AccountEvent,
): RowChange | null {
  const f = FOLDS[fold];
  return f.fold(rows.get(f.rowKey(event)), event);
}

/** The row an event changes in a read model built with `fold`. */
export function rowKeyOf(fold: FoldName, event: AccountEvent): string {
  return FOLDS[fold].rowKey(event);
}

/** A whole read model from a list of events: the reference every projection is checked against. */
export function foldAll(fold: FoldName, events: Iterable<AccountEvent>): Map<string, Json> {
  const rows = new Map<string, Json>();
  for (const e of events) {
    const change = applyFold(fold, rows, e);
    if (change) rows.set(change.rowKey, change.row);
  }
  return rows;
}
