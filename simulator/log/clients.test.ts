import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../trace/events.ts';
import type { ScenarioInput } from '../scenario/schema.ts';
import {
  countBy,
  eventsOf,
  exampleScenario,
  indexOfEvent,
  simulate,
} from '../test/engine-helpers.ts';

/** Producer and consumer behaviour, through small scenarios and the example ones. */

/** Record ids appended to a topic, in log order, one entry per copy. */
const appendedIds = (trace: readonly TraceEvent[], topic: string) =>
  eventsOf(trace, 'record.appended', (e) => e.topic === topic).map((e) => e.record.id);

/** Offsets (as `partition:offset`) of records whose transaction was aborted. */
function abortedOffsets(trace: readonly TraceEvent[]): Set<string> {
  const open = new Map<string, string[]>();
  const aborted = new Set<string>();
  for (const e of trace) {
    if (e.type === 'record.appended' && e.transactional) {
      const key = `${e.topic}/${e.partition}/${e.producerId}`;
      open.set(key, [...(open.get(key) ?? []), `${e.partition}:${e.offset}`]);
    } else if (e.type === 'marker.written') {
      const key = `${e.topic}/${e.partition}/${e.producerId}`;
      if (e.marker === 'ABORT') for (const o of open.get(key) ?? []) aborted.add(o);
      open.delete(key);
    }
  }
  return aborted;
}

/** Offsets (as `partition:offset`) a consumer processed. */
const processedOffsets = (trace: readonly TraceEvent[], consumer: string) =>
  eventsOf(trace, 'records.processed', (e) => e.consumer === consumer).flatMap((e) =>
    e.offsets.map((o) => `${e.partition}:${o}`),
  );

describe('producer acknowledgements', () => {
  const world = simulate(exampleScenario('lost-ack-idempotent'));

  it('loses the acknowledgement of one batch of each producer', () => {
    const dropped = eventsOf(world.trace, 'message.dropped').map((e) => [e.to, e.kind, e.reason]);
    expect(dropped.sort()).toEqual([
      ['idempotent', 'ProduceResponse', 'lostAck'],
      ['plain', 'ProduceResponse', 'lostAck'],
    ]);
  });

  it('makes a producer without idempotence append the unacknowledged batch twice', () => {
    const counts = countBy(appendedIds(world.trace, 'payments-plain'));
    const twice = [...counts].filter(([, n]) => n === 2).map(([id]) => id);
    expect(twice.length).toBeGreaterThan(0);
    expect(counts.size).toBe(20);
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);
    // The copies are exactly the records of the batch whose acknowledgement was lost.
    const retried = eventsOf(
      world.trace,
      'batch.sent',
      (e) => e.producer === 'plain' && e.attempt === 2,
    );
    expect(retried.flatMap((e) => e.records.map((r) => r.id))).toEqual(twice);
  });

  it('makes an idempotent producer append it once: the broker recognises the retry as a duplicate', () => {
    const ids = appendedIds(world.trace, 'payments-idempotent');
    expect(new Set(ids).size).toBe(20);
    expect(ids).toHaveLength(20);
    const [duplicate] = eventsOf(world.trace, 'batch.rejectedDuplicate');
    expect(duplicate.topic).toBe('payments-idempotent');
    const original = eventsOf(
      world.trace,
      'record.appended',
      (e) => e.topic === 'payments-idempotent' && e.sequence === duplicate.baseSequence,
    );
    expect(original.map((e) => e.offset)).toEqual([duplicate.baseOffset]);
    expect(
      eventsOf(
        world.trace,
        'batch.acknowledged',
        (e) => e.producer === 'idempotent' && e.duplicate,
      ),
    ).toHaveLength(1);
  });

  it("keeps each producer's records in the order they were sent", () => {
    const ids = appendedIds(world.trace, 'payments-idempotent');
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });
});

