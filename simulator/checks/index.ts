import type { TraceEvent } from '../trace/events.ts';
import { foldTrace } from '../trace/state.ts';
import { exactlyOnceCommitted } from './exactly-once-committed.ts';
import { nothingFromAborted } from './nothing-from-aborted.ts';
import { offsetsOnlyGrow } from './offsets-only-grow.ts';
import { orderPerPartition } from './order-per-partition.ts';
import { processedAtLeastOnce } from './processed-at-least-once.ts';
import { processedAtMostOnce } from './processed-at-most-once.ts';
import { transformedExactlyOnce } from './transformed-exactly-once.ts';
import type { CheckVerdict } from './verdict.ts';
import type { AccountsCheckName } from './accounts-run.ts';

export { exactlyOnceCommitted } from './exactly-once-committed.ts';
export { transformedExactlyOnce } from './transformed-exactly-once.ts';
export { nothingFromAborted } from './nothing-from-aborted.ts';
export { offsetsOnlyGrow } from './offsets-only-grow.ts';
export { orderPerPartition } from './order-per-partition.ts';
export { processedAtLeastOnce } from './processed-at-least-once.ts';
export { processedAtMostOnce } from './processed-at-most-once.ts';
export { PASS, type CheckVerdict } from './verdict.ts';
export { queueDelivery, queueNothingLost, type QueueDelivery } from './queue-delivery.ts';
export { buffersDrained, type BuffersDrainedOptions } from './streams-buffers-drained.ts';
export { joinComplete, type JoinCompleteOptions } from './streams-join-complete.ts';
export { restoredStoresMatchChangelog } from './streams-restored-stores.ts';
export { sameCommittedOutput, type OutputComparison } from './streams-same-output.ts';
export {
  runStreamsChecks,
  type NamedStreamsVerdict,
  type StreamsCheckName,
  type StreamsCheckOptions,
} from './streams-run.ts';

/** The names of the log checks, in the order `runLogChecks` reports them. */
export type LogCheckName =
  | 'exactlyOnceCommitted'
  | 'nothingFromAborted'
  | 'orderPerPartition'
  | 'offsetsOnlyGrow'
  | 'processedAtLeastOnce'
  | 'processedAtMostOnce'
  | 'transformedExactlyOnce';

/** One check's verdict, named. */
export interface NamedVerdict {
  /** Which check (the event-sourcing checks join the log's for a scenario with accounts). */
  name: LogCheckName | AccountsCheckName | 'queueNothingLost';
  /** What it found. */
  verdict: CheckVerdict;
}

/**
 * Run every log check over a trace (folding it once for those that need the final state); the
 * check of transactional clients only when the run has one.
 */
export function runLogChecks(events: readonly TraceEvent[]): NamedVerdict[] {
  const final = foldTrace(events);
  const clients = events.some(
    (e) => e.type === 'actor.started' && e.kind === 'transactionalClient',
  );
  return [
    { name: 'exactlyOnceCommitted', verdict: exactlyOnceCommitted(events, final) },
    { name: 'nothingFromAborted', verdict: nothingFromAborted(events, final) },
    { name: 'orderPerPartition', verdict: orderPerPartition(events) },
    { name: 'offsetsOnlyGrow', verdict: offsetsOnlyGrow(events) },
    { name: 'processedAtLeastOnce', verdict: processedAtLeastOnce(events, final) },
    { name: 'processedAtMostOnce', verdict: processedAtMostOnce(events) },
    ...(clients
      ? [
          {
            name: 'transformedExactlyOnce' as const,
            verdict: transformedExactlyOnce(events, final),
          },
        ]
      : []),
  ];
}
export { balanceNeverNegative } from './balance-never-negative.ts';
export { eventsAppendedOnce } from './events-appended-once.ts';
export { changesPublished } from './changes-published.ts';
export { readModelMatchesFold } from './read-model-matches-fold.ts';
export { readYourWrites } from './read-your-writes.ts';
export { rebuildEqualsLive } from './rebuild-equals-live.ts';
export {
  runAccountsChecks,
  type AccountsCheckName,
  type NamedAccountsVerdict,
} from './accounts-run.ts';
export {
  completedInJournal,
  journaledStepsNotRerun,
  rerunSteps,
  type RerunStep,
} from './durable-steps.ts';
