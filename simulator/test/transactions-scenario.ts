import type { FaultSpec, ScenarioInput } from '../scenario/schema.ts';

/**
 * The scenario of the transactional-producer property and its regressions: an application
 * writes 30 records in transactions of 5 to a topic of 2 partitions, a read_committed reader reads
 * them, and `faults` strike the application and its link.
 */
export function transactionsScenario(faults: FaultSpec[], seed = 0): ScenarioInput {
  return {
    name: 'transactions-property',
    seed,
    durationMs: 8000,
    network: { latencyMs: 2, jitterMs: 1 },
    topics: [{ name: 'out', partitions: 2 }],
    producers: [
      {
        id: 'app',
        transactionalId: 'app-tx',
        transactions: { recordsPerTransaction: 5, transactionTimeoutMs: 500 },
        requestTimeoutMs: 60,
        batchSize: 3,
        workload: { generators: [{ topic: 'out', count: 30, intervalMs: 5, keys: 4 }] },
      },
    ],
    consumers: [
      { id: 'reader', group: 'readers', topics: ['out'], isolationLevel: 'read_committed' },
    ],
    faults,
  };
}
