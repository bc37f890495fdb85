import type { TraceEvent } from '../trace/events.ts';
import { foldTrace } from '../trace/state.ts';
import {
  committedRecords,
  describeRecord,
  entryOf,
  recordIdentity,
  type CommittedRecord,
} from './streams-records.ts';
import { earliest, PASS, violation, type CheckVerdict } from './verdict.ts';

/**
 * How a run with faults must relate to the fault-free run: `exact` (exactly once: the same
 * records, each as often, in the same order per key) or `contains` (at least once: every
 * fault-free record at least as often; duplicates and other extra records are allowed).
 */
export type OutputComparison = 'exact' | 'contains';

/**
 * Exactly once (or at least once) end to end: the records a `read_committed` reader of `topic`
 * sees at the end of `faulty` (a run with faults), compared with those of `reference` (the same
 * scenario and seed without faults). Records are compared by key, value and timestamp, not by the
 * simulator's record id.
 *
 * - `exact`: the same multiset, and for every non-null key the same sequence (partition order).
 *   The violation is the `record.appended` of the first copy too many (a duplicate, or a record
 *   the reference never wrote), or of the first record out of order for its key.
 * - `contains`: every reference record appears at least as many times.
 * In both modes a missing record is reported at the last event of `faulty`, with a message that
 * names it; the earliest violation wins.
 *
 * Simplification: keyless records are compared as a multiset only (they may land in different
 * partitions in the two runs, so their relative order means nothing).
 */
export function sameCommittedOutput(
  faulty: readonly TraceEvent[],
  reference: readonly TraceEvent[],
  topic: string,
  mode: OutputComparison,
): CheckVerdict {
  const got = committedRecords(foldTrace(faulty), topic);
  const want = committedRecords(foldTrace(reference), topic);
  const wantCount = countByIdentity(want);
  let verdict = mode === 'exact' ? firstExtra(faulty, got, wantCount, topic) : PASS;
  if (mode === 'exact') verdict = earliest(verdict, firstOutOfOrder(faulty, got, want, topic));
  return earliest(verdict, firstMissing(faulty, got, want, topic));
}

function identityOf(r: CommittedRecord): string {
  return recordIdentity(r.record.key, r.record.value, r.record.timestampMs);
}

function describe(r: CommittedRecord): string {
  return describeRecord(r.record.key, r.record.value, r.record.timestampMs);
}

function countByIdentity(records: readonly CommittedRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) {
    const id = identityOf(r);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** The first copy, in append order, of a record the faulty run has more often than the reference. */
function firstExtra(
  events: readonly TraceEvent[],
  got: readonly CommittedRecord[],
  wantCount: Map<string, number>,
  topic: string,
): CheckVerdict {
  const inAppendOrder = [...got].sort((a, b) => a.appendedAt - b.appendedAt);
  const seen = new Map<string, number>();
  for (const r of inAppendOrder) {
    const id = identityOf(r);
    const copies = (seen.get(id) ?? 0) + 1;
    seen.set(id, copies);
    const allowed = wantCount.get(id) ?? 0;
    if (copies <= allowed) continue;
    const where = `${topic}-${r.partition} at offset ${r.offset}`;
    const message =
      allowed === 0
        ? `Record ${describe(r)} was written to ${where}, but the run without faults never wrote it.`
        : `Record ${describe(r)} was written to ${where} a ${ordinal(copies)} time; the run without faults wrote it ${times(allowed)}: a duplicate.`;
    return violation(events, r.appendedAt, message);
  }
  return PASS;
}

/** A reference record the faulty run has fewer copies of, reported at the end of the faulty run. */
function firstMissing(
  events: readonly TraceEvent[],
  got: readonly CommittedRecord[],
  want: readonly CommittedRecord[],
  topic: string,
): CheckVerdict {
  const gotCount = countByIdentity(got);
  const seen = new Map<string, number>();
  for (const r of want) {
    const id = identityOf(r);
    const copies = (seen.get(id) ?? 0) + 1;
    seen.set(id, copies);
    const have = gotCount.get(id) ?? 0;
    if (copies <= have) continue;
    return violation(
      events,
      Math.max(0, events.length - 1),
      `Record ${describe(r)} is missing from ${topic}: the run without faults wrote it ${times(copies)}, ` +
        `a read_committed reader of the run with faults sees it ${times(have)}.`,
    );
  }
  return PASS;
}

/** For a key whose records match as a multiset: the first faulty record out of reference order. */
function firstOutOfOrder(
  events: readonly TraceEvent[],
  got: readonly CommittedRecord[],
  want: readonly CommittedRecord[],
  topic: string,
): CheckVerdict {
  const gotByKey = byKey(got);
  const wantByKey = byKey(want);
  let verdict: CheckVerdict = PASS;
  for (const [key, mine] of gotByKey) {
    const theirs = wantByKey.get(key) ?? [];
    if (mine.length !== theirs.length) continue;
    const a = mine.map(identityOf);
    const b = theirs.map(identityOf);
    if ([...a].sort().join('\u0001') !== [...b].sort().join('\u0001')) continue;
    const i = a.findIndex((id, n) => id !== b[n]);
    if (i < 0) continue;
    const r = mine[i];
    const found = violation(
      events,
      r.appendedAt,
      `Record ${describe(r)} is record #${i + 1} of key ${key} in ${topic}, but in the run without ` +
        `faults that place holds ${describe(theirs[i])}: the order per key changed.`,
    );
    verdict = earliest(verdict, found);
  }
  return verdict;
}

function byKey(records: readonly CommittedRecord[]): Map<string, CommittedRecord[]> {
  const out = new Map<string, CommittedRecord[]>();
  for (const r of records) {
    if (r.record.key !== null) entryOf(out, r.record.key, () => []).push(r);
  }
  return out;
}

function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}

function ordinal(n: number): string {
  if (n === 2) return 'second';
  if (n === 3) return 'third';
  return `${n}th`;
}
