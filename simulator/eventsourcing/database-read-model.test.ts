import { describe, expect, it } from 'vitest';
import { readModelMatchesFold } from '../checks/index.ts';
import { eventHistory } from '../checks/accounts-history.ts';
import { validateScenario } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';
import '../serverless/engine.ts';
import { exampleScenario } from '../test/engine-helpers.ts';
import type { EventOf, TraceEvent } from '../trace/events.ts';

const scenario = exampleScenario('accounts-read-model-homes');
const { events } = runScenario(scenario);
const ofType = <T extends TraceEvent['type']>(type: T) =>
  events.filter((e): e is EventOf<T> => e.type === type);
const applied = () => ofType('projection.applied').filter((e) => e.host === 'projectBalances');

describe('a read model in a database table, written by a function', () => {
  it('applies every committed event of the log once, though a crashed batch was delivered again', () => {
    const failed = ofType('function.failed').filter((e) => e.function === 'projectBalances');
    expect(failed.map((e) => e.reason)).toEqual(['crash']);
    const retried = ofType('function.invoked').filter(
      (e) => e.function === 'projectBalances' && e.attempt > 1,
    );
    expect(retried.length).toBeGreaterThan(0);
    const seen = applied().map((e) => `${e.partition}/${e.offset}`);
    expect(new Set(seen).size).toBe(seen.length);
    const end = Math.max(...applied().map((e) => e.at));
    const history = eventHistory(events, 'account-events').flatMap((p) =>
      p.filter((h) => events[h.appendedAt].at < end - 200),
    );
    for (const h of history)
      expect(seen, `${h.partition}/${h.offset}`).toContain(`${h.partition}/${h.offset}`);
  });

  it('skips the events of a redelivered batch that its stored position says it applied', () => {
    const [failed] = ofType('function.failed').filter((e) => e.function === 'projectBalances');
    const before = applied().filter((e) => e.at <= failed.at);
    const last = before.at(-1)!;
    const retry = ofType('function.invoked').find(
      (e) => e.function === 'projectBalances' && e.attempt === 2,
    )!;
    expect(retry.offsets).toContain(last.offset);
    const writesOfRetry = ofType('db.written').filter(
      (e) => e.invocationId === retry.invocationId && e.table === 'balanceRows-positions',
    );
    expect(writesOfRetry.every((e) => (e.item as { next: number }).next > last.offset + 1)).toBe(
      true,
    );
  });

  it('equals the fold of the log at every step, and is labelled with its home', () => {
    expect(readModelMatchesFold(events)).toEqual({ ok: true });
    expect(ofType('projection.reset').find((e) => e.host === 'projectBalances')).toMatchObject({
      readModel: 'balanceRows',
      home: 'database',
    });
  });
});

describe('a scenario with a read model in a database table', () => {
  type Raw = {
    accounts: {
      readModels: Record<string, unknown>[];
      clients: { queries?: Record<string, unknown> }[];
    };
    serverless: { functions: Record<string, unknown>[]; triggers: Record<string, unknown>[] };
  };
  const errorsOf = (change: (s: Raw) => void) => {
    const raw = JSON.parse(JSON.stringify(scenario)) as Raw;
    change(raw);
    const result = validateScenario(raw);
    return result.ok ? [] : result.errors;
  };
  const at = '/accounts/readModels/2/host';

  it('names a host that is no function', () => {
    expect(errorsOf((s) => (s.accounts.readModels[2].host = 'nobody'))).toEqual([
      { path: at, message: expect.stringContaining('no serverless function "nobody"') },
    ]);
  });

  it('names a function that does not keep this read model with its fold', () => {
    expect(
      errorsOf((s) => (s.serverless.functions[0].handlerOptions = { readModel: 'other' })),
    ).toEqual([
      { path: at, message: expect.stringContaining('must have handler projectAccountEvents') },
    ]);
  });

  it('names a function with no trigger on the events topic', () => {
    expect(errorsOf((s) => (s.serverless.triggers[0].topic = 'account-commands'))).toEqual([
      { path: at, message: expect.stringContaining('needs a trigger on the events topic') },
    ]);
  });

  it('refuses a client querying it', () => {
    const errors = errorsOf((s) => (s.accounts.clients[0].queries!.readModel = 'balanceRows'));
    expect(errors).toEqual([
      {
        path: '/accounts/clients/0/queries/readModel',
        message: expect.stringContaining('kept in a database table'),
      },
    ]);
  });
});
