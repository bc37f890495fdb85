import type { TraceEvent } from '../../../simulator/trace/events.ts';

/** How far back to look for the last move of each transactional id, events. */
const LOOK_BACK = 20_000;

/**
 * The last coordinator move (`txn.stateChanged`) of each transactional id before the playhead,
 * so the chart can highlight the arrow just taken. Looks back a bounded number of events: a move
 * further back than that is old news and is not highlighted.
 */
export function lastMoves(
  events: readonly TraceEvent[],
  index: number,
): Map<string, { from: string; to: string }> {
  const moves = new Map<string, { from: string; to: string }>();
  for (let i = Math.min(index, events.length) - 1; i >= 0 && i >= index - LOOK_BACK; i--) {
    const e = events[i];
    if (e.type === 'txn.stateChanged' && !moves.has(e.transactionalId)) {
      moves.set(e.transactionalId, { from: e.from, to: e.to });
    }
  }
  return moves;
}
