import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioSchema, type ScenarioInput } from '../scenario/schema.ts';
import { runScenario } from '../scenario/run.ts';
import { transformedExactlyOnce } from '../checks/index.ts';
import type { TraceEvent } from '../trace/events.ts';
import { deriveRecordId } from './derive-id.ts';
import type { TransformStep } from '../scenario/transactional-client-schema.ts';

/**
 * The transactional consume–transform–produce client: the exactly-once loop of KafkaConsumer and
 * KafkaProducer (poll, send, sendOffsetsToTransaction with the group metadata, commit).
 */

const example = JSON.parse(
  readFileSync(new URL('../scenarios/transactional-client.json', import.meta.url), 'utf8'),
) as ScenarioInput;

function run(input: ScenarioInput) {
  return runScenario(scenarioSchema.parse(input));
}

const ofType = <T extends TraceEvent['type']>(events: readonly TraceEvent[], type: T) =>
  events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

describe('a transactional client', () => {
  /** 30 amounts on two partitions of `in`, and client c1 of group g writing their transform to `out`. */
  const copy = (transform: TransformStep[]) =>
    run({
      name: 'copy',
      seed: 4,
      durationMs: 1500,
      topics: [
        { name: 'in', partitions: 2 },
        { name: 'out', partitions: 3 },
      ],
      producers: [
        {
          id: 'src',
          workload: {
            generators: [{ topic: 'in', count: 30, intervalMs: 5, keys: 4, valueKind: 'amount' }],
          },
        },
      ],
      transactionalClients: [
        { id: 'c1', group: 'g', topics: ['in'], outputTopic: 'out', transform },
      ],
    });

  it('commits the consumed offsets inside the transactions that hold the outputs, under its transactional.id', () => {
    const result = copy([]);
    const committed = ofType(result.events, 'offset.committed').filter((e) => e.group === 'g');
    expect(new Set(committed.map((e) => e.transactionalId))).toEqual(new Set(['c1']));
    const last = (partition: number) =>
      Math.max(...committed.filter((e) => e.partition === partition).map((e) => e.offset));
    expect(last(0) + last(1)).toBe(30);
    // Every transaction that committed outputs also took offsets: never one without the other.
    const transactions = ofType(result.events, 'txn.committed').filter(
      (e) => e.transactionalId === 'c1',
    );
    const withOffsets = ofType(result.events, 'txn.offsetsAdded').filter(
      (e) => e.transactionalId === 'c1' && e.group === 'g',
    );
    expect(transactions.length).toBeGreaterThan(1);
    expect(withOffsets.length).toBe(transactions.length);
    expect(result.readCommitted.out.flatMap((p) => p.records)).toHaveLength(30);
  });

  it('maps each value and keeps the records its filter accepts, each once, under its derived id', () => {
    const result = copy([
      { op: 'mapValues', mapper: { fn: 'wrap', field: 'amount' } },
      { op: 'filter', predicate: { fn: 'fieldGreaterThan', field: 'amount', value: 30 } },
    ]);
    const inputs = result.readCommitted.in.flatMap((p) => p.records.map((v) => v.record));
    const expected = inputs
      .filter((r) => (r.value as number) > 30)
      .map((r) => ({ id: deriveRecordId(r.id, 'out', 0), key: r.key, value: { amount: r.value } }));
    const out = result.readCommitted.out.flatMap((p) => p.records.map((v) => v.record));
    const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
    expect(out.map(({ id, key, value }) => ({ id, key, value })).sort(byId)).toEqual(
      expected.sort(byId),
    );
    expect(expected.length).toBeGreaterThan(5);
    expect(expected.length).toBeLessThan(30);
  });

  it('closes and starts again when a pause outlives its transaction, which the coordinator aborted and fenced', () => {
    const client = (id: string) => ({
      id,
      group: 'g',
      topics: ['in'],
      outputTopic: 'out',
      processingMs: 2,
      maxPollRecords: 6,
      sessionTimeoutMs: 200,
      heartbeatIntervalMs: 40,
      transactionTimeoutMs: 600,
    });
    const result = run({
      name: 'timeout',
      seed: 1,
      durationMs: 5000,
      topics: [
        { name: 'in', partitions: 2 },
        { name: 'out', partitions: 2 },
      ],
      producers: [
        {
          id: 'src',
          workload: { generators: [{ topic: 'in', count: 40, intervalMs: 8, keys: 5 }] },
        },
      ],
      transactionalClients: [client('c1'), client('c2')],
      faults: [{ at: 60, kind: 'pause', target: 'c1', durationMs: 900 }],
    });
    const { events } = result;
    expect(ofType(events, 'txn.aborted').find((e) => e.transactionalId === 'c1')?.reason).toBe(
      'timeout',
    );
    const resumed = events.findIndex((e) => e.type === 'actor.resumed');
    const failed = ofType(events.slice(resumed), 'instance.commitFailed').find(
      (e) => e.instance === 'c1',
    );
    expect(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED']).toContain(failed?.error);
    // initTransactions again, under the epoch after the one the coordinator's abort bumped to.
    const epochs = ofType(events, 'producer.initialized')
      .filter((e) => e.producer === 'c1')
      .map((e) => e.producerEpoch);
    expect(epochs).toEqual([0, 2]);
    expect(result.readCommitted.out.flatMap((p) => p.records)).toHaveLength(40);
    expect(transformedExactlyOnce(events)).toEqual({ ok: true });
  });

  describe('in the example: a crash in the middle of the loop, and a zombie after a rebalance', () => {
    const result = run(example);
    const { events } = result;

    it('restarts after the crash with the same transactional.id, which aborts the transaction it left open', () => {
      const crash = events.findIndex((e) => e.type === 'actor.crashed' && e.actor === 'copier-1');
      const openAtCrash =
        ofType(events.slice(0, crash), 'txn.begun').filter((e) => e.transactionalId === 'copier-1')
          .length >
        ofType(events.slice(0, crash), 'txn.committed').filter(
          (e) => e.transactionalId === 'copier-1',
        ).length;
      expect(openAtCrash).toBe(true);
      const aborted = ofType(events, 'txn.aborted').find((e) => e.transactionalId === 'copier-1');
      expect(aborted?.reason).toBe('initProducerId');
    });

    it("refuses the zombie's offsets by its group metadata once the group has moved on, and aborts its transaction", () => {
      const resumed = events.findIndex((e) => e.type === 'actor.resumed' && e.actor === 'copier-2');
      const left = events.findIndex((e) => e.type === 'member.left' && e.member === 'copier-2');
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThan(resumed);
      const after = events.slice(resumed);
      expect(
        ofType(after, 'instance.commitFailed').find((e) => e.instance === 'copier-2')?.error,
      ).toBe('UNKNOWN_MEMBER_ID');
      expect(
        ofType(after, 'txn.aborted').find((e) => e.transactionalId === 'copier-2')?.reason,
      ).toBe('requested');
      // The producer itself was never fenced: its epoch is the one it started with.
      expect(ofType(events, 'producer.fenced')).toEqual([]);
    });

    it('leaves a read_committed reader of the output with each order exactly once', () => {
      const out = result.readCommitted.shipments.flatMap((p) => p.records.map((v) => v.record.id));
      const inputs = result.readCommitted.orders.flatMap((p) => p.records.map((v) => v.record.id));
      expect(out.sort()).toEqual(inputs.map((id) => deriveRecordId(id, 'shipments', 0)).sort());
      expect(transformedExactlyOnce(events)).toEqual({ ok: true });
    });
  });
});
