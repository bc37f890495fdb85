import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  cloneState,
  committedKey,
  foldTrace,
  lastStableOffset,
  messagesInFlight,
  observeState,
  partitionDump,
  partitionEntries,
  partitionState,
  positionKey,
  readCommittedView,
  readUncommittedView,
  type WorldState,
} from './state.ts';
import { TraceBuilder } from './test-helpers.ts';

function statuses(state: WorldState, topic: string, partition = 0): string[] {
  const p = partitionState(state, topic, partition)!;
  return partitionEntries(state, p).map((e) =>
    e.kind === 'record' ? `${e.offset}:${e.record.id}:${e.status}` : `${e.offset}:${e.marker}`,
  );
}

function committedIds(state: WorldState, topic: string, partition = 0): number[] {
  return readCommittedView(state, topic)[partition].records.map((r) => r.record.id);
}

describe('the fold of partitions and transactions', () => {
  it('commits only the open records of the marker’s producer in the marker’s partition', () => {
    const t = new TraceBuilder().topic('t', 2);
    t.append('t', 0, 1, { producerId: 7, transactional: true });
    t.append('t', 0, 2, { producerId: 8, transactional: true });
    t.append('t', 1, 3, { producerId: 7, transactional: true });
    t.append('t', 0, 4);
    t.marker('t', 0, 7, 'COMMIT');
    const state = foldTrace(t.events);
    expect(statuses(state, 't', 0)).toEqual(['0:1:committed', '1:2:open', '2:4:plain', '3:COMMIT']);
    expect(statuses(state, 't', 1)).toEqual(['0:3:open']);
  });

  it('marks a producer’s open records aborted on an ABORT marker, whatever their epoch', () => {
    const t = new TraceBuilder().topic('t');
    t.append('t', 0, 1, { producerId: 7, producerEpoch: 0, transactional: true });
    t.append('t', 0, 2, { producerId: 7, producerEpoch: 0, transactional: true });
    t.marker('t', 0, 7, 'ABORT', 1);
    t.append('t', 0, 3, { producerId: 7, producerEpoch: 1, transactional: true });
    const state = foldTrace(t.events);
    expect(statuses(state, 't')).toEqual(['0:1:aborted', '1:2:aborted', '2:ABORT', '3:3:open']);
  });

  it('holds the last stable offset at the first open record, capped by the high watermark', () => {
    const t = new TraceBuilder().topic('t');
    t.append('t', 0, 1);
    t.append('t', 0, 2, { producerId: 7, transactional: true });
    t.append('t', 0, 3);
    const p = () => partitionState(foldTrace(t.events), 't', 0)!;
    expect(lastStableOffset(p())).toBe(0);
    t.hw('t');
    expect(lastStableOffset(p())).toBe(1);
    t.marker('t', 0, 7, 'COMMIT').hw('t');
    expect(lastStableOffset(p())).toBe(4);
    expect(p().logEndOffset).toBe(4);
  });

  it('shows read_committed readers only plain and committed records below the last stable offset', () => {
    const t = new TraceBuilder().topic('t');
    t.append('t', 0, 1, { producerId: 7, transactional: true });
    t.append('t', 0, 2, { producerId: 8, transactional: true });
    t.append('t', 0, 3);
    t.marker('t', 0, 7, 'ABORT').hw('t');
    let state = foldTrace(t.events);
    // Record 2 is open: nothing at or after it is visible, not even the plain record 3.
    expect(committedIds(state, 't')).toEqual([]);
    expect(readUncommittedView(state, 't')[0].records.map((r) => r.record.id)).toEqual([1, 2, 3]);
    t.marker('t', 0, 8, 'COMMIT').hw('t');
    state = foldTrace(t.events);
    expect(committedIds(state, 't')).toEqual([2, 3]);
  });

  it('hides records below the log start offset and records the cleaner compacted', () => {
    const t = new TraceBuilder().topic('t');
    for (let id = 1; id <= 5; id++) t.append('t', 0, id);
    t.hw('t');
    t.push({
      type: 'records.deleted',
      topic: 't',
      partition: 0,
      logStartOffset: 2,
      reason: 'retention.ms',
    });
    t.push({ type: 'records.compacted', topic: 't', partition: 0, offsets: [3] });
    expect(committedIds(foldTrace(t.events), 't')).toEqual([3, 5]);
  });

  it('gives an earlier state the statuses of its own time although later states share its records', () => {
    const t = new TraceBuilder().topic('t');
    t.append('t', 0, 1, { producerId: 7, transactional: true });
    t.append('t', 0, 2);
    t.marker('t', 0, 7, 'COMMIT');
    t.push({ type: 'records.compacted', topic: 't', partition: 0, offsets: [1] });
    const early = foldTrace(t.events, 2);
    const late = cloneState(early);
    for (let i = 2; i < t.events.length; i++) applyEvent(late, t.events[i]);
    expect(statuses(late, 't')).toEqual(['0:1:committed', '2:COMMIT']);
    expect(statuses(early, 't')).toEqual(['0:1:open']);
    applyEvent(early, t.events[2]);
    expect(statuses(early, 't')).toEqual(['0:1:open', '1:2:plain']);
    applyEvent(early, t.events[3]);
    expect(statuses(early, 't')).toEqual(['0:1:committed', '1:2:plain', '2:COMMIT']);
  });

  it('refuses to fold into a clone an append from a different trace', () => {
    const t = new TraceBuilder().topic('t');
    t.append('t', 0, 1).append('t', 0, 2);
    const start = foldTrace(t.events, 1);
    const branch = cloneState(start);
    applyEvent(start, t.events[1]);
    const other = { ...t.events[1], offset: 5 } as (typeof t.events)[number];
    expect(() => applyEvent(branch, other)).toThrow(/different trace/);
  });

  it('dumps every partition as plain JSON with offsets and statuses', () => {
    const t = new TraceBuilder().topic('a').topic('b', 2);
    t.append('b', 1, 9, { producerId: 3, transactional: true }).hw('b', 1);
    const dump = partitionDump(foldTrace(t.events));
    expect(JSON.parse(JSON.stringify(dump))).toEqual(dump);
    expect(dump.map((d) => `${d.topic}-${d.partition}`)).toEqual(['a-0', 'b-0', 'b-1']);
    expect(dump[2]).toMatchObject({ highWatermark: 1, lastStableOffset: 0, logEndOffset: 1 });
    expect(dump[2].entries[0]).toMatchObject({ kind: 'record', status: 'open', producerId: 3 });
  });
});

