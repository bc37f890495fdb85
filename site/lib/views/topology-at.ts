import type { SubtopologyDescription } from '../../../simulator/streams/describe.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';

/** One application's topology, as its `topology.described` event gave it. */
export interface DescribedTopology {
  application: string;
  subtopologies: SubtopologyDescription[];
}

/** The part of a topology the event at the playhead touched. */
export interface TopologyActivity {
  /** The application whose task it was (null when the event names no instance we can place). */
  application: string | null;
  /** The sub-topology (the first half of the task id). */
  subtopology: number;
  /** Nodes it touched: a source taking a record, a processor buffering or joining, a sink writing. */
  nodes: string[];
  /** Stores it wrote, restored or expired from. */
  stores: string[];
}

interface TraceIndex {
  topologies: DescribedTopology[];
  /** Instance id → application id, from the groups they joined. */
  applicationOf: Map<string, string>;
}

const indexes = new WeakMap<readonly TraceEvent[], TraceIndex>();

/** The topologies and instance-to-application map of a trace, read once per trace. */
function indexOf(events: readonly TraceEvent[]): TraceIndex {
  let index = indexes.get(events);
  if (index) return index;
  const topologies: DescribedTopology[] = [];
  const applicationOf = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'topology.described')
      topologies.push({ application: e.application, subtopologies: e.subtopologies });
    else if (e.type === 'member.joined' && !applicationOf.has(e.member))
      applicationOf.set(e.member, e.group);
  }
  const described = new Set(topologies.map((t) => t.application));
  for (const [member, group] of applicationOf)
    if (!described.has(group)) applicationOf.delete(member);
  index = { topologies, applicationOf };
  indexes.set(events, index);
  return index;
}

/** Every application's topology in the trace, in the order they were described. */
export function describedTopologies(events: readonly TraceEvent[]): DescribedTopology[] {
  return indexOf(events).topologies;
}

/**
 * A stream-stream join's processors, as Kafka Streams names them (`KStreamImpl#join`): the two
 * sides that buffer their records in window stores until the join window passes.
 */
const BUFFERING_JOIN = /^KSTREAM-(JOINTHIS|JOINOTHER|OUTERTHIS|OUTEROTHER)-/;

/** Whether a trace's topologies have a join that buffers records (a stream-stream join). */
export function hasBufferingJoin(events: readonly TraceEvent[]): boolean {
  return describedTopologies(events).some((t) =>
    t.subtopologies.some((sub) => sub.nodes.some((n) => BUFFERING_JOIN.test(n.name))),
  );
}

/**
 * What the last event shown (the one before the playhead `index`) did in a topology, or null if
 * it is not a stream-processing event.
 */
export function topologyActivityAt(
  events: readonly TraceEvent[],
  index: number,
): TopologyActivity | null {
  const e = index > 0 ? events[index - 1] : undefined;
  if (!e || !('task' in e) || typeof e.task !== 'string') return null;
  const { topologies, applicationOf } = indexOf(events);
  const instance = 'instance' in e && typeof e.instance === 'string' ? e.instance : undefined;
  const application = instance !== undefined ? (applicationOf.get(instance) ?? null) : null;
  const subtopology = Number(e.task.split('_')[0]);
  const nodes: string[] = [];
  const stores: string[] = [];
  if ('processor' in e && typeof e.processor === 'string') nodes.push(e.processor);
  if ('store' in e && typeof e.store === 'string') stores.push(e.store);
  if (e.type === 'record.processed') {
    const sub = topologies
      .find((t) => t.application === application)
      ?.subtopologies.find((s) => s.id === subtopology);
    for (const node of sub?.nodes ?? []) {
      // The broker's name of an internal topic carries the application id in front.
      if (
        node.type === 'source' &&
        node.topics.some((t) => e.topic === t || e.topic.endsWith(`-${t}`))
      )
        nodes.push(node.name);
    }
  }
  if (nodes.length === 0 && stores.length === 0) return null;
  return { application, subtopology, nodes, stores };
}
