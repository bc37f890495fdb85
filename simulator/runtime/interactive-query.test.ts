import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenario/run.ts';
import { exampleScenarios } from '../test/run-scenarios.ts';
import { StoreQueries } from './interactive-query.ts';

const { scenario } = exampleScenarios().find((s) => s.name === 'page-view-counts')!;
const result = runScenario(scenario);
const STORE = 'views-per-user-store';

describe('interactive queries', () => {
  it('answer from the instance whose active task holds the key, as of the time asked', () => {
    const queries = new StoreQueries(result.events);
    const before = queries.query(STORE, 'bob', 599);
    expect(before).toMatchObject({ found: true, instance: 'counter-1', task: '0_0' });
    const crashedAt = result.events.find((e) => e.type === 'actor.crashed')!.at;
    expect(queries.query(STORE, 'bob', crashedAt)).toEqual({ found: false, reason: 'noSuchKey' });
    expect(queries.query(STORE, 'bob', scenario.durationMs)).toMatchObject({
      found: true,
      instance: 'counter-2',
      task: '0_0',
    });
  });

  it('count every page view exactly once across a crash and a restore', () => {
    const totals = new StoreQueries(result.events).all(STORE, scenario.durationMs);
    const sum = totals.reduce((n, row) => n + (row.value as number), 0);
    const views = result.events.filter(
      (e) => e.type === 'batch.acknowledged' && e.topic === 'page-views',
    );
    expect(sum).toBe(
      views.reduce((n, e) => n + (e.type === 'batch.acknowledged' ? e.recordIds.length : 0), 0),
    );
  });

  it('give the same answer going back in time as folding forward', () => {
    const forward = new StoreQueries(result.events);
    const late = forward.all(STORE, 2000);
    const early = forward.all(STORE, 400);
    expect(new StoreQueries(result.events).all(STORE, 400)).toEqual(early);
    expect(new StoreQueries(result.events).all(STORE, 2000)).toEqual(late);
    expect(early).not.toEqual(late);
  });

  it('say that no task is active for a store nobody has', () => {
    expect(new StoreQueries(result.events).query('no-such-store', 'ada', 1000)).toEqual({
      found: false,
      reason: 'noActiveTask',
    });
  });
});
