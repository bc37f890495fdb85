import type { Prng } from '../core/prng.ts';

/**
 * A Kafka Streams process id: a random (version 4) UUID, as `StateDirectory.initializeProcessId()`
 * returns at every start of an application without persistent stores (3.8.0,
 * StateDirectory.java:184-188). Every store in the simulator is in memory, so every start of an
 * instance draws a new one — from the instance's own seeded stream, so a run stays reproducible.
 */
export function randomProcessId(prng: Prng): string {
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  const [a, b, c, d] = [prng.nextUint32(), prng.nextUint32(), prng.nextUint32(), prng.nextUint32()];
  const version = ((b & 0xffff0fff) | 0x00004000) >>> 0; // bits 12-15 of time_hi: version 4
  const variant = ((c & 0x3fffffff) | 0x80000000) >>> 0; // top bits of clock_seq: variant 10
  const bh = hex(version);
  const ch = hex(variant);
  return `${hex(a)}-${bh.slice(0, 4)}-${bh.slice(4)}-${ch.slice(0, 4)}-${ch.slice(4)}${hex(d)}`;
}

/**
 * The transactional id of a stream thread's producer under exactly_once_v2:
 * `<application.id>-<processId>-<thread index>` (3.8.0, StreamsProducer.java:128-131). Threads are
 * numbered from 1; the simulator runs one per instance.
 */
export function eosV2TransactionalId(
  applicationId: string,
  processId: string,
  threadIndex = 1,
): string {
  return `${applicationId}-${processId}-${threadIndex}`;
}
