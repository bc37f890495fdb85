import { transformSync } from 'esbuild';
import type { Json } from '../../simulator/core/types.ts';
import type { ExerciseCase } from '../schema.ts';
import type { Exercise } from './exercise-files.ts';
import type { SandboxCase, SandboxCaseResult } from './sandbox-entry.ts';
import {
  DEFAULT_LIMITS,
  runInChild,
  runInChildSync,
  type ChildReport,
  type SandboxLimits,
} from './run-submission.ts';
import type { CaseResult, FailureReason, GradeResult } from './types.ts';

/**
 * Grade one submission: strip its types (esbuild), run it in its own sandboxed process on every
 * visible and hidden case, and turn what the sandbox said into a `GradeResult`. Nothing here reads
 * a clock or a path beyond the label it is given, so the same code gets byte-identical results.
 */
export async function gradeSource(
  exercise: Exercise,
  source: string,
  label: string,
  limits: SandboxLimits = DEFAULT_LIMITS,
): Promise<GradeResult> {
  const prepared = prepare(exercise, source, label);
  if ('result' in prepared) return prepared.result;
  const report = await runInChild(exercise.entry.id, prepared.code, prepared.inputs, limits);
  return assemble(exercise, label, report, limits);
}

/** The same, blocking (for synchronous callers such as the bench harness). */
export function gradeSourceSync(
  exercise: Exercise,
  source: string,
  label: string,
  limits: SandboxLimits = DEFAULT_LIMITS,
): GradeResult {
  const prepared = prepare(exercise, source, label);
  if ('result' in prepared) return prepared.result;
  return assemble(
    exercise,
    label,
    runInChildSync(exercise.entry.id, prepared.code, prepared.inputs, limits),
    limits,
  );
}

function allCases(exercise: Exercise) {
  return [
    ...exercise.visible.map((c) => ({ c, visibility: 'visible' as const })),
    ...exercise.hidden.map((c) => ({ c, visibility: 'hidden' as const })),
  ];
}

function errorResult(exercise: Exercise, label: string, message: string): GradeResult {
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

/** The submission as CommonJS and the cases as the sandbox takes them, or the result of a syntax error. */
function prepare(
  exercise: Exercise,
  source: string,
  label: string,
): { result: GradeResult } | { code: string; inputs: string[] } {
  let code: string;
  try {
    code = transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'es2022',
      sourcefile: 'submission.ts',
    }).code;
  } catch (error) {
    const first = (
      error as { errors?: { text: string; location?: { line: number; column: number } | null }[] }
    ).errors?.[0];
    const where = first?.location
      ? ` at line ${first.location.line}, column ${first.location.column + 1}`
      : '';
    return {
      result: errorResult(
        exercise,
        label,
        `The submission is not valid TypeScript${where}: ${first?.text ?? String(error)}`,
      ),
    };
  }
  const inputs = allCases(exercise).map(({ c, visibility }) =>
    JSON.stringify(sandboxCase(c, visibility === 'visible')),
  );
  return { code, inputs };
}

function assemble(
  exercise: Exercise,
  label: string,
  report: ChildReport,
  limits: SandboxLimits,
): GradeResult {
  const early = earlyVerdict(report, exercise.meta.export);
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

function parseAnswer(answer: string | undefined): Record<string, Json> | undefined {
  return answer === undefined ? undefined : (JSON.parse(answer) as Record<string, Json>);
}

const DIED: Record<NonNullable<ChildReport['died']>, string> = {
  'wall-clock': 'The submission ran past the wall-clock limit and was stopped',
  'out-of-memory': 'The submission ran out of memory',
  crashed: 'The grading process of this submission crashed',
};

/** A verdict before any case: the code did not load, has the wrong exports, or is not started. */
function earlyVerdict(
  report: ChildReport,
  exportName: string,
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
      message: `${load.wrongExports} (export function* ${exportName}(event, ctx) { ... })`,
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

function caseResult(
  exercise: string,
  c: ExerciseCase,
  visibility: 'visible' | 'hidden',
  answer: string | undefined,
  died: ChildReport['died'],
  limits: SandboxLimits,
): CaseResult {
  const head = { name: c.name, visibility, weight: c.weight };
  const parsed = parseAnswer(answer);
  let reason: FailureReason;
  let message: string;
  if (!parsed) {
    reason =
      died === 'out-of-memory' ? 'out-of-memory' : died === 'wall-clock' ? 'timeout' : 'crashed';
    message = died ? DIED[died] : 'The case did not run';
  } else if (parsed.timeout) {
    reason = 'timeout';
    message = `The case took longer than ${limits.caseTimeoutMs} ms and was stopped (an endless loop?)`;
  } else {
    const r = parsed as unknown as SandboxCaseResult;
    if (r.outcome.passed) return { ...head, passed: true };
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
