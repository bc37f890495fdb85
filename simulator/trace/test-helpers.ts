import fc from 'fast-check';
import type { Json, SimRecord } from '../core/types.ts';
import type { ActorKind, IsolationLevel, TraceEvent } from './events.ts';

/**
 * Builds small synthetic traces tersely for tests: offsets, message ids and the clock are filled
 * in, so a test states only what matters to it. Not for the engine: traces it builds need not be
 * ones the engine could produce.
 */
export class TraceBuilder {
  readonly events: TraceEvent[] = [];
  private nowMs = 0;
  private nextMsgId = 1;
  private readonly nextOffset = new Map<string, number>();

  /** Move the clock (events get `at` = the clock). */
  at(timeMs: number): this {
    this.nowMs = timeMs;
    return this;
  }

  /** Append any event; `at` is the builder's clock unless given. */
  push(event: DistributiveOmit<TraceEvent, 'at'> & { at?: number }): this {
    this.events.push({ at: this.nowMs, ...event } as TraceEvent);
    return this;
  }

  /** The index the next event will get. */
  get length(): number {
    return this.events.length;
  }

  actor(actor: string, kind: ActorKind = 'producer'): this {
    return this.push({ type: 'actor.started', actor, kind });
  }

  topic(topic: string, partitions = 1, internal = false): this {
    return this.push({
      type: 'topic.created',
      topic,
      partitions,
      cleanupPolicy: 'delete',
      internal,
    });
  }

  /** The offset the next append to the partition gets. */
  logEnd(topic: string, partition = 0): number {
    return this.nextOffset.get(`${topic}-${partition}`) ?? 0;
  }

  private takeOffset(topic: string, partition: number): number {
    const offset = this.logEnd(topic, partition);
    this.nextOffset.set(`${topic}-${partition}`, offset + 1);
    return offset;
  }

  /** Append a record with id `id` (key `k<id>`, value `id`) at the partition's next offset. */
  append(topic: string, partition: number, id: number, opts: AppendOptions = {}): this {
    const offset = opts.offset ?? this.takeOffset(topic, partition);
    const record: SimRecord = {
      id,
      key: opts.key === undefined ? `k${id}` : opts.key,
      value: opts.value === undefined ? id : opts.value,
      timestampMs: this.nowMs,
    };
    return this.push({
      type: 'record.appended',
      topic,
      partition,
      offset,
      record,
      producer: opts.producer ?? 'p1',
      producerId: opts.producerId ?? -1,
      producerEpoch: opts.producerEpoch ?? (opts.producerId === undefined ? -1 : 0),
      sequence: opts.sequence ?? -1,
      transactional: opts.transactional ?? false,
    });
  }

  /** A commit or abort marker for `producerId` at the partition's next offset. */
  marker(
    topic: string,
    partition: number,
    producerId: number,
    marker: 'COMMIT' | 'ABORT',
    producerEpoch = 0,
  ): this {
    const offset = this.takeOffset(topic, partition);
    return this.push({
      type: 'marker.written',
      topic,
      partition,
      offset,
      producerId,
      producerEpoch,
      marker,
    });
  }

  /** The high watermark moves to `offset` (by default, the log end). */
  hw(topic: string, partition = 0, offset = this.logEnd(topic, partition)): this {
    return this.push({ type: 'partition.highWatermark', topic, partition, offset });
  }

  ack(
    topic: string,
    partition: number,
    baseOffset: number,
    recordIds: number[],
    producer = 'p1',
  ): this {
    return this.push({
      type: 'batch.acknowledged',
      producer,
      topic,
      partition,
      baseOffset,
      recordIds,
      duplicate: false,
    });
  }

  txnBegun(transactionalId: string, producerId: number, producer = 'p1', producerEpoch = 0): this {
    return this.push({ type: 'txn.begun', transactionalId, producer, producerId, producerEpoch });
  }

  txnCommitted(
    transactionalId: string,
    producerId: number,
    recordIds: number[],
    producerEpoch = 0,
  ): this {
    return this.push({
      type: 'txn.committed',
      transactionalId,
      producerId,
      producerEpoch,
      recordIds,
    });
  }

