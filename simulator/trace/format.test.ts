import { describe, expect, it } from 'vitest';
import type { SimRecord } from '../core/types.ts';
import type { EventOf, TraceEvent, TraceEventType } from './events.ts';
import { formatEventLine, formatLog, renderInts, renderValue } from './format.ts';

const record: SimRecord = { id: 7, key: 'k1', value: 42, timestampMs: 100 };

/** One event of every type: the mapped type makes this fail to compile when a type is added. */
const samples: { [T in TraceEventType]: EventOf<T> } = {
  'sim.started': { type: 'sim.started', at: 0, seed: 3, scenario: 'demo' },
  'sim.ended': { type: 'sim.ended', at: 900, reason: 'duration' },
  'actor.started': { type: 'actor.started', at: 0, actor: 'p1', kind: 'producer' },
  'actor.crashed': { type: 'actor.crashed', at: 5, actor: 'p1' },
  'actor.restarted': { type: 'actor.restarted', at: 6, actor: 'p1' },
  'actor.paused': { type: 'actor.paused', at: 7, actor: 'p1' },
  'actor.resumed': { type: 'actor.resumed', at: 8, actor: 'p1' },
  'fault.injected': {
    type: 'fault.injected',
    at: 9,
    fault: { kind: 'partition', between: ['p1', 'broker'], at: 9, oneWay: false },
  },
  'fault.ended': {
    type: 'fault.ended',
    at: 10,
    fault: { kind: 'pause', target: 'c1', durationMs: 5 },
  },
  'message.sent': {
    type: 'message.sent',
    at: 1,
    from: 'p1',
    to: 'broker',
    kind: 'Produce',
    msgId: 4,
    deliverAt: 3,
  },
  'message.dropped': {
    type: 'message.dropped',
    at: 1,
    from: 'broker',
    to: 'p1',
    kind: 'ProduceResponse',
    msgId: 5,
    reason: 'lostAck',
  },
  'topic.created': {
    type: 'topic.created',
    at: 0,
    topic: 'orders',
    partitions: 2,
    cleanupPolicy: 'delete',
    internal: false,
  },
  'record.appended': {
    type: 'record.appended',
    at: 105,
    topic: 'orders',
    partition: 1,
    offset: 3,
    record,
    producer: 'p1',
    producerId: 1000,
    producerEpoch: 0,
    sequence: 3,
    transactional: false,
  },
  'partition.highWatermark': {
    type: 'partition.highWatermark',
    at: 105,
    topic: 'orders',
    partition: 1,
    offset: 4,
  },
  'records.deleted': {
    type: 'records.deleted',
    at: 200,
    topic: 'orders',
    partition: 0,
    logStartOffset: 2,
    reason: 'retention.ms',
  },
  'records.compacted': {
    type: 'records.compacted',
    at: 300,
    topic: 'c',
    partition: 0,
    offsets: [0, 1, 2, 5],
  },
  'batch.sent': {
    type: 'batch.sent',
    at: 20,
    producer: 'p1',
    topic: 'orders',
    partition: 0,
    producerId: 1000,
    producerEpoch: 0,
    baseSequence: 0,
    attempt: 2,
    records: [record, { ...record, id: 8 }],
  },
  'batch.acknowledged': {
    type: 'batch.acknowledged',
    at: 24,
    producer: 'p1',
    topic: 'orders',
    partition: 0,
    baseOffset: 0,
    recordIds: [7, 8],
    duplicate: true,
  },
  'batch.rejectedDuplicate': {
    type: 'batch.rejectedDuplicate',
    at: 22,
    topic: 'orders',
    partition: 0,
    producerId: 1000,
    producerEpoch: 0,
    baseSequence: 0,
    baseOffset: 0,
  },
  'batch.rejectedOutOfOrder': {
    type: 'batch.rejectedOutOfOrder',
    at: 22,
    topic: 'orders',
    partition: 0,
    producerId: 1000,
    producerEpoch: 0,
    baseSequence: 5,
    expectedSequence: 2,
  },
  'batch.rejectedFenced': {
    type: 'batch.rejectedFenced',
    at: 22,
    producer: 'p1',
    topic: 'orders',
    partition: 0,
    producerId: 1000,
    producerEpoch: 0,
    currentEpoch: 1,
  },
  'batch.expired': {
    type: 'batch.expired',
    at: 22,
    producer: 'p1',
    topic: 'orders',
    partition: 0,
    recordIds: [1],
    error: 'delivery timeout',
  },
  'producer.initialized': {
    type: 'producer.initialized',
    at: 2,
    producer: 'p1',
    transactionalId: null,
    producerId: 1000,
    producerEpoch: 0,
  },
  'producer.fenced': {
    type: 'producer.fenced',
    at: 2,
    producer: 'p1',
    transactionalId: 'tx',
    producerEpoch: 0,
  },
  'txn.stateChanged': {
    type: 'txn.stateChanged',
    at: 3,
    transactionalId: 'tx',
    from: 'Empty',
    to: 'Ongoing',
    producerId: 1000,
    producerEpoch: 0,
  },
  'txn.begun': {
    type: 'txn.begun',
    at: 3,
    transactionalId: 'tx',
    producer: 'p1',
    producerId: 1000,
    producerEpoch: 0,
  },
  'txn.partitionsAdded': {
    type: 'txn.partitionsAdded',
    at: 3,
    transactionalId: 'tx',
    partitions: [
      { topic: 'orders', partition: 0 },
      { topic: 'orders', partition: 1 },
    ],
  },
  'txn.offsetsAdded': {
    type: 'txn.offsetsAdded',
    at: 3,
    transactionalId: 'tx',
    group: 'g',
    offsets: [{ topic: 'orders', partition: 0, offset: 5 }],
  },
  'txn.committed': {
    type: 'txn.committed',
    at: 3,
    transactionalId: 'tx',
    producerId: 1000,
    producerEpoch: 0,
    recordIds: [1, 2, 3, 4],
  },
  'txn.aborted': {
    type: 'txn.aborted',
    at: 3,
    transactionalId: 'tx',
    producerId: 1000,
    producerEpoch: 0,
    reason: 'timeout',
  },
  'marker.written': {
    type: 'marker.written',
    at: 3,
    topic: 'orders',
    partition: 0,
    offset: 9,
    producerId: 1000,
    producerEpoch: 0,
    marker: 'COMMIT',
  },
  'member.joined': { type: 'member.joined', at: 4, group: 'g', member: 'c1' },
  'member.left': { type: 'member.left', at: 4, group: 'g', member: 'c1', reason: 'sessionTimeout' },
  'rebalance.started': {
    type: 'rebalance.started',
    at: 4,
    group: 'g',
    generation: 2,
    reason: 'c2 joined',
  },
  'rebalance.completed': {
    type: 'rebalance.completed',
    at: 4,
    group: 'g',
    generation: 2,
    assignor: 'range',
    assignment: {
      c2: [{ topic: 'orders', partition: 1 }],
      c1: [{ topic: 'orders', partition: 0 }],
    },
  },
  'consumer.positioned': {
    type: 'consumer.positioned',
    at: 5,
    consumer: 'c1',
    group: 'g',
    topic: 'orders',
    partition: 0,
    offset: 0,
    from: 'earliest',
  },
  'records.fetched': {
    type: 'records.fetched',
    at: 5,
    consumer: 'c1',
    group: 'g',
    topic: 'orders',
    partition: 0,
    fromOffset: 0,
    nextOffset: 3,
    recordIds: [1, 2, 3],
    isolation: 'read_committed',
  },
  'records.processed': {
    type: 'records.processed',
    at: 5,
    consumer: 'c1',
    group: 'g',
    topic: 'orders',
    partition: 0,
    offsets: [0, 1],
    recordIds: [1, 2],
  },
  'offset.committed': {
    type: 'offset.committed',
    at: 6,
    group: 'g',
    topic: 'orders',
    partition: 0,
    offset: 3,
    member: 'c1',
    transactionalId: null,
  },
};

