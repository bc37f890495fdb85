import { assemble, errorResult, sandboxInputs } from '../../../exercises/grader/assemble.ts';
import type { ChildReport } from '../../../exercises/grader/assemble.ts';
import type { Exercise } from '../../../exercises/grader/exercise-data.ts';
import type { CaseTrace } from '../../../exercises/grader/exercise-grader.ts';
import { DEFAULT_LIMITS, type SandboxLimits } from '../../../exercises/grader/limits.ts';
import type { SandboxTraceInput } from '../../../exercises/grader/sandbox-entry.ts';
import type { GradeResult } from '../../../exercises/grader/types.ts';
import type { Json, Writable } from '../../../simulator/core/types.ts';
import type { SandboxFrame, StepAnswer } from './sandbox-frame.ts';
import { workerScript, type WorkerStep } from './worker-script.ts';

/**
 * Grading in the page, step for step as the command line's child process does it (`child-main.ts`):
 * lock the realm down, load the submission, probe it, run each case with a time limit. What the
 * sandbox says is turned into a grade by the same `assemble`, so both give the same result. Where
 * the command line's `vm` interrupts a step and goes on in the same context, a worker has to be
 * killed: the page starts a fresh one, loads the code again and goes on with the next case.
 */

/** The bundle is large and the same for every run: fetched once per page. */
let bundleText: Promise<string> | null = null;
export function sandboxBundle(): Promise<string> {
  bundleText ??= import('virtual:grader-sandbox').then((m) => m.default);
  return bundleText;
}

const TIMED_OUT = JSON.stringify({ timeout: true });

function textOf(answer: StepAnswer): string | undefined {
  if (answer.kind === 'answer') return answer.text;
  if (answer.kind === 'timeout') return TIMED_OUT;
  return undefined;
}

function ok(text: string | undefined): boolean {
  try {
    return text !== undefined && (JSON.parse(text) as { ok?: unknown }).ok === true;
  } catch {
    return false;
  }
}

/** Start a worker with the code loaded; the load's answer, or undefined when it died. */
async function start(
  frame: SandboxFrame,
  script: string,
  exercise: string,
  limitMs: number,
): Promise<{ load: string | undefined; died?: string }> {
  await frame.spawn(script);
  const locked = await frame.call({ op: 'lockDown' }, limitMs);
  if (!ok(textOf(locked)))
    return { load: undefined, died: locked.kind === 'died' ? locked.message : 'lock-down failed' };
  const load = await frame.call({ op: 'load', exercise }, limitMs);
  if (load.kind === 'died') return { load: undefined, died: load.message };
  return { load: textOf(load) };
}

/** Run a submission's steps in the frame; the same report a grading child gives. */
export async function runReport(...run: Parameters<typeof runSteps>): Promise<ChildReport> {
  try {
    return await runSteps(...run);
  } finally {
    // However the run ended, its frame goes, and with it every worker the code started.
    run[0].kill();
  }
}

async function runSteps(
  frame: SandboxFrame,
  bundle: string,
  exerciseId: string,
  code: string,
  cases: readonly string[],
  limits: SandboxLimits,
): Promise<ChildReport> {
  const script = workerScript(bundle, code).text;
  const report: Writable<ChildReport> = {
    cases: new Array<string | undefined>(cases.length).fill(undefined),
    stderr: '',
  };
  const deadline = performance.now() + limits.wallClockMs;
  const t = limits.caseTimeoutMs;
  const first = await start(frame, script, exerciseId, t);
  report.load = first.load;
  if (first.died !== undefined) report.died = 'crashed';
  if (!ok(report.load)) return report;
  const probe = await frame.call({ op: 'probe' }, t);
  report.probe = textOf(probe);
  let alive = probe.kind === 'answer';
  for (let index = 0; index < cases.length; index++) {
    if (performance.now() > deadline) {
      report.died = 'wall-clock';
      break;
    }
    if (!alive) {
      const again = await start(frame, script, exerciseId, t);
      if (!ok(again.load)) {
        report.died = 'crashed';
        break;
      }
      alive = true;
    }
    const step: WorkerStep = { op: 'case', input: cases[index]! };
    const answer = await frame.call(step, t);
    if (answer.kind === 'died') {
      report.died = 'crashed';
      break;
    }
    report.cases[index] = textOf(answer);
    alive = answer.kind === 'answer';
  }
  return report;
}

