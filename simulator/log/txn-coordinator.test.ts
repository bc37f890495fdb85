import { describe, expect, it } from 'vitest';
import type { World } from '../core/world.ts';
import { brokerWorld, eventsOf, type ScriptedActor } from '../test/engine-helpers.ts';
import type * as P from './protocol.ts';

/**
 * The transaction coordinator, driven through the broker by scripted clients that speak the
 * protocol (InitProducerId, AddPartitionsToTxn, Produce, TxnOffsetCommit, EndTxn) by hand.
 */

const TXN = 'tx';
const TP = { topic: 't', partition: 0 };

function setup(clientIds = ['p1', 'p2']) {
  return brokerWorld([{ name: 't' }], clientIds);
}

/** Send a request now and run 10 ms; returns the client's reply (or undefined if none came). */
function request<R extends P.BrokerResponse>(
  world: World,
  client: ScriptedActor,
  message: P.BrokerRequest,
): R | undefined {
  const before = client.messages().length;
  client.toBroker(message);
  world.runUntil(world.now + 10);
  return client.messages<R>().slice(before)[0]?.message;
}

function initOnce(world: World, client: ScriptedActor, transactionTimeoutMs = 1000) {
  return request<P.InitProducerIdResponse>(world, client, {
    kind: 'InitProducerId',
    transactionalId: TXN,
    transactionTimeoutMs,
    producerId: -1,
    producerEpoch: -1,
    correlationId: 1,
  })!;
}

/** InitProducerId as a client calls it: again while the coordinator answers CONCURRENT_TRANSACTIONS. */
function init(world: World, client: ScriptedActor, transactionTimeoutMs = 1000) {
  let reply = initOnce(world, client, transactionTimeoutMs);
  while (reply.error === 'CONCURRENT_TRANSACTIONS')
    reply = initOnce(world, client, transactionTimeoutMs);
  return { producerId: reply.producerId, producerEpoch: reply.producerEpoch };
}

type Ids = { producerId: number; producerEpoch: number };

const addPartitions = (world: World, client: ScriptedActor, ids: Ids) =>
  request<P.AddPartitionsToTxnResponse>(world, client, {
    kind: 'AddPartitionsToTxn',
    transactionalId: TXN,
    ...ids,
    partitions: [TP],
  })?.error;

let requestId = 1;
const produce = (
  world: World,
  client: ScriptedActor,
  ids: Ids,
  baseSequence: number,
  recordIds: number[],
) =>
  request<P.ProduceResponse>(world, client, {
    kind: 'Produce',
    requestId: requestId++,
    ...TP,
    ...ids,
    baseSequence,
    transactionalId: TXN,
    records: recordIds.map((id) => ({ id, key: `k${id}`, value: id, timestampMs: world.now })),
  })?.error;

const endTxn = (world: World, client: ScriptedActor, ids: Ids, commit: boolean) =>
  request<P.EndTxnResponse>(world, client, { kind: 'EndTxn', transactionalId: TXN, ...ids, commit })
    ?.error;

const moves = (world: World) =>
  eventsOf(
    world.trace,
    'txn.stateChanged',
    (e) => e.transactionalId === TXN && e.from !== e.to,
  ).map((e) => `${e.from}→${e.to}`);

function readCommitted(world: World, client: ScriptedActor): number[] {
  const reply = request<P.FetchResponse>(world, client, {
    kind: 'Fetch',
    requestId: requestId++,
    isolationLevel: 'read_committed',
    maxRecords: 100,
    partitions: [{ ...TP, offset: 0 }],
  })!;
  return reply.partitions[0].records.map((r) => r.id);
}

