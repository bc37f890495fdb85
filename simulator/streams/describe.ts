import type { Topology, TopologyNode } from './topology.ts';

/** One node as `TopologyDescription` shows it. */
export type NodeDescription =
  | {
      /** A source node. */
      readonly type: 'source';
      /** Node name. */
      readonly name: string;
      /** Topics it reads. */
      readonly topics: string[];
      /** Names of its children, in description order. */
      readonly successors: string[];
      /** Always empty for a source. */
      readonly predecessors: string[];
    }
  | {
      /** A processor node. */
      readonly type: 'processor';
      /** Node name. */
      readonly name: string;
      /** Stores it is connected to. */
      readonly stores: string[];
      /** Names of its children. */
      readonly successors: string[];
      /** Names of its parents. */
      readonly predecessors: string[];
    }
  | {
      /** A sink node. */
      readonly type: 'sink';
      /** Node name. */
      readonly name: string;
      /** The topic it writes. */
      readonly topic: string;
      /** Always empty for a sink. */
      readonly successors: string[];
      /** Names of its parents. */
      readonly predecessors: string[];
    };

/** One sub-topology of the description. */
export interface SubtopologyDescription {
  /** Sub-topology id (the first half of task ids). */
  readonly id: number;
  /** Its nodes, ordered as Kafka orders them (larger sub-trees first, then by name). */
  readonly nodes: NodeDescription[];
}

/** Kafka's `TopologyDescription` as plain data, plus its text form. */
export interface TopologyDescription {
  /** The sub-topologies by id. */
  readonly subtopologies: SubtopologyDescription[];
  /** Global stores (none: global tables are not modelled). */
  readonly globalStores: never[];
  /** The text Kafka's `TopologyDescription#toString` prints. */
  toString(): string;
}

/** Build the description of a topology (Kafka's `InternalTopologyBuilder#describe`). */
export function describeTopology(topology: Topology): TopologyDescription {
  const nodes = topology.nodes();
  const children = new Map<string, string[]>(nodes.map((n) => [n.name, []]));
  for (const node of nodes) {
    if (node.kind !== 'source') for (const p of node.parents) children.get(p)!.push(node.name);
  }
  const size = subtreeSizes(nodes, children);
  const order = (a: string, b: string) =>
    size.get(b)! - size.get(a)! || (a < b ? -1 : a > b ? 1 : 0);
  const subtopologies = topology.subtopologies().map((sub) => ({
    id: sub.id,
    nodes: [...sub.nodes]
      .sort(order)
      .map((name) =>
        describeNode(topology.node(name)!, [...children.get(name)!].sort(order), order),
      ),
  }));
  return {
    subtopologies,
    globalStores: [],
    toString: () => descriptionText(subtopologies),
  };
}

/**
 * Kafka's node `size`: 1 + the sizes of the children (the number of paths below a node), used
 * to order nodes so that sources come before what they feed.
 */
function subtreeSizes(nodes: TopologyNode[], children: Map<string, string[]>): Map<string, number> {
  const size = new Map<string, number>();
  const visit = (name: string): number => {
    const known = size.get(name);
    if (known !== undefined) return known;
    let total = 1;
    for (const child of children.get(name)!) total += visit(child);
    size.set(name, total);
    return total;
  };
  for (const node of nodes) visit(node.name);
  return size;
}

function describeNode(
  node: TopologyNode,
  successors: string[],
  order: (a: string, b: string) => number,
): NodeDescription {
  switch (node.kind) {
    case 'source':
      return {
        type: 'source',
        name: node.name,
        topics: [...node.topics],
        successors,
        predecessors: [],
      };
    case 'processor':
      return {
        type: 'processor',
        name: node.name,
        stores: [...node.stores],
        successors,
        predecessors: [...node.parents].sort(order),
      };
    case 'sink':
      return {
        type: 'sink',
        name: node.name,
        topic: node.topic,
        successors: [],
        predecessors: [...node.parents].sort(order),
      };
  }
}

/** Kafka's text form: "Topologies:", then each sub-topology and its nodes with arrows. */
function descriptionText(subtopologies: SubtopologyDescription[]): string {
  let text = 'Topologies:\n ';
  for (const sub of subtopologies) {
    text += `  Sub-topology: ${sub.id}\n`;
    for (const node of sub.nodes) text += `    ${nodeText(node)}\n`;
    text += '\n';
  }
  return text;
}

function nodeText(node: NodeDescription): string {
  const names = (list: string[]) => (list.length === 0 ? 'none' : list.join(', '));
  switch (node.type) {
    case 'source':
      return `Source: ${node.name} (topics: [${node.topics.join(', ')}])\n      --> ${names(node.successors)}`;
    case 'processor':
      return `Processor: ${node.name} (stores: [${node.stores.join(', ')}])\n      --> ${names(node.successors)}\n      <-- ${names(node.predecessors)}`;
    case 'sink':
      return `Sink: ${node.name} (topic: ${node.topic})\n      <-- ${names(node.predecessors)}`;
  }
}
