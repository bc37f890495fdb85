import type { Json } from '../../simulator/core/types.ts';
import type { ExerciseCase } from '../schema.ts';
import type { Exercise } from './exercise-files.ts';
import type { SandboxCase, SandboxCaseResult } from './sandbox-entry.ts';
import type { CaseResult, FailureReason, GradeResult } from './types.ts';

/**
 * From what the sandbox said to a `GradeResult`. Pure and free of Node: the page's worker sandbox
 * will produce the same answers (`load`, `probe`, `runCase` of `sandbox-entry.ts`) and call the
 * same functions, so the page and the command line give the same grade.
 */

/** The limits that shape messages (the time limit of a case). */
export interface AssembleLimits {
  /** The time limit of one case run, ms. */
  readonly caseTimeoutMs: number;
}

/** What a sandbox (a child process, or later a worker) said, step by step, and how it ended. */
export interface ChildReport {
  /** The sandbox's answer to loading the submission (a JSON string), if it got that far. */
  readonly load?: string;
  /** Its answer to the probe. */
  readonly probe?: string;
  /** Its answer per case index. */
  readonly cases: (string | undefined)[];
  /**
   * How the child ended when it did not finish: killed at the wall clock, out of memory, stopped
   * for writing more than its output limit, or crashed.
   */
  readonly died?: 'wall-clock' | 'out-of-memory' | 'output' | 'crashed';
  /** The end of the child's stderr, for a grader's error message (never in a result). */
  readonly stderr: string;
}

export function allCases(exercise: Exercise) {
  return [
    ...exercise.visible.map((c) => ({ c, visibility: 'visible' as const })),
    ...exercise.hidden.map((c) => ({ c, visibility: 'hidden' as const })),
  ];
}

export function errorResult(exercise: Exercise, label: string, message: string): GradeResult {
  const maxScore = [...exercise.visible, ...exercise.hidden].reduce((s, c) => s + c.weight, 0);
  return {
    exercise: exercise.entry.id,
    submission: label,
    state: 'error',
    score: 0,
    maxScore,
    message,
    cases: [],
  };
}

/** The cases as the sandbox's `runCase` takes them, in the order of `allCases`. */
export function sandboxInputs(exercise: Exercise): string[] {
  return allCases(exercise).map(({ c, visibility }) =>
    JSON.stringify(sandboxCase(c, visibility === 'visible')),
  );
}

export function assemble(
  exercise: Exercise,
  label: string,
  report: ChildReport,
  limits: AssembleLimits,
): GradeResult {
  const early = earlyVerdict(report, exportShape(exercise));
  const failed = errorResult(exercise, label, early?.message ?? '');
  if (early?.state === 'not-started') return { ...failed, state: 'not-started' };
  if (early) return failed;
  const cases = allCases(exercise).map(({ c, visibility }, i) =>
    caseResult(exercise.entry.id, c, visibility, report.cases[i], report.died, limits),
  );
  const score = cases.reduce((s, c) => s + (c.passed ? c.weight : 0), 0);
  const passed = cases.filter((c) => c.passed).length;
  const state = passed === cases.length ? 'passing' : 'failing';
  const message =
    state === 'passing'
      ? `All ${cases.length} cases pass`
      : `${passed} of ${cases.length} cases pass (${score} of ${failed.maxScore} points)`;
  return { ...failed, state, score, message, cases };
}

function sandboxCase(c: ExerciseCase, visible: boolean): SandboxCase {
  return {
    workload: c.workload,
    faults: c.faults as Json[],
    seeds: c.seeds,
    shrink: visible && c.faults.length > 0,
  };
}

