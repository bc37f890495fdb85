import type { Json } from '../core/types.ts';
import { buildWorld } from '../scenario/build.ts';
import { RunLimitError } from '../scenario/run-scenario.ts';
import type { DesignOutput, DesignSpec, Scenario } from '../scenario/schema.ts';
import { serverlessMetrics } from '../serverless/metrics.ts';
import type { TraceEvent } from '../trace/events.ts';
import { accountsOutputDiff } from './accounts-diff.ts';
import { accountsMetrics, type AccountsMetrics } from './accounts-metrics.ts';
import { compareOutputs, latencySummary } from './compare-outputs.ts';
import { designKind, designScenario, stateLives, type DesignKind } from './design-scenario.ts';
import { designCost, type DesignCost } from './costs.ts';
import { designOutputs } from './outputs.ts';

/** One design's row of the comparison. */
export interface DesignResult {
  /** The design's name. */
  name: string;
  /** Its description. */
  description: string;
  /** Serverless functions, a stream processor, stateful functions, or a mix. */
  kind: DesignKind;
  /** Where it keeps its state. */
  stateLives: string;
  /** Where its output is read. */
  output: DesignOutput;
  /** Faults of the schedule that apply to this design. */
  faults: number;
  /** Outputs equal to the fault-free run's. */
  correct: number;
  /** Outputs of the fault-free run. */
  expected: number;
  /** Extra copies (duplicates, or values the fault-free run never produced). */
  duplicates: number;
  /** Fault-free outputs missing. */
  lost: number;
  /** Outputs out of their key's order. */
  outOfOrder: number;
  /** Input timestamp to output visible, virtual ms (null without outputs). */
  latencyMs: { p50: number; p99: number; max: number } | null;
  /** Function invocations (serverless, stateful functions), or records processed (stream processor). */
  invocations: number;
  /** Cold starts (serverless), or task restorations from a changelog. */
  coldStarts: number;
  /** Batches retried (serverless), or transactions aborted and redone. */
  retries: number;
  /** Database reads (0 without a database). */
  dbReads: number;
  /** Database writes (0 without a database). */
  dbWrites: number;
  /** USD of the run with faults: `cost.totalUsd` (every design is priced; see `cost`). */
  costUsd: number;
  /** The run's cost part by part, and scaled to an hour (illustrative prices: docs/compare.md). */
  cost: DesignCost;
  /** The first output that breaks exactly-once, for a view to open the replay there; null if none. */
  firstViolation: { index: number; at: number; type: string; message: string } | null;
  /** Events in the run with faults. */
  events: number;
  /** For a scenario with accounts: commands, stale reads, read-model lag, lost and duplicated events, the invariant. */
  accounts: AccountsMetrics | null;
}

/** The comparison of every design of a scenario on one workload and one fault schedule. */
export interface ComparisonResult {
  /** The scenario's name. */
  scenario: string;
  /** The seed all runs used. */
  seed: number;
  /** One row per design, in file order. */
  designs: DesignResult[];
}

export interface CompareOptions {
  /** Run with this seed instead of the scenario's. */
  seed?: number;
  /** Stop with a RunLimitError once one run's trace holds this many events (no limit by default). */
  maxEvents?: number;
  /** Called with each design's two traces (for tests that check the verdicts directly). */
  onTraces?: (
    design: DesignSpec,
    faulty: readonly TraceEvent[],
    reference: readonly TraceEvent[],
  ) => void;
}

/** Run one design's scenario to its end and return the trace. */
export function runDesign(scenario: Scenario, seed: number, maxEvents?: number): TraceEvent[] {
  const world = buildWorld(scenario, { seed });
  const stop = maxEvents === undefined ? undefined : () => world.trace.length >= maxEvents;
  if (!world.runUntil(scenario.durationMs, stop)) {
    const at = world.trace.at(-1)?.at ?? 0;
    throw new RunLimitError('events', world.trace.length, at, scenario.durationMs);
  }
  world.emit({ type: 'sim.ended', reason: 'duration' });
  return world.trace;
}

/**
 * Run every design of `scenario` with the fault schedule, then again without faults as its
 * reference, and compare each design's outputs with its own reference: the same workload and seed
 * give the fault-free run the right answer for that design.
 */
