import type { TraceEvent } from '../trace/events.ts';
import { traceHash } from '../trace/hash.ts';
import { foldTrace, partitionDump, readCommittedView } from '../trace/state.ts';
import { buildWorld } from './build-world.ts';
import type { Scenario } from './schema.ts';

export interface RunOptions {
  /** Run with this seed instead of the scenario's. */
  seed?: number;
  /** Stop at this virtual time instead of the scenario's duration. */
  untilMs?: number;
  /** Called now and then with the virtual time reached (for a progress bar). */
  onProgress?: (atMs: number, endMs: number) => void;
  /** Stop with a RunLimitError once the trace holds this many events (no limit by default). */
  maxEvents?: number;
  /**
   * Asked every few thousand events whether memory ran short (the caller measures it: the engine
   * reads no platform state); yes stops the run with a RunLimitError.
   */
  memoryExceeded?: () => boolean;
}

/** A run stopped by one of its limits before its end; the trace so far is dropped. */
export class RunLimitError extends Error {
  constructor(
    /** Which limit: the event budget or the memory guard. */
    readonly limit: 'events' | 'memory',
    /** Events in the trace when it stopped. */
    readonly events: number,
    /** The virtual time reached. */
    readonly atMs: number,
    /** The virtual time the run was to reach. */
    readonly endMs: number,
  ) {
    super(
      `the run reached its ${limit === 'events' ? 'event budget' : 'memory limit'} (${events} events at ${atMs} of ${endMs} ms virtual time)`,
    );
    this.name = 'RunLimitError';
  }
}

/** How many events pass between two questions to `memoryExceeded`. */
const MEMORY_CHECK_EVENTS = 4096;

export interface RunResult {
  scenario: Scenario;
  seed: number;
  /** A stable hash of the whole trace: one scenario and one seed give one hash. */
  traceHash: string;
  events: TraceEvent[];
  /** Every partition's records with their transactional status. */
  partitions: ReturnType<typeof partitionDump>;
  /** Per topic, what a `read_committed` consumer would read, partition by partition. */
  readCommitted: Record<string, ReturnType<typeof readCommittedView>>;
  metrics: Record<string, number>;
}

/** How much virtual time passes between two progress reports. */
const PROGRESS_STEP_MS = 1000;

/**
 * Run a scenario to its end (or `untilMs`): the trace alone. The site's simulation worker stops
 * here; what `runScenario` adds (the folded state, the hash, the read_committed views) would take
 * longer than the run itself on a million-record trace, for nothing the page shows.
 */
export function runTrace(scenario: Scenario, options: RunOptions = {}): TraceEvent[] {
  const seed = options.seed ?? scenario.seed;
  const world = buildWorld(scenario, { seed });
  const endMs = Math.min(options.untilMs ?? scenario.durationMs, scenario.durationMs);
  const stop = limitCheck(world.trace, options);
  for (let t = Math.min(PROGRESS_STEP_MS, endMs); ; t = Math.min(t + PROGRESS_STEP_MS, endMs)) {
    if (!world.runUntil(t, stop.check)) {
      throw new RunLimitError(
        stop.reason(),
        world.trace.length,
        world.trace.at(-1)?.at ?? 0,
        endMs,
      );
    }
    options.onProgress?.(t, endMs);
    if (t >= endMs) break;
  }
  world.emit({ type: 'sim.ended', reason: endMs < scenario.durationMs ? 'until' : 'duration' });
  return world.trace;
}

/** Run a scenario to its end (or `untilMs`) and gather the trace and what it implies. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const seed = options.seed ?? scenario.seed;
  const events = runTrace(scenario, { ...options, seed });
  const state = foldTrace(events);
  const readCommitted: RunResult['readCommitted'] = {};
  for (const [name, topic] of state.topics) {
    if (!topic.internal) readCommitted[name] = readCommittedView(state, name);
  }
  return {
    scenario,
    seed,
    traceHash: traceHash(events),
    events,
    partitions: partitionDump(state),
    readCommitted,
    metrics: countMetrics(events),
  };
}

/** The question the world asks after each step, when the run has limits; undefined without any. */
function limitCheck(trace: readonly TraceEvent[], options: RunOptions) {
  const { maxEvents, memoryExceeded } = options;
  let reason: 'events' | 'memory' = 'events';
  let nextMemoryCheck = MEMORY_CHECK_EVENTS;
  const check =
    maxEvents === undefined && memoryExceeded === undefined
      ? undefined
      : () => {
          if (maxEvents !== undefined && trace.length >= maxEvents) return true;
          if (memoryExceeded === undefined || trace.length < nextMemoryCheck) return false;
          nextMemoryCheck = trace.length + MEMORY_CHECK_EVENTS;
          if (!memoryExceeded()) return false;
          reason = 'memory';
          return true;
        };
  return { check, reason: () => reason };
}

/** Totals a reader of the result wants first. */
export function countMetrics(events: readonly TraceEvent[]): Record<string, number> {
  const m = {
    events: events.length,
    virtualTimeMs: events.length > 0 ? events[events.length - 1].at : 0,
    recordsAppended: 0,
    duplicatesRejected: 0,
    batchesRetried: 0,
    transactionsCommitted: 0,
    transactionsAborted: 0,
    producersFenced: 0,
    recordsProcessed: 0,
    rebalances: 0,
    messagesDropped: 0,
  };
  for (const e of events) {
    switch (e.type) {
      case 'record.appended':
        if (e.record.id >= 0) m.recordsAppended++;
        break;
      case 'batch.rejectedDuplicate':
        m.duplicatesRejected++;
        break;
      case 'batch.sent':
        if (e.attempt > 1) m.batchesRetried++;
        break;
      case 'txn.committed':
        m.transactionsCommitted++;
        break;
      case 'txn.aborted':
        m.transactionsAborted++;
        break;
      case 'producer.fenced':
        m.producersFenced++;
        break;
      case 'records.processed':
        m.recordsProcessed += e.offsets.length;
        break;
      case 'rebalance.completed':
        m.rebalances++;
        break;
      case 'message.dropped':
        m.messagesDropped++;
        break;
    }
  }
  return m;
}
