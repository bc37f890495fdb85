import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventsOf, ScriptedActor } from '../test/engine-helpers.ts';
import { checkProperty } from '../test/property.ts';
import { World } from './world.ts';

const TEST_FILE = 'simulator/core/world.test.ts';

/** A world with two scripted actors, `a` and `b`, started at 0, and a 10 ms network. */
function twoActors(): { world: World; a: ScriptedActor; b: ScriptedActor } {
  const world = new World({ seed: 1, network: { latencyMs: 10 } });
  const a = new ScriptedActor('a');
  const b = new ScriptedActor('b', 'consumer');
  world.add(a);
  world.add(b);
  world.runUntil(0);
  return { world, a, b };
}

const ping = (n: number) => ({ kind: 'Ping', n });

describe('World', () => {
  it('starts an added actor at the time asked and traces it', () => {
    const world = new World({ seed: 1 });
    const late = new ScriptedActor('late');
    world.add(late, 50);
    world.runUntil(49);
    expect(late.seen).toEqual([]);
    world.runUntil(50);
    expect(late.seen).toEqual([{ at: 50, what: 'start' }]);
    expect(eventsOf(world.trace, 'actor.started')).toEqual([
      { type: 'actor.started', at: 50, actor: 'late', kind: 'producer' },
    ]);
  });

  it('refuses a second actor with the same id', () => {
    const world = new World({ seed: 1 });
    world.add(new ScriptedActor('x'));
    expect(() => world.add(new ScriptedActor('x'))).toThrow(/already exists/);
  });

  it('delivers a message after the latency and traces its sending', () => {
    const { world, a, b } = twoActors();
    a.ctx!.send('b', ping(1));
    world.runUntil(100);
    expect(b.messages()).toEqual([{ at: 10, from: 'a', message: ping(1) }]);
    const sent = eventsOf(world.trace, 'message.sent');
    expect(sent).toEqual([
      { type: 'message.sent', at: 0, from: 'a', to: 'b', kind: 'Ping', msgId: 1, deliverAt: 10 },
    ]);
  });

  it('delivers each message to the actor named, however an actor alternates between peers', () => {
    // An actor keeps the peer of its last send (ActorSlot.lastPeer): a send to another peer must
    // not reuse it, and a send back to an earlier one must find that one, not the last.
    const world = new World({ seed: 1, network: { latencyMs: 10 } });
    const actors = ['a', 'b', 'c'].map((id) => new ScriptedActor(id));
    for (const actor of actors) world.add(actor);
    world.runUntil(0);
    const [a, b, c] = actors;
    const order = ['b', 'b', 'c', 'b', 'c', 'c', 'b'];
    order.forEach((to, n) => a.ctx!.send(to, ping(n)));
    world.runUntil(100);
    const to = (id: string) => order.flatMap((peer, n) => (peer === id ? [ping(n)] : []));
    expect(b.messages().map((m) => m.message)).toEqual(to('b'));
    expect(c.messages().map((m) => m.message)).toEqual(to('c'));
    expect(eventsOf(world.trace, 'message.sent').map((e) => e.to)).toEqual(order);
  });

  it('throws when an actor sends to an actor that does not exist', () => {
    const { a } = twoActors();
    expect(() => a.ctx!.send('nobody', ping(1))).toThrow(/unknown actor "nobody"/);
  });

  it('fires a timer after its delay and not at all once cancelled', () => {
    const { world, a } = twoActors();
    a.ctx!.setTimer(30, 'keep', 7);
    const handle = a.ctx!.setTimer(20, 'cancelled');
    a.ctx!.cancelTimer(handle);
    world.runUntil(100);
    expect(a.seen.filter((s) => s.what === 'timer')).toEqual([
      { at: 30, what: 'timer', name: 'keep', data: 7 },
    ]);
  });

  const TIMERS_PROPERTY =
    'fires exactly the timers not cancelled before they were due, in (time, scheduling) order';

  it(TIMERS_PROPERTY, () => {
    // Long scripts that mostly cancel timers still waiting (as request timeouts are), so the
    // world sweeps cancelled timers out of its queue several times a run; `cancelAny` cancels any
    // handle ever given, which for a timer that fired or was cancelled must change nothing.
    const op = <O extends string>(name: O) => fc.constant(name);
    const script = fc.array(
      fc.oneof(
        { weight: 5, arbitrary: fc.record({ op: op('set'), delay: fc.nat(300) }) },
        { weight: 4, arbitrary: fc.record({ op: op('cancel'), which: fc.nat(7) }) },
        { weight: 1, arbitrary: fc.record({ op: op('cancelAny'), which: fc.nat() }) },
        { weight: 1, arbitrary: fc.record({ op: op('run'), ms: fc.nat(30) }) },
      ),
      { minLength: 200, maxLength: 400 },
    );
    checkProperty(
      { file: TEST_FILE, name: TIMERS_PROPERTY },
      script,
      (ops) => {
        const { world, a } = twoActors();
        const handles: number[] = [];
        // The model: timers waiting, in scheduling order, and what fired.
        let waiting: { name: string; due: number; handle: number }[] = [];
        const fired: { at: number; name: string }[] = [];
        const runModelUntil = (t: number) => {
          const due = waiting.filter((w) => w.due <= t).sort((x, y) => x.due - y.due);
          for (const w of due) fired.push({ at: w.due, name: w.name });
          waiting = waiting.filter((w) => w.due > t);
        };
        for (const step of ops) {
          if (step.op === 'set') {
            const name = `t${handles.length}`;
            const handle = a.ctx!.setTimer(step.delay, name);
            handles.push(handle);
            waiting.push({ name, due: world.now + step.delay, handle });
          } else if (step.op === 'cancel' && waiting.length > 0) {
            const { handle } = waiting[Math.max(0, waiting.length - 1 - step.which)];
            a.ctx!.cancelTimer(handle);
            waiting = waiting.filter((w) => w.handle !== handle);
          } else if (step.op === 'cancelAny' && handles.length > 0) {
            const handle = handles[step.which % handles.length];
            a.ctx!.cancelTimer(handle);
            waiting = waiting.filter((w) => w.handle !== handle);
          } else if (step.op === 'run') {
            runModelUntil(world.now + step.ms);
            world.runUntil(world.now + step.ms);
          }
          expect(world.nextTime()).toBe(
            waiting.length === 0 ? undefined : Math.min(...waiting.map((w) => w.due)),
          );
        }
        runModelUntil(world.now + 1000);
        world.runUntil(world.now + 1000);
        const seen = a.seen.filter((s) => s.what === 'timer');
        expect(seen.map((s) => ({ at: s.at, name: s.what === 'timer' ? s.name : '' }))).toEqual(
          fired,
        );
        expect(world.pending).toBe(0);
      },
      { numRuns: 60 },
    );
  });

  it('does not fire a timer cancelled while its paused actor held it', () => {
    const { world, a } = twoActors();
    const handle = a.ctx!.setTimer(10, 'held');
    a.ctx!.setTimer(10, 'kept');
    world.at(5, () => world.pause('a'));
    world.runUntil(20);
    a.ctx!.cancelTimer(handle);
    world.resume('a');
    world.runUntil(30);
    expect(a.seen.filter((s) => s.what === 'timer')).toEqual([
      { at: 20, what: 'timer', name: 'kept', data: undefined },
    ]);
  });

  it('never fires the timers a crashed actor had pending, even after it restarts', () => {
    const { world, a } = twoActors();
    a.ctx!.setTimer(50, 'beforeCrash');
    world.at(10, () => world.crash('a'));
    world.at(20, () => world.restart('a'));
    world.runUntil(200);
    expect(a.firedTimers()).toEqual([]);
    expect(world.isUp('a')).toBe(true);
  });

  it('drops messages to a crashed actor with reason targetDown and traces the drop', () => {
    const { world, a, b } = twoActors();
    world.crash('b');
    a.ctx!.send('b', ping(1));
    world.runUntil(100);
    expect(b.messages()).toEqual([]);
    expect(eventsOf(world.trace, 'message.dropped')).toEqual([
      {
        type: 'message.dropped',
        at: 10,
        from: 'a',
        to: 'b',
        kind: 'Ping',
        msgId: 1,
        reason: 'targetDown',
      },
    ]);
  });

  it('drops a message that was in flight to an actor which crashed and restarted before it arrived', () => {
    // The reply was meant for the earlier life (its connection died with it), not the new one.
    const { world, a, b } = twoActors();
    a.ctx!.send('b', ping(1));
    world.at(2, () => world.crash('b'));
    world.at(5, () => world.restart('b'));
    world.runUntil(100);
    expect(b.messages()).toEqual([]);
    expect(eventsOf(world.trace, 'message.dropped').map((e) => [e.at, e.reason])).toEqual([
      [10, 'targetDown'],
    ]);
  });

  it('still delivers a message whose sender crashed after sending it (it was already on the wire)', () => {
    const { world, a, b } = twoActors();
    a.ctx!.send('b', ping(1));
    world.at(2, () => world.crash('a'));
    world.runUntil(100);
    expect(b.messages().map((m) => m.message)).toEqual([ping(1)]);
  });

  it('restarts a crashed actor by calling onStart again after its memory was cleared', () => {
    const { world, a } = twoActors();
    a.memory.push('volatile');
    world.at(10, () => world.crash('a'));
    world.at(25, () => world.restart('a'));
    world.runUntil(100);
    expect(a.crashes).toBe(1);
    expect(a.memory).toEqual(['started at 25']);
    expect(a.seen.filter((s) => s.what === 'start').map((s) => s.at)).toEqual([0, 25]);
    const lifecycle = world.trace
      .filter((e) => e.type === 'actor.crashed' || e.type === 'actor.restarted')
      .map((e) => [e.type, e.at]);
    expect(lifecycle).toEqual([
      ['actor.crashed', 10],
      ['actor.restarted', 25],
    ]);
  });

  it('ignores a crash of an actor already down and a restart of an actor already up', () => {
    const { world, a } = twoActors();
    world.restart('a');
    world.crash('a');
    world.crash('a');
    expect(a.crashes).toBe(1);
    expect(eventsOf(world.trace, 'actor.crashed')).toHaveLength(1);
    expect(eventsOf(world.trace, 'actor.restarted')).toHaveLength(0);
  });

  it('holds everything for a paused actor until it resumes, then hands it over in order', () => {
    const { world, a, b } = twoActors();
    world.at(5, () => world.pause('b'));
    for (let i = 1; i <= 3; i++) world.at(i * 10, () => a.ctx!.send('b', ping(i)));
    world.at(15, () => b.ctx!.setTimer(10, 'tick'));
    world.runUntil(99);
    expect(b.seen.filter((s) => s.at > 0)).toEqual([]);
    world.at(100, () => world.resume('b'));
    world.runUntil(100);
    expect(b.seen.filter((s) => s.at > 0)).toEqual([
      { at: 100, what: 'message', from: 'a', message: ping(1) },
      { at: 100, what: 'timer', name: 'tick', data: undefined },
      { at: 100, what: 'message', from: 'a', message: ping(2) },
      { at: 100, what: 'message', from: 'a', message: ping(3) },
    ]);
    expect(
      world.trace
        .filter((e) => e.type === 'actor.paused' || e.type === 'actor.resumed')
        .map((e) => e.at),
    ).toEqual([5, 100]);
  });

  it('lets a paused actor keep its memory (a zombie), unlike a crash', () => {
    const { world, a } = twoActors();
    a.memory.push('stale view');
    world.pause('a');
    world.resume('a');
    expect(a.memory).toContain('stale view');
    expect(a.crashes).toBe(0);
  });

  it('throws away what a paused actor held when it crashes', () => {
    const { world, a, b } = twoActors();
    world.pause('b');
    a.ctx!.send('b', ping(1));
    world.runUntil(20);
    world.crash('b');
    world.restart('b');
    world.runUntil(100);
    expect(b.messages()).toEqual([]);
    expect(world.isPaused('b')).toBe(false);
  });

  it('moves the clock to each event as step() processes it, and reports when nothing is left', () => {
    const { world, a } = twoActors();
    a.ctx!.setTimer(7, 't1');
    a.ctx!.setTimer(3, 't2');
    expect(world.nextTime()).toBe(3);
    expect(world.step()).toBe(true);
    expect(world.now).toBe(3);
    expect(world.step()).toBe(true);
    expect(world.now).toBe(7);
    expect(world.step()).toBe(false);
    expect(world.now).toBe(7);
    expect(world.pending).toBe(0);
  });

  it('runs everything due by runUntil(t), leaves later events queued and sets the clock to t', () => {
    const { world, a } = twoActors();
    a.ctx!.setTimer(40, 'due');
    a.ctx!.setTimer(41, 'later');
    world.runUntil(40);
    expect(a.firedTimers()).toEqual(['due']);
    expect(world.now).toBe(40);
    world.runUntil(500);
    expect(a.firedTimers()).toEqual(['due', 'later']);
    expect(world.now).toBe(500);
  });

  it('runs a call scheduled in the past at the current time instead', () => {
    const { world } = twoActors();
    world.runUntil(100);
    let ranAt = -1;
    world.at(20, () => (ranAt = world.now));
    world.runUntil(100);
    expect(ranAt).toBe(100);
  });

  it('fills in the time of every emitted event from the clock', () => {
    const { world, a } = twoActors();
    world.runUntil(33);
    a.ctx!.emit({ type: 'member.joined', group: 'g', member: 'a' });
    expect(world.trace[world.trace.length - 1]).toEqual({
      type: 'member.joined',
      at: 33,
      group: 'g',
      member: 'a',
    });
  });

  it('gives each actor its own random stream, the same for the same seed and id', () => {
    const streams = (seed: number) => {
      const world = new World({ seed });
      const x = new ScriptedActor('x');
      const y = new ScriptedActor('y');
      world.add(x);
      world.add(y);
      world.runUntil(0);
      return [x.ctx!.prng.nextUint32(), y.ctx!.prng.nextUint32()];
    };
    const [x1, y1] = streams(5);
    expect(x1).not.toBe(y1);
    expect(streams(5)).toEqual([x1, y1]);
  });
});
