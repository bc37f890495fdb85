import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario/schema.ts';
import { runScenario } from '../scenario/run.ts';
import { exampleScenario } from '../test/engine-helpers.ts';
import type { EventOf, TraceEvent } from '../trace/events.ts';
import {
  balanceNeverNegative,
  eventsAppendedOnce,
  readModelMatchesFold,
  readYourWrites,
} from './index.ts';

const base = exampleScenario('accounts-event-sourced');
const variant = (change: (s: Scenario) => void): TraceEvent[] => {
  const s = structuredClone(base);
  change(s);
  return runScenario(s).events;
};
const clean = runScenario(base).events;

describe('readModelMatchesFold', () => {
  it('names the projection step whose row differs from the fold of the log', () => {
    const trace = structuredClone(clean);
    const i = trace.findIndex(
      (e) => e.type === 'projection.applied' && e.readModel === 'balances' && e.offset === 2,
    );
    const applied = trace[i] as EventOf<'projection.applied'>;
    applied.row = { balance: 999, events: 3 };
    const verdict = readModelMatchesFold(trace);
    expect(verdict).toMatchObject({ ok: false, index: i });
    if (!verdict.ok) expect(verdict.message).toContain('but the fold of the log up to there gives');
  });

  it('says a read model started after retention deleted history can never be right', () => {
    const trace = variant((s) => {
      s.topics[1].retentionMs = 300;
      s.accounts!.readModels[1].startAtMs = 1500;
    });
    const verdict = readModelMatchesFold(trace);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.event.type).toBe('projection.skipped');
      expect(verdict.message).toMatch(
        /activity on reader-2 never saw offsets 0–\d+ of account-events-\d: retention deleted \d+ events/,
      );
    }
  });
});

describe('readYourWrites', () => {
  const slowReader = (token: boolean) =>
    variant((s) => {
      s.accounts!.readModels[0].applyMs = 30;
      s.accounts!.clients[0].queries!.token = token;
    });

  it('names the first query answered from behind the client’s own accepted write', () => {
    const trace = slowReader(false);
    const verdict = readYourWrites(trace);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.event.type).toBe('query.answered');
      expect(verdict.message).toMatch(
        /^alice read a1 from balances at position 0 of account-events-1, behind its own write accepted at offset 0/,
      );
    }
  });

  it('holds when the same client sends its consistency token and waits', () => {
    const trace = slowReader(true);
    expect(readYourWrites(trace)).toEqual({ ok: true });
    const waited = trace.filter((e) => e.type === 'query.answered' && e.latencyMs > 10);
    expect(waited.length).toBeGreaterThan(0);
  });
});

describe('balanceNeverNegative', () => {
  it('names the append of the event that takes a balance below zero', () => {
    const trace = structuredClone(clean);
    const i = trace.findIndex(
      (e) =>
        e.type === 'record.appended' &&
        e.topic === 'account-events' &&
        (e.record.value as { type?: string }).type === 'MoneyWithdrawn',
    );
    const appended = trace[i] as EventOf<'record.appended'>;
    appended.record = {
      ...appended.record,
      value: { ...(appended.record.value as object), amount: 1_000_000 },
    };
    const verdict = balanceNeverNegative(trace);
    expect(verdict).toMatchObject({ ok: false, index: i });
    if (!verdict.ok)
      expect(verdict.message).toMatch(/^MoneyWithdrawn of \w+ .* takes its balance to -\d+\.\d\d$/);
  });
});

describe('eventsAppendedOnce', () => {
  it('finds a command whose events an at_least_once processor appended twice after a crash', () => {
    const trace = variant((s) => {
      s.accounts!.processor.guarantee = 'at_least_once';
      s.faults = [{ at: 100, kind: 'crash', target: 'accounts-1' }];
    });
    const verdict = eventsAppendedOnce(trace);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.event.type).toBe('record.appended');
      expect(verdict.message).toMatch(
        /^MoneyDeposited of b2 for command bob-2 is in the log twice: at account-events-0 offset \d+ and at account-events-0 offset \d+$/,
      );
    }
  });

  it('holds for the same crash under exactly_once_v2', () => {
    const trace = variant((s) => {
      s.faults = [{ at: 100, kind: 'crash', target: 'accounts-1' }];
    });
    expect(eventsAppendedOnce(trace)).toEqual({ ok: true });
  });
});
