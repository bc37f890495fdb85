import { recordBookOf } from '../trace/prose/record-names.ts';
import type { TraceEvent } from '../trace/events.ts';
import { committedKey } from '../trace/state.ts';
import { getOrMake, OffsetTable } from './offset-table.ts';
import { PASS, tpName, violation, type CheckVerdict } from './verdict.ts';

/**
 * At most once per group: no group processes (`records.processed`) the record at one offset of a
 * partition twice, by the same member or by two. The violation is the second processing; the
 * message names the first.
 */
export function processedAtMostOnce(events: readonly TraceEvent[]): CheckVerdict {
  // Per group and partition: 1 + the index of the event that first processed each offset.
  const firstSeen = new Map<string, OffsetTable>();
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (event.type !== 'records.processed') continue;
    const table = getOrMake(
      firstSeen,
      committedKey(event.group, event.topic, event.partition),
      () => new OffsetTable(),
    );
    for (let i = 0; i < event.offsets.length; i++) {
      const offset = event.offsets[i];
      const first = table.get(offset) - 1;
      if (first < 0) {
        table.set(offset, index + 1);
        continue;
      }
      const earlier = events[first] as Extract<TraceEvent, { type: 'records.processed' }>;
      return violation(
        events,
        index,
        `Group ${event.group} processed ${recordBookOf(events).name(event.recordIds[i], event.topic)} at offset ${offset} of ${tpName(event.topic, event.partition)} ` +
          `a second time (by ${event.consumer}; ${earlier.consumer} had processed it at event #${first}).`,
      );
    }
  }
  return PASS;
}
