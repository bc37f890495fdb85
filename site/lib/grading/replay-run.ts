import { notTypeScriptMessage } from '../../../exercises/grader/learner-lines.ts';
import { runLogChecks, type NamedVerdict } from '../../../simulator/checks/index.ts';
import type { CaseTrace } from '../../../exercises/grader/exercise-grader.ts';
import type { Locate } from '../components/hand-faults.ts';
import type { TypeCheckClient } from '../editor/typecheck-client.ts';
import type { ReplayState } from '../link/replay-link.ts';
import type { RunOutcome } from '../sim/prepare.ts';
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
  if (!traced.ok) return { ok: false, errors: [{ path: '', message: traced.message }] };
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
