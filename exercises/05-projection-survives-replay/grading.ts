import type { Json } from '../../simulator/core/types.ts';
import { balanceChange, type AccountEvent } from '../../simulator/eventsourcing/domain.ts';
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
import type { FailureReason } from '../grader/types.ts';

/**
 * Exercise 05: a projection that survives replay. The bank accounts' events (chapter 6's domain)
 * are on `account-events`, keyed by account. The learner's handler, function `projector`, folds
 * them into the table `balances` (item `{balance, events}` per account, and whatever else it keeps
 * there). The trigger delivers at least once; with `replay`, a second event source mapping reads
 * the topic again from offset zero into the same table (a rebuild over a live read model). The
 * requirement, once every mapping has finished the topic: each account's row has the `balance`
 * and `events` of the fold of its events, each applied once.
 */

const FUNCTION = 'projector';
const TABLE = 'balances';
const TOPIC = 'account-events';

interface Workload {
  events: number;
  accounts: string[];
  partitions: number;
  intervalMs: number;
  batchSize: number;
  replay: boolean;
  durationMs: number;
}

function workloadOf(raw: Record<string, Json>): Workload {
  const num = (k: string, d: number) => (typeof raw[k] === 'number' ? raw[k] : d);
  return {
    events: num('events', 16),
    accounts: Array.isArray(raw.accounts) ? raw.accounts.map(String) : ['a1', 'a2', 'a3'],
    partitions: num('partitions', 2),
    intervalMs: num('intervalMs', 20),
    batchSize: num('batchSize', 4),
    replay: raw.replay === true,
    durationMs: num('durationMs', 15_000),
  };
}

/** The history: each account opened first, then deposits and smaller withdrawals, round robin. */
export function historyOf(w: Pick<Workload, 'events' | 'accounts'>): AccountEvent[] {
  const out: AccountEvent[] = [];
  for (let i = 0; i < w.events; i++) {
    const account = w.accounts[i % w.accounts.length];
    const commandId = `c${i + 1}`;
    if (i < w.accounts.length) out.push({ type: 'AccountOpened', account, commandId });
    else if (Math.floor(i / w.accounts.length) % 3 === 2)
      out.push({ type: 'MoneyWithdrawn', account, commandId, amount: 1 });
    else out.push({ type: 'MoneyDeposited', account, commandId, amount: 5 + (i % 4) });
  }
  return out;
}

/** Run the scenario with `handler`: the fold of the log per account, the table, whether it finished. */
export function runProjection(
  handler: Handler | HandlerSource,
  raw: Record<string, Json>,
  faults: readonly Json[],
  seed: number,
) {
  const w = workloadOf(raw);
  const history = historyOf(w);
  const scenario = scenarioSchema.parse({
    name: 'a projection that survives replay',
    seed,
    durationMs: w.durationMs,
    topics: [{ name: TOPIC, partitions: w.partitions }],
    producers: [
      {
        id: 'bank',
        workload: {
          records: history.map((value, i) => ({
            atMs: i * w.intervalMs,
            topic: TOPIC,
            key: value.account,
            value,
          })),
        },
      },
    ],
  });
  const trigger = (id: string, batchSize: number) => ({
    id,
    function: FUNCTION,
    topic: TOPIC,
    batchSize,
    maximumBatchingWindowMs: 100,
  });
  const config = serverlessSchema.parse({
    database: { tables: [{ name: TABLE }, { name: 'positions' }] },
    functions: [
      { name: FUNCTION, handler: 'countPageViewsNaive', dbClient: { requestTimeoutMs: 200 } },
    ],
    // The replay reads in larger batches: it is not in step with the live mapping, as a rebuild is not.
    triggers: w.replay
      ? [trigger('esm-live', w.batchSize), trigger('esm-replay', w.batchSize + 3)]
      : [trigger('esm-live', w.batchSize)],
  });
  const { trace, handles } = runHandlerWorld(scenario, config, FUNCTION, handler, faults);
  const expected: Record<string, Json> = {};
  for (const e of history) {
    const before = (expected[e.account] as { balance: number; events: number } | undefined) ?? {
      balance: 0,
      events: 0,
    };
    expected[e.account] = { balance: before.balance + balanceChange(e), events: before.events + 1 };
  }
  const actual: Record<string, Json> = {};
  for (const row of handles.database.store.dump(TABLE))
    actual[row.key] = { balance: row.item.balance ?? null, events: row.item.events ?? null };
  const groups = w.replay ? ['esm-live', 'esm-replay'] : ['esm-live'];
  const ends = new Array<number>(w.partitions).fill(0);
  const committed = new Map<string, number>();
  let lastError = '';
  for (const e of trace) {
    if (e.type === 'record.appended' && e.topic === TOPIC)
      ends[e.partition] = Math.max(ends[e.partition], e.offset + 1);
    else if (e.type === 'offset.committed' && e.topic === TOPIC)
      committed.set(`${e.group}/${e.partition}`, e.offset);
    else if (e.type === 'function.failed' && e.reason === 'error') lastError = e.error;
  }
  const finished = groups.every((g) =>
    ends.every((end, p) => (committed.get(`${g}/${p}`) ?? 0) === end),
  );
  return { expected, actual, finished, lastError, trace, durationMs: w.durationMs };
}

