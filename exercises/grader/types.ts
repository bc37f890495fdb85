import type { Json } from '../../simulator/core/types.ts';

/**
 * The grader's data: what a case asks, what it found, and the grade of a submission. Everything
 * here is plain JSON so a result can cross from the sandbox to the host (and later, from a
 * browser worker to the page) without losing anything, and be compared byte for byte.
 */

/** Why a case failed, as a category a hidden case may show without giving away its data. */
export type FailureReason =
  | 'wrong-result'
  | 'over-count'
  | 'under-count'
  | 'lost-event'
  | 'phantom-event'
  | 'not-finished'
  | 'stale-read'
  | 'too-slow'
  | 'no-answer'
  | 'state-leak'
  | 'threw'
  | 'timeout'
  | 'out-of-memory'
  | 'crashed';

/** One fault-schedule case after shrinking: enough to replay it in the sandbox. */
export interface Replay {
  /** The exercise's scenario id (the exercise id). */
  readonly scenario: string;
  /** The seed the case ran with. */
  readonly seed: number;
  /** The minimal fault schedule that still fails. */
  readonly faults: readonly Json[];
  /** The workload the case ran. */
  readonly workload: Json;
}

/** The result of one case on one seed. */
export interface CaseResult {
  /** The case's name. */
  readonly name: string;
  /** Whether its data may be shown (visible case) or only its verdict (hidden case). */
  readonly visibility: 'visible' | 'hidden';
  /** The case's weight in the score. */
  readonly weight: number;
  /** True when every seed of the case passed. */
  readonly passed: boolean;
  /** Set when the case failed: why, as a category. */
  readonly reason?: FailureReason;
  /** A sentence saying what went wrong (visible cases only). */
  readonly message?: string;
  /** The case's input: workload, faults, seed (visible cases only). */
  readonly input?: Json;
  /** What a correct solution produces (visible cases only). */
  readonly expected?: Json;
  /** What the submission produced (visible cases only). */
  readonly actual?: Json;
  /** The shrunk failing schedule (visible fault-schedule cases only). */
  readonly replay?: Replay;
}

/** The state of a submission: the learner has not started, some cases fail, or all pass. */
export type GradeState = 'not-started' | 'failing' | 'passing' | 'error';

/** The grade of one submission for one exercise. */
export interface GradeResult {
  /** The exercise id. */
  readonly exercise: string;
  /** Where the submission came from (a path relative to the grading run, or a label). */
  readonly submission: string;
  /** not-started / failing / passing; `error` when the submission could not be run at all. */
  readonly state: GradeState;
  /** Points earned (sum of the weights of the cases that passed). */
  readonly score: number;
  /** Points possible. */
  readonly maxScore: number;
  /** A one-line summary for the learner. */
  readonly message: string;
  /** Per case, visible cases first, in the case files' order. */
  readonly cases: readonly CaseResult[];
}
