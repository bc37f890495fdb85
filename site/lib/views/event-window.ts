import type { TraceEvent } from '../../../simulator/trace/events.ts';
import {
  describeEvent,
  recordBookOf,
  type RecordBook,
} from '../../../simulator/trace/prose/index.ts';

/**
 * The event log twin: the events around the playhead as text rows, the accessible equal of the
 * animation. Row `i` is event `i`; the playhead (the state after `index` events) sits just after
 * event `index - 1`, which is the row marked current.
 */
export interface EventRow {
  /** The event's index in the trace. */
  index: number;
  /** Virtual time, ms. */
  at: number;
  /** The event type. */
  type: string;
  /** What happened, as one sentence (see simulator/trace/prose). */
  text: string;
  /** What the sentence summarises (a batch's records by name, a topology's outline); may be empty. */
  details: string[];
  /** The last event the playhead has passed. */
  current: boolean;
  /** Already happened at the playhead. */
  past: boolean;
}

/** Network chatter: every request and response on the wire. Hidden when asked. */
export function isChatter(event: TraceEvent): boolean {
  return event.type === 'message.sent';
}

/**
 * Up to `before` rows before the playhead and `after` rows after it, skipping chatter when
 * `hideChatter`; the event just before the playhead is always shown (even if it is chatter).
 */
export function eventWindow(
  events: readonly TraceEvent[],
  index: number,
  options: { before?: number; after?: number; hideChatter?: boolean } = {},
): EventRow[] {
  const before = options.before ?? 8;
  const after = options.after ?? 8;
  const keep = (i: number) => !options.hideChatter || i === index - 1 || !isChatter(events[i]);
  const past: number[] = [];
  for (let i = index - 1; i >= 0 && past.length < before + 1; i--) if (keep(i)) past.push(i);
  const future: number[] = [];
  for (let i = index; i < events.length && future.length < after; i++) if (keep(i)) future.push(i);
  const book = recordBookOf(events);
  return [...past.reverse(), ...future].map((i) => rowOf(events[i], i, index, book));
}

function rowOf(event: TraceEvent, i: number, index: number, book: RecordBook): EventRow {
  const { text, details } = describeEvent(event, book);
  return {
    index: i,
    at: event.at,
    type: event.type,
    text,
    details: details ?? [],
    current: i === index - 1,
    past: i < index,
  };
}

/** The index of the next (or previous) event that is not chatter, for Shift+arrow jumps. */
export function nextNotable(
  events: readonly TraceEvent[],
  index: number,
  direction: 1 | -1,
): number {
  if (direction === 1) {
    for (let i = index; i < events.length; i++) if (!isChatter(events[i])) return i + 1;
    return events.length;
  }
  for (let i = index - 2; i >= 0; i--) if (!isChatter(events[i])) return i + 1;
  return 0;
}
