import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../test/property.ts';
import { Network, type LinkSettings, type Route } from './network.ts';
import { Prng } from './prng.ts';

const TEST_FILE = 'simulator/core/network.test.ts';
const FIFO_PROPERTY = 'keeps each directed link first-in first-out even with jitter';

function network(settings: Partial<LinkSettings> = {}, seed = 1): Network {
  return new Network({ latencyMs: 5, jitterMs: 0, lossPerMillion: 0, ...settings }, new Prng(seed));
}

function arrival(route: Route): number {
  if (!route.delivered) throw new Error(`expected delivery, got ${route.reason}`);
  return route.deliverAt;
}

describe('Network', () => {
  it('delivers after the link latency', () => {
    expect(network().route('a', 'b', 'Ping', 100)).toEqual({ delivered: true, deliverAt: 105 });
  });

  it(FIFO_PROPERTY, () => {
    checkProperty(
      { file: TEST_FILE, name: FIFO_PROPERTY },
      fc.tuple(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.record({ gapMs: fc.nat(10), toB: fc.boolean() }), {
          minLength: 1,
          maxLength: 60,
        }),
      ),
      ([seed, jitterMs, sends]) => {
        const net = network({ jitterMs }, seed);
        let now = 0;
        const last: Record<string, number> = {};
        for (const send of sends) {
          now += send.gapMs;
          const to = send.toB ? 'b' : 'c';
          const at = arrival(net.route('a', to, 'M', now));
          expect(at).toBeGreaterThanOrEqual(now + 5);
          expect(at).toBeGreaterThanOrEqual(last[to] ?? 0);
          last[to] = at;
        }
      },
      { numRuns: 100 },
    );
  });

  it('lets jitter actually vary arrival times (the FIFO test above is not vacuous)', () => {
    const net = network({ jitterMs: 20 }, 3);
    const delays = new Set<number>();
    for (let i = 0; i < 50; i++) delays.add(arrival(net.route(`a${i}`, 'b', 'M', 0)));
    expect(delays.size).toBeGreaterThan(5);
  });

  it('cuts both directions of a two-way partition', () => {
    const net = network();
    net.cut('a', 'b', false);
    expect(net.route('a', 'b', 'M', 0)).toEqual({ delivered: false, reason: 'partition' });
    expect(net.route('b', 'a', 'M', 0)).toEqual({ delivered: false, reason: 'partition' });
    expect(net.route('a', 'c', 'M', 0).delivered).toBe(true);
  });

  it('cuts only the first direction of a one-way partition', () => {
    const net = network();
    net.cut('a', 'b', true);
    expect(net.route('a', 'b', 'M', 0).delivered).toBe(false);
    expect(net.route('b', 'a', 'M', 0).delivered).toBe(true);
    expect(net.isCut('a', 'b')).toBe(true);
    expect(net.isCut('b', 'a')).toBe(false);
  });

  it('restores a cut link when it heals', () => {
    const net = network();
    net.cut('a', 'b', false);
    net.heal('a', 'b', false);
    expect(net.route('a', 'b', 'M', 0).delivered).toBe(true);
    expect(net.route('b', 'a', 'M', 0).delivered).toBe(true);
  });

  it('needs one heal per cut when cuts overlap', () => {
    const net = network();
    net.cut('a', 'b', false);
    net.cut('b', 'a', true);
    net.heal('a', 'b', false);
    // The one-way cut b → a is still there.
    expect(net.isCut('a', 'b')).toBe(false);
    expect(net.isCut('b', 'a')).toBe(true);
    net.heal('b', 'a', true);
    expect(net.isCut('b', 'a')).toBe(false);
  });

  it('adds the extra latency of a slow link, both ways unless one-way, and removes it again', () => {
    const net = network();
    net.slow('a', 'b', 40, false);
    expect(arrival(net.route('a', 'b', 'M', 0))).toBe(45);
    expect(arrival(net.route('b', 'a', 'M', 0))).toBe(45);
    net.slow('a', 'b', -40, false);
    net.slow('c', 'd', 10, true);
    expect(arrival(net.route('a', 'b', 'M', 100))).toBe(105);
    expect(arrival(net.route('c', 'd', 'M', 100))).toBe(115);
    expect(arrival(net.route('d', 'c', 'M', 100))).toBe(105);
  });

  it('does not let a message overtake an earlier one when a slow link recovers', () => {
    const net = network();
    net.slow('a', 'b', 100, true);
    const slowOne = arrival(net.route('a', 'b', 'M', 0));
    net.slow('a', 'b', -100, true);
    const fastOne = arrival(net.route('a', 'b', 'M', 1));
    expect(fastOne).toBeGreaterThanOrEqual(slowOne);
  });

  it('drops exactly the next `count` messages that match a drop rule, and no others', () => {
    const net = network();
    net.dropNext({ from: 'broker', to: 'p1', kinds: ['ProduceResponse'], count: 2 });
    const outcomes = [
      net.route('broker', 'p2', 'ProduceResponse', 0),
      net.route('broker', 'p1', 'FetchResponse', 0),
      net.route('p1', 'broker', 'ProduceResponse', 0),
      net.route('broker', 'p1', 'ProduceResponse', 0),
      net.route('broker', 'p1', 'ProduceResponse', 0),
      net.route('broker', 'p1', 'ProduceResponse', 0),
    ].map((r) => (r.delivered ? 'delivered' : r.reason));
    expect(outcomes).toEqual([
      'delivered',
      'delivered',
      'delivered',
      'lostAck',
      'lostAck',
      'delivered',
    ]);
  });

  it('lets a drop rule without filters match any message', () => {
    const net = network();
    net.dropNext({ count: 1 });
    expect(net.route('x', 'y', 'Anything', 0)).toEqual({ delivered: false, reason: 'lostAck' });
    expect(net.route('x', 'y', 'Anything', 0).delivered).toBe(true);
  });

  it('loses about the configured share of messages, and none at zero', () => {
    const net = network({ lossPerMillion: 100_000 }, 9);
    let lost = 0;
    for (let i = 0; i < 10_000; i++) if (!net.route('a', 'b', 'M', i).delivered) lost++;
    // Binomial(10^4, 0.1): standard deviation 30.
    expect(Math.abs(lost - 1000)).toBeLessThan(150);
    net.configureLink('a', 'b', { lossPerMillion: 0 });
    for (let i = 0; i < 1000; i++) expect(net.route('a', 'b', 'M', i).delivered).toBe(true);
  });

  it('applies a link override on top of the defaults for that direction only', () => {
    const net = network();
    net.configureLink('a', 'b', { latencyMs: 50 });
    expect(arrival(net.route('a', 'b', 'M', 0))).toBe(50);
    expect(arrival(net.route('b', 'a', 'M', 0))).toBe(5);
  });

  it('returns a link to the network defaults when a field of its override is reset', () => {
    const net = network();
    net.configureLink('a', 'b', { latencyMs: 50, lossPerMillion: 1_000_000 });
    net.resetLink('a', 'b', ['lossPerMillion']);
    expect(arrival(net.route('a', 'b', 'M', 0))).toBe(50);
    net.resetLink('a', 'b', ['latencyMs']);
    expect(arrival(net.route('a', 'b', 'M', 100))).toBe(105);
  });

  it('gives the same routes for the same seed', () => {
    const run = (seed: number) => {
      const net = network({ jitterMs: 30, lossPerMillion: 200_000 }, seed);
      return Array.from({ length: 40 }, (_, i) => net.route('a', `n${i % 3}`, 'M', i));
    };
    expect(run(17)).toEqual(run(17));
    expect(run(17)).not.toEqual(run(18));
  });
});
