import type { TraceEvent } from '../trace/events.ts';
import { PASS, tpName, violation, type CheckVerdict } from './verdict.ts';

/**
 * Order per partition: offsets in each partition strictly increase in append order (records and
 * control markers alike, since a marker takes an offset), and within one idempotent producer
 * session (producer id and epoch) on one partition, sequence numbers strictly increase: a
 * sequence that goes back is a reordering, one that repeats is a retried batch appended twice.
 *
 * Simplification: a gap in sequences is not reported here (the broker refuses it with
 * OutOfOrderSequenceException, which the trace shows as `batch.rejectedOutOfOrder`); records
 * without idempotence (producer id -1) carry no sequence and are only checked for offsets.
 */
export function orderPerPartition(events: readonly TraceEvent[]): CheckVerdict {
  const lastOffset = new Map<string, number>();
  const lastSequence = new Map<string, number>();
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (event.type !== 'record.appended' && event.type !== 'marker.written') continue;
    const tp = tpName(event.topic, event.partition);
    const previous = lastOffset.get(tp);
    if (previous !== undefined && event.offset <= previous) {
      return violation(
        events,
        index,
        `Offset ${event.offset} was written to ${tp} after offset ${previous}, but offsets in a partition must only increase.`,
      );
    }
    lastOffset.set(tp, event.offset);
    if (event.type !== 'record.appended' || event.producerId < 0 || event.sequence < 0) continue;
    const session = `${tp}\u0000${event.producerId}\u0000${event.producerEpoch}`;
    const last = lastSequence.get(session);
    if (last !== undefined && event.sequence <= last) {
      const who = `Producer ${event.producer} (id ${event.producerId}, epoch ${event.producerEpoch})`;
      const message =
        event.sequence === last
          ? `${who} had sequence ${last} appended to ${tp} a second time: a retried batch was written twice.`
          : `${who} had sequence ${event.sequence} appended to ${tp} after sequence ${last}: its records were reordered.`;
      return violation(events, index, message);
    }
    lastSequence.set(session, event.sequence);
  }
  return PASS;
}
