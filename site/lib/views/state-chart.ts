import { path as d3path, scalePoint } from 'd3';
import type { AnyStateMachine } from 'xstate';

/**
 * A statechart drawn from the running machine itself (its state nodes and transitions as xstate
 * holds them), so the picture can never drift from the code: states placed in layers by their
 * distance from the initial state, transitions as arrows (a delayed `after` labelled `timeout`,
 * transitions to the same state as loops, backward ones as arcs).
 */

/** A state of the chart. */
export interface ChartNode {
  /** The state's key (`Ongoing`). */
  id: string;
  /** Centre, px. */
  x: number;
  y: number;
  /** A final state (drawn with a double border). */
  final: boolean;
  /** Distance from the initial state. */
  layer: number;
}

/** All transitions from one state to another, merged into one arrow. */
export interface ChartEdge {
  /** `from->to`. */
  id: string;
  from: string;
  to: string;
  /** The events that take it, joined (`ADD / INIT`). */
  label: string;
  /** SVG path, px. */
  d: string;
  /** Where the label sits. */
  labelX: number;
  labelY: number;
  /** How the label hangs from its point (beside a vertical edge it starts or ends there). */
  labelAnchor: 'start' | 'middle' | 'end';
}

/** The chart's geometry. */
export interface StateChart {
  nodes: ChartNode[];
  edges: ChartEdge[];
  initial: string;
  width: number;
  height: number;
}

/** Where the first row of states sits (room above it for loops and arcs), and the gap between rows, px. */
const TOP = 96;
const ROW_GAP = 90;

/** Node size, px. */
export const CHART_NODE = { width: 128, height: 30 };

/** A transition of a graph: every event that goes from one state to another. */
export interface RawEdge {
  /** The source state's key. */
  from: string;
  /** The target state's key. */
  to: string;
  /** The events (labels) that take it, in order. */
  events: string[];
}

/** A flat state graph: what a chart is drawn from (a machine's own, or one written as data). */
export interface StateGraph {
  /** The initial state's key. */
  initial: string;
  /**
   * States in drawing order (the order within a layer). A graph written as data may place every
   * state itself (`layer` left to right, `row` top to bottom); otherwise layers come from the
   * distance to the initial state and rows from this order.
   */
  states: { id: string; final: boolean; layer?: number; row?: number }[];
  /** Transitions, one per pair of states. */
  edges: RawEdge[];
}

/** States and transitions of a flat machine, in the machine's own order. */
export function machineGraph(machine: AnyStateMachine): StateGraph {
  const root = machine.root;
  const initial = root.initial?.target?.[0]?.key ?? Object.keys(root.states)[0];
  const states = Object.values(root.states).map((n) => ({ id: n.key, final: n.type === 'final' }));
  const merged = new Map<string, RawEdge>();
  for (const node of Object.values(root.states)) {
    for (const [eventType, transitions] of node.transitions) {
      const label = eventType.startsWith('xstate.after') ? 'timeout' : eventType;
      for (const t of transitions) {
        for (const target of t.target ?? []) {
          const id = `${node.key}->${target.key}`;
          const edge = merged.get(id);
          if (!edge) merged.set(id, { from: node.key, to: target.key, events: [label] });
          else if (!edge.events.includes(label)) edge.events.push(label);
        }
      }
    }
  }
  return { initial, states, edges: [...merged.values()] };
}

/** Layers by breadth-first distance from the initial state (unreachable states last). */
export function layersOf(graph: StateGraph): Map<string, number> {
  if (graph.states.every((s) => s.layer !== undefined)) {
    return new Map(graph.states.map((s) => [s.id, s.layer ?? 0]));
  }
  const layer = new Map<string, number>([[graph.initial, 0]]);
  const queue = [graph.initial];
  while (queue.length > 0) {
    const at = queue.shift() as string;
    for (const e of graph.edges) {
      if (e.from === at && !layer.has(e.to)) {
        layer.set(e.to, (layer.get(at) ?? 0) + 1);
        queue.push(e.to);
      }
    }
  }
  const deepest = Math.max(...layer.values());
  for (const s of graph.states) if (!layer.has(s.id)) layer.set(s.id, deepest + 1);
  return layer;
}

/** The chart of a running xstate machine, drawn from its definition. */
export function layoutStateChart(machine: AnyStateMachine, width: number): StateChart {
  return layoutGraph(machineGraph(machine), width);
}

