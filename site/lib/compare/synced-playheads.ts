import { indexAtTime } from '../player/timeline.ts';

/**
 * One clock for several traces. The comparison page replays two or three designs' runs (the same
 * workload and faults) with one player: the player moves over a shared timeline of virtual time,
 * and each design's view shows its own trace at that time.
 */

/**
 * The shared timeline: every virtual time at which some trace has an event, once, ascending. A
 * step of the player moves to the next such time, so every step changes at least one column.
 */
export function sharedTimeline(traces: readonly (readonly number[])[]): number[] {
  const all: number[] = [];
  for (const times of traces) for (const t of times) all.push(t);
  // Plain numbers: equal ones are interchangeable, so the order is fully defined.
  all.sort((a, b) => a - b);
  const distinct: number[] = [];
  for (const t of all)
    if (distinct.length === 0 || distinct[distinct.length - 1] !== t) distinct.push(t);
  return distinct;
}

/**
 * Each trace's playhead at the shared clock: the state after its last event at or before
 * `clockMs` (the count of its events with `at <= clockMs`; its times must not decrease).
 */
export function playheadsAt(traces: readonly (readonly number[])[], clockMs: number): number[] {
  return traces.map((times) => indexAtTime(times, clockMs));
}

/**
 * Each trace's playhead at a resting moment of the shared timeline: nothing before its first
 * moment, and at moment `m` everything at or before `shared[m - 1]`. While playing, the player's
 * clock lies between two moments and gives the same playheads as the moment before it.
 */
export function playheadsAtMoment(
  traces: readonly (readonly number[])[],
  shared: readonly number[],
  moment: number,
): number[] {
  if (moment <= 0 || shared.length === 0) return traces.map(() => 0);
  return playheadsAt(traces, shared[Math.min(moment, shared.length) - 1]);
}
