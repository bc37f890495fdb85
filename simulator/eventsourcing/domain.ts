/**
 * The domain every event-sourcing scenario, chapter and exercise uses: bank accounts. An account is
 * opened, takes deposits and withdrawals, and sends transfers; its balance may never go below zero.
 * Commands carry an id; the events they cause are typed, keyed by account, and carry that id.
 *
 * `decide` and `evolve` are the two pure halves of an event-sourced aggregate: `decide` looks at the
 * state and a command and answers with events (or a rejection), `evolve` folds one event into the
 * state. The state is only ever the fold of the account's events, whoever keeps it.
 */

/** What a client asks for. `account` is the aggregate id and the record key. */
export type ClientCommand =
  | { type: 'open'; commandId: string; account: string }
  | { type: 'deposit'; commandId: string; account: string; amount: number }
  | { type: 'withdraw'; commandId: string; account: string; amount: number }
  | { type: 'transfer'; commandId: string; account: string; to: string; amount: number };

/**
 * A transfer's second half, which the processor writes back to the commands topic keyed by the
 * other account: each account has one writer (the task owning its partition), so a transfer between
 * two accounts is two steps through the log, not one write to both.
 */
export type FollowUpCommand =
  | { type: 'creditTransfer'; commandId: string; account: string; from: string; amount: number }
  | { type: 'refundTransfer'; commandId: string; account: string; to: string; amount: number };

export type AccountCommand = ClientCommand | FollowUpCommand;

/** What happened to an account: the events topic holds these, keyed by `account`. */
export type AccountEvent =
  | { type: 'AccountOpened'; account: string; commandId: string }
  | { type: 'MoneyDeposited'; account: string; commandId: string; amount: number }
  | { type: 'MoneyWithdrawn'; account: string; commandId: string; amount: number }
  | { type: 'TransferDebited'; account: string; commandId: string; to: string; amount: number }
  | { type: 'TransferCredited'; account: string; commandId: string; from: string; amount: number }
  | { type: 'TransferRefunded'; account: string; commandId: string; to: string; amount: number };

export type AccountEventType = AccountEvent['type'];

/** Why a command was refused. */
export type RejectionReason =
  'accountExists' | 'noSuchAccount' | 'insufficientFunds' | 'invalidAmount' | 'sameAccount';

/** One account's state: the fold of its events. `null` before it is opened. */
export interface AccountState {
  balance: number;
  /** How many events the account has: its version, for optimistic concurrency in a database. */
  version: number;
}

export type Decision =
  | { kind: 'accepted'; events: AccountEvent[]; followUps: FollowUpCommand[] }
  | { kind: 'rejected'; reason: RejectionReason; followUps: FollowUpCommand[] };

const accepted = (events: AccountEvent[], followUps: FollowUpCommand[] = []): Decision => ({
  kind: 'accepted',
  events,
  followUps,
});
const rejected = (reason: RejectionReason, followUps: FollowUpCommand[] = []): Decision => ({
  kind: 'rejected',
  reason,
  followUps,
});

/** The command's answer given the account's current state. Pure: no clock, no randomness. */
export function decide(state: AccountState | null, command: AccountCommand): Decision {
  const { account, commandId } = command;
  if (command.type === 'open')
    return state
      ? rejected('accountExists')
      : accepted([{ type: 'AccountOpened', account, commandId }]);
  if (!Number.isInteger(command.amount) || command.amount <= 0) return rejected('invalidAmount');
  const amount = command.amount;
  switch (command.type) {
    case 'deposit':
      return state
        ? accepted([{ type: 'MoneyDeposited', account, commandId, amount }])
        : rejected('noSuchAccount');
    case 'withdraw':
      if (!state) return rejected('noSuchAccount');
      if (state.balance < amount) return rejected('insufficientFunds');
      return accepted([{ type: 'MoneyWithdrawn', account, commandId, amount }]);
    case 'transfer': {
      if (!state) return rejected('noSuchAccount');
      if (command.to === account) return rejected('sameAccount');
      if (state.balance < amount) return rejected('insufficientFunds');
      const credit: FollowUpCommand = {
        type: 'creditTransfer',
        commandId: `${commandId}/credit`,
        account: command.to,
        from: account,
        amount,
      };
      return accepted(
        [{ type: 'TransferDebited', account, commandId, to: command.to, amount }],
        [credit],
      );
    }
    case 'creditTransfer': {
      if (state)
        return accepted([
          { type: 'TransferCredited', account, commandId, from: command.from, amount },
        ]);
      // The money goes back where it came from, through the log, to that account's one writer.
      const refund: FollowUpCommand = {
        type: 'refundTransfer',
        commandId: commandId.replace(/\/credit$/, '/refund'),
        account: command.from,
        to: account,
        amount,
      };
      return rejected('noSuchAccount', [refund]);
    }
    case 'refundTransfer':
      return accepted([{ type: 'TransferRefunded', account, commandId, to: command.to, amount }]);
  }
}

/** One event folded into an account's state. */
export function evolve(state: AccountState | null, event: AccountEvent): AccountState {
  const before = state ?? { balance: 0, version: 0 };
  return { balance: before.balance + balanceChange(event), version: before.version + 1 };
}

/** How an event changes its account's balance. */
export function balanceChange(event: AccountEvent): number {
  switch (event.type) {
    case 'AccountOpened':
      return 0;
    case 'MoneyDeposited':
    case 'TransferCredited':
    case 'TransferRefunded':
      return event.amount;
    case 'MoneyWithdrawn':
    case 'TransferDebited':
      return -event.amount;
  }
}

const EVENT_TYPES: ReadonlySet<string> = new Set<AccountEventType>([
  'AccountOpened',
  'MoneyDeposited',
  'MoneyWithdrawn',
  'TransferDebited',
  'TransferCredited',
  'TransferRefunded',
]);

/** Whether a record value read from the events topic is an account event (a check reads any log). */
export function isAccountEvent(value: unknown): value is AccountEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.type === 'string' &&
    EVENT_TYPES.has(v.type) &&
    typeof v.account === 'string' &&
    typeof v.commandId === 'string'
  );
}

/** The command id a follow-up step belongs to (`c7/credit` → `c7`): a transfer is one client command. */
export function originCommandId(commandId: string): string {
  const slash = commandId.indexOf('/');
  return slash < 0 ? commandId : commandId.slice(0, slash);
}

const COMMAND_TYPES: ReadonlySet<string> = new Set<AccountCommand['type']>([
  'open',
  'deposit',
  'withdraw',
  'transfer',
  'creditTransfer',
  'refundTransfer',
]);

/** Whether a record value read from the commands topic is a command (a function reads any record). */
export function isAccountCommand(value: unknown): value is AccountCommand {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.type === 'string' &&
    COMMAND_TYPES.has(v.type) &&
    typeof v.account === 'string' &&
    typeof v.commandId === 'string'
  );
}
