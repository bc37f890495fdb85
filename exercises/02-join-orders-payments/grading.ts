import { buffersDrained } from '../../simulator/checks/streams-buffers-drained.ts';
import { committedRecords } from '../../simulator/checks/streams-records.ts';
import type { Json } from '../../simulator/core/types.ts';
import type { TopologySpecInput } from '../../simulator/streams/topology-schema.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import { foldTrace } from '../../simulator/trace/state.ts';
import {
  caseGrader,
  type CaseOutcome,
  type CaseTrace,
  type ExerciseGrader,
} from '../grader/exercise-grader.ts';
import { sortedRecord } from '../grader/handler-exercise.ts';
import { compareWithFunction } from './compare-function.ts';
import { OUTPUT, parseJoinFaults, parseTopology, runTopology } from './run-join.ts';
import {
  expectedStatus,
  orderValue,
  paymentValue,
  RULES,
  workloadOf,
  type JoinWorkload,
  type OrderSpec,
} from './workload.ts';

/**
 * Exercise 02: join orders with payments. The learner exports `joinOrdersWithPayments()`, which
 * returns a Kafka Streams topology as DSL operators (`simulator/streams/topology-schema.ts`);
 * it runs as the application `orders-payments` on two instances under exactly_once_v2. The
 * requirement: every order comes out on `order-status` exactly once, as `{ left: order, right:
 * payment }` when its payment counts (at most 5 s after it, at most 500 ms before it, neither
 * record more than 1 s late), else as `{ left: order, right: null }` once its window has closed;
 * and the join buffers let go of every record once its window and grace have passed.
 */

/** The longest a buffer may keep a record: the window and the lateness, plus a second of slack. */
export const RETENTION_LIMIT_MS = RULES.beforeMs + RULES.afterMs + RULES.lateMs + 1_000;

/** What came out for each graded order, and the first output that broke the requirement. */
interface Observed {
  outcome: CaseOutcome;
  violation: number | null;
}

const secs = (ms: number) => `${ms / 1000} s`;

function paymentStory(o: OrderSpec): string {
  const p = o.payment;
  if (!p) return `${o.id} was never paid`;
  const when = p.afterMs >= 0 ? `${secs(p.afterMs)} after it` : `${secs(-p.afterMs)} before it`;
  const late = p.lateMs > 0 ? `, sent ${secs(p.lateMs)} late` : '';
  const orderLate = o.lateMs > 0 ? ` (the order itself was sent ${secs(o.lateMs)} late)` : '';
  return `${o.id} was paid ${when}${late}${orderLate}`;
}

/** A failure found, with the index of the event that shows it (null: something missing). */
interface Failure {
  reason: NonNullable<CaseOutcome['reason']>;
  message: string;
  at: number | null;
}

/** Why one output of a graded order breaks the requirement (its `reports` so far), or null. */
function wrongOutput(
  o: OrderSpec,
  value: Json,
  reports: readonly string[],
  at: number,
): Failure | null {
  const status = reports.at(-1);
  const want = expectedStatus(o);
  if (reports.length > 1)
    return {
      reason: 'over-count',
      message: `${o.id} came out ${reports.length} times (${reports.join(', ')}): each order must be reported once`,
      at,
    };
  if (status !== want)
    return want === 'paid'
      ? {
          reason: 'under-count',
          message: `${paymentStory(o)}, so it counts, but ${o.id} was reported unpaid`,
          at,
        }
      : {
          reason: 'wrong-result',
          message: `${paymentStory(o)}, which does not count, but ${o.id} was reported paid`,
          at,
        };
  const right = want === 'paid' ? paymentValue(o) : null;
  if (JSON.stringify(value) === JSON.stringify({ left: orderValue(o), right })) return null;
  return {
    reason: 'wrong-result',
    message: `${o.id} came out as ${JSON.stringify(value)}: expected { left: the order, right: its payment or null }`,
    at,
  };
}

