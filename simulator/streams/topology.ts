import { TopologyException } from './errors.ts';
import type { NodeProcessor, ProcessorSupplier } from './processor-api.ts';
import { describeTopology, type TopologyDescription } from './describe.ts';
import { StoreBuilder, type StoreSpec } from './stores/stores.ts';

/** A node of a topology, as plain data plus (for processors) the supplier of its processor. */
export type TopologyNode =
  | { readonly kind: 'source'; readonly name: string; readonly topics: readonly string[] }
  | {
      readonly kind: 'processor';
      readonly name: string;
      readonly supplier: () => NodeProcessor;
      readonly parents: readonly string[];
      readonly stores: string[];
    }
  | {
      readonly kind: 'sink';
      readonly name: string;
      readonly topic: string;
      readonly parents: readonly string[];
    };

/** A sub-topology: a connected part of the graph, split at topics (Kafka's node group). */
export interface Subtopology {
  /** Its id, numbered as Kafka numbers them. */
  readonly id: number;
  /** Its nodes, in the order they were added. */
  readonly nodes: readonly string[];
  /** The topics its sources read (internal ones without the application id). */
  readonly sourceTopics: readonly string[];
}

/**
 * A processing topology (Kafka's `Topology`), built with the Processor API calls below or by the
 * DSL's `StreamsBuilder`. Errors Kafka raises while building (unknown parents, duplicate names,
 * unknown stores) are raised here at once, with the names involved.
 */
export class Topology {
  private readonly nodeMap = new Map<string, TopologyNode>();
  private readonly storeMap = new Map<string, StoreSpec>();
  private readonly topicToSource = new Map<string, string>();
  /** Repartition topics created by the DSL (names without the `<application.id>-` prefix). */
  readonly internalTopics = new Set<string>();
  /** Groups of source topics that must have equal partition counts (joins). */
  readonly copartitionGroups: string[][] = [];

  /** Add a source node reading `topics`. */
  addSource(name: string, ...topics: string[]): this {
    this.requireNewName(name);
    if (topics.length === 0)
      throw new TopologyException(`Source "${name}" must read at least one topic`);
    for (const topic of topics) {
      const other = this.topicToSource.get(topic);
      if (other) {
        throw new TopologyException(
          `Topic ${topic} has already been registered by another source (${other}); source "${name}" cannot read it too`,
        );
      }
    }
    for (const topic of topics) this.topicToSource.set(topic, name);
    this.nodeMap.set(name, { kind: 'source', name, topics: [...topics] });
    return this;
  }

  /** Add a processor whose records come from `parentNames` (sources or processors added before). */
  addProcessor(
    name: string,
    supplier: ProcessorSupplier | (() => NodeProcessor),
    ...parentNames: string[]
  ): this {
    this.requireNewName(name);
    this.requireParents(name, parentNames);
    const node: TopologyNode = {
      kind: 'processor',
      name,
      supplier: supplier as () => NodeProcessor,
      parents: [...parentNames],
      stores: [],
    };
    this.nodeMap.set(name, node);
    return this;
  }

  /** Add a sink writing the records of `parentNames` to `topic`. */
  addSink(name: string, topic: string, ...parentNames: string[]): this {
    this.requireNewName(name);
    this.requireParents(name, parentNames);
    this.nodeMap.set(name, { kind: 'sink', name, topic, parents: [...parentNames] });
    return this;
  }

  /** Add a state store and connect it to the named processors (added before). */
  addStateStore(builder: StoreBuilder, ...processorNames: string[]): this {
    const spec = builder.spec;
    if (this.storeMap.has(spec.name))
      throw new TopologyException(`StateStore ${spec.name} is already added.`);
    this.storeMap.set(spec.name, spec);
    this.connectProcessorToStores(processorNames, [spec.name]);
    return this;
  }

  /** Give a processor access to stores added before. */
  connectProcessorAndStateStores(processorName: string, ...storeNames: string[]): this {
    this.connectProcessorToStores([processorName], storeNames);
    return this;
  }

  /** The shape of the topology, as Kafka's `TopologyDescription` (with `toString()`). */
  describe(): TopologyDescription {
    return describeTopology(this);
  }

  /** Every node, in the order added. */
  nodes(): TopologyNode[] {
    return [...this.nodeMap.values()];
  }

  node(name: string): TopologyNode | undefined {
    return this.nodeMap.get(name);
  }

  /** Every store, in the order added. */
  stores(): StoreSpec[] {
    return [...this.storeMap.values()];
  }

  store(name: string): StoreSpec | undefined {
    return this.storeMap.get(name);
  }

