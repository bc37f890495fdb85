/**
 * The names of the built-in handlers (`handlerLibrary` in index.ts), without their code: what the
 * scenario checks need to name an unknown handler. A test keeps the two in step.
 */
export const HANDLER_NAMES: readonly string[] = [
  'countPageViewsNaive',
  'countPageViewsIdempotent',
  'countPageViewsTransactional',
  'joinOrdersWithPaymentsViaDb',
  'enrichClickWithProfile',
  'upsertProfile',
  'dualWriteNaive',
  'dualWriteOutbox',
  'drainOutbox',
  'accountsCrudDualWrite',
  'accountsOutbox',
  'flowStep',
  'notifyOrderStatusViaDb',
  'projectAccountEvents',
  'processMessages',
];
