import { notTypeScriptMessage } from '../../../exercises/grader/learner-lines.ts';
import { runLogChecks, type NamedVerdict } from '../../../simulator/checks/index.ts';
import type { CaseTrace } from '../../../exercises/grader/exercise-grader.ts';
import type { Locate } from '../components/hand-faults.ts';
import type { TypeCheckClient } from '../editor/typecheck-client.ts';
import type { ReplayState } from '../link/replay-link.ts';
import type { RunOutcome } from '../sim/prepare.ts';
import type { ScenarioError } from '../../../simulator/scenario/load.ts';
import type { Json } from '../../../simulator/core/types.ts';
import type { FaultRecord } from '../../../simulator/trace/events.ts';
import { describeFault } from '../../../simulator/trace/prose/faults.ts';
import { formatValue } from '../../../simulator/trace/prose/words.ts';
import { traceInPage } from './browser-grader.ts';
import { exerciseEntries } from './exercises.ts';
import type { SandboxFrame } from './sandbox-frame.ts';

/**
 * "Replay this failure", run: the learner's code from the link, transpiled as for grading and run
 * in the learner-code sandbox on the case's workload, faults and seed; the trace comes back as a
 * workbench run with the log checks and one more verdict, the exercise's requirement, broken at
 * the event the exercise's grader points to.
 */

/** The requirement's verdict name (labelled in checks-at.ts). */
export const REQUIREMENT = 'exerciseRequirement';

/**
 * The requirement's verdict over a replayed failing case (links are offered for failing cases
 * only): broken at the event the grader points to, or — when nothing broke it at one event, as
 * with a result that is missing — at the end of the run, where what is missing shows.
 */
export function requirementVerdict(trace: CaseTrace): NamedVerdict {
  const last = trace.events.length - 1;
  const pointed = trace.violation !== null && trace.violation <= last;
  const index = pointed ? trace.violation! : last;
  // The workbench's checks are named; this one is the exercise's, not one of the log's.
  const name = REQUIREMENT as NamedVerdict['name'];
  if (index < 0) return { name, verdict: { ok: true } };
  const message = pointed
    ? 'the requirement first breaks at this event'
    : 'no single event breaks it: what is missing shows at the end of the run (compare the case’s expected and actual results)';
  return { name, verdict: { ok: false, index, event: trace.events[index]!, message } };
}

/** Where a replay opens: just after the requirement broke, or at the end of the run. */
export const replayStart: Locate = (events, verdicts) => {
  const broken = verdicts.find((v) => (v.name as string) === REQUIREMENT)?.verdict;
  return broken && !broken.ok ? broken.index + 1 : events.length;
};

/**
 * A replay link's bad fault schedule as errors a reader can act on: each `faults[i].field: problem`
 * line becomes a sentence naming the fault by its place in the link and the field by name.
 */
export function faultErrors(lines: string, count: number): ScenarioError[] {
  return lines.split('\n').map((line) => {
    const found = /^faults\[(\d+)\]\.?([^:]*): (.*)$/s.exec(line);
    if (!found)
      return { path: '/faults', message: `This link's fault schedule is not valid: ${line}` };
    const [, index, field, problem] = found;
    const which = `fault ${Number(index) + 1} of ${count}`;
    const pointer = `/faults/${index}${
      field === ''
        ? ''
        : '/' +
          field
            .replace(/\[(\d+)\]/g, '.$1')
            .split('.')
            .join('/')
    }`;
    return {
      path: pointer,
      message:
        field === ''
          ? `This link's ${which} is not valid: ${problem}.`
          : `This link's ${which} has a bad "${field}": ${problem}.`,
    };
  });
}

/** One fault of a replay link in words (`db throttle on db at 300 ms (count 2)`), whatever its shape. */
export function faultWords(fault: Json): string {
  if (
    fault === null ||
    typeof fault !== 'object' ||
    Array.isArray(fault) ||
    typeof fault.kind !== 'string'
  )
    return `not a fault: ${formatValue(fault)}`;
  return describeFault(fault as FaultRecord, true);
}

export async function replayOutcome(
  frame: SandboxFrame,
  checker: TypeCheckClient,
  state: ReplayState,
): Promise<RunOutcome> {
  const entry = exerciseEntries.find((e) => e.id === state.exercise);
  if (!entry)
    return {
      ok: false,
      errors: [{ path: '/exercise', message: `there is no exercise "${state.exercise}"` }],
    };
  const transpiled = await checker.transpile(state.code);
  if (!transpiled.ok)
    return { ok: false, errors: [{ path: '/code', message: notTypeScriptMessage(transpiled) }] };
  const traced = await traceInPage(frame, state.exercise, transpiled.code, {
    workload: state.workload,
    faults: state.faults,
    seed: state.seed,
  });
  if (!traced.ok) {
    if (traced.badFaults)
      return { ok: false, errors: faultErrors(traced.message, state.faults.length) };
    return { ok: false, errors: [{ path: '', message: traced.message }] };
  }
  const events = [...traced.trace.events];
  return {
    ok: true,
    scenario: { name: `${entry.title}: ${state.caseName}`, durationMs: traced.trace.durationMs },
    seed: state.seed,
    events,
    verdicts: [...runLogChecks(events), requirementVerdict(traced.trace)],
    warnings: [],
  };
}
