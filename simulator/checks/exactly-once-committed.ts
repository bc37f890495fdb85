import type { TraceEvent } from '../trace/events.ts';
import { positionOf, statusAsOf, type LogEntry } from '../trace/partition-log.ts';
import { foldTrace, lastStableOffset, type WorldState } from '../trace/state.ts';
import { capitalised, recordBookOf, type RecordBook } from '../trace/prose/record-names.ts';
import { earliest, PASS, tpName, violation, type CheckVerdict } from './verdict.ts';

/** Where a record id is visible to `read_committed` readers of one topic at the end. */
export interface Copies {
  /** The entries with that id, in append order (only the first two matter). */
  first: LogEntry;
  firstPartition: number;
  second: LogEntry | null;
  secondPartition: number;
}

/**
 * Exactly once, for what producers were promised: every record id committed in a transaction
 * (`txn.committed.recordIds`) and every record id of an acknowledged non-transactional batch
 * (`batch.acknowledged.recordIds`) is visible exactly once to a `read_committed` reader of its
 * topic at the end of the run. Reports the earliest of: the `record.appended` of a second visible
 * copy of any record id in a topic, and the commit or acknowledgement of a record that is not
 * visible.
 *
 * Simplifications: a record's topic is the one it was appended to (by the same producer id, for
 * transactions); records removed by retention or compaction still count as visible (cleaning a
 * log is not losing or duplicating a record); internal topics (changelogs and the like, whose
 * records may legitimately repeat an id) are not checked; an acknowledged batch is transactional
 * when the record at its base offset is.
 *
 * `final` must be `foldTrace(events)`; pass it when several checks run over one trace.
 */
export function exactlyOnceCommitted(
  events: readonly TraceEvent[],
  final: WorldState = foldTrace(events),
): CheckVerdict {
  const visible = visibleCopies(final);
  const book = recordBookOf(events);
  const found = firstDuplicate(events, visible, book);
  let appended: TransactionalAppends | null = null;
  for (let index = 0; index < events.length; index++) {
    if (!found.ok && found.index < index) break;
    const event = events[index];
    if (event.type === 'txn.committed') {
      appended ??= transactionalAppends(final);
      const message = missingFromCommit(event, appended, visible, book);
      if (message !== null) return earliest(found, violation(events, index, message));
    } else if (event.type === 'batch.acknowledged') {
      const message = missingFromAck(event, final, visible, book);
      if (message !== null) return earliest(found, violation(events, index, message));
    }
  }
  return found.ok ? PASS : found;
}

/** Per non-internal topic, per record id, the copies a `read_committed` reader sees at the end. */
export function visibleCopies(final: WorldState): Map<string, Map<number, Copies>> {
  const byTopic = new Map<string, Map<number, Copies>>();
  for (const topic of final.topics.values()) {
    if (topic.internal) continue;
    const copies = new Map<number, Copies>();
    byTopic.set(topic.name, copies);
    for (const p of topic.partitions) {
      const lso = lastStableOffset(p);
      for (let pos = 0; pos < p.count; pos++) {
        const entry = p.log.entries[pos];
        if (entry.offset >= lso) break;
        if (entry.record === null) continue;
        const status = statusAsOf(entry, final.index);
        if (status === 'aborted' || status === 'open') continue;
        addCopy(copies, entry, p.partition);
      }
    }
  }
  return byTopic;
}

function addCopy(copies: Map<number, Copies>, entry: LogEntry, partition: number): void {
  const id = entry.record!.id;
  const have = copies.get(id);
  if (have === undefined) {
    copies.set(id, { first: entry, firstPartition: partition, second: null, secondPartition: -1 });
    return;
  }
  // Keep the two earliest appends (partitions are walked one after another, not in trace order).
  if (entry.appendedAt < have.first.appendedAt) {
    have.second = have.first;
    have.secondPartition = have.firstPartition;
    have.first = entry;
    have.firstPartition = partition;
  } else if (have.second === null || entry.appendedAt < have.second.appendedAt) {
    have.second = entry;
    have.secondPartition = partition;
  }
}

function firstDuplicate(
  events: readonly TraceEvent[],
  visible: Map<string, Map<number, Copies>>,
  book: RecordBook,
): CheckVerdict {
  let found: CheckVerdict = PASS;
  for (const [topic, copies] of visible) {
    for (const [id, c] of copies) {
      if (c.second === null || (!found.ok && found.index <= c.second.appendedAt)) continue;
      const message =
        `${capitalised(book.name(id, topic))} was appended a second time to ${tpName(topic, c.secondPartition)} at offset ` +
        `${c.second.offset} (the first copy is at offset ${c.first.offset} of ` +
        `${tpName(topic, c.firstPartition)}), and read_committed readers see both copies.`;
      found = violation(events, c.second.appendedAt, message);
    }
  }
  return found;
}

/** Producer id → record id → the topics its transactional records with that id went to. */
type TransactionalAppends = Map<number, Map<number, string[]>>;

function transactionalAppends(final: WorldState): TransactionalAppends {
  const byProducer: TransactionalAppends = new Map();
  for (const topic of final.topics.values()) {
    for (const p of topic.partitions) {
      for (let pos = 0; pos < p.count; pos++) {
        const entry = p.log.entries[pos];
        if (!entry.transactional || entry.record === null) continue;
        let ids = byProducer.get(entry.producerId);
        if (ids === undefined) {
          ids = new Map();
          byProducer.set(entry.producerId, ids);
        }
        const topics = ids.get(entry.record.id);
        if (topics === undefined) ids.set(entry.record.id, [topic.name]);
        else if (!topics.includes(topic.name)) topics.push(topic.name);
      }
    }
  }
  return byProducer;
}

function missingFromCommit(
  event: Extract<TraceEvent, { type: 'txn.committed' }>,
  appended: TransactionalAppends,
  visible: Map<string, Map<number, Copies>>,
  book: RecordBook,
): string | null {
  const ids = appended.get(event.producerId);
  for (const id of event.recordIds) {
    const topics = ids?.get(id);
    if (topics === undefined) {
      return `${capitalised(book.name(id))} was committed in transaction ${event.transactionalId} but was never appended to any topic.`;
    }
    for (const topic of topics) {
      const copies = visible.get(topic);
      if (copies !== undefined && !copies.has(id)) {
        return `${capitalised(book.name(id, topic))} was committed in transaction ${event.transactionalId}, but a read_committed reader of ${topic} never sees it.`;
      }
    }
  }
  return null;
}

function missingFromAck(
  event: Extract<TraceEvent, { type: 'batch.acknowledged' }>,
  final: WorldState,
  visible: Map<string, Map<number, Copies>>,
  book: RecordBook,
): string | null {
  const copies = visible.get(event.topic);
  if (copies === undefined) return null;
  const p = final.topics.get(event.topic)?.partitions[event.partition];
  if (p !== undefined) {
    const pos = positionOf(p.log, p.count, event.baseOffset);
    if (pos >= 0 && p.log.entries[pos].transactional) return null;
  }
  for (const id of event.recordIds) {
    if (!copies.has(id)) {
      return `Producer ${event.producer} was told ${book.name(id, event.topic)} is stored in ${tpName(event.topic, event.partition)}, but a read_committed reader never sees it.`;
    }
  }
  return null;
}