describe('transactional producer', () => {
  const input: ScenarioInput = {
    name: 'txn-visibility',
    seed: 5,
    durationMs: 800,
    network: { latencyMs: 2, jitterMs: 2 },
    topics: [{ name: 'orders', partitions: 2 }],
    producers: [
      {
        id: 'writer',
        transactionalId: 'orders-tx',
        transactions: { recordsPerTransaction: 5, transactionTimeoutMs: 2000 },
        lingerMs: 2,
        batchSize: 2,
        workload: { generators: [{ topic: 'orders', count: 30, intervalMs: 7, keys: 4 }] },
      },
    ],
    consumers: [
      {
        id: 'rc',
        group: 'rc',
        topics: ['orders'],
        isolationLevel: 'read_committed',
        fetchIntervalMs: 3,
      },
      {
        id: 'ru',
        group: 'ru',
        topics: ['orders'],
        isolationLevel: 'read_uncommitted',
        fetchIntervalMs: 3,
      },
    ],
  };
  const world = simulate(input);

  it('makes records visible to read_committed only after their transaction committed', () => {
    const committedAt = new Map<number, number>();
    world.trace.forEach((e, index) => {
      if (e.type === 'txn.committed') for (const id of e.recordIds) committedAt.set(id, index);
    });
    world.trace.forEach((e, index) => {
      if (e.type !== 'records.fetched' || e.consumer !== 'rc') return;
      for (const id of e.recordIds) expect(committedAt.get(id), `record ${id}`).toBeLessThan(index);
    });
    const seen = eventsOf(world.trace, 'records.fetched', (e) => e.consumer === 'rc').flatMap(
      (e) => e.recordIds,
    );
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('lets read_uncommitted see records before their commit (so the test above is not vacuous)', () => {
    const early = world.trace.some((e, index) => {
      if (e.type !== 'records.fetched' || e.consumer !== 'ru') return false;
      const commit = indexOfEvent(world.trace, 'txn.committed', (c) =>
        c.recordIds.includes(e.recordIds[0]),
      );
      return commit > index;
    });
    expect(early).toBe(true);
  });

  it('commits transactions of recordsPerTransaction records each', () => {
    expect(eventsOf(world.trace, 'txn.committed').map((e) => e.recordIds.length)).toEqual([
      5, 5, 5, 5, 5, 5,
    ]);
  });
});

describe('a crash in the middle of a transaction', () => {
  const world = simulate(exampleScenario('txn-abort-on-crash'));
  const aborted = abortedOffsets(world.trace);

  it("leaves a transaction that the restarted producer's InitProducerId aborts", () => {
    expect(eventsOf(world.trace, 'txn.aborted').map((e) => e.reason)).toEqual(['initProducerId']);
    expect(aborted.size).toBeGreaterThan(0);
  });

  it('never gives the aborted records to a read_committed consumer, but does to read_uncommitted', () => {
    const committed = processedOffsets(world.trace, 'committed-reader');
    expect(committed.filter((o) => aborted.has(o))).toEqual([]);
    expect(
      processedOffsets(world.trace, 'uncommitted-reader').filter((o) => aborted.has(o)).length,
    ).toBeGreaterThan(0);
  });

  it('still delivers every record exactly once to read_committed after the producer resends them', () => {
    const ids = eventsOf(
      world.trace,
      'records.processed',
      (e) => e.consumer === 'committed-reader',
    ).flatMap((e) => e.recordIds);
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
  });
});

describe('the zombie instance', () => {
  const world = simulate(exampleScenario('zombie-fenced'));
  const pausedAt = 73;

  it('fences the paused instance when it wakes up and writes with its old epoch', () => {
    expect(eventsOf(world.trace, 'producer.fenced').map((e) => e.producer)).toEqual(['instance-a']);
    const fenced = eventsOf(world.trace, 'batch.rejectedFenced');
    expect(fenced.length).toBeGreaterThan(0);
    for (const e of fenced) {
      expect(e.producer).toBe('instance-a');
      expect(e.producerEpoch).toBeLessThan(e.currentEpoch);
    }
  });

  it("aborts the zombie's open transaction when its replacement starts", () => {
    const [abort] = eventsOf(world.trace, 'txn.aborted');
    expect(abort.reason).toBe('initProducerId');
    const replacement = eventsOf(
      world.trace,
      'producer.initialized',
      (e) => e.producer === 'instance-b',
    )[0];
    // The abort carries the fencing epoch; the replacement's retried InitProducerId gets the next.
    expect(abort.producerEpoch).toBe(replacement.producerEpoch - 1);
    expect(abort.at).toBeLessThan(replacement.at);
  });

  it('shows read_committed readers nothing the zombie wrote after it froze', () => {
    const late = new Set(
      eventsOf(
        world.trace,
        'record.appended',
        (e) => e.producer === 'instance-a' && e.at > pausedAt,
      ).map((e) => `${e.partition}:${e.offset}`),
    );
    const aborted = abortedOffsets(world.trace);
    const audited = processedOffsets(world.trace, 'auditor');
    expect(audited.filter((o) => late.has(o) || aborted.has(o))).toEqual([]);
    expect(audited.length).toBeGreaterThan(0);
  });
});

describe('commit order of a consumer that crashes', () => {
  const world = simulate(exampleScenario('rebalance-commit-order'));
  const processedBy = (group: string) =>
    countBy(
      eventsOf(world.trace, 'records.processed', (e) => e.group === group).flatMap(
        (e) => e.recordIds,
      ),
    );
  const all = Array.from({ length: 300 }, (_, i) => i + 1);

  it('processes some records twice and none never when committing after processing (at-least-once)', () => {
    const counts = processedBy('after');
    expect([...counts.values()].filter((n) => n > 1).length).toBeGreaterThan(0);
    expect(all.filter((id) => !counts.has(id))).toEqual([]);
  });

  it('never processes some records and none twice when committing before processing (at-most-once)', () => {
    const counts = processedBy('before');
    expect(all.filter((id) => !counts.has(id)).length).toBeGreaterThan(0);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
  });
});

describe('a network partition between a producer and the broker', () => {
  function partitioned(idempotent: boolean, oneWay: boolean) {
    return simulate({
      name: 'partitioned',
      seed: 8,
      durationMs: 1500,
      network: { latencyMs: 2 },
      topics: [{ name: 'events', partitions: 1 }],
      producers: [
        {
          id: 'p',
          idempotent,
          requestTimeoutMs: 50,
          retryBackoffMs: 20,
          lingerMs: 2,
          batchSize: 5,
          workload: { generators: [{ topic: 'events', count: 60, intervalMs: 5 }] },
        },
      ],
      faults: oneWay
        ? [{ at: 100, kind: 'partition', between: ['broker', 'p'], oneWay: true, durationMs: 200 }]
        : [{ at: 100, kind: 'partition', between: ['p', 'broker'], durationMs: 200 }],
    });
  }

  it('delays delivery and makes the producer retry until it heals, then delivers everything exactly once', () => {
    const world = partitioned(true, false);
    expect(
      eventsOf(world.trace, 'message.dropped', (e) => e.reason === 'partition').length,
    ).toBeGreaterThan(0);
    expect(eventsOf(world.trace, 'batch.sent', (e) => e.attempt > 1).length).toBeGreaterThan(0);
    // Nothing reaches the log while the link is cut.
    expect(eventsOf(world.trace, 'record.appended', (e) => e.at > 102 && e.at < 300)).toEqual([]);
    expect(eventsOf(world.trace, 'record.appended', (e) => e.at >= 300).length).toBeGreaterThan(0);
    expect(appendedIds(world.trace, 'events')).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(eventsOf(world.trace, 'batch.expired')).toEqual([]);
  });

  it('still delivers exactly once when only the replies are cut, thanks to idempotence', () => {
    const world = partitioned(true, true);
    expect(eventsOf(world.trace, 'batch.rejectedDuplicate').length).toBeGreaterThan(0);
    expect(appendedIds(world.trace, 'events')).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('duplicates records when only the replies are cut and the producer is not idempotent', () => {
    const world = partitioned(false, true);
    const counts = countBy(appendedIds(world.trace, 'events'));
    expect(counts.size).toBe(60);
    expect([...counts.values()].some((n) => n > 1)).toBe(true);
  });
});
