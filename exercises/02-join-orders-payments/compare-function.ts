import { committedRecords } from '../../simulator/checks/streams-records.ts';
import { latencySummary } from '../../simulator/compare/compare-outputs.ts';
import type { Json } from '../../simulator/core/types.ts';
import { buildWorld } from '../../simulator/scenario/build.ts';
import { scenarioSchema } from '../../simulator/scenario/schema.ts';
import { addServerless } from '../../simulator/serverless/build.ts';
import { scheduleServerlessFaults } from '../../simulator/serverless/faults.ts';
import { serverlessMetrics } from '../../simulator/serverless/metrics.ts';
import { serverlessSchema, type ServerlessFault } from '../../simulator/serverless/schema.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import { foldTrace } from '../../simulator/trace/state.ts';
import { BUFFER_TABLE, joinViaDatabase } from './db-buffer-function.ts';
import { OUTPUT, producer } from './run-join.ts';
import { expectedStatus, producerWorkloads, RULES, type JoinWorkload } from './workload.ts';

/**
 * The comparison a learner sees after a pass: the same workload and faults run through the
 * database-buffer function (`db-buffer-function.ts`), and both designs' figures side by side.
 * Simplifications: a crash of a Streams instance becomes a crash of one function instance at the
 * same time (the other faults have no counterpart); an output counts as visible when it is
 * appended (a read_committed reader of the processor's output sees it at its commit, at most a
 * commit interval later); the processor's servers are not priced.
 */

const FUNCTION = 'joiner';

/** One design's figures over the graded orders. */
export interface JoinFigures {
  /** Orders whose first report was paid, and unpaid. */
  readonly paid: number;
  readonly unpaid: number;
  /** Reports beyond the first of an order. */
  readonly duplicates: number;
  /** Orders whose first report said the wrong thing, and orders never reported. */
  readonly wrong: number;
  readonly missing: number;
  /** From the moment an order's status could be known to its first report, ms. */
  readonly latencyMs: { p50: number; max: number } | null;
}

/** Figures of a run's outputs: each graded order's reports, judged against the requirement. */
export function joinFigures(trace: readonly TraceEvent[], w: JoinWorkload): JoinFigures {
  const byId = new Map(w.orders.map((o) => [o.id, o]));
  const reports = new Map<string, number>();
  const f = { paid: 0, unpaid: 0, duplicates: 0, wrong: 0, missing: 0 };
  const latencies: number[] = [];
  const outputs = committedRecords(foldTrace(trace), OUTPUT).sort(
    (a, b) => a.appendedAt - b.appendedAt,
  );
  for (const out of outputs) {
    const o = byId.get(out.record.key ?? '');
    if (!o) continue;
    const n = (reports.get(o.id) ?? 0) + 1;
    reports.set(o.id, n);
    if (n > 1) {
      f.duplicates++;
      continue;
    }
    const right = (out.record.value as { right?: Json } | null)?.right;
    const status = right === null || right === undefined ? 'unpaid' : 'paid';
    f[status]++;
    if (status !== expectedStatus(o)) f.wrong++;
    const p = o.payment;
    const knownAt =
      status === 'unpaid'
        ? o.atMs + RULES.afterMs + RULES.lateMs
        : Math.max(o.atMs + o.lateMs, o.atMs + (p?.afterMs ?? 0) + (p?.lateMs ?? 0));
    latencies.push(Math.max(0, trace[out.appendedAt]!.at - knownAt));
  }
  f.missing = w.orders.filter((o) => !reports.has(o.id)).length;
  const l = latencySummary(latencies);
  return { ...f, latencyMs: l && { p50: l.p50, max: l.max } };
}

/** Run the database-buffer function on the workload; its trace and its serverless metrics. */
export function runFunctionDesign(w: JoinWorkload, faults: readonly Json[], seed: number) {
  const { shop, bank, durationMs } = producerWorkloads(w);
  const topics = ['orders', 'payments', OUTPUT].map((name) => ({ name, partitions: w.partitions }));
  const scenario = scenarioSchema.parse({
    name: 'join via the database',
    seed,
    durationMs,
    topics,
  });
  const world = buildWorld(scenario);
  world.add(producer('shop', shop, w.partitions));
  world.add(producer('bank', bank, w.partitions));
  const config = serverlessSchema.parse({
    database: { tables: [{ name: BUFFER_TABLE, ttlAttribute: 'expiresAtMs' }] },
    functions: [{ name: FUNCTION, handler: 'joinViaDatabase' }],
    triggers: ['orders', 'payments'].map((topic) => ({
      function: FUNCTION,
      topic,
      batchSize: 10,
      maximumBatchingWindowMs: 50,
    })),
  });
  addServerless(world, config, scenario.topics, { handlers: { [FUNCTION]: joinViaDatabase } });
  const crashes = faults.flatMap((f) => {
    const fault = f as { at: number; kind: string };
    return fault.kind === 'crash'
      ? [{ at: fault.at, kind: 'instanceCrash', target: FUNCTION, count: 1 } as ServerlessFault]
      : [];
  });
  scheduleServerlessFaults(world, crashes);
  world.runUntil(durationMs);
  return { trace: world.trace, metrics: serverlessMetrics(world.trace, config.prices) };
}

function describe(name: string, f: JoinFigures): string {
  const latency = f.latencyMs
    ? `latency p50 ${f.latencyMs.p50} ms, max ${f.latencyMs.max} ms`
    : 'no outputs';
  const faults = [
    f.duplicates > 0 ? `${f.duplicates} duplicate${f.duplicates === 1 ? '' : 's'}` : '',
    f.wrong > 0 ? `${f.wrong} wrong` : '',
    f.missing > 0 ? `${f.missing} missing` : '',
  ].filter((s) => s !== '');
  return `${name}: ${f.paid} paid, ${f.unpaid} unpaid${faults.length > 0 ? ` (${faults.join(', ')})` : ''}, ${latency}`;
}

/** Both designs' figures in two sentences, for the message of a passing case. */
export function compareWithFunction(
  trace: readonly TraceEvent[],
  w: JoinWorkload,
  faults: readonly Json[],
  seed: number,
): string {
  const processed = trace.filter((e) => e.type === 'record.processed').length;
  const commits = trace.filter((e) => e.type === 'txn.committed').length;
  const fn = runFunctionDesign(w, faults, seed);
  const m = fn.metrics;
  return (
    `${describe('Your stream processor', joinFigures(trace, w))}; ${processed} records processed in ${commits} transactions, no database. ` +
    `${describe('A function buffering in a database, same workload and faults', joinFigures(fn.trace, w))}; ` +
    `${m.invocations} invocations, ${m.dbReads} database reads (a scan per invocation to find unpaid orders), ${m.dbWrites} writes, $${m.totalUsd.toFixed(6)}.`
  );
}
