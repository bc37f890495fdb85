import type { TraceEvent } from '../trace/events.ts';
import {
  DEFAULT_ACCOUNTS_CHECK_OPTIONS,
  eventHistory,
  type AccountsCheckOptions,
} from './accounts-history.ts';
import { PASS, tpName, violation, type CheckVerdict } from './verdict.ts';

/**
 * Every command's events are in the log exactly once: no command id appears twice on an event of
 * the same type and account (a duplicate: a retried publish, a redone dual write), and every
 * command a client heard "accepted" for has its event in the log's history (else it was lost).
 * The violation is the duplicate's `record.appended`, or the `command.accepted` whose event is
 * missing.
 */
export function eventsAppendedOnce(
  events: readonly TraceEvent[],
  options: AccountsCheckOptions = DEFAULT_ACCOUNTS_CHECK_OPTIONS,
): CheckVerdict {
  const seen = new Map<string, string>();
  let duplicate: { index: number; message: string } | null = null;
  for (const partition of eventHistory(events, options.eventsTopic)) {
    for (const h of partition) {
      const id = `${h.event.commandId}\u0000${h.event.type}\u0000${h.event.account}`;
      const where = `${tpName(options.eventsTopic, h.partition)} offset ${h.offset}`;
      const earlier = seen.get(id);
      if (earlier === undefined) seen.set(id, where);
      else if (duplicate === null || h.appendedAt < duplicate.index) {
        duplicate = {
          index: h.appendedAt,
          message: `${h.event.type} of ${h.event.account} for command ${h.event.commandId} is in the log twice: at ${earlier} and at ${where}`,
        };
      }
    }
  }
  const inLog = new Set([...seen.keys()].map((id) => id.slice(0, id.indexOf('\u0000'))));
  for (let index = 0; index < events.length; index++) {
    if (duplicate && index >= duplicate.index) break;
    const e = events[index];
    if (e.type === 'command.accepted' && e.topic === options.eventsTopic && !inLog.has(e.commandId))
      return violation(
        events,
        index,
        `${e.client} was told command ${e.commandId} was accepted, but none of its events is in the log`,
      );
  }
  return duplicate ? violation(events, duplicate.index, duplicate.message) : PASS;
}
