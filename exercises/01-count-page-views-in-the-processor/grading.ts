import { committedRecords, type CommittedRecord } from '../../simulator/checks/streams-records.ts';
import type { Json } from '../../simulator/core/types.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import { foldTrace } from '../../simulator/trace/state.ts';
import {
  caseGrader,
  type CaseOutcome,
  type CaseTrace,
  type ExerciseGrader,
} from '../grader/exercise-grader.ts';
import { sortedRecord } from '../grader/handler-exercise.ts';
import { parseJoinFaults } from '../02-join-orders-payments/run-join.ts';
import { compareWithFunction } from './compare-function.ts';
import { INPUT, OUTPUT, parseApp, runCounter } from './run-counter.ts';
import { workloadOf } from './workload.ts';

/**
 * Exercise 01, second half: count page views in the stream processor. The learner exports
 * `countPageViewsInTheProcessor()`, which returns `{ guarantee, topology }`; the topology runs as
 * the Kafka Streams application `page-view-counter` on two instances under that guarantee, on
 * exercise 01's page views. The requirement: once the run is over, the last count of each user a
 * read_committed reader of `page-view-counts` sees (key = the user, value = a number) equals the
 * number of that user's views.
 */

/** A failure found, with the index of the event that shows it (null: something missing). */
interface Failure {
  reason: NonNullable<CaseOutcome['reason']>;
  message: string;
  at: number | null;
}

/** Each user's view timestamps (CreateTime), in order. */
function viewStamps(trace: readonly TraceEvent[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const e of trace)
    if (e.type === 'record.appended' && e.topic === INPUT) {
      const list = out.get(e.record.key ?? '') ?? [];
      list.push(e.record.timestampMs);
      out.set(e.record.key ?? '', list);
    }
  return out;
}

/** The first output that is not a count of a user: another key, or a value that is no number. */
function wrongShape(outputs: readonly CommittedRecord[], users: ReadonlyMap<string, unknown>) {
  for (const out of outputs) {
    const { key, value } = out.record;
    if (key === null || !users.has(key))
      return {
        reason: 'wrong-result',
        message: `${OUTPUT} has a count for the key ${JSON.stringify(key)}, which is no user: count the views per user (the key of a view)`,
        at: out.appendedAt,
      } satisfies Failure;
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      return {
        reason: 'wrong-result',
        message: `${key}'s count came out as ${JSON.stringify(value)}: the value on ${OUTPUT} must be the count, a number`,
        at: out.appendedAt,
      } satisfies Failure;
  }
  return null;
}

/**
 * The first output whose count is more than the views of its user up to the view it counts (its
 * timestamp is that view's, as Kafka Streams stamps an aggregate's update): where a view was
 * counted twice, for the replay.
 */
function firstOverCount(outputs: readonly CommittedRecord[], stamps: Map<string, number[]>) {
  for (const out of outputs) {
    const seen = (stamps.get(out.record.key ?? '') ?? []).filter(
      (t) => t <= out.record.timestampMs,
    ).length;
    if ((out.record.value as number) > seen) return out.appendedAt;
  }
  return null;
}

/** Judge a run: the shape of the outputs, then each user's last count against its views. */
function judge(trace: readonly TraceEvent[], outputs: readonly CommittedRecord[]) {
  const stamps = viewStamps(trace);
  const last: Record<string, Json> = {};
  for (const out of outputs) last[out.record.key ?? 'null'] = out.record.value;
  const expected: Record<string, Json> = {};
  for (const [user, list] of stamps) expected[user] = list.length;
  const base = { expected: sortedRecord(expected), actual: sortedRecord(last) };
  let found: Failure | null = wrongShape(outputs, stamps);
  for (const user of [...stamps.keys()].sort()) {
    if (found) break;
    const want = stamps.get(user)!.length;
    const got = last[user];
    if (typeof got === 'number' && got > want)
      found = {
        reason: 'over-count',
        message: `${user} viewed ${want} pages but the last count on ${OUTPUT} is ${got}`,
        at: firstOverCount(outputs, stamps),
      };
    else if (got !== want)
      found = {
        reason: 'under-count',
        message:
          got === undefined
            ? `${user} viewed ${want} pages but ${OUTPUT} has no count for ${user}`
            : `${user} viewed ${want} pages but the last count on ${OUTPUT} is ${JSON.stringify(got)}`,
        at: null,
      };
  }
  if (found)
    return { ...base, passed: false, reason: found.reason, message: found.message, at: found.at };
  const views = Object.values(expected).reduce<number>((a, b) => a + (b as number), 0);
  const message = `Every view counted exactly once: ${views} views of ${stamps.size} users`;
  return { ...base, passed: true, message, at: null };
}

/** One run of a case: its outcome, and its trace with where it broke (`run` and `trace` share it). */
function runCase(
  exported: unknown,
  workload: Record<string, Json>,
  faults: readonly Json[],
  seed: number,
): { outcome: CaseOutcome; replay: CaseTrace } {
  const app = parseApp((exported as () => unknown)());
  const w = workloadOf(workload);
  const trace = runCounter(app, w, faults, seed);
  const state = foldTrace(trace);
  // In append order, so "the last count" is the newest whatever partition a learner wrote it to.
  const outputs = committedRecords(state, OUTPUT).sort((a, b) => a.appendedAt - b.appendedAt);
  const { at, ...outcome } = judge(trace, outputs);
  // The comparison runs a second simulation, so only cases that ask for it pay for it.
  const message =
    outcome.passed && workload.compare === true
      ? `${outcome.message}. ${compareWithFunction(trace, state, w, faults, seed)}`
      : outcome.message;
  return {
    outcome: { ...outcome, message },
    replay: { events: trace, durationMs: w.durationMs, violation: at },
  };
}

export const countPageViewsInTheProcessorGrader: ExerciseGrader = caseGrader({
  id: '01-count-page-views-in-the-processor',
  exportName: 'countPageViewsInTheProcessor',
  probe(exported) {
    if (typeof exported !== 'function')
      throw new TypeError(
        'countPageViewsInTheProcessor must be a function that returns { guarantee, topology }',
      );
    parseApp((exported as () => unknown)());
  },
  runCase,
  parseFaults: parseJoinFaults,
});
