import { describe, expect, it } from 'vitest';
import { faultSchema } from '../scenario/schema.ts';
import { eventsOf, ScriptedActor } from '../test/engine-helpers.ts';
import { injectFault, scheduleFaults, type Fault } from './faults.ts';
import { World, type WorldOptions } from './world.ts';

/** A world with a scripted `broker`, producer `p1` and consumer `c1`, started at 0. */
function world(network: WorldOptions['network'] = { latencyMs: 1 }) {
  const w = new World({ seed: 1, network });
  const broker = new ScriptedActor('broker', 'broker');
  const p1 = new ScriptedActor('p1', 'producer');
  const c1 = new ScriptedActor('c1', 'consumer');
  for (const a of [broker, p1, c1]) w.add(a);
  w.runUntil(0);
  return { w, broker, p1, c1 };
}

const fault = (input: unknown): Fault => faultSchema.parse(input);

/** Send one message from → to now and say what became of it. */
function probe(w: World, from: ScriptedActor, to: string, kind = 'Ping'): 'sent' | string {
  const before = w.trace.length;
  from.ctx!.send(to, { kind });
  const e = w.trace[before];
  return e.type === 'message.dropped' ? e.reason : 'sent';
}

describe('faults', () => {
  it('fires each scheduled fault at its time and traces it as plain data', () => {
    const { w } = world();
    scheduleFaults(w, [fault({ at: 30, kind: 'crash', target: 'p1' })]);
    w.runUntil(29);
    expect(w.isUp('p1')).toBe(true);
    w.runUntil(30);
    expect(w.isUp('p1')).toBe(false);
    expect(eventsOf(w.trace, 'fault.injected')).toEqual([
      { type: 'fault.injected', at: 30, fault: { at: 30, kind: 'crash', target: 'p1' } },
    ]);
  });

  it('refuses a fault that names an unknown actor', () => {
    const { w } = world();
    expect(() => injectFault(w, fault({ at: 0, kind: 'crash', target: 'ghost' }))).toThrow(
      /unknown actor "ghost"/,
    );
    expect(() =>
      injectFault(w, fault({ at: 0, kind: 'partition', between: ['p1', 'ghost'] })),
    ).toThrow(/unknown actor "ghost"/);
  });

  it('crashes and restarts an actor', () => {
    const { w, p1 } = world();
    scheduleFaults(w, [
      fault({ at: 10, kind: 'crash', target: 'p1' }),
      fault({ at: 20, kind: 'restart', target: 'p1' }),
    ]);
    w.runUntil(20);
    expect(p1.crashes).toBe(1);
    expect(p1.seen.filter((s) => s.what === 'start').map((s) => s.at)).toEqual([0, 20]);
  });

  it('pauses an actor for its duration and traces the end of the fault', () => {
    const { w } = world();
    scheduleFaults(w, [fault({ at: 10, kind: 'pause', target: 'c1', durationMs: 50 })]);
    w.runUntil(59);
    expect(w.isPaused('c1')).toBe(true);
    w.runUntil(60);
    expect(w.isPaused('c1')).toBe(false);
    expect(eventsOf(w.trace, 'fault.ended').map((e) => [e.at, e.fault.kind])).toEqual([
      [60, 'pause'],
    ]);
  });

  it('partitions two actors both ways and heals after the duration', () => {
    const { w, broker, p1 } = world();
    injectFault(w, fault({ at: 0, kind: 'partition', between: ['p1', 'broker'], durationMs: 100 }));
    expect([probe(w, p1, 'broker'), probe(w, broker, 'p1'), probe(w, p1, 'c1')]).toEqual([
      'partition',
      'partition',
      'sent',
    ]);
    w.runUntil(100);
    expect([probe(w, p1, 'broker'), probe(w, broker, 'p1')]).toEqual(['sent', 'sent']);
  });

  it('keeps a partition without a duration until the end, and a one-way one in one direction only', () => {
    const { w, broker, p1 } = world();
    injectFault(w, fault({ at: 0, kind: 'partition', between: ['broker', 'p1'], oneWay: true }));
    w.runUntil(10_000);
    expect([probe(w, broker, 'p1'), probe(w, p1, 'broker')]).toEqual(['partition', 'sent']);
    expect(eventsOf(w.trace, 'fault.ended')).toEqual([]);
  });

  it('slows a link for its duration and then restores its latency', () => {
    const { w, broker, p1 } = world();
    injectFault(
      w,
      fault({
        at: 0,
        kind: 'slowLink',
        between: ['p1', 'broker'],
        extraLatencyMs: 40,
        durationMs: 100,
      }),
    );
    p1.ctx!.send('broker', { kind: 'Slow' });
    w.runUntil(100);
    p1.ctx!.send('broker', { kind: 'Fast' });
    w.runUntil(200);
    expect(broker.messages().map((m) => [m.message.kind, m.at])).toEqual([
      ['Slow', 41],
      ['Fast', 101],
    ]);
  });

  it('loses messages on a link while messageLoss lasts, then returns the link to the network default', () => {
    const { w, broker, p1 } = world({ latencyMs: 1, lossPerMillion: 500_000 });
    injectFault(
      w,
      fault({
        at: 0,
        kind: 'messageLoss',
        between: ['p1', 'broker'],
        lossPerMillion: 1_000_000,
        durationMs: 10,
      }),
    );
    const during = Array.from({ length: 50 }, () => probe(w, p1, 'broker'));
    expect(during.every((r) => r === 'loss')).toBe(true);
    w.runUntil(10);
    // The scenario's own loss (half the messages) applies again: neither all nor none get through.
    const after = Array.from({ length: 200 }, () => probe(w, broker, 'p1'));
    const lost = after.filter((r) => r === 'loss').length;
    expect(lost).toBeGreaterThan(50);
    expect(lost).toBeLessThan(150);
  });

  it('loses only the next acknowledgement of a producer (lostAck): its ProduceResponse', () => {
    const { w, broker } = world();
    injectFault(w, fault({ at: 0, kind: 'lostAck', target: 'p1' }));
    expect([
      probe(w, broker, 'p1', 'FetchResponse'),
      probe(w, broker, 'c1', 'ProduceResponse'),
      probe(w, broker, 'p1', 'ProduceResponse'),
      probe(w, broker, 'p1', 'ProduceResponse'),
    ]).toEqual(['sent', 'sent', 'lostAck', 'sent']);
  });

  it("loses a consumer's next OffsetCommitResponse for lostAck, `count` times", () => {
    const { w, broker } = world();
    injectFault(w, fault({ at: 0, kind: 'lostAck', target: 'c1', count: 2 }));
    expect([
      probe(w, broker, 'c1', 'ProduceResponse'),
      probe(w, broker, 'c1', 'OffsetCommitResponse'),
      probe(w, broker, 'c1', 'OffsetCommitResponse'),
      probe(w, broker, 'c1', 'OffsetCommitResponse'),
    ]).toEqual(['sent', 'lostAck', 'lostAck', 'sent']);
  });
});
