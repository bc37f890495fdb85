import fc from 'fast-check';
import { checkPropertyOf } from '../test/property.ts';
import { describe, expect, it } from 'vitest';
import { Prng } from '../core/prng.ts';
import { murmur2String, toPositive } from './murmur2.ts';
import {
  partitionForKey,
  partitionForRecord,
  StickyPartitioner,
  type RandomSource,
} from './partitioner.ts';

/** Kafka's tests replace the random source with a counter: 0, 1, 2, ... */
function counter(): RandomSource {
  let next = 0;
  return { nextUint32: () => next++ };
}

describe('partitionForKey', () => {
  it('maps a key to toPositive(murmur2(utf8 bytes)) modulo the partition count', () => {
    // murmur2("21") = -973932308 and murmur2("foobar") = -790332482 in Kafka's UtilsTest.
    expect(partitionForKey('21', 6)).toBe(1173551340 % 6);
    expect(partitionForKey('foobar', 12)).toBe((-790332482 & 0x7fffffff) % 12);
    expect(partitionForKey('abc', 7)).toBe(479470107 % 7);
  });

  it('sends every key to partition 0 of a one-partition topic', () => {
    expect(partitionForKey('anything', 1)).toBe(0);
  });

  it('refuses a partition count that is not a positive integer', () => {
    expect(() => partitionForKey('k', 0)).toThrow(RangeError);
    expect(() => partitionForKey('k', 2.5)).toThrow(RangeError);
  });

  const stableName = 'gives every key the same in-range partition, every time';
  it(stableName, () => {
    checkPropertyOf(
      { file: 'simulator/log/partitioner.test.ts', name: stableName },
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 64 }), (key, n) => {
        const first = partitionForKey(key, n);
        expect(first).toBeGreaterThanOrEqual(0);
        expect(first).toBeLessThan(n);
        expect(first).toBe(toPositive(murmur2String(key)) % n);
        expect(partitionForKey(key, n)).toBe(first);
      }),
      { numRuns: 200 },
    );
  });
});

describe('partitionForRecord', () => {
  const topic = { numPartitions: 3 };

  it('uses an explicit partition and skips the key', () => {
    const sticky = new StickyPartitioner(10, counter());
    expect(partitionForRecord({ key: 'abc', partition: 2 }, topic, sticky)).toBe(2);
  });

  it('refuses an explicit partition the topic does not have', () => {
    const sticky = new StickyPartitioner(10, counter());
    expect(() => partitionForRecord({ key: null, partition: 3 }, topic, sticky)).toThrow(
      /not in \[0, 3\)/,
    );
  });

  it('hashes the key of a keyed record', () => {
    const sticky = new StickyPartitioner(10, counter());
    expect(partitionForRecord({ key: 'abc', partition: undefined }, topic, sticky)).toBe(
      479470107 % 3,
    );
  });

  it('sends a keyless record to the sticky partition', () => {
    const random = counter();
    random.nextUint32();
    random.nextUint32(); // the next draw is 2, so partition 2
    const sticky = new StickyPartitioner(10, random);
    expect(partitionForRecord({ key: null }, topic, sticky)).toBe(2);
  });
});

