import type { Json } from '../../simulator/core/types.ts';
import { appliedInOrderOnce } from '../../simulator/checks/applied-in-order-once.ts';
import { offsetsOnlyGrow } from '../../simulator/checks/offsets-only-grow.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import { caseGrader, type CaseOutcome, type ExerciseGrader } from '../grader/exercise-grader.ts';
import { sortedRecord } from '../grader/handler-exercise.ts';
import { parseSimulatorFaults } from '../grader/simulator-faults.ts';
import { GROUP, MEMBERS, runLedger, TOPIC, type AccountConsumer } from './run-ledger.ts';

/**
 * Exercise 07: keep each account's order. The learner's module exports `accountConsumer`: the
 * key each account event is written with, and the consumer code three group members run. The
 * requirement, over the trace: every account's events are applied in order, each exactly once,
 * none lost; the group's committed offsets never go back (a member committing partitions it gave
 * up); and by the end the group has committed everything it read.
 */

const FAULT_KINDS = new Set(['crash', 'restart', 'pause', 'lostAck', 'partition', 'slowLink']);

function sequences(trace: readonly TraceEvent[], applied: boolean): Json {
  const byId = new Map<number, { account: string; seq: number }>();
  const out: Record<string, number[]> = {};
  for (const e of trace) {
    if (e.type === 'record.appended' && e.topic === TOPIC) {
      const v = e.record.value as { account: string; seq: number };
      byId.set(e.record.id, v);
      if (!applied) (out[v.account] ??= []).push(v.seq);
    } else if (applied && e.type === 'records.processed' && e.topic === TOPIC) {
      for (const id of e.recordIds) {
        const v = byId.get(id);
        if (v) (out[v.account] ??= []).push(v.seq);
      }
    }
  }
  return sortedRecord(out as Record<string, Json>);
}

/** Did the group commit, for every partition, the end of what was written? */
function unfinished(trace: readonly TraceEvent[]): string | null {
  const ends = new Map<number, number>();
  const committed = new Map<number, number>();
  for (const e of trace) {
    if (e.type === 'record.appended' && e.topic === TOPIC)
      ends.set(e.partition, Math.max(ends.get(e.partition) ?? 0, e.offset + 1));
    else if (e.type === 'offset.committed' && e.group === GROUP && e.topic === TOPIC)
      committed.set(e.partition, e.offset);
  }
  for (const [partition, end] of [...ends].sort((a, b) => a[0] - b[0]))
    if ((committed.get(partition) ?? 0) < end)
      return `The group's committed offset of ${TOPIC}-${partition} is ${committed.get(partition) ?? 'none'}, not its end ${end}: the next member to own it reads records again`;
  return null;
}

/** The outcome of a run and the index of the event where it broke. */
export function judge(trace: readonly TraceEvent[]): {
  outcome: CaseOutcome;
  violation: number | null;
} {
  const base = { expected: sequences(trace, false), actual: sequences(trace, true) };
  const order = appliedInOrderOnce(trace, TOPIC, 'account');
  if (!order.ok) {
    const lost = /never applied/.test(order.message);
    const twice = /second time/.test(order.message);
    const reason = lost ? 'lost-event' : twice ? 'over-count' : 'wrong-result';
    return {
      outcome: { ...base, passed: false, reason, message: order.message },
      violation: lost ? null : order.index,
    };
  }
  const offsets = offsetsOnlyGrow(trace);
  if (!offsets.ok)
    return {
      outcome: { ...base, passed: false, reason: 'wrong-result', message: offsets.message },
      violation: offsets.index,
    };
  const open = unfinished(trace);
  if (open)
    return {
      outcome: { ...base, passed: false, reason: 'not-finished', message: open },
      violation: null,
    };
  return {
    outcome: { ...base, passed: true, message: 'Every account applied in order, each event once' },
    violation: null,
  };
}

function asConsumer(exported: unknown): AccountConsumer {
  const c = exported as Partial<AccountConsumer> | null;
  for (const name of ['keyFor', 'onRecords', 'onPartitionsRevoked'] as const)
    if (typeof c?.[name] !== 'function')
      throw new TypeError(`accountConsumer must be an object with a function ${name}`);
  return c as AccountConsumer;
}

/** Check a schedule: simulator faults of the kinds this exercise uses, naming its members. */
export function parseLedgerFaults(faults: readonly Json[]): Json[] {
  return parseSimulatorFaults(faults, FAULT_KINDS, ['broker', 'bank', ...MEMBERS]);
}

export const keepAccountOrderGrader: ExerciseGrader = caseGrader({
  id: '07-keep-account-order',
  exportName: 'accountConsumer',
  probe(exported) {
    const c = asConsumer(exported);
    c.keyFor({ account: 'probe', seq: 1, amount: 1 });
    c.onRecords([], { apply() {}, commit() {} });
  },
  runCase(exported, workload, faults, seed, instantiate) {
    const make = instantiate ? () => asConsumer(instantiate()) : undefined;
    const run = runLedger(asConsumer(exported), workload, faults, seed, make);
    const { outcome, violation } = judge(run.trace);
    return { outcome, replay: { events: run.trace, durationMs: run.durationMs, violation } };
  },
  parseFaults: parseLedgerFaults,
});