describe('the fold of actors, clients and the network', () => {
  it('tracks each actor through crash, restart, pause and resume', () => {
    const t = new TraceBuilder().actor('p1').actor('c1', 'consumer');
    const status = () =>
      [...foldTrace(t.events).actors.values()].map((a) => `${a.actor}:${a.status}`);
    t.push({ type: 'actor.crashed', actor: 'p1' });
    t.push({ type: 'actor.paused', actor: 'c1' });
    expect(status()).toEqual(['p1:crashed', 'c1:paused']);
    t.push({ type: 'actor.restarted', actor: 'p1' }).push({ type: 'actor.resumed', actor: 'c1' });
    expect(status()).toEqual(['p1:up', 'c1:up']);
  });

  it('shows a message in flight from its sending until its delivery time, unless dropped', () => {
    const t = new TraceBuilder().at(10);
    t.send('p1', 'broker', 5);
    t.send('p1', 'broker', 0);
    t.send('c1', 'broker', 3);
    const dropped = t.lastMsgId;
    const ids = () => messagesInFlight(foldTrace(t.events)).map((m) => m.msgId);
    expect(ids()).toEqual([1, 3]);
    t.at(12).push({
      type: 'message.dropped',
      from: 'c1',
      to: 'broker',
      kind: 'produce',
      msgId: dropped,
      reason: 'loss',
    });
    expect(ids()).toEqual([1]);
    t.at(14).actor('x');
    expect(ids()).toEqual([1]);
    t.at(15).actor('y');
    expect(ids()).toEqual([]);
  });

  it('follows a group through joins, a rebalance and a leave', () => {
    const t = new TraceBuilder();
    t.push({ type: 'member.joined', group: 'g', member: 'c1' });
    t.push({ type: 'member.joined', group: 'g', member: 'c2' });
    t.push({ type: 'rebalance.started', group: 'g', generation: 0, reason: 'join' });
    expect(foldTrace(t.events).groups.get('g')).toMatchObject({
      status: 'rebalancing',
      members: ['c1', 'c2'],
    });
    const assignment = { c1: [{ topic: 't', partition: 0 }], c2: [{ topic: 't', partition: 1 }] };
    t.push({
      type: 'rebalance.completed',
      group: 'g',
      generation: 1,
      assignor: 'range',
      assignment,
    });
    t.push({ type: 'member.left', group: 'g', member: 'c1', reason: 'sessionTimeout' });
    expect(foldTrace(t.events).groups.get('g')).toEqual({
      group: 'g',
      generation: 1,
      status: 'stable',
      members: ['c2'],
      assignment,
    });
  });

  it('keeps the last committed offset per group and partition and each consumer’s position', () => {
    const t = new TraceBuilder()
      .commit('g', 't', 0, 5)
      .commit('g', 't', 0, 3, 'c2')
      .commit('h', 't', 0, 9);
    t.positioned('c1', 't', 0, 3).fetch('c1', 't', 0, 3, 8, [3, 4, 5, 6, 7]);
    const state = foldTrace(t.events);
    expect(state.committedOffsets.get(committedKey('g', 't', 0))).toMatchObject({
      offset: 3,
      member: 'c2',
    });
    expect(state.committedOffsets.get(committedKey('h', 't', 0))?.offset).toBe(9);
    expect(state.positions.get(positionKey('c1', 't', 0))?.offset).toBe(8);
  });

  it('records producers, fencing and the coordinator’s transaction partitions until completion', () => {
    const t = new TraceBuilder();
    t.push({
      type: 'producer.initialized',
      producer: 'p1',
      transactionalId: 'tx',
      producerId: 4,
      producerEpoch: 0,
    });
    t.txnBegun('tx', 4);
    t.push({
      type: 'txn.stateChanged',
      transactionalId: 'tx',
      from: 'Empty',
      to: 'Ongoing',
      producerId: 4,
      producerEpoch: 0,
    });
    t.push({
      type: 'txn.partitionsAdded',
      transactionalId: 'tx',
      partitions: [{ topic: 't', partition: 0 }],
    });
    t.push({
      type: 'txn.partitionsAdded',
      transactionalId: 'tx',
      partitions: [
        { topic: 't', partition: 0 },
        { topic: 't', partition: 1 },
      ],
    });
    expect(foldTrace(t.events).transactions.get('tx')).toMatchObject({
      state: 'Ongoing',
      producer: 'p1',
      partitions: [
        { topic: 't', partition: 0 },
        { topic: 't', partition: 1 },
      ],
    });
    t.push({
      type: 'txn.stateChanged',
      transactionalId: 'tx',
      from: 'Ongoing',
      to: 'CompleteAbort',
      producerId: 4,
      producerEpoch: 1,
    });
    t.txnAborted('tx', 4, 1);
    t.push({ type: 'producer.fenced', producer: 'p1', transactionalId: 'tx', producerEpoch: 0 });
    const state = foldTrace(t.events);
    expect(state.transactions.get('tx')).toMatchObject({
      state: 'CompleteAbort',
      partitions: [],
      producerEpoch: 1,
      lastOutcome: 'aborted',
    });
    expect(state.producers.get('p1')).toMatchObject({ producerId: 4, fenced: true });
  });

  it('observes a state as plain JSON that later events do not change', () => {
    const t = new TraceBuilder().actor('p1').commit('g', 't', 0, 1);
    const state = foldTrace(t.events);
    const seen = observeState(state);
    applyEvent(state, { type: 'actor.crashed', at: 0, actor: 'p1' });
    expect(seen.actors[0].status).toBe('up');
    expect(JSON.parse(JSON.stringify(seen))).toEqual(seen);
  });
});
