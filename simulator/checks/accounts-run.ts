import type { TraceEvent } from '../trace/events.ts';
import { DEFAULT_ACCOUNTS_CHECK_OPTIONS, type AccountsCheckOptions } from './accounts-history.ts';
import { balanceNeverNegative } from './balance-never-negative.ts';
import { changesPublished } from './changes-published.ts';
import { eventsAppendedOnce } from './events-appended-once.ts';
import { readModelMatchesFold } from './read-model-matches-fold.ts';
import { readYourWrites } from './read-your-writes.ts';
import { rebuildEqualsLive } from './rebuild-equals-live.ts';
import type { CheckVerdict } from './verdict.ts';

/** The names of the event-sourcing checks, in the order `runAccountsChecks` reports them. */
export type AccountsCheckName =
  | 'balanceNeverNegative'
  | 'eventsAppendedOnce'
  | 'changesPublished'
  | 'readModelMatchesFold'
  | 'readYourWrites'
  | 'rebuildEqualsLive';

export interface NamedAccountsVerdict {
  name: AccountsCheckName;
  verdict: CheckVerdict;
}

/** Every event-sourcing check over one trace. */
export function runAccountsChecks(
  events: readonly TraceEvent[],
  options: AccountsCheckOptions = DEFAULT_ACCOUNTS_CHECK_OPTIONS,
): NamedAccountsVerdict[] {
  return [
    { name: 'balanceNeverNegative', verdict: balanceNeverNegative(events, options) },
    { name: 'eventsAppendedOnce', verdict: eventsAppendedOnce(events, options) },
    { name: 'changesPublished', verdict: changesPublished(events, options) },
    { name: 'readModelMatchesFold', verdict: readModelMatchesFold(events, options) },
    { name: 'readYourWrites', verdict: readYourWrites(events) },
    { name: 'rebuildEqualsLive', verdict: rebuildEqualsLive(events) },
  ];
}
