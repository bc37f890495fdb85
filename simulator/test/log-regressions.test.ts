import { describe, expect, it } from 'vitest';
import { scenarioSchema } from '../scenario/schema.ts';
import { runScenario } from '../scenario/run.ts';
import { exactlyOnceCommitted, nothingFromAborted } from '../checks/index.ts';
import { transactionsScenario } from './transactions-scenario.ts';

/** Schedules that once broke the log's guarantees, found by the property tests, kept as examples. */

describe('transactional producer regressions', () => {
  it('after a batch fails inside a transaction, the producer aborts, bumps its epoch and commits the records again', () => {
    // Found by "with transactions and crashes, read_committed holds every committed transaction
    // exactly once and nothing else" (FC_SEED=204945117). A slow link and a lost AddPartitionsToTxn
    // make a batch fail with INVALID_TXN_STATE; it never reached the log, but its sequence numbers
    // had been spent. The producer once aborted and went on with the same epoch and the same
    // sequence counters: every later batch was OUT_OF_ORDER_SEQUENCE_NUMBER, every transaction
    // aborted, and read_committed readers saw 15 of the 30 records. Kafka's producer bumps the
    // epoch after such an abort (TransactionManager.epochBumpRequired, KIP-360), which restarts
    // the sequences at 0.
    const scenario = scenarioSchema.parse(
      transactionsScenario(
        [
          {
            at: 170,
            kind: 'messageLoss',
            between: ['app', 'broker'],
            lossPerMillion: 100000,
            oneWay: false,
            durationMs: 31,
          },
          {
            at: 90,
            kind: 'slowLink',
            between: ['app', 'broker'],
            extraLatencyMs: 107,
            oneWay: false,
            durationMs: 80,
          },
        ],
        16,
      ),
    );
    const result = runScenario(scenario);
    const { events } = result;
    const epochs = events
      .filter((e) => e.type === 'producer.initialized')
      .map((e) => e.producerEpoch);
    expect(epochs).toEqual([0, 1]);
    expect(events.some((e) => e.type === 'batch.rejectedOutOfOrder')).toBe(false);
    expect(exactlyOnceCommitted(events)).toEqual({ ok: true });
    expect(nothingFromAborted(events)).toEqual({ ok: true });
    const ids = result.readCommitted.out
      .flatMap((p) => p.records.map((r) => r.record.id))
      .sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });
});
