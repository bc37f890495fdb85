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
}

/** The chart's geometry. */
export interface StateChart {
  nodes: ChartNode[];
  edges: ChartEdge[];
  initial: string;
  width: number;
  height: number;
}

/** Node size, px. */
export const CHART_NODE = { width: 112, height: 30 };

interface RawEdge {
  from: string;
  to: string;
  events: string[];
}

/** States and transitions of a flat machine, in the machine's own order. */
export function machineGraph(machine: AnyStateMachine): { initial: string; states: { id: string; final: boolean }[]; edges: RawEdge[] } {
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
function layersOf(graph: ReturnType<typeof machineGraph>): Map<string, number> {
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

export function layoutStateChart(machine: AnyStateMachine, width: number): StateChart {
  const graph = machineGraph(machine);
  const layer = layersOf(graph);
  const layerCount = Math.max(...layer.values()) + 1;
  const x = scalePoint<number>()
    .domain(Array.from({ length: layerCount }, (_, i) => i))
    .range([CHART_NODE.width / 2 + 8, Math.max(width, layerCount * 150) - CHART_NODE.width / 2 - 8]);
  const inLayer = new Map<number, number>();
  const nodes: ChartNode[] = graph.states.map((s) => {
    const l = layer.get(s.id) ?? 0;
    const row = inLayer.get(l) ?? 0;
    inLayer.set(l, row + 1);
    return { id: s.id, final: s.final, layer: l, x: x(l) ?? 0, y: 40 + row * 80 };
  });
  const rows = Math.max(...inLayer.values());
  const place = new Map(nodes.map((n) => [n.id, n]));
  const edges = graph.edges.map((e) => edgeGeometry(e, place.get(e.from)!, place.get(e.to)!));
  return { nodes, edges, initial: graph.initial, width: Math.max(width, layerCount * 150), height: 40 + rows * 80 };
}

function edgeGeometry(e: RawEdge, from: ChartNode, to: ChartNode): ChartEdge {
  const p = d3path();
  const label = e.events.join(' / ');
  const hw = CHART_NODE.width / 2;
  const hh = CHART_NODE.height / 2;
  let labelX: number;
  let labelY: number;
  if (from === to) {
    // A loop over the top of the state.
    p.moveTo(from.x - 14, from.y - hh);
    p.bezierCurveTo(from.x - 30, from.y - hh - 30, from.x + 30, from.y - hh - 30, from.x + 14, from.y - hh);
    labelX = from.x;
    labelY = from.y - hh - 26;
  } else if (to.layer > from.layer) {
    const sx = from.x + hw;
    const tx = to.x - hw;
    p.moveTo(sx, from.y);
    p.bezierCurveTo((sx + tx) / 2, from.y, (sx + tx) / 2, to.y, tx, to.y);
    labelX = (sx + tx) / 2;
    labelY = (from.y + to.y) / 2 - 6;
  } else {
    // Backward (or sideways): an arc below both states.
    const sy = from.y + hh;
    const ty = to.y + hh;
    const dip = Math.max(sy, ty) + 26 + 8 * Math.abs(from.layer - to.layer);
    p.moveTo(from.x - 10, sy);
    p.bezierCurveTo(from.x - 10, dip, to.x + 10, dip, to.x + 10, ty);
    labelX = (from.x + to.x) / 2;
    labelY = dip - 4;
  }
  return { id: `${e.from}->${e.to}`, from: e.from, to: e.to, label, d: p.toString(), labelX, labelY };
}