  txnAborted(transactionalId: string, producerId: number, producerEpoch = 0): this {
    return this.push({
      type: 'txn.aborted',
      transactionalId,
      producerId,
      producerEpoch,
      reason: 'requested',
    });
  }

  fetch(
    consumer: string,
    topic: string,
    partition: number,
    fromOffset: number,
    nextOffset: number,
    recordIds: number[],
    isolation: IsolationLevel = 'read_committed',
    group = 'g',
  ): this {
    return this.push({
      type: 'records.fetched',
      consumer,
      group,
      topic,
      partition,
      fromOffset,
      nextOffset,
      recordIds,
      isolation,
    });
  }

  processed(
    consumer: string,
    topic: string,
    partition: number,
    offsets: number[],
    group = 'g',
  ): this {
    return this.push({
      type: 'records.processed',
      consumer,
      group,
      topic,
      partition,
      offsets,
      recordIds: offsets,
    });
  }

  commit(group: string, topic: string, partition: number, offset: number, member = 'c1'): this {
    return this.push({
      type: 'offset.committed',
      group,
      topic,
      partition,
      offset,
      member,
      transactionalId: null,
    });
  }

  positioned(
    consumer: string,
    topic: string,
    partition: number,
    offset: number,
    group = 'g',
  ): this {
    return this.push({
      type: 'consumer.positioned',
      consumer,
      group,
      topic,
      partition,
      offset,
      from: 'committed',
    });
  }

  /** A message from `from` to `to` that arrives `latencyMs` later; returns its message id via `lastMsgId`. */
  send(from: string, to: string, latencyMs = 2, kind = 'produce'): this {
    this.lastMsgId = this.nextMsgId++;
    return this.push({
      type: 'message.sent',
      from,
      to,
      kind,
      msgId: this.lastMsgId,
      deliverAt: this.nowMs + latencyMs,
    });
  }

  /** The id of the last message sent. */
  lastMsgId = 0;
}

