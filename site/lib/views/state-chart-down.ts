import { path as d3path } from 'd3';
import {
  CHART_NODE,
  layersOf,
  type ChartEdge,
  type ChartNode,
  type StateChart,
  type StateGraph,
} from './state-chart.ts';

/**
 * A state graph drawn top to bottom, for a column too narrow for the left-to-right chart (which
 * needs 165 px a layer and would shrink its labels past reading): a layer is a row, a state's
 * `row` is its column. Arrows between rows leave a state's bottom and enter the next one's top
 * (upward ones the other way, beside them), arrows within a row run straight across.
 */

/** A margin beside the states (a label beside an upward arrow reaches into it), the gaps between columns and rows, px. */
const SIDE = 24;
const COLUMN_GAP = 56;
const ROW_GAP = 62;
const TOP = 16;
const hw = CHART_NODE.width / 2;
const hh = CHART_NODE.height / 2;

/** The chart, flowing down. */
export function layoutGraphDown(graph: StateGraph): StateChart {
  const layer = layersOf(graph);
  const inLayer = new Map<number, number>();
  const nodes: ChartNode[] = graph.states.map((s) => {
    const l = layer.get(s.id) ?? 0;
    const column = s.row ?? inLayer.get(l) ?? 0;
    inLayer.set(l, column + 1);
    return {
      id: s.id,
      final: s.final,
      layer: l,
      x: SIDE + hw + column * (CHART_NODE.width + COLUMN_GAP),
      y: TOP + hh + l * (CHART_NODE.height + ROW_GAP),
    };
  });
  const place = new Map(nodes.map((n) => [n.id, n]));
  const edges = graph.edges.map((e) => edgeDown(e.from, e.to, e.events.join(' / '), place));
  return {
    nodes,
    edges,
    initial: graph.initial,
    width: Math.max(...nodes.map((n) => n.x)) + hw + SIDE,
    height: Math.max(...nodes.map((n) => n.y)) + hh + TOP,
  };
}

function edgeDown(
  fromId: string,
  toId: string,
  label: string,
  place: Map<string, ChartNode>,
): ChartEdge {
  const from = place.get(fromId)!;
  const to = place.get(toId)!;
  const p = d3path();
  let labelX: number;
  let labelY: number;
  let labelAnchor: ChartEdge['labelAnchor'] = 'middle';
  if (from === to) {
    // A loop out of the right side and back.
    p.moveTo(from.x + hw, from.y - 8);
    p.bezierCurveTo(
      from.x + hw + 30,
      from.y - 24,
      from.x + hw + 30,
      from.y + 24,
      from.x + hw,
      from.y + 8,
    );
    labelX = from.x + hw + 26;
    labelY = from.y + 4;
    labelAnchor = 'start';
  } else if (to.layer === from.layer) {
    // Straight across a row, the label over it.
    const right = to.x > from.x ? 1 : -1;
    p.moveTo(from.x + right * hw, from.y);
    p.lineTo(to.x - right * hw, to.y);
    labelX = (from.x + to.x) / 2;
    labelY = from.y - 5;
  } else if (from.x === to.x) {
    // Straight down (right of the centre) or up (left of it), the label on its side.
    const down = to.y > from.y ? 1 : -1;
    const dx = down * 14;
    p.moveTo(from.x + dx, from.y + down * hh);
    p.lineTo(to.x + dx, to.y - down * hh);
    labelX = from.x + dx + down * 4;
    labelY = (from.y + to.y) / 2 + 4;
    labelAnchor = down > 0 ? 'start' : 'end';
  } else {
    // To another column: out of the bottom (or top), into the other's top (or bottom).
    const down = to.y > from.y ? 1 : -1;
    const sy = from.y + down * hh;
    const ty = to.y - down * hh;
    const sx = from.x + (to.x > from.x ? hw / 2 : -hw / 2);
    const tx = to.x + (to.x > from.x ? -hw / 2 : hw / 2);
    p.moveTo(sx, sy);
    p.bezierCurveTo(sx, (sy + ty) / 2, tx, (sy + ty) / 2, tx, ty);
    labelX = (sx + tx) / 2;
    labelY = (sy + ty) / 2 - 4;
  }
  return {
    id: `${fromId}->${toId}`,
    from: fromId,
    to: toId,
    label,
    d: p.toString(),
    labelX,
    labelY,
    labelAnchor,
  };
}
