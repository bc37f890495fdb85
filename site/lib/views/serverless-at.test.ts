import { describe, expect, it } from 'vitest';
import pageViews from '../../../simulator/scenarios/compare/page-views.json?raw';
import { designScenario, runDesign } from '../../../simulator/compare/index.ts';
import { parseScenario } from '../../../simulator/scenario/load.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { serverlessAt } from './serverless-at.ts';

const loaded = parseScenario(pageViews);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
const scenario = loaded.scenario;
const design = scenario.designs!.find((d) => d.name === 'serverless')!;
const events = runDesign(designScenario(scenario, design, true), scenario.seed);
const indexOf = (type: string, from = 0) =>
  events.findIndex((e, i) => i >= from && e.type === type);
const cost = (usd: number): TraceEvent => ({
  type: 'cost.accrued',
  at: 1,
  source: 'function',
  function: 'f',
  requests: 1,
  gbMs: 1,
  readUnits: 0,
  writeUnits: 0,
  usd,
  totalUsd: usd,
});

describe('serverlessAt', () => {
  it('sums the cost accrued up to the playhead only', () => {
    const costs = [cost(0.5), cost(0.25), cost(0.125)];
    expect(serverlessAt(costs, 2).costUsd).toBe(0.75);
    expect(serverlessAt(costs, 3).costUsd).toBe(0.875);
  });

  it('shows a built batch in flight until its invocation succeeds', () => {
    const built = indexOf('trigger.batchBuilt');
    const e = events[built] as Extract<TraceEvent, { type: 'trigger.batchBuilt' }>;
    const done = events.findIndex(
      (x, i) =>
        i > built && x.type === 'function.succeeded' && x.invocationId === `${e.function}:1`,
    );
    const before = serverlessAt(events, built + 1).triggers[0];
    expect(before.batches).toEqual([
      {
        topic: e.topic,
        partition: e.partition,
        offsets: e.offsets,
        attempt: 1,
        state: 'queued',
        doneByPartialResponse: [],
      },
    ]);
    expect(serverlessAt(events, done).triggers[0].batches[0].state).toBe('running');
    expect(
      serverlessAt(events, done + 1).triggers[0].batches.map((b) => b.offsets),
    ).not.toContainEqual(e.offsets);
  });

  it('marks a cold start, then a crashed instance as reclaimed, and numbers the retries', () => {
    const cold = indexOf('function.coldStarted');
    const id = (events[cold] as { instance: string }).instance;
    expect(serverlessAt(events, cold + 1).instances.find((i) => i.id === id)?.state).toBe('cold');
    const reclaimed = indexOf('functionInstance.reclaimed');
    const gone = (events[reclaimed] as { instance: string }).instance;
    expect(serverlessAt(events, reclaimed + 1).instances.find((i) => i.id === gone)?.state).toBe(
      'reclaimed',
    );
    const retried = indexOf('function.retried');
    const view = serverlessAt(events, retried + 1);
    expect(view.retryCount).toBe(1);
    expect(view.retries[0].attempt).toBe(2);
    expect(view.failures).toBeGreaterThan(0);
  });

  it('keeps each table row as last written, with its version', () => {
    const view = serverlessAt(events, events.length);
    const writes = events.filter((e) => e.type === 'db.written');
    const table = view.tables.find(
      (t) => 'table' in design.output && t.name === design.output.table,
    )!;
    const last = writes.filter((w) => w.key === table.rows[0].key).at(-1)!;
    expect(table.rows[0]).toMatchObject({ item: last.item, version: last.version });
    expect(new Set(writes.map((w) => w.key)).size).toBe(table.rows.length);
    expect(serverlessAt(events, 0).tables).toEqual([]);
  });
});
