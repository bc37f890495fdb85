import type { Json } from '../../simulator/core/types.ts';
import { AccountsClient } from '../../simulator/eventsourcing/clients.ts';
import type { QueryHandler } from '../../simulator/eventsourcing/query-api.ts';
import { QueryService } from '../../simulator/eventsourcing/query-service.ts';
import { clientSchema } from '../../simulator/eventsourcing/schema.ts';
import { buildWorld } from '../../simulator/scenario/build.ts';
import { scenarioSchema } from '../../simulator/scenario/schema.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';

/**
 * The world of exercise 08: chapter 7's bank accounts, event-sourced (a Kafka Streams processor
 * turns commands into events on `account-events`), the read model `balances` kept in memory by the
 * reader `reader-1`, which applies each event in `applyMs`, and — between the clients and the
 * reader — the query service `api` running the learner's query code. Two clients send a
 * consistency token with each read-back (the offset of their command's event); a third sends none.
 * Each client allows `boundMs` for an answer and gives up on the service a second after that.
 */

export const API = 'api';
export const READER = 'reader-1';
export const READ_MODEL = 'balances';
export const EVENTS_TOPIC = 'account-events';
/** The clients: with a token each, and one without. */
export const CLIENTS = [
  { id: 'alice', accounts: ['a1', 'a9'], token: true, startAtMs: 0 },
  { id: 'bob', accounts: ['b2'], token: true, startAtMs: 30 },
  { id: 'carol', accounts: ['c3'], token: false, startAtMs: 60 },
] as const;
/** Actors a fault may name here. */
export const ACTORS = ['broker', 'accounts-1', READER, API, ...CLIENTS.map((c) => c.id)];

/** A case's workload, with its defaults. */
export interface ReadsWorkload {
  /** Commands each client sends after opening its accounts. */
  commands: number;
  /** The reader's time to apply one event, ms: its lag behind the log. */
  applyMs: number;
  /** What each client allows for an answer, ms. */
  boundMs: number;
  durationMs: number;
}

export function workloadOf(raw: Record<string, Json>): ReadsWorkload {
  const num = (k: string, d: number) => (typeof raw[k] === 'number' ? raw[k] : d);
  return {
    commands: num('commands', 8),
    applyMs: num('applyMs', 20),
    boundMs: num('boundMs', 250),
    durationMs: num('durationMs', 3_000),
  };
}

/** First record id of the clients' commands, as the engine's own clients use (far above others). */
const CLIENT_RECORD_IDS = 2 ** 36;

/**
 * Run the world with the query code `make()` gives at each start of the service (a fresh module
 * scope per start, as the grader loads it). Faults are simulator faults, validated already.
 */
export function runReads(
  make: () => QueryHandler,
  raw: Record<string, Json>,
  faults: readonly Json[],
  seed: number,
): { trace: TraceEvent[]; durationMs: number; workload: ReadsWorkload } {
  const w = workloadOf(raw);
  const topic = (name: string) => ({ name, partitions: 2 });
  const scenario = scenarioSchema.parse({
    name: 'read your writes',
    seed,
    durationMs: w.durationMs,
    network: { latencyMs: 2, jitterMs: 1 },
    topics: [topic('account-commands'), topic(EVENTS_TOPIC), topic('command-rejections')],
    accounts: {
      processor: { instances: ['accounts-1'], commitIntervalMs: 50 },
      readModels: [{ name: READ_MODEL, fold: 'balances', host: READER, applyMs: w.applyMs }],
      clients: [],
    },
    faults,
  });
  const world = buildWorld(scenario);
  world.add(new QueryService({ id: API, readerHost: READER, handler: make }));
  CLIENTS.forEach((c, i) => {
    const spec = clientSchema.parse({
      id: c.id,
      accounts: c.accounts,
      commands: w.commands,
      startAtMs: c.startAtMs,
      thinkTimeMs: 30,
      maxAmount: 50,
      queries: { readModel: READ_MODEL, token: c.token, maxWaitMs: w.boundMs },
    });
    const client = new AccountsClient({
      spec,
      topics: scenario.accounts!.topics,
      partitionsOf: () => 2,
      queryHost: API,
      firstRecordId: CLIENT_RECORD_IDS + i * 2 ** 24,
    });
    world.add(client, c.startAtMs);
  });
  world.runUntil(w.durationMs);
  return { trace: world.trace as unknown as TraceEvent[], durationMs: w.durationMs, workload: w };
}
