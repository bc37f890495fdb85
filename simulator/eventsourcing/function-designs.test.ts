import { describe, expect, it } from 'vitest';
import { runAccountsChecks } from '../checks/index.ts';
import type { NamedAccountsVerdict } from '../checks/accounts-run.ts';
import { runScenario } from '../scenario/run.ts';
import type { Scenario } from '../scenario/schema.ts';
import { eventsOf, exampleScenario } from '../test/engine-helpers.ts';
import type { TraceEvent } from '../trace/events.ts';

/** The two function-based designs of the accounts domain: CRUD with a dual write, and the outbox. */

const crud = exampleScenario('accounts-crud-dual-write');
const outbox = exampleScenario('accounts-outbox');

function run(base: Scenario, change: (s: Scenario) => void = () => {}): TraceEvent[] {
  const s = structuredClone(base);
  change(s);
  return runScenario(s).events;
}

function verdictOf(trace: TraceEvent[], name: NamedAccountsVerdict['name']) {
  return runAccountsChecks(trace).find((v) => v.name === name)!.verdict;
}

const eventsTopicRecords = (trace: TraceEvent[]) =>
  eventsOf(trace, 'record.appended', (e) => e.topic === 'account-events');

describe('CRUD with a dual write', () => {
  const trace = run(crud);

  it('loses the event of a command whose invocation crashed between the row write and the publish, and the check names that write', () => {
    const verdict = verdictOf(trace, 'changesPublished');
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.event.type).toBe('db.written');
    expect(verdict.message).toMatch(
      /^command \S+ changed the database, but its \w+ of \w+ never reached account-events by the end of the run: a lost event$/,
    );
    const crashed = eventsOf(trace, 'function.failed', (e) => e.reason === 'crash');
    expect(crashed.length).toBe(2);
    // The write happened inside the invocation that then crashed, and the client never heard back.
    const write = verdict.event as Extract<TraceEvent, { type: 'db.written' }>;
    expect(crashed.map((e) => e.invocationId)).toContain(write.invocationId);
    const commandId = verdict.message.split(' ')[1];
    expect(eventsOf(trace, 'command.timedOut').map((e) => e.commandId)).toContain(commandId);
  });

  it('publishes every change when nothing crashes', () => {
    const clean = run(crud, (s) => (s.faults = []));
    for (const name of ['changesPublished', 'eventsAppendedOnce', 'balanceNeverNegative'] as const)
      expect(verdictOf(clean, name), name).toEqual({ ok: true });
    expect(eventsOf(clean, 'command.accepted').length).toBeGreaterThan(15);
  });

  it('a retry after a crash before the publish finds the command done and publishes its events then: nothing lost', () => {
    const retried = run(crud, (s) => (s.serverless!.triggers[0].maximumRetryAttempts = 2));
    expect(eventsOf(retried, 'function.failed', (e) => e.reason === 'crash').length).toBe(2);
    expect(verdictOf(retried, 'changesPublished')).toEqual({ ok: true });
    expect(verdictOf(retried, 'eventsAppendedOnce')).toEqual({ ok: true });
  });

  it('a retry after a crash that followed the publish publishes the events again: a duplicate with the same event id', () => {
    const trace = run(crud, (s) => {
      s.serverless!.triggers[0].maximumRetryAttempts = 2;
      s.faults = [
        {
          at: 700,
          kind: 'invocationCrash',
          target: 'handleCommand',
          point: 'afterEmitBeforeSuccess',
          count: 2,
        },
      ];
    });
    const verdict = verdictOf(trace, 'eventsAppendedOnce');
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.event.type).toBe('record.appended');
    expect(verdict.message).toMatch(/is in the log twice/);
    const copy = verdict.event as Extract<TraceEvent, { type: 'record.appended' }>;
    const copies = eventsTopicRecords(trace).filter((e) => e.record.id === copy.record.id);
    expect(copies.length).toBe(2);
    expect(copies[0].record.headers?.eventId).toBe(String(copy.record.id));
    expect(copies[1].record.headers).toEqual(copies[0].record.headers);
  });

  it('rejects a command whose row changed after it was read (a version conflict), and tells the client', () => {
    const conflicts = eventsOf(trace, 'command.rejected', (e) => e.reason === 'versionConflict');
    expect(conflicts.length).toBeGreaterThan(0);
    const failed = eventsOf(trace, 'db.conditionFailed');
    expect(failed.some((e) => e.condition.startsWith('version = '))).toBe(true);
    // A rejected command changed no row: no event of it is in the log.
    const rejected = new Set(conflicts.map((e) => e.commandId));
    const published = eventsTopicRecords(trace).map(
      (e) => (e.record.value as { commandId: string }).commandId,
    );
    expect(published.filter((id) => rejected.has(id))).toEqual([]);
  });

  it('keeps every row at or above zero: the database validated each command', () => {
    const rows = eventsOf(trace, 'db.written', (e) => e.table === 'accounts');
    expect(rows.length).toBeGreaterThan(10);
    for (const e of rows) expect((e.item as { balance: number }).balance).toBeGreaterThanOrEqual(0);
  });
});

describe('the transactional outbox', () => {
  const trace = run(outbox);

  it('loses no event through crashes of the function and of the relay', () => {
    expect(
      eventsOf(trace, 'function.failed', (e) => e.reason === 'crash').map((e) => e.function),
    ).toEqual(['handleCommand', 'handleCommand', 'relay', 'relay']);
    expect(verdictOf(trace, 'changesPublished')).toEqual({ ok: true });
    expect(verdictOf(trace, 'balanceNeverNegative')).toEqual({ ok: true });
  });

  it('publishes an entry again when the relay crashed before deleting it; both copies carry one eventId', () => {
    const verdict = verdictOf(trace, 'eventsAppendedOnce');
    expect(verdict.ok).toBe(false);
    const byId = new Map<string, number>();
    for (const e of eventsTopicRecords(trace)) {
      const id = e.record.headers?.eventId;
      expect(id, 'every published event carries its id as its eventId header').toBe(
        String(e.record.id),
      );
      byId.set(id!, (byId.get(id!) ?? 0) + 1);
    }
    // Two relay runs crashed between publish and delete: two copies too many, all recognisable.
    const extra = [...byId.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(extra).toBe(2);
  });

  it('publishes each account in the order its rows were written', () => {
    const clean = run(outbox, (s) => (s.faults = []));
    for (const name of ['changesPublished', 'eventsAppendedOnce', 'balanceNeverNegative'] as const)
      expect(verdictOf(clean, name), name).toEqual({ ok: true });
    const versions = new Map<string, number>();
    for (const e of eventsOf(clean, 'db.written', (w) => w.table === 'accounts')) {
      const events = (e.item as { events: number }).events;
      expect(events).toBeGreaterThan(versions.get(e.key) ?? 0);
      versions.set(e.key, events);
    }
  });
});
