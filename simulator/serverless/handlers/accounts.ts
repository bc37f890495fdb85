import type { Json } from '../../core/types.ts';
import {
  decide,
  evolve,
  isAccountCommand,
  type AccountCommand,
  type AccountEvent,
  type AccountState,
} from '../../eventsourcing/domain.ts';
import type { DbItem, TransactPart } from '../db/operations.ts';
import { DbError } from '../db/operations.ts';
import type { Handler, HandlerContext, Op } from '../handler-api.ts';
import type { BatchRecord } from '../protocol.ts';
import { stringOption, type HandlerOptions } from './options.ts';

/**
 * The accounts domain handled CRUD-style by a function: the account is a row in the database, not a
 * fold of the log. Both handlers read the rows a command touches, `decide` (the same pure domain the
 * event-sourced processor uses), and write the new rows with their expected versions (optimistic
 * concurrency: another writer in between makes the write fail, and the client hears
 * `versionConflict`) together with an idempotency record of the command, in one TransactWriteItems.
 * Where they differ is how the events reach the log:
 *
 * - `accountsCrudDualWrite` publishes them itself after the transaction: a second write, to a second
 *   system. A crash between the two loses them unless the batch is retried (the retry finds the
 *   idempotency record and publishes again); a crash after publishing, then a retry, publishes them
 *   twice.
 * - `accountsOutbox` writes them into an outbox table inside the same transaction; a relay
 *   (`drainOutbox` on a schedule) publishes and deletes them later, at least once, each with its
 *   `eventId` header: nothing lost, duplicates recognisable.
 *
 * A transfer touches two rows; the credit (or the refund, when the other account does not exist) is
 * decided in the same invocation and written in the same transaction, since one database holds
 * both rows.
 *
 * Options: `table` (`accounts`), `commandsTable` (`processed-commands`), `outboxTable` (`outbox`),
 * `eventsTopic` (`account-events`), `rejectionsTopic` (`command-rejections`).
 */

interface AccountsOptions {
  table: string;
  commandsTable: string;
  outboxTable: string;
  eventsTopic: string;
  rejectionsTopic: string;
}

function accountsOptions(options: HandlerOptions): AccountsOptions {
  return {
    table: stringOption(options, 'table', 'accounts'),
    commandsTable: stringOption(options, 'commandsTable', 'processed-commands'),
    outboxTable: stringOption(options, 'outboxTable', 'outbox'),
    eventsTopic: stringOption(options, 'eventsTopic', 'account-events'),
    rejectionsTopic: stringOption(options, 'rejectionsTopic', 'command-rejections'),
  };
}

/** An event with its id: the command record's id times four plus its place (a command has at most three events). */
export interface IdentifiedEvent {
  eventId: number;
  event: AccountEvent;
}

/** What handling one command came to. */
type Outcome =
  | { kind: 'done'; events: IdentifiedEvent[] }
  | { kind: 'alreadyDone'; events: IdentifiedEvent[] }
  | { kind: 'rejected'; reason: string };

/** A row as the handler read it, and its state after the events decided so far. */
interface Row {
  state: AccountState | null;
  /** The store's version when read (null: no row), the write's expected version. */
  readVersion: number | null;
  changed: boolean;
}

/** CRUD with a dual write: the transaction, then the events published by the function itself. */
export function accountsCrudDualWrite(options: HandlerOptions): Handler {
  const o = accountsOptions(options);
  return function* (event, ctx) {
    for (const record of event.records) {
      const outcome = yield* handleCommand(record, ctx, o, () => []);
      if (outcome === null) continue;
      if (outcome.kind === 'rejected') yield* reject(record, outcome.reason, ctx, o);
      else for (const e of outcome.events) yield* publish(e, o.eventsTopic, ctx);
    }
  };
}

/** The transactional outbox: the rows, the idempotency record and the events in one transaction. */
export function accountsOutbox(options: HandlerOptions): Handler {
  const o = accountsOptions(options);
  return function* (event, ctx) {
    for (const record of event.records) {
      const outcome = yield* handleCommand(record, ctx, o, (events, rows) =>
        events.map((e, i): TransactPart => ({
          op: 'put',
          table: o.outboxTable,
          key: outboxKey(e.event.account, rows.get(e.event.account)!, i),
          item: outboxEntry(e, o.eventsTopic),
        })),
      );
      if (outcome?.kind === 'rejected') yield* reject(record, outcome.reason, ctx, o);
    }
  };
}

/**
 * The relay reads the outbox in key order; keys sort by account, then by the row version the
 * transaction wrote, so each account's events are published in the order they were committed.
 */
