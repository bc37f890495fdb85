import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { libraryScenario } from '../sim/library.ts';
import { runRequest } from '../sim/prepare.ts';
import { describedTopologies, hasBufferingJoin, topologyActivityAt } from './topology-at.ts';
import { fit, layoutSubtopology, shortNodeName, TOPOLOGY_BOX } from './topology-layout.ts';

function run(name: string): TraceEvent[] {
  const result = runRequest({ scenarioText: libraryScenario(name)!.text, seed: null, faults: [] });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.events;
}

const join = run('streams-join-crash');

describe('the topology drawing', () => {
  it('reads each application topology from the trace, as describe() gave it', () => {
    const [topology, ...others] = describedTopologies(join);
    expect(others).toEqual([]);
    expect(topology.application).toBe('order-payments');
    const nodes = topology.subtopologies.flatMap((s) => s.nodes);
    expect(
      nodes
        .filter((n) => n.type === 'source')
        .flatMap((n) => n.topics)
        .sort(),
    ).toEqual(['orders', 'payments']);
    expect(nodes.filter((n) => n.type === 'sink').map((n) => n.topic)).toEqual(['paid-orders']);
  });

  it('lays a sub-topology out left to right: sources first, every edge forward, no boxes overlapping', () => {
    const sub = describedTopologies(join)[0].subtopologies[0];
    const layout = layoutSubtopology(sub);
    const box = new Map(layout.nodes.map((n) => [n.name, n]));
    expect(layout.nodes).toHaveLength(sub.nodes.length);
    for (const n of layout.nodes.filter((n) => n.kind === 'source')) expect(n.x).toBe(0);
    const sinkX = Math.max(...layout.nodes.map((n) => n.x));
    for (const n of layout.nodes.filter((n) => n.kind === 'sink')) expect(n.x).toBe(sinkX);
    expect(layout.edges).toHaveLength(
      sub.nodes.reduce((count, n) => count + n.successors.length, 0),
    );
    for (const e of layout.edges) expect(box.get(e.from)!.x).toBeLessThan(box.get(e.to)!.x);
    const { width, height, storeLine } = TOPOLOGY_BOX;
    for (const a of layout.nodes)
      for (const b of layout.nodes) {
        if (a === b || a.x !== b.x) continue;
        const aBottom = a.y + height + a.stores.length * storeLine;
        const bBottom = b.y + height + b.stores.length * storeLine;
        expect(aBottom <= b.y || bBottom <= a.y).toBe(true);
      }
    for (const n of layout.nodes) {
      expect(n.x + width).toBeLessThanOrEqual(layout.width);
      expect(n.y + height + n.stores.length * storeLine).toBeLessThanOrEqual(layout.height);
    }
    expect(
      layout.nodes.filter((n) => n.stores.length > 0).flatMap((n) => n.stores).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("puts a join's nodes level with their parents, so no two edges cross", () => {
    const layout = layoutSubtopology(describedTopologies(join)[0].subtopologies[0]);
    const box = new Map(layout.nodes.map((n) => [n.name, n]));
    const ends = layout.edges.map((e) => [box.get(e.from)!, box.get(e.to)!] as const);
    for (const [a, b] of ends)
      for (const [c, d] of ends) {
        if (a.x !== c.x || b.x !== d.x) continue;
        expect((a.y - c.y) * (b.y - d.y)).toBeGreaterThanOrEqual(0);
      }
  });

  it('shortens Kafka Streams node names for the boxes, and cuts what would not fit', () => {
    expect(fit('egress-views-per-user', TOPOLOGY_BOX.labelChars)).toBe('egress-views-per-…');
    expect(fit('router', TOPOLOGY_BOX.labelChars)).toBe('router');
    const statefun = describedTopologies(run('statefun-page-views'))[0];
    for (const n of statefun.subtopologies
      .map((sub) => layoutSubtopology(sub))
      .flatMap((l) => l.nodes)) {
      expect(n.label.length).toBeLessThanOrEqual(TOPOLOGY_BOX.labelChars);
      expect(n.topicLine.length).toBeLessThanOrEqual(TOPOLOGY_BOX.topicChars);
    }
    expect(shortNodeName('KSTREAM-JOINTHIS-0000000004-store')).toBe('JOINTHIS-4-store');
    expect(shortNodeName('KSTREAM-SOURCE-0000000000')).toBe('SOURCE-0');
    expect(shortNodeName('my-processor')).toBe('my-processor');
  });

  it('marks the node and the store the event at the playhead touched', () => {
    const matched = join.findIndex((e) => e.type === 'join.matched');
    const m = join[matched] as Extract<TraceEvent, { type: 'join.matched' }>;
    expect(topologyActivityAt(join, matched + 1)).toEqual({
      application: 'order-payments',
      subtopology: Number(m.task.split('_')[0]),
      nodes: [m.processor],
      stores: [],
    });
    const processed = join.findIndex((e) => e.type === 'record.processed' && e.topic === 'orders');
    const source = describedTopologies(join)[0]
      .subtopologies.flatMap((s) => s.nodes)
      .find((n) => n.type === 'source' && n.topics.includes('orders'))!;
    expect(topologyActivityAt(join, processed + 1)?.nodes).toEqual([source.name]);
    const expired = join.findIndex((e) => e.type === 'join.expired');
    const x = join[expired] as Extract<TraceEvent, { type: 'join.expired' }>;
    expect(topologyActivityAt(join, expired + 1)).toMatchObject({ nodes: [], stores: [x.store] });
    const appended = join.findIndex((e) => e.type === 'record.appended');
    expect(topologyActivityAt(join, appended + 1)).toBeNull();
    expect(topologyActivityAt(join, 0)).toBeNull();
  });

  it('lays a sub-topology out top to bottom for a narrow column: every edge downward, the sink last, nothing overlapping', () => {
    const sub = describedTopologies(join)[0].subtopologies[0];
    const across = layoutSubtopology(sub, 'right');
    const down = layoutSubtopology(sub, 'down');
    expect(down.direction).toBe('down');
    expect(down.width).toBeLessThan(across.width);
    const box = new Map(down.nodes.map((n) => [n.name, n]));
    for (const e of down.edges) expect(box.get(e.from)!.y).toBeLessThan(box.get(e.to)!.y);
    const sinkY = Math.max(...down.nodes.map((n) => n.y));
    for (const n of down.nodes.filter((n) => n.kind === 'sink')) expect(n.y).toBe(sinkY);
    const { width, height, storeLine } = TOPOLOGY_BOX;
    for (const a of down.nodes) {
      expect(a.x + width).toBeLessThanOrEqual(down.width);
      expect(a.y + height + a.stores.length * storeLine).toBeLessThanOrEqual(down.height);
      for (const b of down.nodes)
        if (a !== b && a.y === b.y) expect(Math.abs(a.x - b.x)).toBeGreaterThanOrEqual(width);
    }
  });
});

describe('the note about join buffers', () => {
  it('belongs to a topology with a stream-stream join, and not to a count', () => {
    expect(hasBufferingJoin(join)).toBe(true);
    expect(hasBufferingJoin(run('page-view-counts'))).toBe(false);
  });
});
