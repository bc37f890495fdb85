import type { Json } from '../../simulator/core/types.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import type { FailureReason } from './types.ts';

/** What one run of one case on one seed found. */
export interface CaseOutcome {
  /** True when the run met the exercise's requirement. */
  readonly passed: boolean;
  /** Why it failed, as a category. */
  readonly reason?: FailureReason;
  /** A sentence saying what went wrong, or what was checked. */
  readonly message: string;
  /** What a correct solution produces. */
  readonly expected: Json;
  /** What the submission produced. */
  readonly actual: Json;
}

/** One case run once more to be watched in the sandbox: its whole trace and where it broke. */
export interface CaseTrace {
  /** The run's trace, in order (plain JSON events of the simulator's union). */
  readonly events: readonly TraceEvent[];
  /** The virtual time the run lasted, ms (the workbench's timeline ends there). */
  readonly durationMs: number;
  /**
   * The index of the event at which the requirement first visibly broke (the write that counted
   * twice, the emit that has no row), or null when the run met the requirement or broke only by
   * something missing at the end (then the replay opens at the last event).
   */
  readonly violation: number | null;
}

/**
 * How an exercise runs a case: it builds its scenario around the learner's exports, runs it with
 * the seed and the fault schedule, and compares the outcome with what the requirement says. It
 * runs inside the sandbox, so it must be deterministic and use nothing but the simulator.
 */
export interface ExerciseGrader {
  /** The exercise id. */
  readonly id: string;
  /** The name the submission must export. */
  readonly exportName: string;
  /**
   * Called once before the cases with the learner's export: throws the learner's own error when
   * the code says it is not started (the starter's `Not started` error) or is not the right kind.
   */
  probe(exported: unknown): void;
  /**
   * Run one case on one seed. `faults` were validated by `parseFaults`. `instantiate`, when
   * given, evaluates the learner's module anew and returns its export: each simulated function
   * instance then gets a module scope of its own (kept across warm starts, lost with the
   * instance), as on a real platform.
   */
  run(
    exported: unknown,
    workload: Record<string, Json>,
    faults: readonly Json[],
    seed: number,
    instantiate?: () => unknown,
  ): CaseOutcome;
  /**
   * Run one case on one seed exactly as `run` does, keeping the trace: the replay of a failure.
   * Same determinism rules; the outcome of the same run is `run`'s.
   */
  trace(
    exported: unknown,
    workload: Record<string, Json>,
    faults: readonly Json[],
    seed: number,
    instantiate?: () => unknown,
  ): CaseTrace;
  /** Check a case's fault schedule; throws an Error naming the bad fault's path. */
  parseFaults(faults: readonly Json[]): Json[];
}

/** The message the starters throw; the grader recognises it to report "not started". */
export const NOT_STARTED = 'Not started';

/** One run of one case, keeping both what it found and the trace to replay it. */
export type CaseRun = (
  exported: unknown,
  workload: Record<string, Json>,
  faults: readonly Json[],
  seed: number,
  instantiate?: () => unknown,
) => { outcome: CaseOutcome; replay: CaseTrace };

/**
 * A grader whose `run` and `trace` are the same run of a case, one keeping its outcome and the
 * other its replay, so the two can never disagree.
 */
export function caseGrader(
  grader: Pick<ExerciseGrader, 'id' | 'exportName' | 'probe' | 'parseFaults'> & {
    readonly runCase: CaseRun;
  },
): ExerciseGrader {
  const { runCase, ...rest } = grader;
  return {
    ...rest,
    run: (...args) => runCase(...args).outcome,
    trace: (...args) => runCase(...args).replay,
  };
}
