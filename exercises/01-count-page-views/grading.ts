import type { Json } from '../../simulator/core/types.ts';
import { scenarioSchema } from '../../simulator/scenario/schema.ts';
import type { Handler } from '../../simulator/serverless/handler-api.ts';
import { serverlessSchema } from '../../simulator/serverless/schema.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import {
  caseGrader,
  type CaseOutcome,
  type CaseTrace,
  type ExerciseGrader,
} from '../grader/exercise-grader.ts';
import {
  learnerHandler,
  parseServerlessFaults,
  probeHandler,
  runHandlerWorld,
  sortedRecord,
  type HandlerSource,
} from '../grader/handler-exercise.ts';

/**
 * Exercise 01: count page views exactly once. The scenario: a producer of page views (key = user)
 * on `views`, a trigger (batches of up to `batchSize`), the learner's handler as function
 * `counter`, and a database with the tables `pageViewCounts` and `processedEvents`. The
 * requirement: once the trigger has finished the topic, `pageViewCounts[user].count` equals the
 * number of views of each user.
 */

const FUNCTION = 'counter';
const TABLE = 'pageViewCounts';

interface Workload {
  views: number;
  users: string[];
  partitions: number;
  intervalMs: number;
  batchSize: number;
  durationMs: number;
}

function workloadOf(raw: Record<string, Json>): Workload {
  const num = (k: string, d: number) => (typeof raw[k] === 'number' ? raw[k] : d);
  const users = Array.isArray(raw.users) ? raw.users.map(String) : ['ann', 'bob', 'cy'];
  return {
    views: num('views', 12),
    users,
    partitions: num('partitions', 2),
    intervalMs: num('intervalMs', 20),
    batchSize: num('batchSize', 5),
    durationMs: num('durationMs', 15_000),
  };
}

/** Run the scenario with `handler`; the views per user, the counts, and whether it finished. */
export function runPageViews(
  handler: Handler | HandlerSource,
  raw: Record<string, Json>,
  faults: readonly Json[],
  seed: number,
) {
  const w = workloadOf(raw);
  const scenario = scenarioSchema.parse({
    name: 'count page views',
    seed,
    durationMs: w.durationMs,
    topics: [{ name: 'views', partitions: w.partitions }],
    producers: [
      {
        id: 'site',
        workload: {
          generators: [
            {
              topic: 'views',
              count: w.views,
              intervalMs: w.intervalMs,
              keys: w.users,
              valueKind: 'pageView',
            },
          ],
        },
      },
    ],
  });
  const config = serverlessSchema.parse({
    database: { tables: [{ name: TABLE }, { name: 'processedEvents' }] },
    functions: [
      { name: FUNCTION, handler: 'countPageViewsNaive', dbClient: { requestTimeoutMs: 200 } },
    ],
    triggers: [
      { function: FUNCTION, topic: 'views', batchSize: w.batchSize, maximumBatchingWindowMs: 100 },
    ],
  });
  const { trace, handles } = runHandlerWorld(scenario, config, FUNCTION, handler, faults);
  const views: Record<string, number> = {};
  const ends = new Array<number>(w.partitions).fill(0);
  const committed = new Array<number>(w.partitions).fill(0);
  let lastError = '';
  for (const e of trace) {
    if (e.type === 'record.appended' && e.topic === 'views') {
      const user = e.record.key ?? '';
      views[user] = (views[user] ?? 0) + 1;
      ends[e.partition] = Math.max(ends[e.partition] ?? 0, e.offset + 1);
    } else if (e.type === 'offset.committed' && e.topic === 'views') {
      committed[e.partition] = e.offset;
    } else if (e.type === 'function.failed' && e.reason === 'error') {
      lastError = e.error;
    }
  }
  const counts: Record<string, Json> = {};
  for (const row of handles.database.store.dump(TABLE)) counts[row.key] = row.item.count ?? null;
  const finished = ends.every((end, p) => committed[p] === end);
  return { views, counts, finished, lastError, trace, durationMs: w.durationMs };
}

/**
 * The index of the database write that first made a user's count exceed the views of that user
 * appended so far: the first visibly double-counted view. An under-count is something missing at
 * the end, so it has no such event (null).
 */
export function firstOverCount(trace: readonly TraceEvent[]): number | null {
  const appended: Record<string, number> = {};
  for (const [i, e] of trace.entries()) {
    if (e.type === 'record.appended' && e.topic === 'views') {
      const user = e.record.key ?? '';
      appended[user] = (appended[user] ?? 0) + 1;
    } else if (e.type === 'db.written' && e.table === TABLE) {
      const count = (e.item as { count?: Json } | null)?.count;
      if (typeof count === 'number' && count > (appended[e.key] ?? 0)) return i;
    }
  }
  return null;
}

function outcomeOf(run: ReturnType<typeof runPageViews>): CaseOutcome {
  const expected = sortedRecord(run.views);
  const actual = sortedRecord(run.counts);
  const base = { expected, actual };
  const users = [...new Set([...Object.keys(run.views), ...Object.keys(run.counts)])].sort();
  for (const user of users) {
    const want = run.views[user] ?? 0;
    const got = run.counts[user];
    if (got !== undefined && got !== null && typeof got !== 'number')
      return {
        ...base,
        passed: false,
        reason: 'wrong-result',
        message: `${user}'s count is ${typeof got === 'object' ? 'an' : 'a'} ${typeof got}, not a number (a JSON number is what the table holds)`,
      };
    if (typeof got === 'number' && got > want)
      return {
        ...base,
        passed: false,
        reason: 'over-count',
        message: `${user} viewed ${want} pages but was counted ${got} times`,
      };
    if (got !== want && (typeof got !== 'number' || got < want)) {
      if (run.lastError !== '')
        return {
          ...base,
          passed: false,
          reason: 'threw',
          message: `The handler threw: ${run.lastError}`,
        };
      if (!run.finished)
        return {
          ...base,
          passed: false,
          reason: 'not-finished',
          message: 'The trigger never finished the topic: some batch kept failing',
        };
      return {
        ...base,
        passed: false,
        reason: 'under-count',
        message: `${user} viewed ${want} pages but was counted ${String(got ?? 0)} times`,
      };
    }
  }
  if (!run.finished)
    return {
      ...base,
      passed: false,
      reason: 'not-finished',
      message: 'The trigger never finished the topic: some batch kept failing',
    };
  return { ...base, passed: true, message: 'Every view counted exactly once' };
}

/** One run of a case: its outcome, and its trace with where it broke (`run` and `trace` share it). */
function runCase(
  exported: unknown,
  workload: Record<string, Json>,
  faults: readonly Json[],
  seed: number,
  instantiate?: () => unknown,
): { outcome: CaseOutcome; replay: CaseTrace } {
  const learner = learnerHandler(FUNCTION, exported, instantiate);
  const run = runPageViews(learner, workload, faults, seed);
  const outcome = outcomeOf(run);
  const violation = outcome.passed ? null : firstOverCount(run.trace);
  return {
    outcome,
    replay: { events: run.trace, durationMs: run.durationMs, violation },
  };
}

export const countPageViewsGrader: ExerciseGrader = caseGrader({
  id: '01-count-page-views',
  exportName: 'countPageViews',
  probe(exported) {
    probeHandler(exported, 'countPageViews', FUNCTION);
  },
  runCase,
  parseFaults: parseServerlessFaults,
});
