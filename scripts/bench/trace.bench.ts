import { runLogChecks } from '../../simulator/checks/index.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import { traceHash } from '../../simulator/trace/hash.ts';
import { TraceIndex } from '../../simulator/trace/snapshots.ts';
import { foldTrace } from '../../simulator/trace/state.ts';
import { sampleHeap, type BenchCase } from '../bench.ts';

/**
 * The trace readers over a million-event trace shaped like a busy run (12 partitions, plain and
 * transactional producers with commit and abort markers, fetches, processing, commits, messages):
 * hashing it, folding it, seeking in it (the player's budget is 50 ms per seek) and checking it.
 */

const EVENTS = 1_000_000;
const PARTITIONS = 12;

function busyTrace(): TraceEvent[] {
  const events: TraceEvent[] = [];
  const logEnd = new Array<number>(PARTITIONS).fill(0);
  events.push({
    type: 'topic.created',
    at: 0,
    topic: 't',
    partitions: PARTITIONS,
    cleanupPolicy: 'delete',
    internal: false,
  });
  for (let id = 1, msgId = 1; events.length < EVENTS; id++) {
    const at = id;
    const partition = id % PARTITIONS;
    const producerId = id % 4;
    const consumer = `c${partition % 3}`;
    events.push({
      type: 'message.sent',
      at,
      from: `p${producerId}`,
      to: 'broker',
      kind: 'produce',
      msgId: msgId++,
      deliverAt: at + 2,
    });
    const offset = logEnd[partition]++;
    const record = { id, key: `k${id % 100}`, value: id, timestampMs: at };
    events.push({
      type: 'record.appended',
      at,
      topic: 't',
      partition,
      offset,
      record,
      producer: `p${producerId}`,
      producerId,
      producerEpoch: 0,
      sequence: id,
      transactional: producerId >= 2,
    });
    if (id % 24 === 0) {
      for (let p = 0; p < PARTITIONS; p++) {
        for (const pid of [2, 3]) {
          events.push({
            type: 'marker.written',
            at,
            topic: 't',
            partition: p,
            offset: logEnd[p]++,
            producerId: pid,
            producerEpoch: 0,
            marker: id % 48 === 0 ? 'ABORT' : 'COMMIT',
          });
        }
      }
    }
    events.push({
      type: 'partition.highWatermark',
      at,
      topic: 't',
      partition,
      offset: logEnd[partition],
    });
    events.push({
      type: 'records.fetched',
      at,
      consumer,
      group: 'g',
      topic: 't',
      partition,
      fromOffset: offset,
      nextOffset: offset + 1,
      recordIds: [],
      isolation: 'read_uncommitted',
    });
    events.push({
      type: 'records.processed',
      at,
      consumer,
      group: 'g',
      topic: 't',
      partition,
      offsets: [offset],
      recordIds: [id],
    });
    if (id % 10 === 0)
      events.push({
        type: 'offset.committed',
        at,
        group: 'g',
        topic: 't',
        partition,
        offset: offset + 1,
        member: consumer,
        transactionalId: null,
      });
  }
  events.length = EVENTS;
  return events;
}

let cached: TraceEvent[] | null = null;
const trace = () => (cached ??= busyTrace());

function ms(body: () => void): number {
  const start = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const hash: BenchCase = {
  name: 'trace.hash (1M events)',
  run() {
    const events = trace();
    let digest = '';
    const value = ms(() => (digest = traceHash(events)));
    const baseline = ms(() => JSON.stringify(events));
    if (digest.length !== 16) throw new Error('bad digest');
    return { value, unit: 'ms', baseline, target: 3 };
  },
};

const fold: BenchCase = {
  name: 'trace.fold (1M events)',
  run() {
    const events = trace();
    const value = ms(() => foldTrace(events));
    sampleHeap();
    return { value, unit: 'ms', target: 2000 };
  },
};

const seek: BenchCase = {
  name: 'trace.seek (mean of 200 random seeks in 1M events)',
  run() {
    const events = trace();
    const index = new TraceIndex(events);
    sampleHeap();
    let x = 12345;
    let total = 0;
    for (let i = 0; i < 200; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const at = x % (events.length + 1);
      total += ms(() => index.stateAt(at));
    }
    return { value: total / 200, unit: 'ms', target: 50 };
  },
};

const checks: BenchCase = {
  name: 'trace.checks (runLogChecks over 1M events)',
  run() {
    const events = trace();
    const value = ms(() => runLogChecks(events));
    sampleHeap();
    return { value, unit: 'ms', target: 5000 };
  },
};

export default [hash, fold, seek, checks];
