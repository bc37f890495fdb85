import { topicPartitionCounts } from './copartition.ts';
import type { Topology } from './topology.ts';

/** One task a host should run (Kafka's `TaskId` with its input partitions). */
export interface TaskSpec {
  /** `"<subtopology>_<partition>"`. */
  readonly id: string;
  /** The sub-topology it runs. */
  readonly subtopology: number;
  /** The partition number it owns of each input topic. */
  readonly partition: number;
  /** Its input partitions, topics as on the broker. */
  readonly inputs: { readonly topic: string; readonly partition: number }[];
}

/** A topic the application creates for itself. */
export interface InternalTopic {
  /** Name on the broker, `<application.id>-...`. */
  readonly name: string;
  /** Partition count. */
  readonly partitions: number;
  /** `delete` for repartition topics, `compact` for changelogs. */
  readonly cleanupPolicy: 'delete' | 'compact';
  /** For changelogs: the store it backs. */
  readonly store?: string;
}

/**
 * The tasks of a topology (Kafka's partition grouper): per sub-topology, one task per partition
 * of its input topics (the largest partition count among them), task `s_p` reading partition `p`
 * of each input topic that has one.
 */
export function tasksFor(
  topology: Topology,
  applicationId: string,
  partitions: Readonly<Record<string, number>>,
): TaskSpec[] {
  const counts = topicPartitionCounts(topology, partitions);
  const decorate = (t: string) => (topology.internalTopics.has(t) ? `${applicationId}-${t}` : t);
  const tasks: TaskSpec[] = [];
  for (const sub of topology.subtopologies()) {
    const n = Math.max(1, ...sub.sourceTopics.map((t) => counts.get(t) ?? 1));
    for (let p = 0; p < n; p++) {
      const inputs = sub.sourceTopics
        .filter((t) => p < (counts.get(t) ?? 1))
        .map((t) => ({ topic: decorate(t), partition: p }));
      tasks.push({ id: `${sub.id}_${p}`, subtopology: sub.id, partition: p, inputs });
    }
  }
  return tasks;
}

/**
 * The internal topics a host creates before running the application: repartition topics (by the
 * counts Kafka would give them) and one compacted changelog per logged store, with as many
 * partitions as the sub-topology owning the store has tasks.
 */
export function internalTopicsFor(
  topology: Topology,
  applicationId: string,
  partitions: Readonly<Record<string, number>>,
): InternalTopic[] {
  const counts = topicPartitionCounts(topology, partitions);
  const out: InternalTopic[] = [];
  for (const t of topology.internalTopics) {
    out.push({
      name: `${applicationId}-${t}`,
      partitions: counts.get(t) ?? 1,
      cleanupPolicy: 'delete',
    });
  }
  const subs = topology.subtopologies();
  for (const spec of topology.stores()) {
    if (!spec.logged) continue;
    const owner = subs.find((s) =>
      s.nodes.some((n) => {
        const node = topology.node(n);
        return node?.kind === 'processor' && node.stores.includes(spec.name);
      }),
    );
    if (!owner) continue;
    const n = Math.max(1, ...owner.sourceTopics.map((t) => counts.get(t) ?? 1));
    out.push({
      name: `${applicationId}-${spec.name}-changelog`,
      partitions: n,
      cleanupPolicy: 'compact',
      store: spec.name,
    });
  }
  return out;
}
