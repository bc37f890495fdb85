import { readFileSync } from 'node:fs';
import type { Prng } from '../../simulator/core/prng.ts';
import type { ActorContext } from '../../simulator/core/world.ts';
import type { AccountEvent } from '../../simulator/eventsourcing/domain.ts';
import { foldAll } from '../../simulator/eventsourcing/folds.ts';
import type { ReadRecord } from '../../simulator/eventsourcing/log-reader.ts';
import { Projection } from '../../simulator/eventsourcing/projection.ts';
import { runScenario } from '../../simulator/scenario/run.ts';
import { scenarioSchema } from '../../simulator/scenario/schema.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import { readModelsAt, readModelsAtFromStart } from '../../site/lib/views/read-models-at.ts';
import { sampleHeap, type BenchCase } from '../bench.ts';
import { meanSeekMs } from './views.bench.ts';

/**
 * Event sourcing (issue 11 §5). A projection rebuild of 1,000,000 events at ≤ 5× a bare fold of the
 * same events in the same process: the figure is a read model's own path (events queued as a fetch
 * returns them, applied one by one, a `projection.applied` trace event each, its position kept);
 * the baseline is `foldAll`, the fold alone. And the read-models view's seek in a 100,000-event
 * trace ≤ 50 ms: the cached fold against the fold from the first event, as views.bench.ts does.
 */
const REBUILD_EVENTS = 1_000_000;
const SEEK_EVENTS = 100_000;

function accountEvents(count: number): AccountEvent[] {
  const events: AccountEvent[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const account = `a${i % 1000}`;
    const commandId = `c${i}`;
    events[i] =
      i < 1000
        ? { type: 'AccountOpened', account, commandId }
        : i % 3 === 0
          ? { type: 'MoneyWithdrawn', account, commandId, amount: 1 }
          : { type: 'MoneyDeposited', account, commandId, amount: 2 };
  }
  return events;
}

/** A context that keeps what the projection emits, as the world's trace would. */
function benchContext(trace: unknown[]): ActorContext {
  return {
    now: 0,
    prng: undefined as unknown as Prng,
    send: () => {},
    setTimer: () => 0,
    cancelTimer: () => {},
    emit: (event) => void trace.push(event),
    emitStamped: (event) => void trace.push(event),
  };
}

function timeMs(body: () => void): number {
  const start = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const rebuild: BenchCase = {
  name: `eventsourcing.rebuild of ${REBUILD_EVENTS / 1e6}M events vs a bare fold`,
  run() {
    const events = accountEvents(REBUILD_EVENTS);
    const records: ReadRecord[] = events.map((event, offset) => ({
      topic: 'account-events',
      partition: 0,
      offset,
      record: { id: offset, key: event.account, value: event, timestampMs: 0 },
    }));
    sampleHeap();
    const baseline = timeMs(() => void foldAll('balances', events));
    const spec = {
      name: 'balances',
      fold: 'balances',
      home: 'memory',
      host: 'bench',
      applyMs: 0,
      fetchIntervalMs: 10,
      maxPollRecords: 500,
      restoreRecordMs: 0,
      startAtMs: 0,
    } as const;
    const value = timeMs(() => {
      const trace: unknown[] = [];
      const ctx = benchContext(trace);
      const projection = new Projection(spec, 'bench', 'account-events', 1, { next: 1 });
      projection.reset(ctx, 'rebuild');
      for (let from = 0; from < records.length; from += spec.maxPollRecords) {
        projection.enqueue(records.slice(from, from + spec.maxPollRecords));
        while (projection.backlog > 0) projection.applyNext(ctx);
        if (from % 100_000 === 0) sampleHeap();
      }
      if (projection.position(0) !== REBUILD_EVENTS) throw new Error('the rebuild stopped short');
    });
    return { value, unit: 'ms', baseline, target: 5 };
  },
};

function seekTrace(): TraceEvent[] {
  const file = new URL('../../simulator/scenarios/accounts-cqrs-rebuild.json', import.meta.url);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as {
    durationMs: number;
    accounts: { clients: { commands: number; thinkTimeMs?: number }[] };
  };
  for (const client of raw.accounts.clients)
    Object.assign(client, { commands: 1500, thinkTimeMs: 5 });
  raw.durationMs = 120_000;
  const events = runScenario(scenarioSchema.parse(raw), { untilMs: 120_000 }).events;
  if (events.length < SEEK_EVENTS) throw new Error(`only ${events.length} events`);
  return events.slice(0, SEEK_EVENTS);
}

const seek: BenchCase = {
  name: `eventsourcing.seek read-models view (mean of random seeks in ${SEEK_EVENTS / 1000}k events)`,
  run() {
    const events = seekTrace();
    const baseline = meanSeekMs(events.length, 20, (i) => readModelsAtFromStart(events, i));
    const value = meanSeekMs(events.length, 200, (i) => readModelsAt(events, i));
    return { value, unit: 'ms', baseline, target: 0.2 };
  },
};

export default [rebuild, seek];
