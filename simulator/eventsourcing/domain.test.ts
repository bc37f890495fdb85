import { describe, expect, it } from 'vitest';
import { decide, evolve, originCommandId, type AccountState } from './domain.ts';

const opened: AccountState = { balance: 0, version: 1 };
const with50: AccountState = { balance: 50, version: 2 };

describe('the accounts domain', () => {
  it('opens an account once and refuses to open it again', () => {
    expect(decide(null, { type: 'open', commandId: 'c1', account: 'a' })).toEqual({
      kind: 'accepted',
      events: [{ type: 'AccountOpened', account: 'a', commandId: 'c1' }],
      followUps: [],
    });
    expect(decide(opened, { type: 'open', commandId: 'c2', account: 'a' })).toMatchObject({
      kind: 'rejected',
      reason: 'accountExists',
    });
  });

  it('refuses a withdrawal that would take the balance below zero, and allows one to exactly zero', () => {
    expect(
      decide(with50, { type: 'withdraw', commandId: 'c', account: 'a', amount: 51 }),
    ).toMatchObject({ kind: 'rejected', reason: 'insufficientFunds' });
    const decision = decide(with50, { type: 'withdraw', commandId: 'c', account: 'a', amount: 50 });
    expect(decision.kind).toBe('accepted');
    if (decision.kind === 'accepted') expect(evolve(with50, decision.events[0]).balance).toBe(0);
  });

  it('refuses deposits to an account never opened, and amounts that are not positive whole numbers', () => {
    expect(
      decide(null, { type: 'deposit', commandId: 'c', account: 'a', amount: 5 }),
    ).toMatchObject({ reason: 'noSuchAccount' });
    expect(
      decide(opened, { type: 'deposit', commandId: 'c', account: 'a', amount: 0 }),
    ).toMatchObject({ reason: 'invalidAmount' });
    expect(
      decide(opened, { type: 'deposit', commandId: 'c', account: 'a', amount: 1.5 }),
    ).toMatchObject({ reason: 'invalidAmount' });
  });

  it('debits a transfer on the sending account and sends the credit to the other account as a command', () => {
    const decision = decide(with50, {
      type: 'transfer',
      commandId: 't1',
      account: 'a',
      to: 'b',
      amount: 30,
    });
    expect(decision).toEqual({
      kind: 'accepted',
      events: [{ type: 'TransferDebited', account: 'a', commandId: 't1', to: 'b', amount: 30 }],
      followUps: [
        { type: 'creditTransfer', commandId: 't1/credit', account: 'b', from: 'a', amount: 30 },
      ],
    });
  });

  it('sends a credit to an account never opened back as a refund to the sender', () => {
    const decision = decide(null, {
      type: 'creditTransfer',
      commandId: 't1/credit',
      account: 'b',
      from: 'a',
      amount: 30,
    });
    expect(decision).toEqual({
      kind: 'rejected',
      reason: 'noSuchAccount',
      followUps: [
        { type: 'refundTransfer', commandId: 't1/refund', account: 'a', to: 'b', amount: 30 },
      ],
    });
    expect(originCommandId('t1/refund')).toBe('t1');
  });

  it('counts every event in the version, money or not', () => {
    const state = evolve(evolve(null, { type: 'AccountOpened', account: 'a', commandId: 'c1' }), {
      type: 'MoneyDeposited',
      account: 'a',
      commandId: 'c2',
      amount: 7,
    });
    expect(state).toEqual({ balance: 7, version: 2 });
  });
});
