import { linkHorizontal, linkVertical } from 'd3';
import type {
  NodeDescription,
  SubtopologyDescription,
} from '../../../simulator/streams/describe.ts';

/**
 * A sub-topology drawn left to right (or top to bottom in a narrow column): sources in the first
 * column, each node one column past its furthest parent (the longest path from a source), nodes
 * in a column in the order `describe()` lists them (past the first, level with their parents),
 * stores under the processors that use them. Pure: description in, geometry out; d3 makes the
 * edges' curves, Svelte draws.
 */

/** Box size and gaps, px; how many characters of a name and of a topic line fit in a box. */
export const TOPOLOGY_BOX = {
  width: 132,
  height: 34,
  columnGap: 36,
  rowGap: 14,
  storeLine: 13,
  labelChars: 18,
  topicChars: 22,
};

/** A node's box. */
export interface TopologyNodeBox {
  /** The node's name as `describe()` gives it. */
  name: string;
  kind: NodeDescription['type'];
  /** A short name for the box: the name without `KSTREAM-` and the counter's leading zeros, cut to fit. */
  label: string;
  /** What the box reads or writes: a source's topics, a sink's topic. */
  topics: string[];
  /** The topics as the box's second line, cut to fit (empty for a processor). */
  topicLine: string;
  /** The stores a processor uses (full names). */
  stores: string[];
  /** Top-left corner, px. */
  x: number;
  y: number;
}

/** A parent-to-child edge. */
export interface TopologyEdge {
  /** `parent|child`: stable. */
  id: string;
  from: string;
  to: string;
  /** An SVG path from the parent's right side to the child's left side. */
  d: string;
}

/** The geometry of one sub-topology. */
export interface TopologyLayout {
  id: number;
  /** Which way it flows. */
  direction: TopologyDirection;
  nodes: TopologyNodeBox[];
  edges: TopologyEdge[];
  width: number;
  height: number;
}

/** `text`, or its start and an ellipsis when it is longer than `chars`. */
export function fit(text: string, chars: number): string {
  return text.length <= chars ? text : text.slice(0, chars - 1) + '…';
}

/** `KSTREAM-JOINTHIS-0000000004-store` → `JOINTHIS-4-store`. */
export function shortNodeName(name: string): string {
  return name.replace(/^KSTREAM-|^KTABLE-/, '').replace(/-0*(\d)/g, '-$1');
}

const across = linkHorizontal<
  { source: [number, number]; target: [number, number] },
  [number, number]
>();
const downward = linkVertical<
  { source: [number, number]; target: [number, number] },
  [number, number]
>();

/**
 * Which way a sub-topology flows: `right` (sources on the left, the sink on the right) where the
 * page is wide enough, `down` (sources on top, the sink at the bottom) in a narrow column, where a
 * left-to-right drawing would have to shrink its labels or hide its sink.
 */
export type TopologyDirection = 'right' | 'down';

/** Gap between rows when the drawing flows down: room for the arrows, px. */
const DOWN_ROW_GAP = 26;

/**
 * The nodes in columns: a node one column past its furthest parent (the longest path from a
 * source); past the first column, level with its parents (the mean of their rows), so edges cross
 * less; ties keep describe()'s order.
 */
function columnsOf(sub: SubtopologyDescription): NodeDescription[][] {
  const byName = new Map(sub.nodes.map((n) => [n.name, n]));
  const depth = new Map<string, number>();
  const depthOf = (name: string, seen: Set<string>): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    const node = byName.get(name);
    // A parent outside this sub-topology (or a cycle, which describe() never gives) starts a column.
    const parents = (node?.predecessors ?? []).filter((p) => byName.has(p) && !seen.has(p));
    const d =
      parents.length === 0
        ? 0
        : 1 + Math.max(...parents.map((p) => depthOf(p, new Set([...seen, name]))));
    depth.set(name, d);
    return d;
  };
  const columns: NodeDescription[][] = [];
  for (const node of sub.nodes) (columns[depthOf(node.name, new Set())] ??= []).push(node);
  const row = new Map<string, number>();
  columns.forEach((column, c) => {
    if (c > 0) {
      const level = (n: NodeDescription) => {
        const rows = n.predecessors.flatMap((p) => (row.has(p) ? [row.get(p)!] : []));
        return rows.length === 0
          ? Number.MAX_SAFE_INTEGER
          : rows.reduce((a, b) => a + b, 0) / rows.length;
      };
      column.sort((a, b) => level(a) - level(b));
    }
    column.forEach((n, i) => row.set(n.name, i));
  });
  return columns.map((column) => column ?? []);
}

/** A node's box before it is placed. */
function boxOf(node: NodeDescription): TopologyNodeBox {
  const stores = node.type === 'processor' ? node.stores : [];
  const topics = node.type === 'source' ? node.topics : node.type === 'sink' ? [node.topic] : [];
  const arrow = node.type === 'sink' ? '→ ' : '← ';
  return {
    name: node.name,
    kind: node.type,
    label: fit(shortNodeName(node.name), TOPOLOGY_BOX.labelChars),
    topics,
    topicLine: topics.length === 0 ? '' : fit(arrow + topics.join(', '), TOPOLOGY_BOX.topicChars),
    stores,
    x: 0,
    y: 0,
  };
}

/** A box's height with the store names under it, px. */
const heightOf = (box: TopologyNodeBox) =>
  TOPOLOGY_BOX.height + box.stores.length * TOPOLOGY_BOX.storeLine;

/** Lay out one sub-topology, flowing right (the default) or down. */
export function layoutSubtopology(
  sub: SubtopologyDescription,
  direction: TopologyDirection = 'right',
): TopologyLayout {
  const { width, height, columnGap, rowGap } = TOPOLOGY_BOX;
  const columns = columnsOf(sub).map((column) => column.map(boxOf));
  let extentX = 0;
  let extentY = 0;
  if (direction === 'right') {
    columns.forEach((column, c) => {
      let y = 0;
      for (const box of column) {
        Object.assign(box, { x: c * (width + columnGap), y });
        y += heightOf(box) + rowGap;
      }
      extentY = Math.max(extentY, y - rowGap);
    });
    extentX = Math.max(0, columns.length * (width + columnGap) - columnGap);
  } else {
    let y = 0;
    for (const column of columns) {
      column.forEach((box, i) => Object.assign(box, { x: i * (width + rowGap), y }));
      extentX = Math.max(extentX, column.length * (width + rowGap) - rowGap);
      y += Math.max(0, ...column.map(heightOf)) + DOWN_ROW_GAP;
    }
    extentY = Math.max(0, y - DOWN_ROW_GAP);
  }
  const boxes = columns.flat();
  const at = new Map(boxes.map((b) => [b.name, b]));
  const edges: TopologyEdge[] = [];
  for (const node of sub.nodes) {
    for (const child of node.successors) {
      const from = at.get(node.name);
      const to = at.get(child);
      if (!from || !to) continue;
      const d =
        (direction === 'right'
          ? across({
              source: [from.x + width, from.y + height / 2],
              target: [to.x, to.y + height / 2],
            })
          : downward({
              source: [from.x + width / 2, from.y + heightOf(from)],
              target: [to.x + width / 2, to.y],
            })) ?? '';
      edges.push({ id: `${node.name}|${child}`, from: node.name, to: child, d });
    }
  }
  return { id: sub.id, direction, nodes: boxes, edges, width: extentX, height: extentY };
}
