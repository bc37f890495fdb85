import type { Json } from '../../simulator/core/types.ts';
import type { DurableHandler } from '../../simulator/durable/handler.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import {
  caseGrader,
  NOT_STARTED,
  type CaseOutcome,
  type CaseTrace,
  type ExerciseGrader,
} from '../grader/exercise-grader.ts';
import { sortedRecord } from '../grader/handler-exercise.ts';
import {
  EFFECTS,
  parseWorkflowFaults,
  runWorkflow,
  STEPS,
  workloadOf,
  type ShopWorkload,
} from './run-workflow.ts';

/**
 * Exercise 06: a workflow that finishes once. The learner exports `orderWorkflow`, a durable
 * handler (`function* (order, ctx)`) run for every order by chapter 9's runtime, whose process the
 * cases crash in the middle of every step. The requirement: every order's four calls —
 * chargePayment, reserveStock, createShipment, sendEmail — reach the called services exactly once
 * and in that order, and every order finishes within the case's latency bound.
 */

type Failure = { reason: NonNullable<CaseOutcome['reason']>; message: string; at: number | null };

/** Per order, its calls in the order they reached the services, with the index of each. */
function callsOf(trace: readonly TraceEvent[]) {
  const calls = new Map<string, { step: string; index: number }[]>();
  trace.forEach((e, index) => {
    if (e.type !== 'record.appended' || e.topic !== EFFECTS) return;
    const v = e.record.value as { step?: unknown; input?: { order?: unknown } } | null;
    const order = typeof v?.input?.order === 'string' ? v.input.order : '?';
    calls.set(order, [...(calls.get(order) ?? []), { step: String(v?.step), index }]);
  });
  return calls;
}

/** When each order was placed and when its journal said it was done, virtual ms. */
function timesOf(trace: readonly TraceEvent[]) {
  const placed = new Map<string, number>();
  const byInvocation = new Map<string, string>();
  const done = new Map<string, number>();
  for (const e of trace) {
    if (e.type === 'record.appended' && e.topic === 'orders') {
      placed.set(e.record.key ?? '', e.record.timestampMs);
      byInvocation.set(`orders/${e.partition}/${e.offset}`, e.record.key ?? '');
    } else if (e.type === 'record.appended' && e.topic.endsWith('-journal')) {
      const entry = e.record.value as { kind?: unknown; invocation?: unknown } | null;
      const order = byInvocation.get(String(entry?.invocation));
      if (entry?.kind === 'completed' && order !== undefined && !done.has(order))
        done.set(order, e.at);
    }
  }
  return { placed, done };
}

function firstFailure(trace: readonly TraceEvent[], w: ShopWorkload): Failure | null {
  const calls = callsOf(trace);
  const { placed, done } = timesOf(trace);
  for (const order of [...placed.keys()].sort()) {
    const made = calls.get(order) ?? [];
    for (const step of STEPS) {
      const copies = made.filter((c) => c.step === step);
      if (copies.length > 1)
        return {
          reason: 'over-count',
          message: `${order}: ${step} reached the service ${copies.length} times`,
          at: copies[1].index,
        };
    }
    const order_ = made.map((c) => c.step);
    const expected = STEPS.filter((s) => order_.includes(s));
    if (order_.join() !== expected.join())
      return {
        reason: 'wrong-result',
        message: `${order}: the calls came as ${order_.join(', ')}; the order is ${STEPS.join(', ')}`,
        at: made[0]?.index ?? null,
      };
    const missing = STEPS.find((s) => !order_.includes(s));
    if (missing)
      return {
        reason: 'lost-event',
        message: `${order}: ${missing} never reached the service`,
        at: null,
      };
    const finished = done.get(order);
    if (finished === undefined)
      return { reason: 'not-finished', message: `${order} never finished`, at: null };
    const tookMs = finished - placed.get(order)!;
    if (tookMs > w.latencyBoundMs)
      return {
        reason: 'not-finished',
        message: `${order} took ${tookMs} ms to finish; the bound is ${w.latencyBoundMs} ms`,
        at: null,
      };
  }
  return null;
}

function runCase(
  exported: unknown,
  workload: Record<string, Json>,
  faults: readonly Json[],
  seed: number,
): { outcome: CaseOutcome; replay: CaseTrace } {
  const w = workloadOf(workload);
  const trace = runWorkflow(exported as DurableHandler, w, faults, seed);
  const expected: Record<string, Json> = {};
  const actual: Record<string, Json> = {};
  for (let i = 1; i <= w.orders; i++) expected[`order-${i}`] = [...STEPS];
  for (const [order, made] of callsOf(trace)) actual[order] = made.map((c) => c.step);
  const base = { expected: sortedRecord(expected), actual: sortedRecord(actual) };
  const failure = firstFailure(trace, w);
  const outcome: CaseOutcome = failure
    ? { ...base, passed: false, reason: failure.reason, message: failure.message }
    : {
        ...base,
        passed: true,
        message: `Every order's four calls were made once, in order, within ${w.latencyBoundMs} ms`,
      };
  return {
    outcome,
    replay: { events: trace, durationMs: w.durationMs, violation: failure?.at ?? null },
  };
}

export const workflowGrader: ExerciseGrader = caseGrader({
  id: '06-a-workflow-that-finishes-once',
  exportName: 'orderWorkflow',
  probe(exported) {
    if (typeof exported !== 'function')
      throw new TypeError(
        'orderWorkflow must be a generator function: export function* orderWorkflow(order, ctx) { ... }',
      );
    // Start it once with a context that records nothing: the starter throws "Not started" here.
    const nothing: Json = null;
    const ctx = {
      // eslint-disable-next-line require-yield -- a probe that makes no call
      *run(): Generator<never, Json> {
        return nothing;
      },
      // eslint-disable-next-line require-yield -- a probe that makes no call
      *call(): Generator<never, Json> {
        return nothing;
      },
    };
    const code = (exported as (o: Json, c: typeof ctx) => Iterator<unknown>)(
      { order: 'probe' },
      ctx,
    );
    if (typeof code?.next !== 'function')
      throw new TypeError(
        'orderWorkflow must be a generator function (function*), so that each call can be yielded',
      );
    try {
      code.next();
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(NOT_STARTED)) throw error;
    }
  },
  runCase,
  parseFaults: parseWorkflowFaults,
});
