import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/load.ts';
import { compareDesigns, type DesignResult } from './compare.ts';
import { formatComparison } from './format-table.ts';

/**
 * The built-in library (simulator/scenarios/compare/): on each workload, under the file's fault
 * schedule, the stream processor and the stateful functions stay exactly once while the naive
 * serverless design duplicates or loses outputs.
 */

function compareFile(name: string) {
  const text = readFileSync(new URL(`../scenarios/compare/${name}.json`, import.meta.url), 'utf8');
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return compareDesigns(parsed.scenario);
}

function byName(designs: DesignResult[]): Record<string, DesignResult> {
  return Object.fromEntries(designs.map((d) => [d.name, d]));
}

function expectExactlyOnce(d: DesignResult): void {
  expect(d.faults, `${d.name}: a fault applies`).toBeGreaterThan(0);
  expect([d.duplicates, d.lost, d.outOfOrder, d.correct], d.name).toEqual([0, 0, 0, d.expected]);
  expect(d.firstViolation, d.name).toBeNull();
}

describe('the comparison library', () => {
  it('counting page views: the naive function over-counts after crashes; the others count exactly', () => {
    const d = byName(compareFile('page-views').designs);
    expect(d.serverless.duplicates).toBeGreaterThan(0);
    expect(d.serverless.retries).toBeGreaterThan(0);
    expect(d.serverless.firstViolation?.type).toBe('db.written');
    expect(d.serverless.stateLives).toBe('external database');
    expectExactlyOnce(d['stream-processor']);
    expectExactlyOnce(d['stateful-functions']);
    expect(d['stream-processor'].stateLives).toBe('state stores + changelog topics');
    expect(d['stateful-functions'].stateLives).toBe('function state in the log');
  });

  it('joining orders with payments: retried batches emit pairs again; the others join exactly once', () => {
    const d = byName(compareFile('orders-payments').designs);
    expect(d.serverless.duplicates).toBeGreaterThan(0);
    expect(d.serverless.lost).toBe(0);
    expect(d.serverless.firstViolation?.type).toBe('record.appended');
    expectExactlyOnce(d['stream-processor']);
    expectExactlyOnce(d['stateful-functions']);
  });

  it('enriching clicks: retried batches emit enriched clicks again; the others enrich each once', () => {
    const d = byName(compareFile('enrich-clicks').designs);
    expect(d.serverless.duplicates).toBeGreaterThan(0);
    expect(d.serverless.dbReads).toBeGreaterThan(0);
    expectExactlyOnce(d['stream-processor']);
    expectExactlyOnce(d['stateful-functions']);
  });

  it('the dual write: a batch given up after the row write loses its events; the others lose none', () => {
    const d = byName(compareFile('dual-write').designs);
    expect(d.serverless.lost).toBeGreaterThan(0);
    expect(d.serverless.firstViolation?.message).toMatch(/is missing/);
    expectExactlyOnce(d['stream-processor']);
    expectExactlyOnce(d['stateful-functions']);
  });

  it('the order workflow: chained functions send emails twice; the durable handler replays its journal and makes each call once; without the journal it calls again', () => {
    const d = byName(compareFile('order-workflow').designs);
    expect(d.functions.duplicates).toBeGreaterThan(0);
    expectExactlyOnce(d.durable);
    expect(d.durable.kind).toBe('durable');
    expect(d.durable.stateLives).toBe('a journal of steps in the log');
    expect(d.durable.retries).toBeGreaterThan(0);
    expect(d['durable-no-journal'].duplicates).toBeGreaterThan(0);
    expect(d['durable-no-journal'].lost).toBe(0);
    expect(d.durable.cost.functionsUsd).toBeGreaterThan(0);
  });
  it('bank accounts: the dual write loses events it committed, the outbox duplicates them with ids, the event-sourced processor neither', () => {
    const result = compareFile('accounts');
    expect(formatComparison(result)).toMatch(/^stale reads +\d+ of \d+ +\d+ of \d+ +\d+ of \d+$/m);
    const d = byName(result.designs);
    const crud = d['crud-dual-write'];
    expect(crud.lost).toBeGreaterThan(0);
    expect(crud.firstViolation?.type).toBe('db.written');
    expect(crud.firstViolation?.message).toMatch(
      /never reached account-events by the end of the run: a lost event$/,
    );
    expect(crud.accounts?.invariantViolations).toBe(0);
    // The rows stayed right; the log a reader folds did not: lost deposits, withdrawals kept.
    expect(crud.accounts?.logFoldBelowZero).toBeGreaterThan(0);
    expect(d.outbox.lost).toBe(0);
    expect(d.outbox.duplicates).toBeGreaterThan(0);
    expect(d.outbox.firstViolation?.message).toMatch(/is in the log twice/);
    expectExactlyOnce(d['event-sourced']);
    expect(d['event-sourced'].kind).toBe('streams');
    expect(d['event-sourced'].cost.processorUsd).toBeGreaterThan(0);
    for (const design of Object.values(d)) {
      const a = design.accounts!;
      expect(a.invariantViolations, design.name).toBe(0);
      expect(a.commands.sent, design.name).toBe(79);
      expect(a.readModelLagMs?.p99, design.name).toBeGreaterThanOrEqual(a.readModelLagMs!.p50);
      expect(a.staleReads, design.name).toBeLessThanOrEqual(a.queriesAnswered);
    }
    // A function's append is readable at once; the processor's events only after its transaction commits (read_committed).
    expect(d['event-sourced'].accounts!.readModelLagMs!.p50).toBeGreaterThan(
      crud.accounts!.readModelLagMs!.p50,
    );
    expect(d.outbox.accounts?.sourceOfTruth).toBe('database rows');
    expect(d['event-sourced'].accounts?.sourceOfTruth).toBe('events topic');
  });
});
