import { eventHistory } from '../checks/accounts-history.ts';
import { staleReads } from '../checks/read-your-writes.ts';
import { balanceChange } from '../eventsourcing/domain.ts';
import type { AccountsSpec } from '../eventsourcing/schema.ts';
import type { TraceEvent } from '../trace/events.ts';
import { latencySummary } from './compare-outputs.ts';

type Summary = { p50: number; p99: number; max: number } | null;

/**
 * What the comparison reports for a design of the accounts workload, besides the lost and duplicated
 * events (the result's `lost` and `duplicates`, judged by accounts-diff.ts).
 */
export interface AccountsMetrics {
  /** How the design handles commands. */
  design: AccountsSpec['design'];
  /** Where the accounts' truth lives: the events topic, or the database rows. */
  sourceOfTruth: 'events topic' | 'database rows';
  /** Commands the clients sent, and how each ended. */
  commands: { sent: number; accepted: number; rejected: number; timedOut: number };
  /** Rejections for a version conflict (optimistic concurrency in the database). */
  versionConflicts: number;
  /** Sent to answered (accepted or rejected), virtual ms. */
  commandLatencyMs: Summary;
  /** Queries answered from behind the client's own accepted write. */
  staleReads: number;
  /** Queries answered (not "not yet", not timed out). */
  queriesAnswered: number;
  /** Event appended to applied by a read model, virtual ms (every read model, every event). */
  readModelLagMs: Summary;
  /** Balances below zero in the source of truth: events that take one below zero, or rows written below zero. */
  invariantViolations: number;
  /** Events in the log that take an account's folded balance below zero: what a downstream reader of the log believes. */
  logFoldBelowZero: number;
}

/** The accounts metrics of one design's run with faults. */
export function accountsMetrics(
  events: readonly TraceEvent[],
  accounts: AccountsSpec,
): AccountsMetrics {
  const eventsTopic = accounts.topics.events;
  const history = eventHistory(events, eventsTopic);
  const eventSourced = accounts.design === 'eventSourced';
  const logFoldBelowZero = foldBelowZero(history);
  return {
    design: accounts.design,
    sourceOfTruth: eventSourced ? 'events topic' : 'database rows',
    ...commandOutcomes(events),
    staleReads: staleReads(events).length,
    queriesAnswered: events.filter((e) => e.type === 'query.answered' && e.outcome === 'answered')
      .length,
    readModelLagMs: latencySummary(readModelLags(events, eventsTopic)),
    invariantViolations: eventSourced ? logFoldBelowZero : rowsBelowZero(events),
    logFoldBelowZero,
  };
}

function commandOutcomes(events: readonly TraceEvent[]) {
  const commands = { sent: 0, accepted: 0, rejected: 0, timedOut: 0 };
  const latencies: number[] = [];
  let versionConflicts = 0;
  for (const e of events) {
    if (e.type === 'command.sent') commands.sent++;
    else if (e.type === 'command.timedOut') commands.timedOut++;
    else if (e.type === 'command.accepted' || e.type === 'command.rejected') {
      latencies.push(e.latencyMs);
      if (e.type === 'command.accepted') commands.accepted++;
      else {
        commands.rejected++;
        if (e.reason === 'versionConflict') versionConflicts++;
      }
    }
  }
  return { commands, versionConflicts, commandLatencyMs: latencySummary(latencies) };
}

/** For each event a live read model applied: when it applied it minus when the event was appended. */
function readModelLags(events: readonly TraceEvent[], topic: string): number[] {
  const appendedAt = new Map<string, number>();
  const lags: number[] = [];
  for (const e of events) {
    if (e.type === 'record.appended' && e.topic === topic)
      appendedAt.set(`${e.partition}/${e.offset}`, e.at);
    else if (e.type === 'projection.applied' && e.topic === topic) {
      const at = appendedAt.get(`${e.partition}/${e.offset}`);
      if (at !== undefined) lags.push(e.at - at);
    }
  }
  return lags;
}

function foldBelowZero(history: ReturnType<typeof eventHistory>): number {
  let count = 0;
  for (const partition of history) {
    const balances = new Map<string, number>();
    for (const h of partition) {
      const balance = (balances.get(h.event.account) ?? 0) + balanceChange(h.event);
      balances.set(h.event.account, balance);
      if (balance < 0) count++;
    }
  }
  return count;
}

/** Account rows (items with a numeric balance) written below zero. */
function rowsBelowZero(events: readonly TraceEvent[]): number {
  let count = 0;
  for (const e of events) {
    if (e.type !== 'db.written' || e.item === null || typeof e.item !== 'object') continue;
    const balance = (e.item as { balance?: unknown }).balance;
    if (typeof balance === 'number' && balance < 0) count++;
  }
  return count;
}
