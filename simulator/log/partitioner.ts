import type { Prng } from '../core/prng.ts';
import { murmur2String, toPositive } from './murmur2.ts';

/**
 * The Java producer's built-in partitioning (Kafka ≥ 3.3, KIP-794):
 * - a record with an explicit partition goes there;
 * - a keyed record goes to `toPositive(murmur2(keyBytes)) % numPartitions`;
 * - a keyless record goes to the topic's current "sticky" partition, which changes once
 *   `batch.size` worth of records has been appended to it (the uniform sticky partitioner).
 *
 * Simplifications, all documented where they live:
 * - keys are strings serialized as UTF-8 (Kafka's `StringSerializer`);
 * - the sticky size is counted in whatever unit the caller appends (the simulator's producer
 *   counts records, because its `batchSize` is a number of records, where Kafka counts bytes);
 * - `partitioner.availability.timeout.ms` is not modelled; the caller says which partitions are
 *   available (have a leader), as Kafka's `Cluster.availablePartitionsForTopic` does.
 */

/** Where random integers come from: a `Prng`, or in a test a counter, as Kafka's tests mock it. */
export type RandomSource = Pick<Prng, 'nextUint32'>;

/** What the partitioner needs to know about a topic at the moment it picks a partition. */
export interface TopicView {
  /** How many partitions the topic has. */
  readonly numPartitions: number;
  /** Partitions that currently have a leader; all of them when omitted. */
  readonly available?: readonly number[];
}

/**
 * `toPositive(murmur2(utf8(key)))`, the part of the keyed partition choice that is the key's own.
 *
 * Not memoized: an ASCII key is hashed straight from its characters (murmur2.ts), which costs less
 * than looking it up in a Map did, and a cache only cost more for keys that never repeat (a
 * changelog's window keys, where every lookup missed and every insert turned the cache over).
 */
export function keyHash(key: string): number {
  return toPositive(murmur2String(key));
}

/** Kafka's `BuiltInPartitioner.partitionForKey`: the partition a keyed record goes to. */
export function partitionForKey(key: string, numPartitions: number): number {
  assertPartitionCount(numPartitions);
  return keyHash(key) % numPartitions;
}

/**
 * The partition a record goes to, as `KafkaProducer.partition` decides it: explicit partition
 * first, then the key's hash, then the topic's sticky partition (which the caller must tell about
 * the append afterwards with `sticky.onAppend`).
 */
export function partitionForRecord(
  record: { readonly key: string | null; readonly partition?: number },
  topic: TopicView,
  sticky: StickyPartitioner,
): number {
  if (record.partition !== undefined) {
    if (record.partition < 0 || record.partition >= topic.numPartitions) {
      throw new RangeError(
        `Partition ${record.partition} is not in [0, ${topic.numPartitions}) for this topic`,
      );
    }
    return record.partition;
  }
  if (record.key !== null) return partitionForKey(record.key, topic.numPartitions);
  return sticky.partition(topic);
}

/** Partition load statistics for adaptive partitioning: a cumulative frequency table. */
interface LoadStats {
  readonly cumulativeFrequencies: readonly number[];
  readonly partitionIds: readonly number[];
}

/**
 * Kafka's `BuiltInPartitioner` for one topic: keyless records stick to one partition until
 * `stickyBatchSize` has been appended to it, then the next partition is drawn from `random`.
 * As in Kafka, the draw may pick the same partition again; it is uniform over the available
 * partitions, or weighted against long queues once `updatePartitionLoadStats` has been given them
 * (adaptive partitioning). Kafka's random number is `toPositive(nextInt())` reduced with `%`;
 * the same formula is used here so Kafka's tests, which mock the random source with a counter,
 * transcribe exactly.
 */
export class StickyPartitioner {
  private currentPartition: number | undefined;
  private producedSize = 0;
  private loadStats: LoadStats | undefined;

