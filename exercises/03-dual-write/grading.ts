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
 * Exercise 03: the dual write. Updates (key = entity, value = its new state, a number unique per
 * update) arrive on `updates`. The learner's handler, function `writer`, must keep the table
 * `entities` (item `{state}` per entity) and announce each state on `entity-events` (value
 * `{key, state}`), so that the table and the events agree. Two triggers invoke it: one on
 * `updates`, which gives a batch up after one retry (to `updates-failed`, as Lambda does with
 * MaximumRetryAttempts and an on-failure destination), and one on `entity-events`, which retries
 * for ever. The requirement, once both triggers have finished their topics: every update that
 * was not given up is announced, and each entity's row holds the state its last event announced
 * (no row without an event, no event without its row).
 */

const FUNCTION = 'writer';
const TABLE = 'entities';
const EVENTS = 'entity-events';

function numberOf(raw: Record<string, Json>, k: string, d: number): number {
  const v = raw[k];
  return typeof v === 'number' ? v : d;
}

/** Run the scenario with `handler`: what was updated, announced, given up, and stored. */
export function runDualWrite(
  handler: Handler | HandlerSource,
  raw: Record<string, Json>,
  faults: readonly Json[],
  seed: number,
) {
  const partitions = numberOf(raw, 'partitions', 2);
  const durationMs = numberOf(raw, 'durationMs', 15_000);
  const scenario = scenarioSchema.parse({
    name: 'the dual write',
    seed,
    durationMs,
    topics: [
      { name: 'updates', partitions },
      { name: EVENTS, partitions },
      { name: 'updates-failed', partitions: 1 },
    ],
    producers: [
      {
        id: 'app',
        workload: {
          generators: [
            {
              topic: 'updates',
              count: numberOf(raw, 'updates', 12),
              intervalMs: numberOf(raw, 'intervalMs', 20),
              keys: Array.isArray(raw.entities) ? raw.entities.map(String) : ['e1', 'e2', 'e3'],
              valueKind: 'sequence',
            },
          ],
        },
      },
    ],
  });
  const batchSize = numberOf(raw, 'batchSize', 4);
  const config = serverlessSchema.parse({
    database: { tables: [{ name: TABLE }, { name: 'outbox' }] },
    functions: [{ name: FUNCTION, handler: 'dualWriteNaive', dbClient: { requestTimeoutMs: 200 } }],
    triggers: [
      {
        function: FUNCTION,
        topic: 'updates',
        batchSize,
        maximumBatchingWindowMs: 100,
        maximumRetryAttempts: 1,
        destinationConfig: { onFailure: { destination: 'kafka://updates-failed' } },
      },
      { function: FUNCTION, topic: EVENTS, batchSize, maximumBatchingWindowMs: 100 },
    ],
  });
  const { trace, handles } = runHandlerWorld(scenario, config, FUNCTION, handler, faults);
  const observed = observe(trace, handles.database.store.dump(TABLE), partitions);
  return { ...observed, trace, durationMs };
}

function observe(
  trace: readonly TraceEvent[],
  rows: { key: string; item: Record<string, Json> }[],
  partitions: number,
) {
  const updates: { key: string; state: Json }[] = [];
  const givenUp = new Set<string>();
  const announced: Record<string, Json[]> = {};
  const held: Record<string, Json[]> = {};
  const ends: Record<string, number[]> = { updates: [], [EVENTS]: [] };
  const committed: Record<string, number[]> = { updates: [], [EVENTS]: [] };
  let lastError = '';
  for (const e of trace) {
    if (e.type === 'record.appended') {
      const key = e.record.key ?? '';
      if (e.topic === 'updates') updates.push({ key, state: e.record.value });
      else if (e.topic === 'updates-failed') givenUp.add(JSON.stringify([key, e.record.value]));
      else if (e.topic === EVENTS) {
        const value = e.record.value as { state?: Json } | null;
        (announced[key] ??= []).push(value?.state ?? null);
      }
      if (ends[e.topic]) ends[e.topic]![e.partition] = e.offset + 1;
    } else if (e.type === 'offset.committed' && committed[e.topic]) {
      committed[e.topic]![e.partition] = e.offset;
    } else if (e.type === 'db.written' && e.table === TABLE) {
      const item = e.item as { state?: Json } | null;
      (held[e.key] ??= []).push(item?.state ?? null);
    } else if (e.type === 'function.failed' && e.reason === 'error') {
      lastError = e.error;
    }
  }
  const finished = Object.keys(ends).every((t) =>
    Array.from(
      { length: partitions },
      (_, p) => (committed[t]![p] ?? 0) === (ends[t]![p] ?? 0),
    ).every(Boolean),
  );
  const stored: Record<string, Json> = {};
  for (const row of rows) stored[row.key] = row.item.state ?? null;
  return { updates, givenUp, announced, held, stored, finished, lastError };
}

type Run = ReturnType<typeof runDualWrite>;

