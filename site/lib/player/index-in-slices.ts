import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { TraceIndex } from '../../../simulator/trace/snapshots.ts';

/** Events folded between two yields to the page: a few milliseconds of work. */
export const EVENTS_PER_SLICE = 10_000;

/** Lets the page handle input and paint before the next slice (a task boundary). */
function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The player's index of a run and its events' times, built a slice at a time with the page free
 * in between: folding millions of events at once froze the page for seconds when a big run
 * arrived. Null if `stale()` says a newer run made this one moot while it was being indexed.
 */
export async function indexInSlices(
  events: readonly TraceEvent[],
  stale: () => boolean,
  sliceEvents = EVENTS_PER_SLICE,
): Promise<{ trace: TraceIndex; times: number[] } | null> {
  const indexed: TraceEvent[] = [];
  const trace = new TraceIndex(indexed);
  const times = new Array<number>(events.length);
  for (let from = 0; from < events.length; from += sliceEvents) {
    const to = Math.min(from + sliceEvents, events.length);
    for (let i = from; i < to; i++) {
      indexed.push(events[i]);
      times[i] = events[i].at;
    }
    trace.sync(); // folds what was just pushed (TraceIndex keeps the array it was given)
    if (to < events.length) {
      await yieldToPage();
      if (stale()) return null;
    }
  }
  return { trace, times };
}
