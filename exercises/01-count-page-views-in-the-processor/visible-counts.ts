import { committedRecords } from '../../simulator/checks/streams-records.ts';
import { latencySummary } from '../../simulator/compare/compare-outputs.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import type { WorldState } from '../../simulator/trace/state.ts';
import { INPUT, OUTPUT } from './run-counter.ts';

/**
 * When each count became visible to a reader, and how long after its view: the latency figure of
 * the comparison. A view is counted once a count of at least its rank among its user's views is
 * visible (the 3rd view of ann once ann's count is 3 or more).
 */

/** A count a reader could see from `at` (virtual ms). */
export interface VisibleCount {
  /** The user (the key). */
  readonly user: string;
  /** The count. */
  readonly count: number;
  /** From when a reader sees it, ms. */
  readonly at: number;
}

/** The times each user's views were appended to `views`, in order. */
export function viewTimes(trace: readonly TraceEvent[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const e of trace)
    if (e.type === 'record.appended' && e.topic === INPUT) {
      const user = e.record.key ?? '';
      const list = out.get(user) ?? [];
      list.push(e.at);
      out.set(user, list);
    }
  return out;
}

/**
 * The counts a read_committed reader of `page-view-counts` sees, each from the moment it sees it:
 * a transactional record from the COMMIT marker its transaction wrote after it on its partition,
 * any other from its append. Simplification: the last stable offset is taken to pass a record at
 * its own transaction's marker (true here, where one producer at a time writes a partition).
 */
export function committedCounts(trace: readonly TraceEvent[], state: WorldState): VisibleCount[] {
  const markers = trace.filter(
    (e) => e.type === 'marker.written' && e.topic === OUTPUT && e.marker === 'COMMIT',
  );
  const out: VisibleCount[] = [];
  for (const r of committedRecords(state, OUTPUT)) {
    const appended = trace[r.appendedAt];
    if (appended?.type !== 'record.appended' || typeof r.record.value !== 'number') continue;
    const marker = appended.transactional
      ? markers.find(
          (m) =>
            m.type === 'marker.written' &&
            m.partition === r.partition &&
            m.offset > r.offset &&
            m.producerId === appended.producerId &&
            m.producerEpoch === appended.producerEpoch,
        )
      : appended;
    if (marker) out.push({ user: r.record.key ?? '', count: r.record.value, at: marker.at });
  }
  return out;
}

/** Each counted view's latency, ms: from its append to the first visible count of its rank. */
export function countLatencies(
  views: ReadonlyMap<string, readonly number[]>,
  visible: readonly VisibleCount[],
): number[] {
  const byTime = [...visible].sort((a, b) => a.at - b.at);
  const out: number[] = [];
  for (const [user, times] of views) {
    let highest = 0;
    for (const v of byTime) {
      if (v.user !== user || v.count <= highest) continue;
      for (let rank = highest + 1; rank <= Math.min(v.count, times.length); rank++)
        out.push(Math.max(0, v.at - times[rank - 1]!));
      highest = v.count;
    }
  }
  return out;
}

/** p50 and max of the latencies, or null when nothing was counted. */
export function latencyFigures(latencies: readonly number[]): { p50: number; max: number } | null {
  const l = latencySummary(latencies);
  return l && { p50: l.p50, max: l.max };
}