export function compareDesigns(scenario: Scenario, options: CompareOptions = {}): ComparisonResult {
  const seed = options.seed ?? scenario.seed;
  const designs = (scenario.designs ?? []).map((design) => {
    const faulty = designScenario(scenario, design, true);
    const events = runDesign(faulty, seed, options.maxEvents);
    // The accounts workload is judged against its own source of truth (see accounts-diff.ts).
    const reference = faulty.accounts
      ? []
      : runDesign(designScenario(scenario, design, false), seed, options.maxEvents);
    options.onTraces?.(design, events, reference);
    return designResult(design, faulty, events, reference);
  });
  return { scenario: scenario.name, seed, designs };
}

function designResult(
  design: DesignSpec,
  scenario: Scenario,
  events: readonly TraceEvent[],
  reference: readonly TraceEvent[],
): DesignResult {
  const accounts = scenario.accounts ? accountsMetrics(events, scenario.accounts) : null;
  const { diff, latencyMs, violation } = scenario.accounts
    ? judgeAccounts(events, scenario.accounts)
    : judgeOutputs(design, events, reference);
  return {
    name: design.name,
    description: design.description,
    kind: designKind(design),
    stateLives: stateLives(design),
    output: design.output,
    faults: scenario.faults.length,
    correct: diff.correct,
    expected: diff.expected,
    duplicates: diff.duplicates,
    lost: diff.lost,
    outOfOrder: diff.outOfOrder,
    latencyMs,
    ...workCounts(design, events),
    ...priced(scenario, events),
    firstViolation: violation && {
      index: violation.index,
      at: events[violation.index].at,
      type: events[violation.index].type,
      message: violation.message,
    },
    events: events.length,
    accounts,
  };
}

/** Outputs compared with the fault-free run's; latency from each input to its output. */
function judgeOutputs(
  design: DesignSpec,
  events: readonly TraceEvent[],
  reference: readonly TraceEvent[],
) {
  const got = designOutputs(events, design.output);
  const diff = compareOutputs(got, designOutputs(reference, design.output), events.length - 1);
  const latencies = got.flatMap((o) => (o.latencyMs === null ? [] : [o.latencyMs]));
  return { diff, latencyMs: latencySummary(latencies), violation: diff.firstViolation };
}

/** Events judged against the source of truth; latency from a command sent to its answer "accepted". */
function judgeAccounts(events: readonly TraceEvent[], accounts: NonNullable<Scenario['accounts']>) {
  const { firstViolation, ...diff } = accountsOutputDiff(events, accounts);
  const latencies = events.flatMap((e) => (e.type === 'command.accepted' ? [e.latencyMs] : []));
  return {
    diff,
    latencyMs: latencySummary(latencies),
    violation: firstViolation.ok
      ? null
      : { index: firstViolation.index, message: firstViolation.message },
  };
}

function workCounts(design: DesignSpec, events: readonly TraceEvent[]) {
  const counts = {
    invocations: 0,
    coldStarts: 0,
    retries: 0,
    dbReads: 0,
    dbWrites: 0,
  };
  if (design.serverless) {
    const m = serverlessMetrics(events, design.serverless.prices);
    Object.assign(counts, {
      invocations: m.invocations,
      coldStarts: m.coldStarts,
      retries: m.retries,
      dbReads: m.dbReads,
      dbWrites: m.dbWrites,
    });
  }
  if (design.durable.length > 0) return Object.assign(counts, durableCounts(events));
  // Stateful functions run on the streams runtime: count their invocations, not its records.
  const processed = design.statefulFunctions.length > 0 ? 'statefun.invoked' : 'record.processed';
  for (const e of events) {
    if (e.type === processed) counts.invocations++;
    else if (e.type === 'task.restored') counts.coldStarts++;
    else if (e.type === 'txn.aborted') counts.retries++;
  }
  return counts;
}

/** A durable design: invocations, restarts that read the journal back, invocations resumed. */
function durableCounts(events: readonly TraceEvent[]) {
  const counts = { invocations: 0, coldStarts: 0, retries: 0 };
  for (const e of events) {
    if (e.type === 'durable.invoked') counts.invocations++;
    else if (e.type === 'durable.recovered' && e.at > 0 && e.entries > 0) {
      counts.coldStarts++;
      counts.retries += e.resumed.length;
    }
  }
  return counts;
}

function priced(scenario: Scenario, events: readonly TraceEvent[]) {
  const cost = designCost(scenario, events);
  return { costUsd: cost.totalUsd, cost };
}

/** The comparison as JSON (deterministic: fixed key order, no times of the host). */
export function comparisonJson(result: ComparisonResult): Json {
  return JSON.parse(JSON.stringify(result)) as Json;
}
