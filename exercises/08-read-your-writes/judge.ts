import type { Json } from '../../simulator/core/types.ts';
import { eventHistory } from '../../simulator/checks/accounts-history.ts';
import { applyFold } from '../../simulator/eventsourcing/folds.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import type { CaseOutcome } from '../grader/exercise-grader.ts';
import type { FailureReason } from '../grader/types.ts';
import { clientQueries, type ClientQuery } from './client-queries.ts';
import { EVENTS_TOPIC } from './run-reads.ts';

/**
 * The requirement of exercise 08, as pure checks over a run's trace, query by query in the order
 * the clients sent them:
 * 1. no stale read: a query with a token answered with a row gets the account as the log holds it
 *    at or after the token's event — its own write included;
 * 2. prompt and bounded: a query that need not wait (its token already applied, or none) is read
 *    at once and answered with the row straight after that read; every answer comes within the
 *    client's bound;
 * 3. an answer, always: the query code neither throws nor keeps the client waiting until it gives
 *    up — when the read model is down or too far behind, the answer is "not yet".
 */

/** Time allowed for the messages between client and service, ms (2 ± 1 ms each way here). */
export const SLACK_MS = 15;

const canonical = (v: Json): string =>
  JSON.stringify(v, (_k, x: Json) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );

/** Each account's row after each of its events, with the event's offset. */
function rowsByAccount(
  trace: readonly TraceEvent[],
): Map<string, { offset: number; row: string }[]> {
  const out = new Map<string, { offset: number; row: string }[]>();
  for (const partition of eventHistory(trace, EVENTS_TOPIC)) {
    const rows = new Map<string, Json>();
    for (const h of partition) {
      const change = applyFold('balances', rows, h.event);
      if (!change) continue;
      rows.set(change.rowKey, change.row);
      const list = out.get(change.rowKey) ?? [];
      list.push({ offset: h.offset, row: canonical(change.row) });
      out.set(change.rowKey, list);
    }
  }
  return out;
}

type Problem = { reason: FailureReason; message: string; index: number | null };

function staleness(q: ClientQuery, rows: ReturnType<typeof rowsByAccount>): Problem | null {
  if (!q.token || q.answer?.outcome !== 'answered') return null;
  const { offset } = q.token;
  const history = rows.get(q.account) ?? [];
  const got = canonical(q.answer.row);
  const match = history.filter((h) => h.row === got);
  if (match.some((h) => h.offset >= offset)) return null;
  const who =
    q.answer.row === null
      ? `${q.client} got no row at all for ${q.account}`
      : `${q.client} read ${q.account} as ${got}`;
  const index = q.answer.index;
  if (match.length === 0 && q.answer.row !== null)
    return { reason: 'wrong-result', index, message: `${who}, a row the log never held for it` };
  return {
    reason: 'stale-read',
    index,
    message: `${who}: the account before ${q.client}'s own write at offset ${offset} of ${EVENTS_TOPIC}-${q.token.partition} — a stale read`,
  };
}

function slowness(q: ClientQuery, boundMs: number): Problem | null {
  const a = q.answer!;
  if (a.latencyMs > boundMs + SLACK_MS)
    return {
      reason: 'too-slow',
      index: a.index,
      message: `${q.client}'s query of ${q.account} was answered after ${a.latencyMs} ms, beyond its bound of ${boundMs} ms`,
    };
  const first = q.reads[0];
  if (!q.needNotWait || !first) return null;
  const what = `${q.client}'s query of ${q.account} need not wait (the read model had ${q.token ? 'its write' : 'nothing to wait for'}), but`;
  if (first.sentAtMs - q.sentAtMs > SLACK_MS)
    return {
      reason: 'too-slow',
      index: a.index,
      message: `${what} the first read went out ${first.sentAtMs - q.sentAtMs} ms after it was asked`,
    };
  const found = first.outcome === 'answered' && (!q.token || first.position > q.token.offset);
  if (!found || first.answeredAtMs === null) return null;
  const answeredAtMs = q.sentAtMs + a.latencyMs;
  if (a.outcome === 'notYet')
    return {
      reason: 'too-slow',
      index: a.index,
      message: `${what} the answer was "not yet" although the first read found the write applied`,
    };
  if (answeredAtMs - first.answeredAtMs > SLACK_MS)
    return {
      reason: 'too-slow',
      index: a.index,
      message: `${what} it was answered ${answeredAtMs - first.answeredAtMs} ms after a read that already had the row`,
    };
  return null;
}

function problemOf(
  q: ClientQuery,
  boundMs: number,
  rows: ReturnType<typeof rowsByAccount>,
): Problem | null {
  if (q.failed)
    return {
      reason: 'threw',
      index: q.failed.index,
      message: `The query code failed on ${q.client}'s query of ${q.account}: ${q.failed.error}`,
    };
  if (!q.answer || q.answer.outcome === 'timedOut')
    return {
      reason: 'no-answer',
      index: q.answer?.index ?? null,
      message: q.answer
        ? `${q.client}'s query of ${q.account} got no answer: the client gave up after ${q.answer.latencyMs} ms (its bound was ${boundMs} ms) — answer "not yet" instead of waiting for ever`
        : `${q.client}'s query of ${q.account} was still waiting when the run ended`,
    };
  return staleness(q, rows) ?? slowness(q, boundMs);
}

/** What the run's queries came to, for the learner: counts, and the slowest answer. */
function summary(queries: readonly ClientQuery[], problems: readonly (Problem | null)[]): Json {
  const count = (f: (q: ClientQuery, i: number) => boolean) => queries.filter(f).length;
  return {
    queries: queries.length,
    rows: count((q) => q.answer?.outcome === 'answered'),
    notYet: count((q) => q.answer?.outcome === 'notYet'),
    staleReads: count((_q, i) => problems[i]?.reason === 'stale-read'),
    unanswered: count(
      (_q, i) => problems[i]?.reason === 'no-answer' || problems[i]?.reason === 'threw',
    ),
    tooSlow: count((_q, i) => problems[i]?.reason === 'too-slow'),
  };
}

/** The outcome of a run, and the index of the event where it first broke (null: it did not). */
export function judgeReads(
  trace: readonly TraceEvent[],
  boundMs: number,
  durationMs: number,
): { outcome: CaseOutcome; violation: number | null } {
  // A query asked too close to the end of the run to be answered within its bound is not judged.
  const queries = clientQueries(trace).filter(
    (q) => q.answer !== null || q.failed !== null || q.sentAtMs + boundMs + SLACK_MS < durationMs,
  );
  const rows = rowsByAccount(trace);
  const problems = queries.map((q) => problemOf(q, boundMs, rows));
  const expected = { ...(summary(queries, []) as Record<string, Json>), rows: '—', notYet: '—' };
  const base = { expected, actual: summary(queries, problems) };
  const first = problems
    .filter((p): p is Problem => p !== null)
    .sort((a, b) => (a.index ?? Infinity) - (b.index ?? Infinity))[0];
  if (first)
    return {
      outcome: { ...base, passed: false, reason: first.reason, message: first.message },
      violation: first.index,
    };
  if (queries.length === 0)
    return {
      outcome: {
        ...base,
        passed: false,
        reason: 'not-finished',
        message: 'No client got as far as a query',
      },
      violation: null,
    };
  return {
    outcome: {
      ...base,
      passed: true,
      message: 'Every query answered within its bound, none stale, none kept waiting without need',
    },
    violation: null,
  };
}
