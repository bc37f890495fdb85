import type { Json } from '../../simulator/core/types.ts';
import { countPageViewsTransactional } from '../../simulator/serverless/handlers/page-views.ts';
import { serverlessMetrics } from '../../simulator/serverless/metrics.ts';
import { pricesSchema, type ServerlessFault } from '../../simulator/serverless/schema.ts';
import type { ServerlessTraceEvent } from '../../simulator/serverless/events.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import type { WorldState } from '../../simulator/trace/state.ts';
import { runPageViews } from '../01-count-page-views/grading.ts';
import { APPLICATION, INPUT } from './run-counter.ts';
import {
  committedCounts,
  countLatencies,
  latencyFigures,
  viewTimes,
  type VisibleCount,
} from './visible-counts.ts';
import type { ViewsWorkload } from './workload.ts';

/**
 * The comparison a learner sees after a pass: exercise 01's scenario run with its reference design
 * (the idempotency key and the increment in one TransactWriteItems: the simulator's
 * `countPageViewsTransactional`, the same code as 01's reference.ts) on the same views and seed,
 * and both designs' figures side by side. Simplifications: a crash of a Streams instance becomes a
 * crash of one function instance at the same time (the other faults have no counterpart); the
 * processor's servers and Kafka are not priced, only the function and its database are.
 */

const COUNTS_TABLE = 'pageViewCounts';

/** A function fault for each processor fault that has one: a crash is an instance crash. */
export function functionFaults(faults: readonly Json[]): ServerlessFault[] {
  return faults.flatMap((f) => {
    const fault = f as { at: number; kind: string };
    return fault.kind === 'crash'
      ? [{ at: fault.at, kind: 'instanceCrash', target: 'counter', count: 1 } as ServerlessFault]
      : [];
  });
}

/** Exercise 01's reference design on the same workload and seed: its trace, counts and metrics. */
export function runFunctionDesign(w: ViewsWorkload, faults: readonly Json[], seed: number) {
  const raw = {
    views: w.views,
    users: [...w.users],
    partitions: w.partitions,
    intervalMs: w.intervalMs,
    durationMs: w.durationMs,
  };
  const crashes = functionFaults(faults) as unknown as Json[];
  const run = runPageViews(countPageViewsTransactional({}), raw, crashes, seed);
  return { ...run, metrics: serverlessMetrics(run.trace, pricesSchema.parse({})) };
}

/** The counts the function wrote, each visible from its write (DynamoDB reads are consistent). */
export function writtenCounts(
  trace: readonly (TraceEvent | ServerlessTraceEvent)[],
): VisibleCount[] {
  const out: VisibleCount[] = [];
  for (const e of trace) {
    if (e.type !== 'db.written' || e.table !== COUNTS_TABLE) continue;
    const count = (e.item as { count?: Json } | null)?.count;
    if (typeof count === 'number') out.push({ user: e.key, count, at: e.at });
  }
  return out;
}

const latencyText = (l: { p50: number; max: number } | null) =>
  l ? `counts visible p50 ${l.p50} ms, max ${l.max} ms after the view` : 'no counts visible';

/** The processor's figures: latency, records processed, Kafka transactions and records written. */
function describeProcessor(trace: readonly TraceEvent[], state: WorldState): string {
  const latency = latencyFigures(countLatencies(viewTimes(trace), committedCounts(trace, state)));
  const processed = trace.filter((e) => e.type === 'record.processed' && e.topic === INPUT).length;
  const views = trace.filter((e) => e.type === 'record.appended' && e.topic === INPUT).length;
  const again = processed > views ? ` (${processed - views} again after a fault)` : '';
  const txns = trace.filter(
    (e) =>
      e.type === 'txn.committed' &&
      e.transactionalId.startsWith(`${APPLICATION}-`) &&
      e.recordIds.length > 0,
  ).length;
  const written = trace.filter(
    (e) => e.type === 'record.appended' && e.producer.startsWith('streams-') && e.record.id !== -1,
  ).length;
  const commits = txns > 0 ? `${txns} Kafka transactions` : 'no transactions';
  return `Your stream processor: ${latencyText(latency)}; ${processed} records processed${again}, ${written} records written to Kafka (counts and their changelog) in ${commits}, no database.`;
}

/** Both designs' figures in two sentences, for the message of a passing case. */
export function compareWithFunction(
  trace: readonly TraceEvent[],
  state: WorldState,
  w: ViewsWorkload,
  faults: readonly Json[],
  seed: number,
): string {
  const fn = runFunctionDesign(w, faults, seed);
  const written = writtenCounts(fn.trace);
  const latency = latencyFigures(countLatencies(viewTimes(fn.trace), written));
  const m = fn.metrics;
  // Each count written is one TransactWriteItems that went through (its key and its increment).
  const transactions = written.length;
  return (
    `${describeProcessor(trace, state)} ` +
    `Exercise 01's idempotent function, same views and faults: ${latencyText(latency)}; ` +
    `${m.invocations} invocations, ${m.dbWrites} database writes in ${transactions} transactions (${m.writeUnits} write units), $${m.totalUsd.toFixed(6)}.`
  );
}
