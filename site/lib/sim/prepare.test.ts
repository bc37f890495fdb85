import { describe, expect, it } from 'vitest';
import { forkTimeMs, indexAtTime } from '../player/timeline.ts';
import { libraryScenario, library } from './library.ts';
import { needsServerless, runRequest } from './prepare.ts';

const text = (id: string) => {
  const found = libraryScenario(id);
  if (!found) throw new Error(`no library scenario ${id}`);
  return found.text;
};

describe('running a scenario for the site', () => {
  it('lists the engine example scenarios with their descriptions', () => {
    expect(library.map((s) => s.id)).toContain('txn-abort-on-crash');
    expect(libraryScenario('rebalance-commit-order')?.description).toMatch(/at-least-once/);
  });

  it('returns the trace and the log checks of a library scenario', () => {
    const outcome = runRequest({
      scenarioText: text('rebalance-commit-order'),
      seed: null,
      faults: [],
    });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(outcome.seed).toBe(4);
    expect(outcome.events[0].type).toBe('sim.started');
    const atMostOnce = outcome.verdicts.find((v) => v.name === 'processedAtMostOnce');
    expect(atMostOnce?.verdict.ok).toBe(false);
  });

  it('forks from the playhead: the re-run repeats every event shown and then fires the fault', () => {
    const scenarioText = text('txn-abort-on-crash');
    const base = runRequest({ scenarioText, seed: null, faults: [] });
    if (!base.ok) throw new Error('base run failed');
    const times = base.events.map((e) => e.at);
    const clockMs = 60;
    const index = indexAtTime(times, clockMs);
    const fault = { at: forkTimeMs(clockMs), kind: 'crash' as const, target: 'committed-reader' };
    const forked = runRequest({ scenarioText, seed: null, faults: [fault] });
    if (!forked.ok) throw new Error('forked run failed');
    expect(forked.events.slice(0, index)).toEqual(base.events.slice(0, index));
    const injected = forked.events.findIndex((e) => e.type === 'fault.injected' && e.at === 61);
    expect(injected).toBeGreaterThanOrEqual(index);
    expect(forked.events).not.toEqual(base.events);
  });

  it('names an added fault that is wrong by its place among the added faults', () => {
    const outcome = runRequest({
      scenarioText: text('txn-abort-on-crash'),
      seed: null,
      faults: [{ at: 10, kind: 'crash', target: 'nobody' }],
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.errors[0].path).toBe('/addedFaults/0/target');
  });

  it('reports a broken file with the path of each problem', () => {
    const outcome = runRequest({
      scenarioText: '{"name": "x", "seed": -1}',
      seed: null,
      faults: [],
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.errors.map((e) => e.path)).toContain('/seed');
  });

  it('runs with a seed other than the file one when asked', () => {
    const outcome = runRequest({
      scenarioText: text('rebalance-commit-order'),
      seed: 99,
      faults: [],
    });
    expect(outcome.ok && outcome.seed).toBe(99);
    expect(outcome.ok && outcome.events[0]).toMatchObject({ type: 'sim.started', seed: 99 });
  });
});

describe('whether a run needs the serverless engine', () => {
  const text = (value: object) => JSON.stringify(value);
  it('says yes for a serverless side or a serverless fault, in the file or added', () => {
    expect(
      needsServerless({ scenarioText: text({ serverless: {} }), seed: null, faults: [] }),
    ).toBe(true);
    const crash = { at: 5, kind: 'instanceCrash', target: 'f' };
    expect(
      needsServerless({ scenarioText: text({ faults: [crash] }), seed: null, faults: [] }),
    ).toBe(true);
    expect(needsServerless({ scenarioText: text({}), seed: null, faults: [crash as never] })).toBe(
      true,
    );
  });

  it('says no for a log-only scenario and for text that is not JSON', () => {
    const crash = { at: 5, kind: 'crash', target: 'p' };
    expect(
      needsServerless({ scenarioText: text({ faults: [crash] }), seed: null, faults: [] }),
    ).toBe(false);
    expect(needsServerless({ scenarioText: '{ not json', seed: null, faults: [] })).toBe(false);
  });
});
