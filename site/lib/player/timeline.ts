/**
 * Virtual time on the player's timeline. The playhead is an event index `i`: the state after the
 * first `i` events. Time and index map onto each other through the events' `at` (non-decreasing).
 */

/** How many events happened at or before `timeMs` (the index a seek to that time lands on). */
export function indexAtTime(times: readonly number[], timeMs: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= timeMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The virtual time the state at `index` shows: that of its last event (0 before any). */
export function timeAtIndex(times: readonly number[], index: number): number {
  if (index <= 0 || times.length === 0) return 0;
  return times[Math.min(index, times.length) - 1];
}

/** Speeds run from ¼× (step -2) to 16× (step 4), doubling per step: a log scale. */
export const SPEED_STEP_MIN = -2;
/** The fastest speed step (16×). */
export const SPEED_STEP_MAX = 4;

/** The speed factor of a step: 2^step, exact for the integer steps the player allows. */
export function speedOf(step: number): number {
  const clamped = clampSpeedStep(step);
  return clamped >= 0 ? 1 << clamped : 1 / (1 << -clamped);
}

/** A step kept inside ¼×..16× and made an integer. */
export function clampSpeedStep(step: number): number {
  return Math.min(SPEED_STEP_MAX, Math.max(SPEED_STEP_MIN, Math.round(step)));
}

/** `¼×`, `½×`, `1×`, `2×`, ... for labels. */
export function speedLabel(step: number): string {
  const clamped = clampSpeedStep(step);
  if (clamped === -2) return '¼×';
  if (clamped === -1) return '½×';
  return `${speedOf(clamped)}×`;
}

/**
 * Virtual ms that pass per real ms at 1×. Scenarios last one to a few virtual seconds and the
 * network takes a few ms per message, so 1× shows a tenth of real speed: a 1.5 s run plays in 15 s.
 */
export const VIRTUAL_MS_PER_REAL_MS = 0.1;

/**
 * The time at which a fault fired "from here" takes effect: one ms after the playhead's clock, so
 * every event already shown (all at or before that clock) happens again identically in the re-run.
 */
export function forkTimeMs(clockMs: number): number {
  return Math.floor(clockMs) + 1;
}