function outcomeOf(run: Run): CaseOutcome {
  const lastAnnounced: Record<string, Json> = {};
  for (const [key, states] of Object.entries(run.announced))
    lastAnnounced[key] = states.at(-1) ?? null;
  // Shown for a visible case: the states each entity's events announced, and its row held, in order.
  const base = {
    expected: sortedRecord(run.announced as Record<string, Json>),
    actual: sortedRecord(run.held as Record<string, Json>),
  };
  const fail = (reason: CaseOutcome['reason'], message: string): CaseOutcome => ({
    ...base,
    passed: false,
    reason,
    message,
  });
  for (const u of run.updates) {
    const announced = run.announced[u.key] ?? [];
    if (!run.givenUp.has(JSON.stringify([u.key, u.state])) && !announced.includes(u.state))
      return run.lastError !== ''
        ? fail('threw', `The handler threw: ${run.lastError}`)
        : fail(
            'lost-event',
            `Update ${String(u.state)} of ${u.key} was never announced, and its batch was not given up`,
          );
  }
  for (const [key, states] of Object.entries(run.held).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    const announced = run.announced[key] ?? [];
    const silent = states.find((s) => !announced.includes(s));
    if (silent !== undefined)
      return fail(
        'lost-event',
        `${key}'s row once held ${String(silent)}, a state no event announced`,
      );
  }
  for (const [key, states] of Object.entries(run.announced).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    const held = run.held[key] ?? [];
    const phantom = states.find((s) => !held.includes(s));
    if (phantom !== undefined)
      return fail(
        'phantom-event',
        `An event announced ${String(phantom)} for ${key}, a state its row never held`,
      );
  }
  const keys = [...new Set([...Object.keys(lastAnnounced), ...Object.keys(run.stored)])].sort();
  for (const key of keys) {
    const row = run.stored[key];
    const event = lastAnnounced[key];
    if (event === undefined)
      return fail('lost-event', `${key}'s row holds ${String(row)}, a state no event announced`);
    if (row === undefined)
      return fail(
        'phantom-event',
        `${key}'s last event announced ${String(event)}, but it has no row`,
      );
    if (row !== event) {
      const announcedRow = (run.announced[key] ?? []).includes(row);
      return announcedRow
        ? fail(
            'phantom-event',
            `${key}'s last event announced ${String(event)}, but its row holds ${String(row)}`,
          )
        : fail(
            'lost-event',
            `${key}'s row holds ${String(row)}, a state no event announced (the last said ${String(event)})`,
          );
    }
  }
  if (!run.finished)
    return fail('not-finished', 'A trigger never finished its topic: some batch kept failing');
  return { ...base, passed: true, message: 'Every row agrees with the last event of its entity' };
}

/**
 * Where rows and events first visibly disagree: the first write of a row state no event ever
 * announced (a lost event), or the first event announcing a state its row never held (a phantom),
 * whichever comes first; failing that, the last write or emit of the first entity whose row and
 * last event differ at the end. Null when they never disagree.
 */
export function firstDisagreement(trace: readonly TraceEvent[]): number | null {
  const announced = new Map<string, Set<Json>>();
  const held = new Map<string, Set<Json>>();
  const last = new Map<string, { row?: Json; event?: Json; index: number }>();
  for (const [i, e] of trace.entries()) {
    if (e.type === 'record.appended' && e.topic === EVENTS) {
      const key = e.record.key ?? '';
      const state = (e.record.value as { state?: Json } | null)?.state ?? null;
      setOf(announced, key).add(state);
      last.set(key, { ...last.get(key), event: state, index: i });
    } else if (e.type === 'db.written' && e.table === TABLE) {
      const state = (e.item as { state?: Json } | null)?.state ?? null;
      setOf(held, e.key).add(state);
      last.set(e.key, { ...last.get(e.key), row: state, index: i });
    }
  }
  for (const [i, e] of trace.entries()) {
    if (e.type === 'db.written' && e.table === TABLE) {
      const state = (e.item as { state?: Json } | null)?.state ?? null;
      if (!announced.get(e.key)?.has(state)) return i;
    } else if (e.type === 'record.appended' && e.topic === EVENTS) {
      const state = (e.record.value as { state?: Json } | null)?.state ?? null;
      if (!held.get(e.record.key ?? '')?.has(state)) return i;
    }
  }
  for (const key of [...last.keys()].sort()) {
    const l = last.get(key)!;
    if (l.row !== l.event) return l.index;
  }
  return null;
}

function setOf(map: Map<string, Set<Json>>, key: string): Set<Json> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
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
  const run = runDualWrite(learner, workload, faults, seed);
  const outcome = outcomeOf(run);
  const violation = outcome.passed ? null : firstDisagreement(run.trace);
  return { outcome, replay: { events: run.trace, durationMs: run.durationMs, violation } };
}

export const dualWriteGrader: ExerciseGrader = caseGrader({
  id: '03-dual-write',
  exportName: 'writeEntity',
  probe(exported) {
    probeHandler(exported, 'writeEntity', FUNCTION);
  },
  runCase,
  parseFaults: parseServerlessFaults,
});
