import { recordBookOf } from '../trace/prose/record-names.ts';
import type { TraceEvent } from '../trace/events.ts';
import { firstPositionFrom, compactedAsOf, statusAsOf } from '../trace/partition-log.ts';
import { committedKey, foldTrace, type WorldState } from '../trace/state.ts';
import { getOrMake, OffsetTable } from './offset-table.ts';
import { PASS, tpName, violation, type CheckVerdict } from './verdict.ts';

/** What the trace says about one group on one partition. */
interface GroupPartition {
  group: string;
  topic: string;
  partition: number;
  /** Where the group started reading: its first positioning (or first fetch), else 0. */
  startOffset: number | null;
  /** The last committed offset. */
  committed: number;
  /** 1 where some member processed the offset. */
  processed: OffsetTable;
}

/**
 * Nothing lost: every record below a group's final committed offset on a partition, from where
 * the group first started reading it, was processed (`records.processed`) at least once by some
 * member of the group. The violation is the first `offset.committed` that moved the group past a
 * record that was never processed.
 *
 * Which records count: data records (not markers); for a group that fetched with
 * `read_committed`, not those of aborted or still-open transactions, which it never sees;
 * records compacted away by the end are skipped (the cleaner may remove a superseded value before
 * anyone reads it); records deleted by retention do count (retention outrunning a consumer is
 * loss). `final` must be `foldTrace(events)`.
 */
export function processedAtLeastOnce(
  events: readonly TraceEvent[],
  final: WorldState = foldTrace(events),
): CheckVerdict {
  const { partitions, readCommitted } = summarise(events);
  let found: CheckVerdict = PASS;
  for (const gp of partitions.values()) {
    const missing = firstUnprocessed(gp, final, readCommitted.has(gp.group));
    if (missing === null) continue;
    const at = firstCommitPast(events, gp, missing.offset);
    if (at < 0 || (!found.ok && found.index <= at)) continue;
    const committed = (events[at] as Extract<TraceEvent, { type: 'offset.committed' }>).offset;
    found = violation(
      events,
      at,
      `Group ${gp.group} committed offset ${committed} for ${tpName(gp.topic, gp.partition)}, but no member ` +
        `ever processed ${recordBookOf(events).name(missing.id, gp.topic)} at offset ${missing.offset}: it is lost.`,
    );
  }
  return found;
}

function summarise(events: readonly TraceEvent[]): {
  partitions: Map<string, GroupPartition>;
  readCommitted: Set<string>;
} {
  const partitions = new Map<string, GroupPartition>();
  const readCommitted = new Set<string>();
  const of = (group: string, topic: string, partition: number) =>
    getOrMake(partitions, committedKey(group, topic, partition), () => ({
      group,
      topic,
      partition,
      startOffset: null,
      committed: -1,
      processed: new OffsetTable(),
    }));
  // A stream-processing instance reports each record its tasks take in (`record.processed`), and
  // positions itself in its application's group: that is the group it processes for.
  const groupOf = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'records.processed') {
      const gp = of(event.group, event.topic, event.partition);
      for (const offset of event.offsets) gp.processed.set(offset, 1);
    } else if (event.type === 'record.processed' && event.instance !== undefined) {
      const group = groupOf.get(event.instance);
      if (group !== undefined)
        of(group, event.topic, event.partition).processed.set(event.offset, 1);
    } else if (event.type === 'consumer.positioned') {
      groupOf.set(event.consumer, event.group);
      const gp = of(event.group, event.topic, event.partition);
      gp.startOffset ??= event.offset;
    } else if (event.type === 'records.fetched') {
      const gp = of(event.group, event.topic, event.partition);
      gp.startOffset ??= event.fromOffset;
      if (event.isolation === 'read_committed') readCommitted.add(event.group);
    } else if (event.type === 'offset.committed') {
      of(event.group, event.topic, event.partition).committed = event.offset;
    }
  }
  return { partitions, readCommitted };
}

/** The first record the group should have processed and did not, or null. */
function firstUnprocessed(
  gp: GroupPartition,
  final: WorldState,
  readCommitted: boolean,
): { offset: number; id: number } | null {
  const p = final.topics.get(gp.topic)?.partitions[gp.partition];
  if (p === undefined) return null;
  const entries = p.log.entries;
  for (let pos = firstPositionFrom(p.log, p.count, gp.startOffset ?? 0); pos < p.count; pos++) {
    const entry = entries[pos];
    if (entry.offset >= gp.committed) break;
    if (entry.record === null || compactedAsOf(entry, final.index)) continue;
    const status = statusAsOf(entry, final.index);
    if (readCommitted && (status === 'aborted' || status === 'open')) continue;
    if (gp.processed.get(entry.offset) === 0) return { offset: entry.offset, id: entry.record.id };
  }
  return null;
}

function firstCommitPast(
  events: readonly TraceEvent[],
  gp: GroupPartition,
  offset: number,
): number {
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (
      event.type === 'offset.committed' &&
      event.offset > offset &&
      event.partition === gp.partition &&
      event.group === gp.group &&
      event.topic === gp.topic
    ) {
      return index;
    }
  }
  return -1;
}
