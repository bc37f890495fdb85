import { scalePoint } from 'd3';
import { describe, expect, it } from 'vitest';
import { foldTrace } from '../../../simulator/trace/state.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { libraryScenario } from '../sim/library.ts';
import { runRequest } from '../sim/prepare.ts';
import { layoutNetwork } from './network-layout.ts';
import { linkKey, type LinkFault } from './link-faults.ts';
// The site's worker loads the serverless engine on demand; here it is loaded up front.
import '../../../simulator/serverless/engine.ts';

function run(scenarioText: string): TraceEvent[] {
  const outcome = runRequest({ scenarioText, seed: null, faults: [] });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.events;
}

/** A serverless scenario: a trigger invokes the platform, whose function calls the database. */
const serverless = run(
  JSON.stringify({
    name: 'count-page-views-serverless',
    seed: 41,
    durationMs: 600,
    network: { latencyMs: 2 },
    topics: [{ name: 'page-views', partitions: 2 }],
    producers: [
      {
        id: 'web',
        workload: {
          generators: [{ topic: 'page-views', count: 30, intervalMs: 10, keys: ['ada', 'bob'] }],
        },
      },
    ],
    serverless: {
      database: { tables: [{ name: 'pageViewCounts' }] },
      functions: [{ name: 'countViews', handler: 'countPageViewsNaive', initDurationMs: 50 }],
      triggers: [{ function: 'countViews', topic: 'page-views', batchSize: 10 }],
    },
  }),
);
const streams = run(libraryScenario('streams-join-crash')!.text);

const pair = (a: string, b: string) => [a, b].sort().join(' ↔ ');

describe('links in the network layout', () => {
  it('draws a link for every pair of actors that exchange messages, and none to the database but the platform', () => {
    for (const events of [serverless, streams]) {
      const talked = new Set(
        events.flatMap((e) => (e.type === 'message.sent' ? [pair(e.from, e.to)] : [])),
      );
      const layout = layoutNetwork(foldTrace(events), 0, { width: 900 });
      const drawn = new Set(layout.links.map((l) => pair(l.from, l.to)));
      for (const p of talked) expect(drawn).toContain(p);
      // The platform may also produce to the broker (a handler that emits); this one does not.
      const unused = [...drawn].filter((p) => !talked.has(p));
      expect(unused).toEqual(events === serverless ? [pair('broker', 'lambda')] : []);
    }
  });

  it('joins each link to the centres of its two actors', () => {
    const layout = layoutNetwork(foldTrace(serverless), 0, { width: 900 });
    const at = new Map(layout.actors.map((a) => [a.id, a]));
    expect(layout.links.length).toBeGreaterThan(0);
    for (const l of layout.links) {
      expect([l.x1, l.y1]).toEqual([at.get(l.from)!.x, at.get(l.from)!.y]);
      expect([l.x2, l.y2]).toEqual([at.get(l.to)!.x, at.get(l.to)!.y]);
    }
  });

  it('spaces the clients as d3 point scale with half a step of padding would', () => {
    const layout = layoutNetwork(foldTrace(streams), 0, { width: 777 });
    const clients = layout.actors.filter((a) => a.kind !== 'broker');
    const d3x = scalePoint<string>()
      .domain(clients.map((a) => a.id))
      .range([60, 777 - 60])
      .padding(0.5);
    for (const a of clients) expect(a.x).toBeCloseTo(d3x(a.id)!, 9);
    expect(layout.actors.find((a) => a.kind === 'broker')!.x).toBeCloseTo(777 / 2, 9);
  });

  it('marks a cut link and a slow link, and draws a cut between two actors that never talk', () => {
    const state = foldTrace(serverless);
    const fault = (between: [string, string], over: Partial<LinkFault>): LinkFault => ({
      between,
      cut: false,
      slowMs: 0,
      oneWay: false,
      ...over,
    });
    const linkFaults = new Map([
      [linkKey('lambda', 'db'), fault(['db', 'lambda'], { cut: true, oneWay: true })],
      [linkKey('broker', 'web'), fault(['broker', 'web'], { slowMs: 50 })],
      [linkKey('web', 'db'), fault(['web', 'db'], { cut: true })],
    ]);
    const layout = layoutNetwork(state, 0, { width: 900, linkFaults });
    const byPair = new Map(layout.links.map((l) => [pair(l.from, l.to), l]));
    expect(byPair.get(pair('lambda', 'db'))).toMatchObject({
      cut: true,
      oneWay: true,
      faultFrom: 'db',
    });
    expect(byPair.get(pair('broker', 'web'))).toMatchObject({ cut: false, slowMs: 50 });
    expect(byPair.get(pair('web', 'db'))?.cut).toBe(true);
    const healthy = layout.links.filter((l) => !l.cut && l.slowMs === 0);
    expect(healthy.length).toBe(layout.links.length - 3);
  });
});

describe('transactional clients in the network layout', () => {
  const events = run(libraryScenario('transactional-client')!.text);
  const layout = layoutNetwork(foldTrace(events), 0, { width: 900 });

  it('places the clients between the producer whose records they read and the consumer of their output', () => {
    const x = (id: string) => layout.actors.find((a) => a.id === id)!.x;
    expect(x('shop')).toBeLessThan(x('copier-1'));
    expect(x('copier-1')).toBeLessThan(x('copier-2'));
    expect(x('copier-2')).toBeLessThan(x('auditor'));
  });

  it('links each client to the broker only, as it talks to nothing else', () => {
    const ofClient = layout.links.filter(
      (l) => l.from.startsWith('copier') || l.to.startsWith('copier'),
    );
    expect(ofClient.map((l) => pair(l.from, l.to)).sort()).toEqual([
      pair('broker', 'copier-1'),
      pair('broker', 'copier-2'),
    ]);
  });
});
