import type { TraceEvent } from '../../../simulator/trace/events.ts';
import type { RunOutcome } from './prepare.ts';

/**
 * How a run's outcome crosses from the simulation worker to the page. A million-record run has
 * millions of events; posted as one message, the page would rebuild them all (structured clone)
 * in one task, freezing for seconds. So the events come in messages of `EVENTS_PER_MESSAGE`,
 * each rebuilt in a task of its own, then the outcome without them.
 */
export const EVENTS_PER_MESSAGE = 10_000;

/** One message from the worker: a slice of the events, or the outcome (its events sent before). */
export type WorkerMessage =
  { id: number; events: TraceEvent[] } | { id: number; outcome: RunOutcome };

/** Posts `outcome` for request `id` as the page expects it: events in slices, then the rest. */
export function postOutcome(
  post: (message: WorkerMessage) => void,
  id: number,
  outcome: RunOutcome,
): void {
  if (!outcome.ok) return post({ id, outcome });
  const { events } = outcome;
  for (let from = 0; from < events.length; from += EVENTS_PER_MESSAGE)
    post({ id, events: events.slice(from, from + EVENTS_PER_MESSAGE) });
  post({ id, outcome: { ...outcome, events: [] } });
}

/** The page's side: gathers the slices of one run; `finish` gives the outcome with its events. */
export class OutcomeReceiver {
  private readonly events: TraceEvent[] = [];

  add(slice: readonly TraceEvent[]): void {
    for (const event of slice) this.events.push(event);
  }

  finish(outcome: RunOutcome): RunOutcome {
    return outcome.ok ? { ...outcome, events: this.events } : outcome;
  }
}