/** The first failure among the committed outputs, in the order they were appended; the reports. */
function judgeOutputs(trace: readonly TraceEvent[], w: JoinWorkload) {
  const byId = new Map(w.orders.map((o) => [o.id, o]));
  const reports: Record<string, string[]> = {};
  let failure: Failure | null = null;
  const outputs = committedRecords(foldTrace(trace), OUTPUT).sort(
    (a, b) => a.appendedAt - b.appendedAt,
  );
  for (const out of outputs) {
    const o = byId.get(out.record.key ?? '');
    if (!o) continue; // the tail's stream-time ticks are not graded
    const value = out.record.value as { right?: Json } | null;
    const status = value?.right !== null && value?.right !== undefined ? 'paid' : 'unpaid';
    (reports[o.id] ??= []).push(status);
    failure ??= wrongOutput(o, value, reports[o.id]!, out.appendedAt);
  }
  return { reports, failure };
}

/** Judge a run: its outputs, then the orders that never came out, then the buffers. */
function judge(trace: readonly TraceEvent[], w: JoinWorkload): Observed {
  const { reports, failure } = judgeOutputs(trace, w);
  const missing = w.orders.find((o) => !reports[o.id]);
  let found: Failure | null = failure;
  if (!found && missing)
    found = {
      reason: 'lost-event',
      message:
        expectedStatus(missing) === 'paid'
          ? `${paymentStory(missing)}, but ${missing.id} never came out on ${OUTPUT}`
          : `${paymentStory(missing)}, so it is unpaid, but it never came out: an unpaid order must be reported (right: null) once its window has closed`,
      at: null,
    };
  if (!found) {
    const leak = buffersDrained(trace, { retentionMs: RETENTION_LIMIT_MS });
    if (!leak.ok)
      found = {
        reason: 'state-leak',
        message: `State leak: ${leak.message} It is still buffered although its window and ${secs(RULES.lateMs)} of lateness passed long ago.`,
        at: leak.index,
      };
  }
  const expected: Record<string, Json> = {};
  const actual: Record<string, Json> = {};
  for (const o of w.orders) {
    expected[o.id] = expectedStatus(o);
    actual[o.id] = reports[o.id]?.join(', ') ?? 'missing';
  }
  const base = { expected: sortedRecord(expected), actual: sortedRecord(actual) };
  if (found)
    return {
      outcome: { ...base, passed: false, reason: found.reason, message: found.message },
      violation: found.at,
    };
  const paid = Object.values(expected).filter((s) => s === 'paid').length;
  const message = `Every order reported once: ${paid} paid, ${w.orders.length - paid} unpaid`;
  return { outcome: { ...base, passed: true, message }, violation: null };
}

/** One run of a case: its outcome, and its trace with where it broke (`run` and `trace` share it). */
function runCase(
  exported: unknown,
  workload: Record<string, Json>,
  faults: readonly Json[],
  seed: number,
): { outcome: CaseOutcome; replay: CaseTrace } {
  const topology = parseTopology((exported as () => unknown)());
  const w = workloadOf(workload, seed);
  const run = runTopology(topology, w, faults, seed);
  const judged = judge(run.trace, w);
  // The comparison runs a second simulation, so only cases that ask for it pay for it.
  const outcome =
    judged.outcome.passed && workload.compare === true
      ? {
          ...judged.outcome,
          message: `${judged.outcome.message}. ${compareWithFunction(run.trace, w, faults, seed)}`,
        }
      : judged.outcome;
  return {
    outcome,
    replay: { events: run.trace, durationMs: run.durationMs, violation: judged.violation },
  };
}

export const joinOrdersPaymentsGrader: ExerciseGrader = caseGrader({
  id: '02-join-orders-payments',
  exportName: 'joinOrdersWithPayments',
  probe(exported) {
    if (typeof exported !== 'function')
      throw new TypeError('joinOrdersWithPayments must be a function that returns a topology');
    parseTopology((exported as () => TopologySpecInput)());
  },
  runCase,
  parseFaults: parseJoinFaults,
});
