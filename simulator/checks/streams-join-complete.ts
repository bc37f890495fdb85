import type { Json } from '../core/types.ts';
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

/** A stream-stream join with the built-in "pair" joiner (`{ left, right }`), as the check sees it. */
export interface JoinCompleteOptions {
  /** The left input topic. */
  left: string;
  /** The right input topic. */
  right: string;
  /** The topic the join results are written to. */
  output: string;
  /** JoinWindows' before: how far before a left record a right record may be, ms. */
  beforeMs: number;
  /** JoinWindows' after: how far after a left record a right record may be, ms. */
  afterMs: number;
  /** The join: inner, left or outer (which sides may come out null-joined). */
  kind: 'inner' | 'left' | 'outer';
}

/** One input record, with its key and timestamp: what a pair is made of. */
interface Input {
  value: Json;
  timestampMs: number;
}

/**
 * Join completeness, for a windowed stream-stream join with the "pair" joiner, over what
 * `read_committed` readers see at the end of the run:
 * - every pair of a left and a right record with the same (non-null) key and
 *   `-beforeMs <= t(right) - t(left) <= afterMs` (Kafka's `JoinWindows`, bounds inclusive) comes
 *   out exactly once, as `{ left, right }` with timestamp max(t(left), t(right)) — unless one of
 *   the two was dropped as late (a `record.droppedLate` naming its key and timestamp);
 * - nothing else comes out, except, for a left (outer) join, a left (or right) record joined with
 *   null, at most once per such input record, and only if it has no partner in the window or was
 *   emitted at once as `late` (`join.nonMatchEmitted`, KIP-633's out-of-order case).
 * The violation is the `record.appended` of the first output copy too many or not allowed; a
 * pair that never comes out is reported at the last event, with a message naming it.
 *
 * Simplifications: inputs and outputs are compared by key, value and timestamp (two identical
 * input records make two pairs); a late drop excuses every record with that key and timestamp;
 * null-joined results are allowed but not required (they wait for stream time to pass the
 * window's end plus grace, which a run may not reach).
 */
export function joinComplete(
  events: readonly TraceEvent[],
  options: JoinCompleteOptions,
): CheckVerdict {
  const final = foldTrace(events);
  const late = lateRecords(events);
  const lefts = inputsByKey(committedRecords(final, options.left));
  const rights = inputsByKey(committedRecords(final, options.right));
  const expected = expectedPairs(lefts, rights, options, late);
  const nullJoined = allowedNullJoins(events, lefts, rights, options);
  const outputs = [...committedRecords(final, options.output)].sort(
    (a, b) => a.appendedAt - b.appendedAt,
  );
  const seen = new Map<string, number>();
  let verdict: CheckVerdict = PASS;
  for (const out of outputs) {
    const message = judgeOutput(out, expected, nullJoined, seen, options);
    if (message !== null) {
      verdict = violation(events, out.appendedAt, message);
      break;
    }
  }
  return earliest(verdict, firstMissingPair(events, expected, seen, options.output));
}

/** Keys and timestamps of records some processor dropped as late. */
function lateRecords(events: readonly TraceEvent[]): Set<string> {
  const late = new Set<string>();
  for (const e of events) {
    if (e.type === 'record.droppedLate') late.add(`${e.key}\u0000${e.timestampMs}`);
  }
  return late;
}

function inputsByKey(records: readonly CommittedRecord[]): Map<string, Input[]> {
  const byKey = new Map<string, Input[]>();
  for (const r of records) {
    if (r.record.key === null || r.record.value === null) continue;
    entryOf(byKey, r.record.key, () => []).push({
      value: r.record.value,
      timestampMs: r.record.timestampMs,
    });
  }
  return byKey;
}

function inWindow(l: Input, r: Input, options: JoinCompleteOptions): boolean {
  const d = r.timestampMs - l.timestampMs;
  return -options.beforeMs <= d && d <= options.afterMs;
}

/** Identity of each expected `{left, right}` result → how many times it must come out. */
function expectedPairs(
  lefts: Map<string, Input[]>,
  rights: Map<string, Input[]>,
  options: JoinCompleteOptions,
  late: Set<string>,
): Map<string, { count: number; text: string }> {
  const expected = new Map<string, { count: number; text: string }>();
  for (const [key, ls] of lefts) {
    const rs = rights.get(key) ?? [];
    for (const l of ls) {
      if (late.has(`${key}\u0000${l.timestampMs}`)) continue;
      for (const r of rs) {
        if (!inWindow(l, r, options) || late.has(`${key}\u0000${r.timestampMs}`)) continue;
        const value = { left: l.value, right: r.value };
        const ts = Math.max(l.timestampMs, r.timestampMs);
        const entry = entryOf(expected, recordIdentity(key, value, ts), () => ({
          count: 0,
          text: describeRecord(key, value, ts),
        }));
        entry.count++;
      }
    }
  }
  return expected;
}

