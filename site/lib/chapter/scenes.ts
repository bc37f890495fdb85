import type { NamedVerdict } from '../../../simulator/checks/index.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import type { ViewName } from '../views/view-names.ts';

/**
 * A narrated scene of a chapter: a scripted position of a real scenario. Scenes name their
 * playhead by what happens in the trace ("just after after-1 crashes"), not by an index, so they
 * stay right when the engine changes the chatter around them.
 */
export interface SceneScript {
  /** 1-based; the scene's URL is `#scene-<n>`. */
  n: number;
  /** Short title, shown in the scene list. */
  title: string;
  /** A library scenario id. */
  scenario: string;
  /** Where the playhead goes. */
  position: ScenePosition;
  /** The view the scene opens on. */
  view: ViewName;
  /** The actor selected for faults, if any. */
  actor?: string;
}

/** A field-by-field match on a trace event: `{ type: 'actor.crashed', actor: 'after-1' }`. */
export type EventMatch = { type: TraceEvent['type'] } & Record<string, string | number | boolean>;

/** Where a scene puts the playhead. */
export type ScenePosition =
  /** Before anything happens. */
  | { start: true }
  /** After the last event. */
  | { end: true }
  /** After every event at or before this virtual time. */
  | { atMs: number }
  /** Just after the `nth` (1-based, default 1) event that matches. */
  | { after: EventMatch; nth?: number }
  /** Just after the event that breaks this log check (`exactlyOnceCommitted`, ...). */
  | { violation: NamedVerdict['name'] };

/** True when every field of `match` equals the event's. */
export function matches(event: TraceEvent, match: EventMatch): boolean {
  const fields = event as unknown as Record<string, unknown>;
  for (const key of Object.keys(match)) if (fields[key] !== match[key]) return false;
  return true;
}

/** The playhead index a position names in a trace, or null when the trace has no such event. */
export function resolvePosition(
  events: readonly TraceEvent[],
  position: ScenePosition,
  verdicts: readonly NamedVerdict[] = [],
): number | null {
  if ('start' in position) return 0;
  if ('end' in position) return events.length;
  if ('violation' in position) {
    const verdict = verdicts.find((v) => v.name === position.violation)?.verdict;
    return verdict && !verdict.ok ? verdict.index + 1 : null;
  }
  if ('atMs' in position) {
    let i = 0;
    while (i < events.length && events[i].at <= position.atMs) i++;
    return i;
  }
  let seen = 0;
  const nth = position.nth ?? 1;
  for (let i = 0; i < events.length; i++) {
    if (matches(events[i], position.after) && ++seen === nth) return i + 1;
  }
  return null;
}

/** The scene a fragment names (`#scene-3`), or null. */
export function sceneFromHash(hash: string, count: number): number | null {
  const m = /^#scene-(\d{1,3})$/.exec(hash);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= count ? n : null;
}