/** Options of `TraceBuilder.append`. */
export interface AppendOptions {
  /** The offset (default: the partition's next one). */
  offset?: number;
  /** The key (default `k<id>`). */
  key?: string | null;
  /** The value (default: the id). */
  value?: Json;
  /** The producing actor (default `p1`). */
  producer?: string;
  /** The producer id (default -1: no idempotence). */
  producerId?: number;
  /** The epoch (default 0 with a producer id, else -1). */
  producerEpoch?: number;
  /** The sequence number (default -1). */
  sequence?: number;
  /** Written inside a transaction (default false). */
  transactional?: boolean;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** One step of a random trace: an operation name and a few small integers that parametrise it. */
type Step = { op: number; a: number; b: number; c: number };

const OPS = 20;

/**
 * Random traces that exercise every part of the fold: transactional and plain appends from a few
 * producers over three partitions, markers, high watermarks, retention, compaction, messages
 * (some dropped, some arriving in the same ms), actors crashing and pausing, groups rebalancing,
 * offsets, positions and the transaction coordinator. Each is coherent enough for the fold
 * (offsets increase per partition), not a trace the engine would produce.
 */
export function traceArbitrary(maxSteps = 300): fc.Arbitrary<TraceEvent[]> {
  const step = fc.record({
    op: fc.integer({ min: 0, max: OPS - 1 }),
    a: fc.nat(7),
    b: fc.nat(7),
    c: fc.nat(7),
  });
  return fc.array(step, { maxLength: maxSteps, size: 'max' }).map(buildRandomTrace);
}

function buildRandomTrace(steps: readonly Step[]): TraceEvent[] {
  const t = new TraceBuilder();
  t.actor('broker', 'broker').topic('t', 3).topic('c', 1, true);
  const actors = ['p1', 'p2', 'c1', 'c2'];
  let clock = 0;
  let nextId = 1;
  for (const { op, a, b, c } of steps) {
    const partition = a % 3;
    const pid = 1 + (b % 3);
    const actor = actors[c % actors.length];
    switch (op) {
      case 0:
      case 1:
      case 2:
        t.append('t', partition, nextId++, {
          producerId: pid,
          sequence: c,
          transactional: op !== 0,
          producer: `p${pid}`,
        });
        break;
      case 3:
        t.marker('t', partition, pid, c % 2 === 0 ? 'COMMIT' : 'ABORT', b);
        break;
      case 4:
        t.hw('t', partition, Math.max(0, t.logEnd('t', partition) - (c % 3)));
        break;
      case 5:
        t.push({
          type: 'records.deleted',
          topic: 't',
          partition,
          logStartOffset: Math.max(0, t.logEnd('t', partition) - c),
          reason: 'retention.ms',
        });
        break;
      case 6:
        t.push({
          type: 'records.compacted',
          topic: 't',
          partition,
          offsets: [b, b + c, t.logEnd('t', partition) - 1],
        });
        break;
      case 7:
        t.send(actor, 'broker', c % 4, b % 2 === 0 ? 'produce' : 'fetch');
        break;
      case 8:
        t.push({
          type: 'message.dropped',
          from: actor,
          to: 'broker',
          kind: 'produce',
          msgId: Math.max(1, t.lastMsgId - (b % 3)),
          reason: 'targetDown',
        });
        break;
      case 9:
        clock += c;
        t.at(clock);
        break;
      case 10: {
        const kinds = [
          'actor.started',
          'actor.crashed',
          'actor.restarted',
          'actor.paused',
          'actor.resumed',
        ] as const;
        const type = kinds[b % kinds.length];
        if (type === 'actor.started')
          t.actor(actor, actor.startsWith('c') ? 'consumer' : 'producer');
        else t.push({ type, actor });
        break;
      }
      case 11:
        t.push({ type: 'member.joined', group: `g${a % 2}`, member: actor });
        break;
      case 12:
        t.push({ type: 'member.left', group: `g${a % 2}`, member: actor, reason: 'leave' });
        break;
      case 13:
        t.push({ type: 'rebalance.started', group: `g${a % 2}`, generation: b, reason: 'join' });
        break;
      case 14:
        t.push({
          type: 'rebalance.completed',
          group: `g${a % 2}`,
          generation: b + 1,
          assignor: 'range',
          assignment: { [actor]: [{ topic: 't', partition }] },
        });
        break;
      case 15:
        t.commit(`g${b % 2}`, 't', partition, c, actor);
        break;
      case 16:
        if (b % 2 === 0) t.positioned(actor, 't', partition, c);
        else t.fetch(actor, 't', partition, c, c + b, [], 'read_committed');
        break;
      case 17:
        if (b % 3 === 0)
          t.push({
            type: 'producer.fenced',
            producer: `p${pid}`,
            transactionalId: `tx${pid}`,
            producerEpoch: c,
          });
        else
          t.push({
            type: 'producer.initialized',
            producer: `p${pid}`,
            transactionalId: b % 2 ? `tx${pid}` : null,
            producerId: pid,
            producerEpoch: c,
          });
        break;
      case 18: {
        const states = [
          'Empty',
          'Ongoing',
          'PrepareCommit',
          'PrepareAbort',
          'CompleteCommit',
          'CompleteAbort',
          'Dead',
        ] as const;
        t.push({
          type: 'txn.stateChanged',
          transactionalId: `tx${pid}`,
          from: states[c % 7],
          to: states[b % 7],
          producerId: pid,
          producerEpoch: 0,
        });
        break;
      }
      default:
        if (c % 4 === 0) t.txnBegun(`tx${pid}`, pid, `p${pid}`);
        else if (c % 4 === 1)
          t.push({
            type: 'txn.partitionsAdded',
            transactionalId: `tx${pid}`,
            partitions: [{ topic: 't', partition }],
          });
        else if (c % 4 === 2) t.txnCommitted(`tx${pid}`, pid, [b]);
        else t.txnAborted(`tx${pid}`, pid);
    }
  }
  return t.events;
}