/** A sandbox answer as an object, or undefined when there is none or it is not a JSON object. */
function parseAnswer(answer: string | undefined): Record<string, Json> | undefined {
  if (answer === undefined) return undefined;
  try {
    const parsed = JSON.parse(answer) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, Json>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A case's answer when it has the shape `runCase` gives, else undefined. */
function caseAnswer(parsed: Record<string, Json>): SandboxCaseResult | undefined {
  const outcome = parsed.outcome as Record<string, Json> | null | undefined;
  if (typeof parsed.seed !== 'number' || outcome === null || typeof outcome !== 'object')
    return undefined;
  if (typeof outcome.passed !== 'boolean' || typeof outcome.message !== 'string') return undefined;
  if (outcome.reason !== undefined && !REASONS.includes(outcome.reason as FailureReason))
    return undefined;
  if (parsed.shrunk !== undefined && !Array.isArray(parsed.shrunk)) return undefined;
  return parsed as unknown as SandboxCaseResult;
}

const REASONS: readonly FailureReason[] = [
  'wrong-result',
  'over-count',
  'under-count',
  'lost-event',
  'phantom-event',
  'not-finished',
  'stale-read',
  'too-slow',
  'no-answer',
  'state-leak',
  'threw',
  'timeout',
  'out-of-memory',
  'crashed',
];

const DIED: Record<NonNullable<ChildReport['died']>, string> = {
  'wall-clock': 'The submission ran past the wall-clock limit and was stopped',
  'out-of-memory': 'The submission ran out of memory',
  output: 'The grading of this submission wrote more output than allowed and was stopped',
  crashed: 'The grading process of this submission crashed',
};

/** What the export looks like, for the message of a submission that lacks it. */
function exportShape(exercise: Exercise): string {
  const name = exercise.meta.export;
  if (exercise.meta.kind === 'workflow') return `export function* ${name}(order, ctx) { ... }`;
  if (exercise.meta.kind === 'query') return `export function* ${name}(query, ctx) { ... }`;
  if (exercise.meta.kind === 'consumer')
    return `export const ${name} = { keyFor(event) { ... }, onRecords(records, ctx) { ... }, onPartitionsRevoked(partitions, ctx) { ... } }`;
  return exercise.meta.kind === 'topology'
    ? `export function ${name}() { ... }`
    : `export function* ${name}(event, ctx) { ... }`;
}

/** A verdict before any case: the code did not load, has the wrong exports, or is not started. */
function earlyVerdict(
  report: ChildReport,
  exportShape: string,
): { state: 'not-started' | 'error'; message: string } | undefined {
  const load = parseAnswer(report.load);
  if (!load)
    return {
      state: 'error',
      message: report.died ? DIED[report.died] : 'The submission did not load',
    };
  if (load.timeout)
    return {
      state: 'error',
      message: 'Loading the submission did not finish in time (an endless loop at the top level?)',
    };
  if (typeof load.wrongExports === 'string')
    return {
      state: 'error',
      message: `${load.wrongExports} (${exportShape})`,
    };
  if (typeof load.threw === 'string')
    return { state: 'error', message: `The submission threw while loading: ${load.threw}` };
  if (typeof load.error === 'string') return { state: 'error', message: load.error };
  const probe = parseAnswer(report.probe);
  if (probe && typeof probe.notStarted === 'string')
    return {
      state: 'not-started',
      message: 'Not started yet: the starter still throws its "Not started" error',
    };
  return undefined;
}

const MALFORMED = "The sandbox's answer for this case could not be read";

function caseResult(
  exercise: string,
  c: ExerciseCase,
  visibility: 'visible' | 'hidden',
  answer: string | undefined,
  died: ChildReport['died'],
  limits: AssembleLimits,
): CaseResult {
  const head = { name: c.name, visibility, weight: c.weight };
  const parsed = parseAnswer(answer);
  let reason: FailureReason;
  let message: string;
  const r = parsed && caseAnswer(parsed);
  if (!parsed) {
    reason =
      died === 'out-of-memory' ? 'out-of-memory' : died === 'wall-clock' ? 'timeout' : 'crashed';
    message = died ? DIED[died] : answer === undefined ? 'The case did not run' : MALFORMED;
  } else if (parsed.timeout) {
    reason = 'timeout';
    message = `The case took longer than ${limits.caseTimeoutMs} ms and was stopped (an endless loop?)`;
  } else if (!r) {
    reason = typeof parsed.threw === 'string' ? 'threw' : 'crashed';
    message = typeof parsed.threw === 'string' ? parsed.threw : MALFORMED;
  } else {
    // A visible pass keeps its sentence: it can carry what the case measured (a comparison).
    if (r.outcome.passed)
      return visibility === 'visible'
        ? { ...head, passed: true, message: r.outcome.message }
        : { ...head, passed: true };
    reason = r.outcome.reason ?? 'wrong-result';
    message = r.outcome.message;
    if (visibility === 'visible') {
      const faults = r.shrunk ?? c.faults;
      return {
        ...head,
        passed: false,
        reason,
        message,
        input: { seed: r.seed, workload: c.workload, faults: faults as Json[] },
        expected: r.outcome.expected,
        actual: r.outcome.actual,
        ...(r.shrunk
          ? { replay: { scenario: exercise, seed: r.seed, faults: r.shrunk, workload: c.workload } }
          : {}),
      };
    }
  }
  if (visibility === 'hidden') return { ...head, passed: false, reason };
  return {
    ...head,
    passed: false,
    reason,
    message,
    input: { seeds: c.seeds, workload: c.workload, faults: c.faults as Json[] },
  };
}
