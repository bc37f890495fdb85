import { recordBookOf } from '../trace/prose/record-names.ts';
import type { EventOf, TraceEvent } from '../trace/events.ts';
import { firstPositionFrom, positionOf, statusAsOf } from '../trace/partition-log.ts';
import { foldTrace, type PartitionState, type WorldState } from '../trace/state.ts';
import { earliest, PASS, tpName, violation, type CheckVerdict } from './verdict.ts';

/**
 * Nothing from an aborted transaction reaches a `read_committed` reader:
 * - no `records.fetched` with isolation `read_committed` returns a record that an ABORT marker
 *   resolved (it returned more copies of a record id than the non-aborted records of the fetched
 *   range hold: a retry of the same record in a later, committed transaction is fine);
 * - no record appended in a transaction the coordinator reported aborted (`txn.aborted`, also
 *   when the producer was fenced) ends up committed: the COMMIT marker that resolved it is the
 *   violation.
 *
 * Simplification: a transactional record belongs to the latest `txn.begun` of its producer id
 * before it (a zombie's late write with an old epoch would be attributed to the newer
 * transaction; the broker fences such writes, so the engine should never append one).
 *
 * `final` must be `foldTrace(events)`.
 */
export function nothingFromAborted(
  events: readonly TraceEvent[],
  final: WorldState = foldTrace(events),
): CheckVerdict {
  return earliest(abortedRecordFetched(events, final), abortedTransactionCommitted(events, final));
}

function abortedRecordFetched(events: readonly TraceEvent[], final: WorldState): CheckVerdict {
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (event.type !== 'records.fetched' || event.isolation !== 'read_committed') continue;
    const p = final.topics.get(event.topic)?.partitions[event.partition];
    if (p === undefined) continue;
    const id = abortedIdReturned(event, p, final.index);
    if (id === null) continue;
    return violation(
      events,
      index,
      `Consumer ${event.consumer} reads with read_committed but was handed ${recordBookOf(events).name(id, event.topic)} ` +
        `from ${tpName(event.topic, event.partition)}, which was written in an aborted transaction.`,
    );
  }
  return PASS;
}

/** The id of a record from an aborted transaction that the fetch returned, or null. */
function abortedIdReturned(
  event: EventOf<'records.fetched'>,
  p: PartitionState,
  finalIndex: number,
): number | null {
  const entries = p.log.entries;
  const start = firstPositionFrom(p.log, p.count, event.fromOffset);
  let end = start;
  let anyAborted = false;
  for (; end < p.count && entries[end].offset < event.nextOffset; end++) {
    if (entries[end].record !== null && statusAsOf(entries[end], finalIndex) === 'aborted') {
      anyAborted = true;
    }
  }
  if (!anyAborted) return null;
  // A record id is returned legitimately as often as the range holds non-aborted copies of it.
  const surplus = new Map<number, number>();
  for (const id of event.recordIds) surplus.set(id, (surplus.get(id) ?? 0) + 1);
  for (let pos = start; pos < end; pos++) {
    const entry = entries[pos];
    if (entry.record === null || statusAsOf(entry, finalIndex) === 'aborted') continue;
    const id = entry.record.id;
    if (surplus.has(id)) surplus.set(id, surplus.get(id)! - 1);
  }
  for (let pos = start; pos < end; pos++) {
    const entry = entries[pos];
    if (entry.record === null || statusAsOf(entry, finalIndex) !== 'aborted') continue;
    if ((surplus.get(entry.record.id) ?? 0) > 0) return entry.record.id;
  }
  return null;
}

function abortedTransactionCommitted(
  events: readonly TraceEvent[],
  final: WorldState,
): CheckVerdict {
  const current = new Map<number, number[]>();
  const aborted: { appends: number[]; abortIndex: number }[] = [];
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (event.type === 'txn.begun') current.set(event.producerId, []);
    else if (event.type === 'record.appended' && event.transactional) {
      current.get(event.producerId)?.push(index);
    } else if (event.type === 'txn.aborted') {
      const appends = current.get(event.producerId);
      if (appends !== undefined) aborted.push({ appends, abortIndex: index });
      current.delete(event.producerId);
    } else if (event.type === 'txn.committed') current.delete(event.producerId);
  }
  let found: CheckVerdict = PASS;
  for (const { appends, abortIndex } of aborted) {
    for (const appendIndex of appends) {
      const append = events[appendIndex] as EventOf<'record.appended'>;
      const p = final.topics.get(append.topic)?.partitions[append.partition];
      if (p === undefined) continue;
      const pos = positionOf(p.log, p.count, append.offset);
      if (pos < 0) continue;
      const entry = p.log.entries[pos];
      if (statusAsOf(entry, final.index) !== 'committed') continue;
      if (!found.ok && found.index <= entry.resolvedAt) continue;
      found = violation(
        events,
        entry.resolvedAt,
        `A COMMIT marker in ${tpName(append.topic, append.partition)} made record ` +
          `${append.record.id} visible, although its transaction (producer id ` +
          `${append.producerId}) was aborted at event #${abortIndex}.`,
      );
    }
  }
  return found;
}
