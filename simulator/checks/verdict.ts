import type { TraceEvent } from '../trace/events.ts';

/**
 * What a check says about a trace: it holds, or the first event that breaks it (its index in the
 * trace, the event, and one sentence a learner can read), so a view can open the replay there.
 */
export type CheckVerdict =
  | { ok: true }
  | {
      ok: false;
      /** Index in the trace of the first violating event. */
      index: number;
      /** That event. */
      event: TraceEvent;
      /** What went wrong, in one sentence. */
      message: string;
    };

/** The verdict of a check that holds. */
export const PASS: CheckVerdict = Object.freeze({ ok: true });

/** A failed verdict at `index`. */
export function violation(
  events: readonly TraceEvent[],
  index: number,
  message: string,
): CheckVerdict {
  return { ok: false, index, event: events[index], message };
}

/** The earlier of two candidate violations (a check may find several kinds in separate passes). */
export function earliest(a: CheckVerdict, b: CheckVerdict): CheckVerdict {
  if (a.ok) return b;
  if (b.ok) return a;
  return b.index < a.index ? b : a;
}

/** `topic-partition`, as Kafka prints it. */
export function tpName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