/** Grade transpiled (CommonJS) code on `exercise`'s cases in the page. */
export async function gradeInPage(
  frame: SandboxFrame,
  exercise: Exercise,
  code: string,
  label: string,
  limits: SandboxLimits = DEFAULT_LIMITS,
): Promise<GradeResult> {
  let bundle: string;
  try {
    bundle = await sandboxBundle();
  } catch (error) {
    return errorResult(exercise, label, `The grader could not be loaded: ${String(error)}`);
  }
  const report = await runReport(
    frame,
    bundle,
    exercise.entry.id,
    code,
    sandboxInputs(exercise),
    limits,
  );
  return assemble(exercise, label, report, limits);
}

/** A failing case run again with its trace kept, for the replay; or why it could not be. */
export async function traceInPage(
  frame: SandboxFrame,
  exerciseId: string,
  code: string,
  input: { workload: Record<string, Json>; faults: Json[]; seed: number },
  limits: SandboxLimits = DEFAULT_LIMITS,
): Promise<{ ok: true; trace: CaseTrace } | { ok: false; message: string; badFaults?: true }> {
  const bundle = await sandboxBundle();
  const started = await start(
    frame,
    workerScript(bundle, code).text,
    exerciseId,
    limits.caseTimeoutMs,
  );
  if (!ok(started.load)) {
    frame.kill();
    return { ok: false, message: loadFailure(started.load, started.died) };
  }
  const traceInput: SandboxTraceInput = input;
  // A replay keeps the whole trace: give it more room than a graded case.
  const answer = await frame.call(
    { op: 'trace', input: JSON.stringify(traceInput) },
    limits.caseTimeoutMs * 4,
  );
  frame.kill();
  if (answer.kind === 'timeout')
    return { ok: false, message: 'The run took too long and was stopped' };
  if (answer.kind === 'died')
    return { ok: false, message: `The sandbox stopped: ${answer.message}` };
  const parsed = JSON.parse(answer.text) as { ok?: CaseTrace; threw?: string; badFaults?: string };
  if (parsed.ok) return { ok: true, trace: parsed.ok };
  if (typeof parsed.badFaults === 'string')
    return { ok: false, message: parsed.badFaults, badFaults: true };
  return { ok: false, message: parsed.threw ?? 'The run stopped' };
}

/** Where learner code threw: the error's stack, the script it names, and the code's offset. */
export interface ThrownAt {
  readonly stack: string;
  readonly file: string;
  readonly linesBefore: number;
}

/**
 * A run again in diagnosis mode to find the line a runtime error came from: loading the code (for
 * an error at the top level) or one case. Returns null when nothing learner-made threw.
 */
export async function locateError(
  frame: SandboxFrame,
  exerciseId: string,
  code: string,
  caseInput: string | null,
  limits: SandboxLimits = DEFAULT_LIMITS,
): Promise<ThrownAt | null> {
  const bundle = await sandboxBundle();
  const script = workerScript(bundle, code, { diagnose: true });
  const t = limits.caseTimeoutMs;
  try {
    await frame.spawn(script.text);
    const steps: WorkerStep[] = [
      { op: 'lockDown' },
      { op: 'load', exercise: exerciseId },
      { op: 'probe' },
      ...(caseInput === null ? [] : [{ op: 'case', input: caseInput } as const]),
    ];
    for (const step of steps) {
      const answer = await frame.call(step, t);
      if (answer.kind !== 'answer') return null;
      if (answer.stack !== '')
        return { stack: answer.stack, file: answer.file, linesBefore: script.linesBefore };
    }
    return null;
  } finally {
    frame.kill();
  }
}

/**
 * Why learner code did not load, in plain words: the sandbox's answer is JSON
 * (`{"timeout":true}`, `{"threw":"…"}`) meant for the program, not for the reader.
 */
export function loadFailure(load: string | undefined, died?: string): string {
  let answer: { timeout?: unknown; threw?: unknown; wrongExports?: unknown; error?: unknown } = {};
  try {
    answer = load === undefined ? {} : (JSON.parse(load) as typeof answer);
  } catch {
    // Not JSON: the text itself is the best we have.
    return `The code did not load: ${load}`;
  }
  if (answer.timeout)
    return 'The code did not finish loading in time: is there an endless loop at the top level, outside any function?';
  if (typeof answer.threw === 'string') return `The code threw while loading: ${answer.threw}`;
  if (typeof answer.wrongExports === 'string') return answer.wrongExports;
  if (typeof answer.error === 'string') return answer.error;
  return died ? `The sandbox stopped while loading the code (${died})` : 'The code did not load';
}
