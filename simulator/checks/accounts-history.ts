import { isAccountEvent, type AccountEvent } from '../eventsourcing/domain.ts';
import type { TraceEvent } from '../trace/events.ts';
import { statusAsOf } from '../trace/partition-log.ts';
import { foldTrace, type WorldState } from '../trace/state.ts';

/** One account event of the log's history, with where it sits and where the trace appended it. */
export interface HistoryEvent {
  partition: number;
  offset: number;
  event: AccountEvent;
  /** Index in the trace of its `record.appended`. */
  appendedAt: number;
}

/**
 * Everything the events topic ever held that a `read_committed` reader could have read: plain and
 * committed records, in offset order per partition, including those retention deleted or the
 * cleaner compacted since. That is the history a read model is checked against: a view that lost
 * part of it (a rebuild after retention) is a wrong view, even if it equals what the log holds now.
 */
export function eventHistory(
  events: readonly TraceEvent[],
  topic: string,
  state: WorldState = foldTrace(events),
): HistoryEvent[][] {
  const found = state.topics.get(topic);
  if (!found) return [];
  return found.partitions.map((p) => {
    const out: HistoryEvent[] = [];
    for (let pos = 0; pos < p.count; pos++) {
      const entry = p.log.entries[pos];
      if (entry.record === null || !isAccountEvent(entry.record.value)) continue;
      const status = statusAsOf(entry, state.index);
      if (status === 'aborted' || status === 'open') continue;
      out.push({
        partition: p.partition,
        offset: entry.offset,
        event: entry.record.value,
        appendedAt: entry.appendedAt,
      });
    }
    return out;
  });
}

/** The events topic's name for the checks (the scenario's `accounts.topics.events`). */
export interface AccountsCheckOptions {
  eventsTopic: string;
}

export const DEFAULT_ACCOUNTS_CHECK_OPTIONS: AccountsCheckOptions = {
  eventsTopic: 'account-events',
};