/**
 * Identity of each null-joined result the join kind allows → how many times at most: one per
 * input record of an outer side that has no partner in the window, or that the join emitted at
 * once as late.
 */
function allowedNullJoins(
  events: readonly TraceEvent[],
  lefts: Map<string, Input[]>,
  rights: Map<string, Input[]>,
  options: JoinCompleteOptions,
): Map<string, number> {
  const allowed = new Map<string, number>();
  const lateEmitted = new Set<string>();
  for (const e of events) {
    if (e.type === 'join.nonMatchEmitted' && (e.reason === 'late' || e.reason === 'nullKey')) {
      lateEmitted.add(`${e.side}\u0000${recordIdentity(e.key, e.value, e.timestampMs)}`);
    }
  }
  const add = (
    side: 'left' | 'right',
    mine: Map<string, Input[]>,
    theirs: Map<string, Input[]>,
  ) => {
    for (const [key, records] of mine) {
      for (const x of records) {
        const partnered = (theirs.get(key) ?? []).some((y) =>
          side === 'left' ? inWindow(x, y, options) : inWindow(y, x, options),
        );
        const early = lateEmitted.has(
          `${side}\u0000${recordIdentity(key, x.value, x.timestampMs)}`,
        );
        if (partnered && !early) continue;
        const value =
          side === 'left' ? { left: x.value, right: null } : { left: null, right: x.value };
        const id = recordIdentity(key, value, x.timestampMs);
        allowed.set(id, (allowed.get(id) ?? 0) + 1);
      }
    }
  };
  if (options.kind !== 'inner') add('left', lefts, rights);
  if (options.kind === 'outer') add('right', rights, lefts);
  return allowed;
}

/** Why one output record is one too many or not a join result at all, or null if it is fine. */
function judgeOutput(
  out: CommittedRecord,
  expected: Map<string, { count: number; text: string }>,
  nullJoined: Map<string, number>,
  seen: Map<string, number>,
  options: JoinCompleteOptions,
): string | null {
  const { key, value, timestampMs } = out.record;
  const text = describeRecord(key, value, timestampMs);
  const where = `${options.output}-${out.partition} at offset ${out.offset}`;
  if (!isPair(value)) return `Output ${text} at ${where} is not a { left, right } pair.`;
  const id = recordIdentity(key, value, timestampMs);
  const copies = (seen.get(id) ?? 0) + 1;
  seen.set(id, copies);
  if (value.left !== null && value.right !== null) {
    const want = expected.get(id)?.count ?? 0;
    if (copies <= want) return null;
    return want === 0
      ? `Output ${text} at ${where} joins no left and right records of key ${key} within the window.`
      : `Output ${text} at ${where} is that pair's ${copies === 2 ? 'second' : `${copies}th`} copy: it must be joined exactly once.`;
  }
  const side = value.left === null ? 'right' : 'left';
  if (options.kind === 'inner' || (side === 'right' && options.kind === 'left')) {
    return `Output ${text} at ${where} has no ${side === 'left' ? 'right' : 'left'} side, which ${options.kind === 'inner' ? 'an inner' : 'a left'} join never emits.`;
  }
  if (copies <= (nullJoined.get(id) ?? 0)) return null;
  return `Output ${text} at ${where} joins a ${side} record with null, but that record has a partner in the window (or was already null-joined).`;
}

function isPair(value: Json): value is { left: Json; right: Json } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    'left' in value &&
    'right' in value &&
    (value.left !== null || value.right !== null)
  );
}

function firstMissingPair(
  events: readonly TraceEvent[],
  expected: Map<string, { count: number; text: string }>,
  seen: Map<string, number>,
  output: string,
): CheckVerdict {
  for (const [id, { count, text }] of expected) {
    const have = seen.get(id) ?? 0;
    if (have >= count) continue;
    return violation(
      events,
      Math.max(0, events.length - 1),
      `The pair ${text} is in the join window but ${output} has it ${have === 0 ? 'never' : `${have} of ${count} times`}: a join result is missing.`,
    );
  }
  return PASS;
}