const all = Object.values(samples) as TraceEvent[];

describe('formatEventLine', () => {
  it('lays out index, time, type, subject and fields in fixed columns', () => {
    expect(formatEventLine(samples['record.appended'], 12)).toBe(
      '    12  t=105ms     record.appended          orders-1           ' +
        'offset=3 k=k1 v=42 id=7 ts=100 producer=p1 producerId=1000 producerEpoch=0 sequence=3 ' +
        'transactional=false',
    );
    expect(formatEventLine(samples['actor.crashed'], 123456)).toBe(
      '123456  t=5ms       actor.crashed            p1',
    );
  });

  it('names a subject for every event type and renders no value as undefined or [object Object]', () => {
    for (const event of all) {
      const line = formatEventLine(event, 0);
      const subject = line.slice(45, 45 + 18).trim();
      expect(line.slice(20, 44).trim(), line).toBe(event.type);
      expect(subject, line).not.toBe('-');
      expect(subject, line).not.toBe('');
      expect(line, line).not.toMatch(/undefined|\[object Object\]/);
    }
  });

  it('does not repeat what the subject already shows', () => {
    const line = formatEventLine(samples['batch.sent'], 1);
    expect(line).toContain(' p1 ');
    expect(line).not.toContain('producer=p1');
    expect(line).toContain('tp=orders-0');
    expect(line).not.toMatch(/topic=|partition=/);
  });

  it('shows a batch as a count and its record ids, and a fault as its fields', () => {
    expect(formatEventLine(samples['batch.sent'], 1)).toMatch(/records=2 ids=\[7,8\]$/);
    expect(formatEventLine(samples['fault.injected'], 1)).toMatch(
      /fault\.injected +p1\|broker +kind=partition at=9 oneWay=false$/,
    );
    expect(formatEventLine(samples['fault.ended'], 1)).toMatch(/ c1 +kind=pause durationMs=5$/);
  });

  it('renders topic-partition lists, offsets and assignments compactly, members sorted', () => {
    expect(formatEventLine(samples['txn.partitionsAdded'], 0)).toMatch(
      /partitions=\[orders-0,orders-1\]$/,
    );
    expect(formatEventLine(samples['txn.offsetsAdded'], 0)).toMatch(
      /group=g offsets=\[orders-0@5\]$/,
    );
    expect(formatEventLine(samples['rebalance.completed'], 0)).toMatch(
      /assignment=\{c1:\[orders-0\],c2:\[orders-1\]\} assignor=range$/,
    );
  });

  it('does not depend on the order of the fields in the event object', () => {
    const reordered = Object.fromEntries(Object.entries(samples['records.fetched']).reverse());
    expect(formatEventLine(reordered as TraceEvent, 3)).toBe(
      formatEventLine(samples['records.fetched'], 3),
    );
  });

  it('still shows a field its layout does not name', () => {
    const extended = { ...samples['actor.started'], zone: 'eu-1' } as TraceEvent;
    expect(formatEventLine(extended, 0)).toMatch(/kind=producer zone=eu-1$/);
  });
});

describe('renderValue', () => {
  it('quotes strings that could be read as something else', () => {
    expect(renderValue('k1')).toBe('k1');
    expect(renderValue('42')).toBe('"42"');
    expect(renderValue('null')).toBe('"null"');
    expect(renderValue('two words')).toBe('"two words"');
    expect(renderValue('')).toBe('""');
    expect(renderValue(null)).toBe('null');
    expect(renderValue({ user: 'u1', n: [1, 2] })).toBe('{"user":"u1","n":[1,2]}');
  });

  it('collapses runs of three or more consecutive integers', () => {
    expect(renderInts([1, 2, 3, 4, 5, 9, 11, 12])).toBe('[1..5,9,11,12]');
    expect(renderInts([])).toBe('[]');
    expect(renderInts([3, 2, 1])).toBe('[3,2,1]');
  });
});

describe('formatLog', () => {
  it('writes one line per event, each ending in a newline, numbered from 0', () => {
    const log = formatLog(all);
    const lines = log.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(all.length);
    expect(lines.map((line) => Number(line.slice(0, 6)))).toEqual(all.map((_, i) => i));
  });
});
