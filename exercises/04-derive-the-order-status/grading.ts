import type { Json } from '../../simulator/core/types.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import {
  caseGrader,
  type CaseOutcome,
  type CaseTrace,
  type ExerciseGrader,
} from '../grader/exercise-grader.ts';
import { sortedRecord } from '../grader/handler-exercise.ts';
import { parseJoinFaults } from '../02-join-orders-payments/run-join.ts';
import {
  expectedStatus,
  NOTIFICATIONS,
  parseStatusApp,
  runStatus,
  workloadOf,
} from './run-status.ts';

/**
 * Exercise 04: derive the stream the notifier needs. The learner exports `deriveOrderStatus()`,
 * which returns `{ guarantee, topology }`; the topology runs as chapter 8's application
 * `order-status`, and a stateless function forwards each record of `order-status` to
 * `notifications`. The requirement, once the run is over: every order's last notification is
 * its complete status — the order, the customer's name, the latest payment and the shipment — and
 * no notification is keyed by anything but an order.
 */

/** Each key's notifications, in append order, with the index of each append. */
function notificationsOf(trace: readonly TraceEvent[]) {
  const out = new Map<string, { value: Json; index: number }[]>();
  trace.forEach((e, index) => {
    if (e.type !== 'record.appended' || e.topic !== NOTIFICATIONS) return;
    const key = e.record.key ?? 'null';
    out.set(key, [...(out.get(key) ?? []), { value: e.record.value, index }]);
  });
  return out;
}

function judge(trace: readonly TraceEvent[], expected: Record<string, Json>) {
  const sent = notificationsOf(trace);
  const last: Record<string, Json> = {};
  for (const [key, list] of sent) last[key] = list.at(-1)!.value;
  const base = { expected: sortedRecord(expected), actual: sortedRecord(last) };
  const fail = (
    reason: NonNullable<CaseOutcome['reason']>,
    message: string,
    at: number | null,
  ) => ({
    ...base,
    passed: false as const,
    reason,
    message,
    at,
  });
  for (const [key, list] of [...sent].sort(([a], [b]) => (a < b ? -1 : 1)))
    if (!(key in expected))
      return fail(
        'wrong-result',
        `A notification is keyed ${JSON.stringify(key)}, which is no order: key order-status by the order id`,
        list[0].index,
      );
  for (const order of Object.keys(expected).sort()) {
    const list = sent.get(order);
    if (!list)
      return fail(
        'lost-event',
        `${order} was never notified: order-status has no record for it`,
        null,
      );
    const got = list.at(-1)!;
    if (JSON.stringify(got.value) !== JSON.stringify(expected[order]))
      return fail(
        'wrong-result',
        `${order}'s last notification says ${JSON.stringify(got.value)}; it should say ${JSON.stringify(expected[order])}`,
        got.index,
      );
  }
  const n = Object.keys(expected).length;
  return {
    ...base,
    passed: true,
    message: `Every order's last notification is complete: ${n} orders`,
    at: null,
  };
}

function runCase(
  exported: unknown,
  workload: Record<string, Json>,
  faults: readonly Json[],
  seed: number,
): { outcome: CaseOutcome; replay: CaseTrace } {
  const app = parseStatusApp((exported as () => unknown)());
  const w = workloadOf(workload);
  const trace = runStatus(app, w, faults, seed);
  const { at, ...outcome } = judge(trace, expectedStatus(w));
  return { outcome, replay: { events: trace, durationMs: w.durationMs, violation: at } };
}

export const deriveOrderStatusGrader: ExerciseGrader = caseGrader({
  id: '04-derive-the-order-status',
  exportName: 'deriveOrderStatus',
  probe(exported) {
    if (typeof exported !== 'function')
      throw new TypeError(
        'deriveOrderStatus must be a function that returns { guarantee, topology }',
      );
    parseStatusApp((exported as () => unknown)());
  },
  runCase,
  parseFaults: parseJoinFaults,
});
