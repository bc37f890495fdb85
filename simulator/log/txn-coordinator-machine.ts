import { setup } from 'xstate';

/**
 * The transaction coordinator's lifecycle for one `transactional.id`, with Kafka's state names
 * (TransactionState.scala). The machine only decides which moves are legal and when the
 * transaction times out; the coordinator performs the effects. It is driven through xstate's pure
 * `transition()`: a delayed `after` comes back as an `xstate.raise` action with a `delay` that the
 * engine's own event queue schedules, so virtual time stays the only clock.
 */
export type TxnMachineEvent =
  /** AddPartitionsToTxn / AddOffsetsToTxn: the transaction (re)starts or grows. */
  | { type: 'ADD' }
  /** EndTxn from the producer: commit or abort. */
  | { type: 'END'; commit: boolean }
  /** All markers of the ending transaction are written. */
  | { type: 'MARKERS_WRITTEN' }
  /** InitProducerId from a (new) producer instance: an ongoing transaction must be aborted. */
  | { type: 'INIT' }
  /** transactional.id.expiration.ms passed without activity. */
  | { type: 'EXPIRE' };

export const txnCoordinatorMachine = setup({
  types: {
    context: {} as { transactionTimeoutMs: number },
    input: {} as { transactionTimeoutMs: number },
    events: {} as TxnMachineEvent,
  },
  delays: {
    transactionTimeout: ({ context }) => context.transactionTimeoutMs,
  },
}).createMachine({
  id: 'transactionCoordinator',
  initial: 'Empty',
  context: ({ input }) => ({ transactionTimeoutMs: input.transactionTimeoutMs }),
  states: {
    Empty: { on: { ADD: 'Ongoing', INIT: 'Empty', EXPIRE: 'Dead' } },
    Ongoing: {
      // transaction.timeout.ms counts from the transaction's start; adding partitions does not reset it.
      after: { transactionTimeout: 'PrepareAbort' },
      on: {
        ADD: 'Ongoing',
        END: [
          { guard: ({ event }) => event.commit, target: 'PrepareCommit' },
          { target: 'PrepareAbort' },
        ],
        INIT: 'PrepareAbort',
      },
    },
    PrepareCommit: { on: { MARKERS_WRITTEN: 'CompleteCommit' } },
    PrepareAbort: { on: { MARKERS_WRITTEN: 'CompleteAbort' } },
    CompleteCommit: { on: { ADD: 'Ongoing', INIT: 'Empty', EXPIRE: 'Dead' } },
    CompleteAbort: { on: { ADD: 'Ongoing', INIT: 'Empty', EXPIRE: 'Dead' } },
    Dead: { type: 'final' },
  },
});
