import { TopologyException } from './errors.ts';
import type { Topology } from './topology.ts';

/**
 * Partition counts of every topic a topology reads, internal (repartition) topics included
 * (by undecorated name). As Kafka's `RepartitionTopics` does: a repartition topic gets the
 * largest partition count among the source topics of the sub-topology writing it; one that is
 * joined gets the count of the topics it is joined with. Throws if a source topic has no count.
 */
export function topicPartitionCounts(
  topology: Topology,
  partitions: Readonly<Record<string, number>>,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const topic of topology.sourceTopics()) {
    if (topology.internalTopics.has(topic)) continue;
    const n = partitions[topic];
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new TopologyException(
        `source topic "${topic}" has no partition count (known topics: ${Object.keys(partitions).join(', ') || 'none'})`,
      );
    }
    counts.set(topic, n);
  }
  const subs = topology.subtopologies();
  const writers = new Map<string, number>();
  for (const sub of subs) {
    for (const name of sub.nodes) {
      const node = topology.node(name)!;
      if (node.kind === 'sink' && topology.internalTopics.has(node.topic))
        writers.set(node.topic, sub.id);
    }
  }
  const resolve = (topic: string, seen: Set<string>): number => {
    const known = counts.get(topic);
    if (known !== undefined) return known;
    if (seen.has(topic)) return 1;
    seen.add(topic);
    const writer = subs.find((s) => s.id === writers.get(topic));
    const upstream = (writer?.sourceTopics ?? []).map((t) => resolve(t, seen));
    const n = Math.max(1, ...upstream);
    counts.set(topic, n);
    return n;
  };
  for (const topic of topology.internalTopics) resolve(topic, new Set());
  for (const group of topology.copartitionGroups) {
    const external = group.filter((t) => !topology.internalTopics.has(t));
    const target =
      external.length > 0
        ? counts.get(external[0])!
        : Math.max(...group.map((t) => counts.get(t) ?? 1));
    for (const t of group) if (topology.internalTopics.has(t)) counts.set(t, target);
  }
  return counts;
}

/**
 * Kafka's co-partitioning check (`CopartitionedTopicsEnforcer`): the source topics on both sides
 * of a join must have the same number of partitions, or a key's records could land in different
 * tasks and never meet. Kafka finds this when the application starts; we find it at build time.
 */
export function validateCopartitioning(
  topology: Topology,
  partitions: Readonly<Record<string, number>>,
): void {
  const counts = topicPartitionCounts(topology, partitions);
  for (const group of topology.copartitionGroups) {
    const external = group.filter((t) => !topology.internalTopics.has(t));
    const distinct = new Set(external.map((t) => counts.get(t)));
    if (distinct.size > 1) {
      const detail = external.map((t) => `${t} has ${counts.get(t)}`).join(', ');
      throw new TopologyException(
        `Topics not co-partitioned: [${external.join(',')}] (${detail} partitions). A join needs the same partition count on both sides, so that records with the same key meet in the same task.`,
      );
    }
  }
}
