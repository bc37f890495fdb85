import { isAccountEvent, type AccountEvent } from '../eventsourcing/domain.ts';
import type { TraceEvent } from '../trace/events.ts';
import {
  DEFAULT_ACCOUNTS_CHECK_OPTIONS,
  eventHistory,
  type AccountsCheckOptions,
} from './accounts-history.ts';
import { PASS, violation, type CheckVerdict } from './verdict.ts';

/**
 * Every change a function committed to the database reached the log: when the accounts live in
 * database rows (the CRUD and outbox designs), each command's transaction writes an idempotency
 * record holding the events it decided (`{events: [{eventId, event}]}`); each of those events must
 * be in the events topic's history by the end of the run. One that is not is a lost event: the row
 * changed and the world was never told (the dual write's crash between its two writes). The
 * violation is that transaction's `db.written`. The event-sourced design writes no such record:
 * its log is the only write, and this check holds by construction.
 */
export function changesPublished(
  events: readonly TraceEvent[],
  options: AccountsCheckOptions = DEFAULT_ACCOUNTS_CHECK_OPTIONS,
): CheckVerdict {
  const inLog = new Set<string>();
  for (const partition of eventHistory(events, options.eventsTopic))
    for (const h of partition) inLog.add(eventIdentity(h.event));
  for (const [index, decided] of committedChanges(events)) {
    const missing = decided.find((event) => !inLog.has(eventIdentity(event)));
    if (missing)
      return violation(
        events,
        index,
        `command ${missing.commandId} changed the database, but its ${missing.type} of ${missing.account} never reached ${options.eventsTopic} by the end of the run: a lost event`,
      );
  }
  return PASS;
}

/** An event as the checks recognise it across copies: its command, type and account. */
export function eventIdentity(event: AccountEvent): string {
  return `${event.commandId}\u0000${event.type}\u0000${event.account}`;
}

/** Each committed idempotency record's events, by the index of its `db.written`. */
export function committedChanges(events: readonly TraceEvent[]): [number, AccountEvent[]][] {
  const out: [number, AccountEvent[]][] = [];
  events.forEach((e, index) => {
    if (e.type !== 'db.written' || e.op === 'delete') return;
    const decided = decidedEvents(e.item);
    if (decided) out.push([index, decided]);
  });
  return out;
}

/** The events an idempotency record holds, or null for any other item. */
function decidedEvents(item: unknown): AccountEvent[] | null {
  if (typeof item !== 'object' || item === null) return null;
  const list = (item as { events?: unknown }).events;
  if (!Array.isArray(list) || list.length === 0) return null;
  const found: AccountEvent[] = [];
  for (const entry of list) {
    const event =
      typeof entry === 'object' && entry !== null ? (entry as { event?: unknown }).event : null;
    if (!isAccountEvent(event)) return null;
    found.push(event);
  }
  return found;
}
