import { describe, expect, it } from 'vitest';
import { readModelMatchesFold } from '../checks/index.ts';
import { validateScenario } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';
import { exampleScenario } from '../test/engine-helpers.ts';
import type { EventOf, TraceEvent } from '../trace/events.ts';

const scenario = exampleScenario('accounts-read-model-homes');
const { events } = runScenario(scenario);
const ofType = <T extends TraceEvent['type']>(type: T) =>
  events.filter((e): e is EventOf<T> => e.type === type);
const tableQueries = () => ofType('query.answered').filter((e) => e.readModel === 'balanceTable');

describe('a read model in a Kafka Streams table', () => {
  it('folds every event of the log into its store, each applied event traced with its position', () => {
    const applied = ofType('projection.applied').filter((e) => e.host === 'tables-1');
    const events0 = ofType('record.appended').filter(
      (e) => e.topic === 'account-events' && e.partition === 0 && e.record.key !== null,
    );
    const last = new Set(applied.filter((e) => e.partition === 0).map((e) => e.offset));
    for (const e of events0) expect(last.has(e.offset), `offset ${e.offset}`).toBe(true);
    expect(readModelMatchesFold(events)).toEqual({ ok: true });
  });

  it('refuses interactive queries with InvalidStateStoreException while its store restores after a crash, and answers again once it runs', () => {
    const restarted = ofType('actor.restarted').find((e) => e.actor === 'tables-1')!;
    const restored = ofType('projection.restored').filter((e) => e.at > restarted.at);
    const back = Math.max(...restored.map((e) => e.at));
    const during = tableQueries().filter((e) => e.at > restarted.at && e.at < back);
    expect(during.length).toBeGreaterThan(0);
    for (const q of during) {
      expect(q.outcome).toBe('unavailable');
      expect(q.error).toBe(
        'InvalidStateStoreException: Cannot get state store balanceTable because the stream thread is PARTITIONS_ASSIGNED, not RUNNING',
      );
    }
    const after = tableQueries().filter((e) => e.at > back);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((q) => q.outcome === 'answered')).toBe(true);
    expect(
      tableQueries()
        .filter((e) => e.at < 900)
        .every((q) => q.outcome === 'answered'),
    ).toBe(true);
  });

  it('restores the rows the fold of the log gives up to its committed position, and the check catches a restore that does not', () => {
    const restored = ofType('projection.restored').filter((e) => e.rows.length > 0);
    expect(restored.length).toBeGreaterThan(0);
    const trace = structuredClone(events);
    const i = trace.findIndex((e) => e.type === 'projection.restored' && e.rows.length > 0);
    (trace[i] as EventOf<'projection.restored'>).rows[0].row = { balance: -1, events: 1 };
    const verdict = readModelMatchesFold(trace);
    expect(verdict).toMatchObject({ ok: false, index: i });
    if (!verdict.ok) expect(verdict.message).toMatch(/^balanceTable on tables-1 restored /);
  });

  it('answers a query from writes of a transaction not yet committed (no isolation for interactive queries under exactly_once_v2)', () => {
    const committed = new Map<number, number>();
    let dirty = 0;
    for (const e of events) {
      if (e.type === 'instance.committed' && e.instance === 'tables-1')
        for (const o of e.offsets)
          if (o.topic === 'account-events') committed.set(o.partition, o.offset);
      if (e.type === 'actor.crashed' && e.actor === 'tables-1') committed.clear();
      if (e.type === 'query.answered' && e.readModel === 'balanceTable' && e.outcome === 'answered')
        if (e.position > (committed.get(e.partition) ?? 0)) dirty++;
    }
    expect(dirty).toBeGreaterThan(0);
  });
});

describe('a scenario with a Kafka Streams table', () => {
  type Raw = {
    accounts: { readModels: Record<string, unknown>[] };
    faults: Record<string, unknown>[];
  };
  const errorsOf = (change: (s: Raw) => void) => {
    const raw = JSON.parse(JSON.stringify(scenario)) as Raw;
    change(raw);
    const result = validateScenario(raw);
    return result.ok ? [] : result.errors;
  };

  it('refuses the totals fold in a table, naming the path', () => {
    const errors = errorsOf((s) => (s.accounts.readModels[1].fold = 'totals'));
    expect(errors).toEqual([
      expect.objectContaining({
        path: '/accounts/readModels/1/fold',
        message: expect.stringContaining('a Kafka Streams table keyed by account cannot hold'),
      }),
    ]);
  });

  it('refuses a rebuildProjection of a table (a rebuild is of a reader’s read model)', () => {
    const errors = errorsOf((s) =>
      s.faults.push({
        at: 100,
        kind: 'rebuildProjection',
        target: 'tables-1',
        readModel: 'balanceTable',
      }),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        path: `/faults/${scenario.faults.length}/target`,
        message: expect.stringContaining('hosts no read model in memory'),
      }),
    ]);
  });

  it('refuses a table host that is already another actor', () => {
    const errors = errorsOf((s) => (s.accounts.readModels[1].host = 'reader-1'));
    expect(errors.map((e) => e.path)).toContain('/accounts/readModels/1/host');
  });
});