/** The first write to `balances` whose `events` exceeds the events of that account appended so far. */
export function firstOverCount(trace: readonly TraceEvent[]): number | null {
  const appended: Record<string, number> = {};
  for (const [i, e] of trace.entries()) {
    if (e.type === 'record.appended' && e.topic === TOPIC)
      appended[e.record.key ?? ''] = (appended[e.record.key ?? ''] ?? 0) + 1;
    else if (e.type === 'db.written' && e.table === TABLE) {
      const events = (e.item as { events?: Json } | null)?.events;
      if (typeof events === 'number' && events > (appended[e.key] ?? 0)) return i;
    }
  }
  return null;
}

function outcomeOf(run: ReturnType<typeof runProjection>): CaseOutcome {
  const base = { expected: sortedRecord(run.expected), actual: sortedRecord(run.actual) };
  const fail = (reason: FailureReason, message: string): CaseOutcome => ({
    ...base,
    passed: false,
    reason,
    message,
  });
  for (const account of Object.keys(run.expected).sort()) {
    const want = run.expected[account] as { balance: number; events: number };
    const got = run.actual[account] as { balance: Json; events: Json } | undefined;
    if (got && typeof got.events === 'number' && got.events > want.events)
      return fail(
        'over-count',
        `${account} has ${got.events} events applied, but the log holds ${want.events}: an event was applied twice`,
      );
    if (!got || got.events !== want.events || got.balance !== want.balance) {
      if (run.lastError !== '') return fail('threw', `The handler threw: ${run.lastError}`);
      if (!run.finished)
        return fail('not-finished', 'A mapping never finished the topic: some batch kept failing');
      return fail(
        'wrong-result',
        `${account} is ${JSON.stringify(got ?? null)}, but the fold of its events is ${JSON.stringify(want)}`,
      );
    }
  }
  if (!run.finished)
    return fail('not-finished', 'A mapping never finished the topic: some batch kept failing');
  return {
    ...base,
    passed: true,
    message: 'Every account equals the fold of its events, each applied once',
  };
}

function runCase(
  exported: unknown,
  workload: Record<string, Json>,
  faults: readonly Json[],
  seed: number,
  instantiate?: () => unknown,
): { outcome: CaseOutcome; replay: CaseTrace } {
  const run = runProjection(
    learnerHandler(FUNCTION, exported, instantiate),
    workload,
    faults,
    seed,
  );
  const outcome = outcomeOf(run);
  const violation = outcome.passed ? null : firstOverCount(run.trace);
  return { outcome, replay: { events: run.trace, durationMs: run.durationMs, violation } };
}

export const projectionSurvivesReplayGrader: ExerciseGrader = caseGrader({
  id: '05-projection-survives-replay',
  exportName: 'project',
  probe(exported) {
    probeHandler(exported, 'project', FUNCTION);
  },
  runCase,
  parseFaults: parseServerlessFaults,
});
