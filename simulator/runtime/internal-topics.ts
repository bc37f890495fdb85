import { topicPartitionCounts } from '../streams/copartition.ts';
import type { Topology } from '../streams/topology.ts';

/** A topic a Kafka Streams application needs, named as on the broker. */
export interface AppTopic {
  name: string;
  partitions: number;
  kind: 'source' | 'repartition' | 'changelog';
}

/** The broker name of a topic a sub-topology names (internal ones get the `<application.id>-` prefix). */
export function brokerTopic(topology: Topology, applicationId: string, topic: string): string {
  return topology.internalTopics.has(topic) ? `${applicationId}-${topic}` : topic;
}

/** The changelog topic of a store: `<application.id>-<store>-changelog`, as Kafka Streams names it. */
export function changelogTopic(applicationId: string, store: string): string {
  return `${applicationId}-${store}-changelog`;
}

/**
 * The sub-topologies of an application with their broker topics and task count, and the internal
 * topics it must create: repartition topics get as many partitions as the largest source topic
 * feeding them (Kafka Streams' default), changelog topics one partition per task of the
 * sub-topology that owns the store.
 */
export function planTopics(
  topology: Topology,
  applicationId: string,
  partitionsOf: (topic: string) => number | undefined,
): {
  subtopologies: { id: number; sources: string[]; tasks: number; stores: string[] }[];
  internal: AppTopic[];
} {
  // Repartition topics: as Kafka's RepartitionTopics sizes them (the largest upstream source, or
  // the count of the topics they are joined with), computed by the streams layer.
  const external: Record<string, number> = {};
  for (const topic of topology.sourceTopics()) {
    if (topology.internalTopics.has(topic)) continue;
    const n = partitionsOf(topic);
    if (n !== undefined) external[topic] = n;
  }
  const counts = new Map<string, number>();
  for (const [topic, n] of topicPartitionCounts(topology, external)) {
    if (topology.internalTopics.has(topic))
      counts.set(brokerTopic(topology, applicationId, topic), n);
  }
  const subtopologies = topology.subtopologies();
  const internal: AppTopic[] = [...counts].map(([name, partitions]) => ({
    name,
    partitions,
    kind: 'repartition',
  }));
  const plans = subtopologies.map((sub) => {
    const sources = sub.sourceTopics.map((t) => brokerTopic(topology, applicationId, t));
    const tasks = Math.max(0, ...sources.map((t) => counts.get(t) ?? partitionsOf(t) ?? 0));
    const used = new Set<string>();
    for (const n of sub.nodes) {
      const node = topology.node(n);
      if (node?.kind === 'processor') for (const store of node.stores) used.add(store);
    }
    const stores = topology
      .stores()
      .filter((spec) => spec.logged && used.has(spec.name))
      .map((spec) => spec.name);
    for (const store of stores)
      internal.push({
        name: changelogTopic(applicationId, store),
        partitions: tasks,
        kind: 'changelog',
      });
    return { id: sub.id, sources, tasks, stores };
  });
  return { subtopologies: plans, internal };
}