// Transcribed from apache/kafka clients/src/test/java/org/apache/kafka/clients/producer/internals/
// BuiltInPartitionerTest.java.
describe('StickyPartitioner (Kafka BuiltInPartitioner)', () => {
  it('does not switch partition until the sticky batch size is reached', () => {
    const topicA = { numPartitions: 3, available: [0, 1, 2] };
    const partitioner = new StickyPartitioner(3, counter());
    const partA = partitioner.partition(topicA);
    partitioner.onAppend(1, topicA);
    expect(partitioner.partition(topicA)).toBe(partA);
    partitioner.onAppend(1, topicA);
    expect(partitioner.partition(topicA)).toBe(partA);
    partitioner.onAppend(1, topicA);
    expect(partitioner.partition(topicA)).not.toBe(partA);
  });

  it('keeps switching on a topic with a single partition', () => {
    const topicB = { numPartitions: 1, available: [0] };
    const partitioner = new StickyPartitioner(1, counter());
    for (let c = 0; c < 10; c++) {
      expect(partitioner.partition(topicB)).toBe(0);
      partitioner.onAppend(1, topicB);
    }
  });

  it('never picks an unavailable partition, yet visits more than one', () => {
    const topicA = { numPartitions: 3, available: [0, 2] };
    const partitioner = new StickyPartitioner(1, new Prng(7));
    const partA = partitioner.partition(topicA);
    partitioner.onAppend(1, topicA);
    expect(partA).not.toBe(1);
    let foundAnother = false;
    for (let i = 0; i < 100; i++) {
      const another = partitioner.partition(topicA);
      partitioner.onAppend(1, topicA);
      expect(another).not.toBe(1);
      foundAnother ||= another !== partA;
    }
    expect(foundAnother).toBe(true);
  });

  it('always picks the only available partition', () => {
    const topicB = { numPartitions: 2, available: [1] };
    const partitioner = new StickyPartitioner(1, new Prng(7));
    for (let i = 0; i < 100; i++) {
      expect(partitioner.partition(topicB)).toBe(1);
      partitioner.onAppend(1, topicB);
    }
  });

  it('still picks a partition when none is available', () => {
    const topicC = { numPartitions: 1, available: [] };
    const partitioner = new StickyPartitioner(1, new Prng(7));
    expect(partitioner.partition(topicC)).toBe(0);
    partitioner.onAppend(1, topicC);
    expect(partitioner.partition(topicC)).toBe(0);
  });

  it('picks partitions in inverse proportion to their queue sizes (adaptive partitioning)', () => {
    const partitioner = new StickyPartitioner(1, counter());
    const queueSizes = [5, 0, 3, 0, 1];
    const partitionIds = [0, 1, 2, 3, 4];
    const expectedFrequencies = queueSizes.map((size) => 6 - size); // 6 is max + 1
    partitioner.updatePartitionLoadStats(queueSizes, partitionIds);
    const topic = { numPartitions: 5 };
    const cycles = 2;
    const iterations = (partitioner.loadStatsRangeEnd() ?? 0) * cycles;
    expect(iterations).toBe(42);
    const frequencies = [0, 0, 0, 0, 0];
    for (let i = 0; i < iterations; i++) {
      frequencies[partitioner.partition(topic)]++;
      partitioner.onAppend(1, topic);
    }
    expect(frequencies).toEqual(expectedFrequencies.map((f) => f * cycles));
  });

  it('falls back to a uniform choice when all queues are equally long', () => {
    const partitioner = new StickyPartitioner(1, counter());
    partitioner.updatePartitionLoadStats([2, 2, 2], [0, 1, 2]);
    expect(partitioner.loadStatsRangeEnd()).toBeUndefined();
  });

  it('refuses a sticky batch size below one', () => {
    expect(() => new StickyPartitioner(0, counter())).toThrow(RangeError);
    expect(() => new StickyPartitioner(1, counter())).not.toThrow();
  });

  it('holds the partition while switching is disabled, up to twice the batch size', () => {
    const topic = { numPartitions: 4 };
    const partitioner = new StickyPartitioner(3, counter());
    const first = partitioner.partition(topic);
    for (let i = 0; i < 5; i++) {
      partitioner.onAppend(1, topic, false);
      expect(partitioner.partition(topic)).toBe(first);
    }
    partitioner.onAppend(1, topic, false); // 6 = 2 × 3: switch regardless
    expect(partitioner.partition(topic)).not.toBe(first);
  });

  it('draws the same partitions from the same seed', () => {
    const topic = { numPartitions: 6 };
    const run = (seed: number) => {
      const partitioner = new StickyPartitioner(2, new Prng(seed));
      const chosen: number[] = [];
      for (let i = 0; i < 40; i++) {
        chosen.push(partitioner.partition(topic));
        partitioner.onAppend(1, topic);
      }
      return chosen;
    };
    expect(run(42)).toEqual(run(42));
    expect(new Set(run(42)).size).toBeGreaterThan(1);
  });
});
