import type { TraceEvent } from '../trace/events.ts';
import { PASS, violation, type CheckVerdict } from './verdict.ts';

const stepKey = (e: { service: string; invocation: string; index: number }) =>
  `${e.service}|${e.invocation}|${e.index}`;

/** A step that ran again after it had taken effect: where, and what came before. */
export interface RerunStep {
  service: string;
  invocation: string;
  index: number;
  step: string;
  /** Index in the trace of the second (or later) start. */
  at: number;
  /** Whether the step's result was in the journal before it ran again (never, if the runtime is right). */
  wasJournaled: boolean;
}

/** The step an external call's record stands for (a durable runtime writes its calls' effects so). */
function effectOf(e: TraceEvent): { service: string; invocation: string; index: number } | null {
  if (e.type !== 'record.appended') return null;
  const v = e.record.value as Record<string, unknown> | null;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const { service, invocation, index, step } = v;
  if (typeof service !== 'string' || typeof invocation !== 'string') return null;
  if (typeof index !== 'number' || typeof step !== 'string') return null;
  return { service, invocation, index };
}

/**
 * Every step started again after its external call had taken effect (the called service got it,
 * whether or not the handler heard back), in trace order: the repeated side effects of a run.
 * With journaling, only a step whose call took effect but whose journal entry never reached the
 * log (a crash in between) may appear, and never one journaled.
 */
export function rerunSteps(events: readonly TraceEvent[]): RerunStep[] {
  const effected = new Set<string>();
  const journaled = new Set<string>();
  const reruns: RerunStep[] = [];
  events.forEach((e, i) => {
    const effect = effectOf(e);
    if (effect) effected.add(stepKey(effect));
    else if (e.type === 'durable.stepJournaled') journaled.add(stepKey(e));
    else if (e.type === 'durable.stepStarted' && effected.has(stepKey(e)))
      reruns.push({
        service: e.service,
        invocation: e.invocation,
        index: e.index,
        step: e.step,
        at: i,
        wasJournaled: journaled.has(stepKey(e)),
      });
  });
  return reruns;
}

/**
 * Durable execution's promise: a step whose result is in the journal is never run again; a retry
 * replays it. The first start of an already-journaled step breaks it.
 */
export function journaledStepsNotRerun(events: readonly TraceEvent[]): CheckVerdict {
  const first = rerunSteps(events).find((r) => r.wasJournaled);
  if (!first) return PASS;
  return violation(
    events,
    first.at,
    `step ${first.index} (${first.step}) of ${first.invocation} ran again although its result was in the journal`,
  );
}

/** Invocations whose journal ends with its completion entry (in the log, whether or not the runtime heard the acknowledgement). */
export function completedInJournal(events: readonly TraceEvent[]): Set<string> {
  const done = new Set<string>();
  for (const e of events) {
    if (e.type !== 'record.appended' || !e.topic.endsWith('-journal')) continue;
    const entry = e.record.value as { kind?: unknown; invocation?: unknown } | null;
    if (entry?.kind === 'completed' && typeof entry.invocation === 'string')
      done.add(entry.invocation);
  }
  return done;
}