describe('transaction coordinator', () => {
  it('moves Empty → Ongoing → PrepareCommit → CompleteCommit for a committed transaction', () => {
    const { world, clients } = setup();
    const ids = init(world, clients.p1);
    expect(addPartitions(world, clients.p1, ids)).toBeNull();
    expect(produce(world, clients.p1, ids, 0, [1, 2])).toBeNull();
    expect(readCommitted(world, clients.p2)).toEqual([]);
    expect(endTxn(world, clients.p1, ids, true)).toBeNull();
    expect(moves(world)).toEqual([
      'Empty→Ongoing',
      'Ongoing→PrepareCommit',
      'PrepareCommit→CompleteCommit',
    ]);
    expect(eventsOf(world.trace, 'txn.committed').map((e) => e.recordIds)).toEqual([[1, 2]]);
    expect(
      eventsOf(world.trace, 'marker.written').map((e) => [e.topic, e.offset, e.marker]),
    ).toEqual([['t', 2, 'COMMIT']]);
    expect(readCommitted(world, clients.p2)).toEqual([1, 2]);
  });

  it("commits the ids of a transaction's appended batches in order: not a duplicate's, not an earlier transaction's", () => {
    const { world, clients } = setup();
    const ids = init(world, clients.p1);
    addPartitions(world, clients.p1, ids);
    expect(produce(world, clients.p1, ids, 0, [1, 2, 3])).toBeNull();
    expect(produce(world, clients.p1, ids, 3, [4])).toBeNull();
    expect(produce(world, clients.p1, ids, 3, [4])).toBe('DUPLICATE_SEQUENCE_NUMBER');
    expect(produce(world, clients.p1, ids, 4, [5, 6])).toBeNull();
    endTxn(world, clients.p1, ids, true);
    addPartitions(world, clients.p1, ids);
    produce(world, clients.p1, ids, 6, [7]);
    endTxn(world, clients.p1, ids, false);
    addPartitions(world, clients.p1, ids);
    produce(world, clients.p1, ids, 7, [8, 9]);
    endTxn(world, clients.p1, ids, true);
    expect(eventsOf(world.trace, 'txn.committed').map((e) => e.recordIds)).toEqual([
      [1, 2, 3, 4, 5, 6],
      [8, 9],
    ]);
  });

  it('moves Ongoing → PrepareAbort → CompleteAbort for an aborted one, whose records stay invisible', () => {
    const { world, clients } = setup();
    const ids = init(world, clients.p1);
    addPartitions(world, clients.p1, ids);
    produce(world, clients.p1, ids, 0, [1]);
    expect(endTxn(world, clients.p1, ids, false)).toBeNull();
    expect(moves(world)).toEqual([
      'Empty→Ongoing',
      'Ongoing→PrepareAbort',
      'PrepareAbort→CompleteAbort',
    ]);
    expect(eventsOf(world.trace, 'txn.aborted').map((e) => e.reason)).toEqual(['requested']);
    expect(readCommitted(world, clients.p2)).toEqual([]);
  });

  it('starts the next transaction from CompleteCommit', () => {
    const { world, clients } = setup();
    const ids = init(world, clients.p1);
    addPartitions(world, clients.p1, ids);
    endTxn(world, clients.p1, ids, true);
    expect(addPartitions(world, clients.p1, ids)).toBeNull();
    expect(moves(world).at(-1)).toBe('CompleteCommit→Ongoing');
  });

  it('aborts an ongoing transaction under a bumped epoch and answers CONCURRENT_TRANSACTIONS when a new instance calls InitProducerId; the retry gets the next epoch', () => {
    const { world, clients } = setup();
    const old = init(world, clients.p1);
    addPartitions(world, clients.p1, old);
    produce(world, clients.p1, old, 0, [1, 2]);
    expect(initOnce(world, clients.p2)).toMatchObject({
      error: 'CONCURRENT_TRANSACTIONS',
      producerEpoch: -1,
    });
    const fencing = old.producerEpoch + 1;
    expect(eventsOf(world.trace, 'txn.aborted')).toMatchObject([
      { transactionalId: TXN, producerEpoch: fencing, reason: 'initProducerId' },
    ]);
    expect(eventsOf(world.trace, 'marker.written')).toMatchObject([
      { marker: 'ABORT', producerEpoch: fencing },
    ]);
    expect(initOnce(world, clients.p2)).toMatchObject({
      error: null,
      producerId: old.producerId,
      producerEpoch: old.producerEpoch + 2,
    });
    expect(moves(world)).toContain('Ongoing→PrepareAbort');
    expect(readCommitted(world, clients.p2)).toEqual([]);
  });

  it('bumps the epoch on InitProducerId without aborting anything when no transaction is open', () => {
    const { world, clients } = setup();
    const first = init(world, clients.p1);
    addPartitions(world, clients.p1, first);
    endTxn(world, clients.p1, first, true);
    expect(init(world, clients.p2).producerEpoch).toBe(first.producerEpoch + 1);
    expect(eventsOf(world.trace, 'txn.aborted')).toEqual([]);
  });

  it('answers PRODUCER_FENCED to the older epoch on AddPartitionsToTxn, EndTxn and Produce', () => {
    const { world, clients } = setup();
    const old = init(world, clients.p1);
    addPartitions(world, clients.p1, old);
    const fresh = init(world, clients.p2);
    expect(addPartitions(world, clients.p1, old)).toBe('PRODUCER_FENCED');
    expect(endTxn(world, clients.p1, old, true)).toBe('PRODUCER_FENCED');
    expect(produce(world, clients.p1, old, 0, [9])).toBe('PRODUCER_FENCED');
    expect(eventsOf(world.trace, 'batch.rejectedFenced')).toMatchObject([
      { producer: 'p1', producerEpoch: old.producerEpoch, currentEpoch: fresh.producerEpoch },
    ]);
    expect(eventsOf(world.trace, 'record.appended', (e) => e.record.id === 9)).toEqual([]);
    // The new epoch is unaffected.
    expect(addPartitions(world, clients.p2, fresh)).toBeNull();
  });

  it('aborts a transaction open longer than transaction.timeout.ms, counted from its start, and answers its producer with an abortable epoch error', () => {
    const { world, clients } = setup();
    const ids = init(world, clients.p1, 100);
    const startedAt = world.now;
    addPartitions(world, clients.p1, ids);
    produce(world, clients.p1, ids, 0, [1]);
    world.runUntil(startedAt + 60);
    addPartitions(world, clients.p1, ids); // adding to it does not extend the deadline
    world.runUntil(startedAt + 150);
    const aborted = eventsOf(world.trace, 'txn.aborted');
    expect(aborted).toMatchObject([{ reason: 'timeout', producerEpoch: ids.producerEpoch + 1 }]);
    expect(aborted[0].at).toBeLessThanOrEqual(startedAt + 110);
    expect(aborted[0].at).toBeGreaterThanOrEqual(startedAt + 100);
    expect(moves(world)).toEqual([
      'Empty→Ongoing',
      'Ongoing→PrepareAbort',
      'PrepareAbort→CompleteAbort',
    ]);
    // KIP-588: the producer whose transaction timed out is not a zombie; it may re-initialise.
    expect(endTxn(world, clients.p1, ids, true)).toBe('INVALID_PRODUCER_EPOCH');
    expect(produce(world, clients.p1, ids, 1, [2])).toBe('INVALID_PRODUCER_EPOCH');
  });

  it('lets the producer whose transaction timed out recover with its old epoch, and fences it once another instance initialises', () => {
    const { world, clients } = setup();
    const ids = init(world, clients.p1, 100);
    addPartitions(world, clients.p1, ids);
    world.runUntil(world.now + 150);
    const recovered = request<P.InitProducerIdResponse>(world, clients.p1, {
      kind: 'InitProducerId',
      transactionalId: TXN,
      transactionTimeoutMs: 100,
      ...ids,
      correlationId: 2,
    })!;
    expect(recovered.producerEpoch).toBe(ids.producerEpoch + 2);
    const fresh = { producerId: recovered.producerId, producerEpoch: recovered.producerEpoch };
    expect(addPartitions(world, clients.p1, fresh)).toBe(null);
    init(world, clients.p2, 100);
    expect(endTxn(world, clients.p1, fresh, true)).toBe('PRODUCER_FENCED');
  });

  it('does not time out a transaction that ended in time', () => {
    const { world, clients } = setup();
    const ids = init(world, clients.p1, 100);
    addPartitions(world, clients.p1, ids);
    endTxn(world, clients.p1, ids, true);
    world.runUntil(world.now + 1000);
    expect(eventsOf(world.trace, 'txn.aborted')).toEqual([]);
  });

  it('still times out a transaction left open across a broker crash and restart', () => {
    const { world, clients } = setup();
    const ids = init(world, clients.p1, 100);
    addPartitions(world, clients.p1, ids);
    world.crash('broker');
    world.restart('broker');
    world.runUntil(world.now + 300);
    expect(eventsOf(world.trace, 'txn.aborted').map((e) => e.reason)).toEqual(['timeout']);
  });

  it('answers a retried EndTxn without error after the first reply was lost', () => {
    const { world, clients } = setup();
    const ids = init(world, clients.p1);
    addPartitions(world, clients.p1, ids);
    produce(world, clients.p1, ids, 0, [1]);
    world.network.dropNext({ from: 'broker', to: 'p1', kinds: ['EndTxnResponse'], count: 1 });
    expect(
      request(world, clients.p1, { kind: 'EndTxn', transactionalId: TXN, ...ids, commit: true }),
    ).toBeUndefined();
    expect(endTxn(world, clients.p1, ids, true)).toBeNull();
    expect(eventsOf(world.trace, 'txn.committed')).toHaveLength(1);
    expect(eventsOf(world.trace, 'marker.written')).toHaveLength(1);
  });

  it('refuses a retried EndTxn that asks for the opposite outcome of the one completed', () => {
    const { world, clients } = setup();
    const ids = init(world, clients.p1);
    addPartitions(world, clients.p1, ids);
    endTxn(world, clients.p1, ids, false);
    expect(endTxn(world, clients.p1, ids, false)).toBeNull();
    expect(endTxn(world, clients.p1, ids, true)).toBe('INVALID_TXN_STATE');
  });

  it('makes offsets sent to a transaction count only when it commits', () => {
    const { world, clients } = setup();
    const ids = init(world, clients.p1);
    const offsets = (offset: number): P.TxnOffsetCommitRequest => ({
      kind: 'TxnOffsetCommit',
      transactionalId: TXN,
      ...ids,
      group: 'g',
      member: 'm',
      generation: -1,
      offsets: [{ topic: 'in', partition: 0, offset }],
    });
    expect(request<P.TxnOffsetCommitResponse>(world, clients.p1, offsets(5))?.error).toBeNull();
    endTxn(world, clients.p1, ids, false);
    expect(eventsOf(world.trace, 'offset.committed')).toEqual([]);
    request(world, clients.p1, offsets(7));
    expect(eventsOf(world.trace, 'offset.committed')).toEqual([]);
    endTxn(world, clients.p1, ids, true);
    expect(eventsOf(world.trace, 'offset.committed')).toMatchObject([
      { group: 'g', topic: 'in', partition: 0, offset: 7, transactionalId: TXN },
    ]);
  });
});
