import { formatMoney } from '../trace/prose/words.ts';
import { balanceChange } from '../eventsourcing/domain.ts';
import type { TraceEvent } from '../trace/events.ts';
import {
  DEFAULT_ACCOUNTS_CHECK_OPTIONS,
  eventHistory,
  type AccountsCheckOptions,
} from './accounts-history.ts';
import { PASS, tpName, violation, type CheckVerdict } from './verdict.ts';

/**
 * The domain's invariant holds in the source of truth: folding each account's events in log order
 * (an account lives in one partition, so its order is the partition's), no balance ever goes below
 * zero. The violation is the `record.appended` of the first event that takes one below.
 */
export function balanceNeverNegative(
  events: readonly TraceEvent[],
  options: AccountsCheckOptions = DEFAULT_ACCOUNTS_CHECK_OPTIONS,
): CheckVerdict {
  let first: { index: number; message: string } | null = null;
  for (const partition of eventHistory(events, options.eventsTopic)) {
    const balances = new Map<string, number>();
    for (const h of partition) {
      const balance = (balances.get(h.event.account) ?? 0) + balanceChange(h.event);
      balances.set(h.event.account, balance);
      if (balance < 0 && (first === null || h.appendedAt < first.index)) {
        first = {
          index: h.appendedAt,
          message: `${h.event.type} of ${h.event.account} (command ${h.event.commandId}) at ${tpName(options.eventsTopic, h.partition)} offset ${h.offset} takes its balance to ${formatMoney(balance)}`,
        };
        break;
      }
    }
  }
  return first ? violation(events, first.index, first.message) : PASS;
}
