import { describe, expect, it } from 'vitest';
import { runAccountsChecks } from '../checks/index.ts';
import { runScenario } from '../scenario/run.ts';
import { eventsOf, exampleScenario } from '../test/engine-helpers.ts';

describe('the event-sourced accounts scenario', () => {
  const result = runScenario(exampleScenario('accounts-event-sourced'));
  const trace = result.events;

  it('passes every event-sourcing check, through the crash of an instance', () => {
    expect(eventsOf(trace, 'actor.crashed').map((e) => e.actor)).toEqual(['accounts-1']);
    for (const { name, verdict } of runAccountsChecks(trace))
      expect(verdict, name).toEqual({ ok: true });
  });

  it('refuses withdrawals beyond the balance with a reason the client reads back', () => {
    const reasons = eventsOf(trace, 'command.rejected').map((e) => e.reason);
    expect(reasons).toContain('insufficientFunds');
  });

  it('refunds a transfer to an account nobody opened, through the log', () => {
    const refunds = result.readCommitted['account-events']
      .flatMap((p) => p.records)
      .filter((r) => (r.record.value as { type: string }).type === 'TransferRefunded');
    expect(refunds.length).toBeGreaterThan(0);
  });

  it("restores the crashed instance's accounts from the changelog on the other instance", () => {
    const restored = eventsOf(
      trace,
      'task.restored',
      (e) => e.instance === 'accounts-2' && e.task === '0_0',
    );
    expect(restored.length).toBe(1);
    expect(restored[0].records).toBeGreaterThan(0);
  });

  it('gives every accepted command the offset of its event, and every read model reaches the end of the log', () => {
    const accepted = eventsOf(trace, 'command.accepted');
    expect(accepted.length).toBeGreaterThan(10);
    const endOf = new Map(
      result.readCommitted['account-events'].map((p) => [p.partition, p.records.length]),
    );
    for (const rm of ['balances', 'activity']) {
      const applied = eventsOf(trace, 'projection.applied', (e) => e.readModel === rm);
      for (const [partition, count] of endOf)
        expect(applied.filter((e) => e.partition === partition).length, `${rm} p${partition}`).toBe(
          count,
        );
    }
  });
});
