import { eventHistory } from '../checks/accounts-history.ts';
import { balanceNeverNegative } from '../checks/balance-never-negative.ts';
import { changesPublished, committedChanges, eventIdentity } from '../checks/changes-published.ts';
import { eventsAppendedOnce } from '../checks/events-appended-once.ts';
import { earliest, PASS, tpName, violation, type CheckVerdict } from '../checks/verdict.ts';
import type { AccountsSpec } from '../eventsourcing/schema.ts';
import type { TraceEvent } from '../trace/events.ts';
import type { OutputDiff } from './compare-outputs.ts';

/**
 * The accounts workload's outputs judged against its own source of truth, not against a fault-free
 * run: clients choose their next command after hearing the last answer, so a fault changes which
 * commands are sent and when, and two runs' events cannot be matched one for one. What must hold
 * instead: every event the source of truth committed is in the events topic (else lost), once
 * (else duplicated), and each account's events in the order they were committed. The source of
 * truth is the log itself for the event-sourced design (every event in it is committed; its
 * invariant is checked on it), and the database's committed changes for the function designs.
 */
export function accountsOutputDiff(
  events: readonly TraceEvent[],
  accounts: AccountsSpec,
): Omit<OutputDiff, 'firstViolation'> & { firstViolation: CheckVerdict } {
  const options = { eventsTopic: accounts.topics.events };
  const history = eventHistory(events, options.eventsTopic).flat();
  history.sort((a, b) => a.appendedAt - b.appendedAt);
  const copies = new Map<string, number>();
  for (const h of history)
    copies.set(eventIdentity(h.event), (copies.get(eventIdentity(h.event)) ?? 0) + 1);
  const eventSourced = accounts.design === 'eventSourced';
  const committed = eventSourced
    ? [...copies.keys()]
    : committedChanges(events).flatMap(([, decided]) => decided.map(eventIdentity));
  const expected = new Set(committed);
  const order = orderOfCommit(committed);
  const outOfOrder = outOfCommitOrder(history, order, options.eventsTopic, events);
  let firstViolation = earliest(
    earliest(changesPublished(events, options), eventsAppendedOnce(events, options)),
    outOfOrder.first,
  );
  if (eventSourced)
    firstViolation = earliest(firstViolation, balanceNeverNegative(events, options));
  return {
    expected: expected.size,
    correct: [...expected].filter((id) => copies.has(id)).length,
    lost: [...expected].filter((id) => !copies.has(id)).length,
    duplicates: [...copies.values()].reduce((sum, n) => sum + n - 1, 0),
    outOfOrder: outOfOrder.count,
    firstViolation,
  };
}

/** Each event's rank in its account's commit order, by identity. */
function orderOfCommit(committed: readonly string[]): Map<string, number> {
  const rank = new Map<string, number>();
  committed.forEach((id, i) => {
    if (!rank.has(id)) rank.set(id, i);
  });
  return rank;
}

/** Events whose first copy in the log comes after one of their account's later commits. */
function outOfCommitOrder(
  history: ReturnType<typeof eventHistory>[number],
  rank: Map<string, number>,
  topic: string,
  events: readonly TraceEvent[],
): { count: number; first: CheckVerdict } {
  const highest = new Map<string, number>();
  const seen = new Set<string>();
  let count = 0;
  let first: CheckVerdict = PASS;
  for (const h of history) {
    const id = eventIdentity(h.event);
    const r = rank.get(id);
    if (seen.has(id) || r === undefined) continue;
    seen.add(id);
    if (r < (highest.get(h.event.account) ?? -1)) {
      count++;
      if (first.ok)
        first = violation(
          events,
          h.appendedAt,
          `${h.event.type} of ${h.event.account} (command ${h.event.commandId}) reached ${tpName(topic, h.partition)} at offset ${h.offset}, after an event of the same account committed later`,
        );
    } else highest.set(h.event.account, r);
  }
  return { count, first };
}
