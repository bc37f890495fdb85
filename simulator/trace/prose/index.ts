import type { EventOf, TraceEvent, TraceEventType } from '../events.ts';
import { eventSourcingProse } from './eventsourcing.ts';
import { logProse } from './log.ts';
import type { Prose, Teller } from './prose.ts';
import { type RecordBook, recordBookOf } from './record-names.ts';
import { serverlessProse } from './serverless.ts';
import { streamsProse } from './streams.ts';

/**
 * The event log as prose: each trace event as one sentence a reader can follow, with details to
 * expand. The engine's fixed-column log (trace/format.ts) stays the format for terminals, golden
 * files and diffs; this is the one people read on the page.
 */

export type { Prose } from './prose.ts';
export { RecordBook, recordBookOf, recordKind, recordName } from './record-names.ts';
export { formatMoney, formatNumber, formatUsd, formatValue } from './words.ts';

/** Exhaustive: a new event type fails to typecheck here until it has a sentence. */
const tellers: Teller<TraceEventType> = {
  ...logProse,
  ...streamsProse,
  ...serverlessProse,
  ...eventSourcingProse,
};

/** One event as a sentence (and its details), naming records from `book`. */
export function describeEvent(event: TraceEvent, book: RecordBook): Prose {
  const tell = tellers[event.type] as (e: EventOf<typeof event.type>, b: RecordBook) => Prose;
  return tell(event, book);
}

/** One event of a trace as a sentence; the trace's record book is built once and kept. */
export function describeTraceEvent(events: readonly TraceEvent[], index: number): Prose {
  return describeEvent(events[index], recordBookOf(events));
}