  /** The source node reading `topic` (internal topics by their undecorated name). */
  sourceFor(topic: string): string | undefined {
    return this.topicToSource.get(topic);
  }

  /** Every topic some source reads (internal topics without the application id). */
  sourceTopics(): string[] {
    return [...this.topicToSource.keys()];
  }

  /** The children of a node, in the order they were added. */
  childrenOf(name: string): string[] {
    const out: string[] = [];
    for (const node of this.nodeMap.values()) {
      if (node.kind !== 'source' && node.parents.includes(name)) out.push(node.name);
    }
    return out;
  }

  /** The sub-topologies, numbered as Kafka numbers them. */
  subtopologies(): Subtopology[] {
    return computeSubtopologies(this);
  }

  /** Mark `topic` as a repartition topic owned by this topology. */
  addInternalTopic(topic: string): void {
    this.internalTopics.add(topic);
  }

  /** Declare that these topics must be co-partitioned (the two sides of a join). */
  addCopartitionGroup(topics: string[]): void {
    this.copartitionGroups.push([...new Set(topics)]);
  }

  /** Store names a processor was connected to (added at build time by DSL operators). */
  connectStoresAtBuild(processorName: string, storeSpecs: StoreSpec[]): void {
    for (const spec of storeSpecs) {
      if (!this.storeMap.has(spec.name)) this.storeMap.set(spec.name, spec);
    }
    this.connectProcessorToStores(
      [processorName],
      storeSpecs.map((s) => s.name),
    );
  }

  private connectProcessorToStores(processorNames: string[], storeNames: string[]): void {
    for (const storeName of storeNames) {
      if (!this.storeMap.has(storeName)) {
        throw new TopologyException(`StateStore ${storeName} is not added yet.`);
      }
    }
    for (const processorName of processorNames) {
      const node = this.nodeMap.get(processorName);
      if (!node) throw new TopologyException(`Processor ${processorName} is not added yet.`);
      if (node.kind !== 'processor') {
        throw new TopologyException(
          `${processorName} is a ${node.kind}; only processors can use state stores`,
        );
      }
      for (const storeName of storeNames) {
        if (!node.stores.includes(storeName)) node.stores.push(storeName);
      }
    }
  }

  private requireNewName(name: string): void {
    if (typeof name !== 'string' || name.length === 0)
      throw new TopologyException('Node names must be non-empty strings');
    if (this.nodeMap.has(name)) throw new TopologyException(`Processor ${name} is already added.`);
  }

  private requireParents(name: string, parentNames: string[]): void {
    if (parentNames.length === 0)
      throw new TopologyException(`${name} must have at least one parent`);
    for (const parent of parentNames) {
      if (parent === name)
        throw new TopologyException(`Processor ${name} cannot be a predecessor of itself.`);
      const node = this.nodeMap.get(parent);
      if (!node)
        throw new TopologyException(`Parent processor ${parent} is not added yet for ${name}.`);
      if (node.kind === 'sink')
        throw new TopologyException(`Sink ${parent} cannot be used a parent.`);
    }
  }
}

/**
 * Kafka's `makeNodeGroups`: nodes joined by parent links or a shared store form one group;
 * groups are numbered by first appearance going through source names in sorted order, then the
 * other node names in sorted order.
 */
function computeSubtopologies(topology: Topology): Subtopology[] {
  const nodes = topology.nodes();
  const parent = new Map<string, string>(nodes.map((n) => [n.name, n.name]));
  const root = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string) => parent.set(root(a), root(b));
  const storeUser = new Map<string, string>();
  for (const node of nodes) {
    if (node.kind === 'source') continue;
    for (const p of node.parents) union(node.name, p);
    if (node.kind !== 'processor') continue;
    for (const store of node.stores) {
      const other = storeUser.get(store);
      if (other) union(node.name, other);
      else storeUser.set(store, node.name);
    }
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sources = nodes
    .filter((n) => n.kind === 'source')
    .map((n) => n.name)
    .sort(byName);
  const others = nodes
    .filter((n) => n.kind !== 'source')
    .map((n) => n.name)
    .sort(byName);
  const groupOfRoot = new Map<string, number>();
  for (const name of [...sources, ...others]) {
    if (!groupOfRoot.has(root(name))) groupOfRoot.set(root(name), groupOfRoot.size);
  }
  const groups: Subtopology[] = [...groupOfRoot.values()].map((id) => ({
    id,
    nodes: [],
    sourceTopics: [],
  }));
  for (const node of nodes) {
    const group = groups[groupOfRoot.get(root(node.name))!];
    (group.nodes as string[]).push(node.name);
    if (node.kind === 'source') (group.sourceTopics as string[]).push(...node.topics);
  }
  return groups;
}