  constructor(
    /** How much to append to a partition before switching (`batch.size`), in the caller's unit. */
    readonly stickyBatchSize: number,
    private readonly random: RandomSource,
  ) {
    if (!Number.isInteger(stickyBatchSize) || stickyBatchSize < 1) {
      throw new RangeError(`stickyBatchSize must be an integer >= 1, got ${stickyBatchSize}`);
    }
  }

  /** The partition the next keyless record goes to; picks one if none is chosen yet. */
  partition(topic: TopicView): number {
    if (this.currentPartition === undefined) {
      this.currentPartition = this.nextPartition(topic);
      this.producedSize = 0;
    }
    return this.currentPartition;
  }

  /**
   * Count `appendedSize` against the current partition and switch once `stickyBatchSize` is
   * reached. Kafka's accumulator passes `enableSwitch = false` while the partition's last batch
   * is not yet full (so a partial batch is not left behind); even then it switches at twice the
   * size, to bound the imbalance.
   */
  onAppend(appendedSize: number, topic: TopicView, enableSwitch = true): void {
    if (this.currentPartition === undefined) return;
    this.producedSize += appendedSize;
    const limit = this.stickyBatchSize;
    if ((this.producedSize >= limit && enableSwitch) || this.producedSize >= limit * 2) {
      this.currentPartition = this.nextPartition(topic);
      this.producedSize = 0;
    }
  }

  /**
   * Kafka's `updatePartitionLoadStats`: given the queue sizes (batches waiting) of the partitions
   * in `partitionIds`, future switches favour short queues: a partition's weight is
   * `max + 1 - queueSize`. `null`, fewer than two partitions, or all sizes equal over all
   * partitions turn adaptive partitioning off (uniform choice).
   */
  updatePartitionLoadStats(
    queueSizes: readonly number[] | null,
    partitionIds: readonly number[],
    length: number = queueSizes?.length ?? 0,
  ): void {
    this.loadStats = undefined;
    if (queueSizes === null || length < 1 || queueSizes.length < 2) return;
    let maxSizePlus1 = queueSizes[0];
    let allEqual = true;
    for (let i = 1; i < length; i++) {
      if (queueSizes[i] !== maxSizePlus1) allEqual = false;
      if (queueSizes[i] > maxSizePlus1) maxSizePlus1 = queueSizes[i];
    }
    maxSizePlus1++;
    if (allEqual && length === queueSizes.length) return;
    const cumulativeFrequencies: number[] = [];
    let runningSum = 0;
    for (let i = 0; i < length; i++) {
      runningSum += maxSizePlus1 - queueSizes[i];
      cumulativeFrequencies.push(runningSum);
    }
    this.loadStats = { cumulativeFrequencies, partitionIds: partitionIds.slice(0, length) };
  }

  /** The end of the weighted random range (Kafka's test-only `loadStatsRangeEnd`), or undefined. */
  loadStatsRangeEnd(): number | undefined {
    const table = this.loadStats?.cumulativeFrequencies;
    return table === undefined ? undefined : table[table.length - 1];
  }

  private nextPartition(topic: TopicView): number {
    assertPartitionCount(topic.numPartitions);
    const random = this.random.nextUint32() & 0x7fffffff;
    const stats = this.loadStats;
    if (stats === undefined) {
      const available = topic.available ?? [];
      if (available.length > 0) return available[random % available.length];
      // No partition has a leader: Kafka still picks one among all partitions.
      return random % topic.numPartitions;
    }
    const table = stats.cumulativeFrequencies;
    const weighted = random % table[table.length - 1];
    return stats.partitionIds[firstGreaterThan(table, weighted)];
  }
}

/** Index of the first element of an ascending array strictly greater than `value`. */
function firstGreaterThan(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function assertPartitionCount(numPartitions: number): void {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(
      `A topic needs an integer number of partitions >= 1, got ${numPartitions}`,
    );
  }
}
