import type { Json } from '../../simulator/core/types.ts';
import { Prng } from '../../simulator/core/prng.ts';
import { Consumer } from '../../simulator/log/consumer.ts';
import type {
  ApplyStore,
  ConsumerApp,
  KeyedConsumerApp,
} from '../../simulator/log/consumer-app.ts';
import { buildWorld } from '../../simulator/scenario/build.ts';
import { consumerSchema, scenarioSchema } from '../../simulator/scenario/schema.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';

/**
 * The ledger's world: the bank's producer writes account events (`{ account, seq, amount }`,
 * `seq` numbering each account's events 1, 2, 3...) to `account-events` with the key the
 * learner's `keyFor` gives, and a group of three members runs the learner's consumer, applying
 * each event to the accounts database. The database applies what it is asked to, unless the
 * apply carries a condition `{ ifLastSeq }` that the account's last applied `seq` does not meet
 * (a conditional write, as a SQL `UPDATE ... WHERE last_seq = ?`). It is outside the log and
 * survives every crash.
 */

export const TOPIC = 'account-events';
export const GROUP = 'ledger';
export const MEMBERS = ['m1', 'm2', 'm3'] as const;

/** An account event, as the bank writes it. */
export interface AccountEvent {
  readonly account: string;
  readonly seq: number;
  readonly amount: number;
}

export type AccountConsumer = KeyedConsumerApp<AccountEvent>;

function numberOf(raw: Record<string, Json>, k: string, d: number): number {
  const v = raw[k];
  return typeof v === 'number' ? v : d;
}

/** The events of the workload, interleaved across accounts in an order drawn from the seed. */
export function accountEvents(raw: Record<string, Json>, seed: number): AccountEvent[] {
  const accounts = Array.isArray(raw.accounts)
    ? raw.accounts.map(String)
    : ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
  const perAccount = numberOf(raw, 'eventsPerAccount', 15);
  const prng = new Prng(seed).fork('ledger-workload');
  const next = new Map(accounts.map((a) => [a, 1]));
  const out: AccountEvent[] = [];
  while (out.length < accounts.length * perAccount) {
    const open = accounts.filter((a) => next.get(a)! <= perAccount);
    const account = open[prng.int(open.length)]!;
    const seq = next.get(account)!;
    next.set(account, seq + 1);
    out.push({ account, seq, amount: 10 + prng.int(90) });
  }
  return out;
}

/** The accounts database: the last applied `seq` of each account, and conditional applies. */
function accountsStore(): ApplyStore {
  const lastSeq = new Map<string, number>();
  return (record, condition) => {
    const event = record.value as unknown as AccountEvent;
    const last = lastSeq.get(event.account) ?? 0;
    const expected = (condition as { ifLastSeq?: unknown } | null)?.ifLastSeq;
    if (typeof expected === 'number' && expected !== last) return false;
    lastSeq.set(event.account, event.seq);
    return true;
  };
}

function keyOf(learner: AccountConsumer, event: AccountEvent): string | null {
  const key = learner.keyFor(Object.freeze({ ...event }));
  if (key !== null && typeof key !== 'string')
    throw new TypeError(`keyFor must return a string or null, not ${typeof key}`);
  return key;
}

/**
 * Run the ledger with the learner's consumer. `make` gives each member's start its own module
 * (a crash loses the member's memory); without it every member shares `learner`.
 */
export function runLedger(
  learner: AccountConsumer,
  raw: Record<string, Json>,
  faults: readonly Json[],
  seed: number,
  make?: () => AccountConsumer,
) {
  const durationMs = numberOf(raw, 'durationMs', 2_000);
  const intervalMs = numberOf(raw, 'intervalMs', 4);
  const events = accountEvents(raw, seed);
  const scenario = scenarioSchema.parse({
    name: 'keep each account in order',
    seed,
    durationMs,
    network: { latencyMs: 1, jitterMs: 1, lossPerMillion: 0 },
    topics: [{ name: TOPIC, partitions: numberOf(raw, 'partitions', 4) }],
    producers: [
      {
        id: 'bank',
        lingerMs: 0,
        workload: {
          records: events.map((e, i) => ({
            atMs: 100 + i * intervalMs,
            topic: TOPIC,
            key: keyOf(learner, e),
            value: { ...e },
          })),
        },
      },
    ],
    faults,
  });
  const world = buildWorld(scenario);
  const store = accountsStore();
  const app = (): ConsumerApp => {
    const l = make ? make() : learner;
    return {
      onRecords: (records, steps) => l.onRecords(records, steps),
      onPartitionsRevoked: (partitions, steps) => l.onPartitionsRevoked(partitions, steps),
    };
  };
  for (const id of MEMBERS) {
    const spec = consumerSchema.parse({
      id,
      group: GROUP,
      topics: [TOPIC],
      processingMs: numberOf(raw, 'processingMs', 5),
      maxPollRecords: numberOf(raw, 'maxPollRecords', 8),
      fetchIntervalMs: 40,
    });
    world.add(new Consumer({ ...spec, requestTimeoutMs: 200, app: { make: app, store } }));
  }
  world.runUntil(durationMs);
  return { trace: world.trace as unknown as TraceEvent[], durationMs };
}
