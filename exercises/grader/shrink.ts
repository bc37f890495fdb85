import type { Json } from '../../simulator/core/types.ts';

/**
 * Shrink a failing fault schedule: the smallest schedule found that still fails, preferring fewer
 * faults, then earlier ones, then simpler ones (a count of 1). Greedy and deterministic, in the
 * spirit of delta debugging: try each smaller candidate in a fixed order, keep the first that
 * still fails, start again; stop at a fixed point or when `budget` runs are spent.
 */
export function shrinkFaults(
  faults: readonly Json[],
  stillFails: (candidate: Json[]) => boolean,
  budget: number,
): { faults: Json[]; runs: number } {
  let current = faults.map((f) => f);
  let runs = 0;
  for (;;) {
    let improved = false;
    for (const candidate of candidates(current)) {
      if (runs >= budget) return { faults: current, runs };
      runs += 1;
      if (stillFails(candidate)) {
        current = candidate;
        improved = true;
        break;
      }
    }
    if (!improved) return { faults: current, runs };
  }
}

/** Smaller schedules than `faults`, in the order we prefer them. */
function* candidates(faults: Json[]): Generator<Json[]> {
  for (let i = 0; i < faults.length; i++) yield faults.filter((_, j) => j !== i);
  for (let i = 0; i < faults.length; i++) {
    const f = faults[i] as Record<string, Json>;
    const at = typeof f.at === 'number' ? f.at : 0;
    for (const earlier of at > 0 ? [0, Math.floor(at / 2)] : []) {
      if (earlier < at) yield replaceAt(faults, i, { ...f, at: earlier });
    }
    if (typeof f.count === 'number' && f.count > 1) yield replaceAt(faults, i, { ...f, count: 1 });
  }
}

function replaceAt(faults: Json[], i: number, fault: Json): Json[] {
  return faults.map((f, j) => (j === i ? fault : f));
}
