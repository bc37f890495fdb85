/** The limits a submission runs under, in a grading child process and in the page's worker alike. */
export interface SandboxLimits {
  /** The time limit of one case run (all its seeds, and shrinking), ms. */
  readonly caseTimeoutMs: number;
  /** The child's heap limit, MB (the command line; a browser worker has no heap setting). */
  readonly heapMb: number;
  /** The wall-clock limit of the whole submission, ms; then it is stopped. */
  readonly wallClockMs: number;
}

/**
 * One set of defaults for both places, because a limit shows in a timed-out case's message and
 * the page and the command line must give the same grade.
 */
export const DEFAULT_LIMITS: SandboxLimits = {
  caseTimeoutMs: 4000,
  heapMb: 192,
  wallClockMs: 60_000,
};