/** The chart of a state graph given as data (for protocols the engine runs without a machine). */
export function layoutGraph(graph: StateGraph, width: number): StateChart {
  const layer = layersOf(graph);
  const layerCount = Math.max(...layer.values()) + 1;
  const x = scalePoint<number>()
    .domain(Array.from({ length: layerCount }, (_, i) => i))
    .range([
      CHART_NODE.width / 2 + 8,
      Math.max(width, layerCount * 165) - CHART_NODE.width / 2 - 8,
    ]);
  const inLayer = new Map<number, number>();
  const nodes: ChartNode[] = graph.states.map((s) => {
    const l = layer.get(s.id) ?? 0;
    const row = s.row ?? inLayer.get(l) ?? 0;
    inLayer.set(l, row + 1);
    return { id: s.id, final: s.final, layer: l, x: x(l) ?? 0, y: TOP + row * ROW_GAP };
  });
  const place = new Map(nodes.map((n) => [n.id, n]));
  // Backward arcs are nested, each one further out than the last on its side (above the first
  // row or below the last), so no two share a path or a label.
  let above = 0;
  let below = 0;
  const edges = graph.edges.map((e) => {
    const from = place.get(e.from)!;
    const to = place.get(e.to)!;
    if (from === to || to.layer >= from.layer) return edgeGeometry(e, from, to, 0);
    const over = from.y === to.y && from.y === TOP;
    return edgeGeometry(e, from, to, over ? above++ : below++);
  });
  const deepest = Math.max(...nodes.map((n) => n.y)) + CHART_NODE.height / 2 + 40 + 16 * below;
  return {
    nodes,
    edges,
    initial: graph.initial,
    width: Math.max(width, layerCount * 165),
    height: deepest,
  };
}

function edgeGeometry(e: RawEdge, from: ChartNode, to: ChartNode, slot: number): ChartEdge {
  const p = d3path();
  const label = e.events.join(' / ');
  const hw = CHART_NODE.width / 2;
  const hh = CHART_NODE.height / 2;
  let labelX: number;
  let labelY: number;
  let labelAnchor: ChartEdge['labelAnchor'] = 'middle';
  if (from === to) {
    // A loop over the top of the state.
    p.moveTo(from.x - 14, from.y - hh);
    p.bezierCurveTo(
      from.x - 30,
      from.y - hh - 30,
      from.x + 30,
      from.y - hh - 30,
      from.x + 14,
      from.y - hh,
    );
    labelX = from.x;
    labelY = from.y - hh - 26;
  } else if (to.layer > from.layer) {
    const sx = from.x + hw;
    const tx = to.x - hw;
    p.moveTo(sx, from.y);
    p.bezierCurveTo((sx + tx) / 2, from.y, (sx + tx) / 2, to.y, tx, to.y);
    labelX = (sx + tx) / 2;
    labelY = (from.y + to.y) / 2 - 6;
  } else if (to.layer === from.layer) {
    // Straight down or up within a layer, each direction on its own side of the centre.
    const dx = to.y > from.y ? 14 : -14;
    const down = to.y > from.y ? 1 : -1;
    p.moveTo(from.x + dx, from.y + down * hh);
    p.lineTo(to.x + dx, to.y - down * hh);
    labelX = from.x + dx + (dx > 0 ? 4 : -4);
    labelY = (from.y + to.y) / 2 + 4;
    labelAnchor = dx > 0 ? 'start' : 'end';
  } else if (from.y === to.y && from.y === TOP) {
    // Backward along the first row: an arc over the top, clear of the loops.
    const sy = from.y - hh;
    const rise = sy - 28 - 16 * slot;
    p.moveTo(from.x + 10, sy);
    p.bezierCurveTo(from.x + 10, rise, to.x + 24, rise, to.x + 24, sy);
    labelX = (from.x + to.x) / 2;
    labelY = rise + 14;
  } else {
    // Backward from a lower row: an arc below both states.
    const sy = from.y + hh;
    const ty = to.y + hh;
    const dip = Math.max(sy, ty) + 22 + 16 * slot;
    p.moveTo(from.x - 10, sy);
    p.bezierCurveTo(from.x - 10, dip, to.x + 10, dip, to.x + 10, ty);
    labelX = (from.x + to.x) / 2;
    labelY = dip - 4;
  }
  return {
    id: `${e.from}->${e.to}`,
    from: e.from,
    to: e.to,
    label,
    d: p.toString(),
    labelX,
    labelY,
    labelAnchor,
  };
}
