import type { TraceEvent } from '../simulator/trace/events.ts';
import { readCommittedView } from '../simulator/trace/state-views.ts';
import { foldTrace } from '../simulator/trace/state.ts';

/** The values of `account-events` a read_committed reader could read after the first `index` events, partition by partition. */
export function readModelCommitted(events: readonly TraceEvent[], index: number): unknown[] {
  const state = foldTrace(events, index);
  return readCommittedView(state, 'account-events').flatMap((p) =>
    p.records.map((r) => r.record.value),
  );
}
