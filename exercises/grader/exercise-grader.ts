import type { Json } from '../../simulator/core/types.ts';
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
  /** Run one case on one seed. `faults` were validated by `parseFaults`. */
  run(
    exported: unknown,
    workload: Record<string, Json>,
    faults: readonly Json[],
    seed: number,
  ): CaseOutcome;
  /** Check a case's fault schedule; throws an Error naming the bad fault's path. */
  parseFaults(faults: readonly Json[]): Json[];
}

/** The message the starters throw; the grader recognises it to report "not started". */
export const NOT_STARTED = 'Not started';