function outboxKey(account: string, row: Row, place: number): string {
  const version = (row.readVersion ?? 0) + 1;
  return `${account}/${String(version).padStart(10, '0')}/${place}`;
}

/** What `drainOutbox` publishes: the topic, key, value, record id and the `eventId` header. */
function outboxEntry(e: IdentifiedEvent, topic: string): Record<string, Json> {
  return {
    eventTopic: topic,
    eventKey: e.event.account,
    event: e.event as unknown as Json,
    eventId: e.eventId,
    headers: { eventId: String(e.eventId) },
  };
}

function* publish(e: IdentifiedEvent, topic: string, ctx: HandlerContext) {
  yield* ctx.emit(topic, e.event.account, e.event as unknown as Json, {
    id: e.eventId,
    headers: { eventId: String(e.eventId) },
  });
}

function* reject(record: BatchRecord, reason: string, ctx: HandlerContext, o: AccountsOptions) {
  const command = record.value as AccountCommand;
  const rejection = { commandId: command.commandId, account: command.account, reason };
  yield* ctx.emit(o.rejectionsTopic, command.account, rejection, { id: record.id * 4 + 3 });
}

/**
 * One command: skip it if its idempotency record exists (a retried batch), else read its rows,
 * decide, and commit the rows, the idempotency record and `extraParts` (the outbox) together.
 * Null for a record that is not a command.
 */
function* handleCommand(
  record: BatchRecord,
  ctx: HandlerContext,
  o: AccountsOptions,
  extraParts: (events: IdentifiedEvent[], rows: ReadonlyMap<string, Row>) => TransactPart[],
): Generator<Op<unknown>, Outcome | null, unknown> {
  const command = record.value;
  if (!isAccountCommand(command)) return null;
  const done = (yield* ctx.db.get(o.commandsTable, command.commandId)) as DbItem | null;
  if (done) return { kind: 'alreadyDone', events: done.events as unknown as IdentifiedEvent[] };
  const rows = new Map<string, Row>();
  const decided = yield* decideWithRows(command, rows, ctx, o);
  if (decided.kind === 'rejected') return decided;
  const events = decided.events.map((event, i) => ({ eventId: record.id * 4 + i, event }));
  const parts: TransactPart[] = [
    ...rowWrites(rows, o.table, command.commandId),
    {
      op: 'put',
      table: o.commandsTable,
      key: command.commandId,
      item: { events: events as unknown as Json },
      condition: { ifNotExists: true },
    },
    ...extraParts(events, rows),
  ];
  try {
    yield* ctx.db.transactWrite(parts);
  } catch (error) {
    if (error instanceof DbError && error.code === 'TransactionCanceledException')
      return { kind: 'rejected', reason: 'versionConflict' };
    throw error;
  }
  return { kind: 'done', events };
}

/** `decide` the command and its follow-ups (a transfer's credit or refund) against rows read on demand. */
function* decideWithRows(
  command: AccountCommand,
  rows: Map<string, Row>,
  ctx: HandlerContext,
  o: AccountsOptions,
): Generator<
  Op<unknown>,
  { kind: 'accepted'; events: AccountEvent[] } | Extract<Outcome, { kind: 'rejected' }>,
  unknown
> {
  const events: AccountEvent[] = [];
  const queue: AccountCommand[] = [command];
  for (let next = queue.shift(); next; next = queue.shift()) {
    let row = rows.get(next.account);
    if (!row) {
      const item = (yield* ctx.db.get(o.table, next.account)) as DbItem | null;
      row = { state: item && stateOf(item), readVersion: item?.version ?? null, changed: false };
      rows.set(next.account, row);
    }
    const decision = decide(row.state, next);
    if (decision.kind === 'rejected' && next === command)
      return { kind: 'rejected', reason: decision.reason };
    if (decision.kind === 'accepted')
      for (const event of decision.events) {
        row.state = evolve(row.state, event);
        row.changed = true;
        events.push(event);
      }
    queue.push(...decision.followUps);
  }
  return { kind: 'accepted', events };
}

function stateOf(item: DbItem): AccountState {
  return { balance: Number(item.balance), version: Number(item.events) };
}

/** Each changed row, written only if it is still the version read (or still absent). */
function rowWrites(rows: Map<string, Row>, table: string, commandId: string): TransactPart[] {
  const parts: TransactPart[] = [];
  for (const [account, row] of rows) {
    if (!row.changed || row.state === null) continue;
    parts.push({
      op: 'put',
      table,
      key: account,
      item: { balance: row.state.balance, events: row.state.version, lastCommandId: commandId },
      condition:
        row.readVersion === null ? { ifNotExists: true } : { expectedVersion: row.readVersion },
    });
  }
  return parts;
}
