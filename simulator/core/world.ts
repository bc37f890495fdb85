import { EventQueue } from './event-queue.ts';
import { Network, type LinkSettings } from './network.ts';
import { Prng } from './prng.ts';
import { TimerTable } from './timer-table.ts';
import { Pending, type ActorSlot, type Peer } from './slot.ts';
import type { ActorKind, TraceEvent } from '../trace/events.ts';

/** A message between actors. `kind` names it on the wire (and in the trace). */
export interface Message {
  readonly kind: string;
}

/** What an actor may do while handling something: everything goes through the world. */
export interface ActorContext {
  /** Virtual time now, ms. */
  readonly now: number;
  /** This actor's own random stream (forked from the seed by its id). */
  readonly prng: Prng;
  /** Send a message over the simulated network. */
  send<M extends Message>(to: string, message: M): void;
  /** Run `onTimer(name, data)` after `delayMs`; returns a handle for `cancelTimer`. */
  setTimer(delayMs: number, name: string, data?: unknown): number;
  cancelTimer(handle: number): void;
  /**
   * Append an event to the trace; `at` is set to now. A frequent event may be built with
   * `at: ctx.now` already in place, as its last key (where setting it would have added it): adding
   * a key to a finished object gives it a second, out-of-object store, about 40 bytes an event.
   */
  emit(event: DistributiveOmit<TraceEvent, 'at'> | TraceEvent): void;
  /**
   * Append an event built whole, its `at` already now (`at: ctx.now`), as it is. For the most
   * frequent events: `emit`'s stamp is one property write over the trace's many event shapes,
   * which V8 can only do the slow (megamorphic) way.
   */
  emitStamped(event: TraceEvent): void;
}

/**
 * An actor: a broker, a client, an application instance. It owns its memory; the world owns time,
 * the network and the trace. `onStart` runs at the start and again on restart, after `onCrash`
 * has thrown away everything that was not durable.
 */
export interface Actor {
  readonly id: string;
  readonly kind: ActorKind;
  onStart(ctx: ActorContext): void;
  onMessage(from: string, message: Message, ctx: ActorContext): void;
  onTimer(name: string, data: unknown, ctx: ActorContext): void;
  /** Forget everything in memory; durable state (a broker's log) survives. */
  onCrash(): void;
  /** An application decision from the schedule (`abortTransaction`, `close`); false if it does not apply. */
  onCommand?(name: string, ctx: ActorContext): boolean;
}

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Cancelled timers are swept out of the queue in batches of at least this many (see cancelTimer). */
const SWEEP_MIN_CANCELLED = 64;

export interface WorldOptions {
  seed: number;
  network?: Partial<LinkSettings>;
}

/**
 * The deterministic world: one event queue ordered by (time, seq), actors, a network and a trace.
 * Nothing here reads a clock or a random source of the platform; one seed gives one trace.
 */
export class World {
  readonly seed: number;
  readonly prng: Prng;
  readonly network: Network;
  readonly trace: TraceEvent[] = [];
  private readonly queue = new EventQueue<Pending>();
  private readonly slots = new Map<string, ActorSlot>();
  /** Timers by handle, from `setTimer` until they fire, are cancelled or are dropped. */
  private readonly timers = new TimerTable<Pending>(1);
  /** Timers cancelled since the last sweep of the queue (some may have left it since). */
  private cancelledSinceSweep = 0;
  private nextMsgId = 1;
  private clock = 0;

  constructor(options: WorldOptions) {
    this.seed = options.seed >>> 0;
    this.prng = new Prng(this.seed);
    this.network = new Network(
      { latencyMs: 1, jitterMs: 0, lossPerMillion: 0, ...options.network },
      this.prng.fork('network'),
    );
  }

  get now(): number {
    return this.clock;
  }

  /** How many items are queued (a cancelled timer may count until the next sweep). */
  get pending(): number {
    return this.queue.size;
  }

  /** Time of the next thing that will happen, or undefined if nothing is scheduled. */
  nextTime(): number | undefined {
    return this.peekLive()?.timeMs;
  }

  emit(event: DistributiveOmit<TraceEvent, 'at'> | TraceEvent): void {
    (event as TraceEvent).at = this.clock;
    this.trace.push(event as TraceEvent);
  }

  /** Append an event whose `at` is already now (see `ActorContext.emitStamped`). */
  emitStamped(event: TraceEvent): void {
    this.trace.push(event);
  }

  /** Add an actor and start it at `atMs` (now by default). */
  add(actor: Actor, atMs = this.clock): void {
    if (this.slots.has(actor.id)) throw new Error(`An actor named "${actor.id}" already exists`);
    const slot: ActorSlot = {
      actor,
      prng: this.prng.fork(`actor:${actor.id}`),
      up: false,
      paused: false,
      incarnation: 0,
      held: [],
      ctx: undefined as unknown as ActorContext,
      peers: new Map(),
      lastPeer: null,
    };
    slot.ctx = this.contextFor(slot);
    this.slots.set(actor.id, slot);
    this.at(atMs, () => {
      slot.up = true;
      this.emit({ type: 'actor.started', actor: actor.id, kind: actor.kind });
      actor.onStart(slot.ctx);
    });
  }

  has(actorId: string): boolean {
    return this.slots.has(actorId);
  }

  actor(actorId: string): Actor {
    return this.slot(actorId).actor;
  }

  actorIds(): string[] {
    return [...this.slots.keys()];
  }

  isUp(actorId: string): boolean {
    return this.slot(actorId).up;
  }

  isPaused(actorId: string): boolean {
    return this.slot(actorId).paused;
  }

  /** Run `fn` at virtual time `timeMs` (not before now). */
  at(timeMs: number, run: () => void): void {
    this.queue.push(Math.max(timeMs, this.clock), Pending.call(run));
  }

  /** Hand an application decision to an actor that is up and not frozen; false if it did not act. */
  command(actorId: string, name: string): boolean {
    const slot = this.slot(actorId);
    if (!slot.up || slot.paused || !slot.actor.onCommand) return false;
    return slot.actor.onCommand(name, slot.ctx);
  }

  crash(actorId: string): void {
    const slot = this.slot(actorId);
    if (!slot.up) return;
    slot.up = false;
    slot.paused = false;
    for (const item of slot.held) if (item.t === 'timer') this.timers.delete(item.id);
    slot.held = [];
    slot.incarnation++;
    slot.actor.onCrash();
    this.emit({ type: 'actor.crashed', actor: actorId });
  }

  restart(actorId: string): void {
    const slot = this.slot(actorId);
    if (slot.up) return;
    slot.up = true;
    this.emit({ type: 'actor.restarted', actor: actorId });
    slot.actor.onStart(slot.ctx);
  }

  pause(actorId: string): void {
    const slot = this.slot(actorId);
    if (!slot.up || slot.paused) return;
    slot.paused = true;
    this.emit({ type: 'actor.paused', actor: actorId });
  }

  resume(actorId: string): void {
    const slot = this.slot(actorId);
    if (!slot.paused) return;
    slot.paused = false;
    this.emit({ type: 'actor.resumed', actor: actorId });
    const held = slot.held;
    slot.held = [];
    for (const item of held) this.queue.push(this.clock, item);
  }

  /** Process the next queued item. Returns false when nothing is left. */
  step(): boolean {
    const next = this.peekLive();
    if (next === undefined) return false;
    this.queue.pop();
    this.clock = next.timeMs;
    this.dispatch(next);
    return true;
  }

  /**
   * Run every event due up to `timeMs`, then move the clock there. `shouldStop`, when given, is
   * asked after each step; if it says yes the run halts there (the clock stays at the last event)
   * and this returns false.
   */
  runUntil(timeMs: number, shouldStop?: () => boolean): boolean {
    for (;;) {
      const next = this.peekLive();
      if (next === undefined || next.timeMs > timeMs) break;
      this.step();
      if (shouldStop?.()) return false;
    }
    if (timeMs > this.clock) this.clock = timeMs;
    return true;
  }

  /**
   * The next item that will do something. Cancelled timers on top are dropped unseen: they would
   * do nothing, and the clock never stops at them.
   */
  private peekLive(): Pending | undefined {
    let next = this.queue.peek();
    while (next !== undefined && next.cancelled) {
      this.queue.pop();
      next = this.queue.peek();
    }
    return next;
  }

  private dispatch(item: Pending): void {
    if (item.t === 'call') return item.run!();
    const slot = item.slot!;
    if (item.t === 'timer') {
      if (item.incarnation !== slot.incarnation || !slot.up)
        return void this.timers.delete(item.id);
      if (slot.paused) return void slot.held.push(item);
      this.timers.delete(item.id);
      slot.actor.onTimer(item.name, item.data, slot.ctx);
      return;
    }
    const message = item.data as Message;
    // A delivery meant for an earlier life of the target (sent before it crashed) finds no one:
    // the connection it travelled on died with that life.
    if (!slot.up || item.incarnation !== slot.incarnation) {
      this.emit({
        type: 'message.dropped',
        from: item.name,
        to: slot.actor.id,
        kind: message.kind,
        msgId: item.id,
        reason: 'targetDown',
      });
      return;
    }
    if (slot.paused) return void slot.held.push(item);
    slot.actor.onMessage(item.name, message, slot.ctx);
  }

  private contextFor(slot: ActorSlot): ActorContext {
    return new WorldContext(
      this,
      slot.prng,
      (to, message) => this.sendMessage(slot, to, message),
      (delayMs, name, data) => {
        const timer = Pending.timer(slot, this.timers.nextHandle, name, data);
        this.queue.push(this.clock + Math.max(0, Math.trunc(delayMs)), timer);
        return this.timers.add(timer);
      },
      (handle) => this.cancelTimer(handle),
      (event) => this.emit(event),
    );
  }

  /**
   * Mark the timer cancelled where it waits. Most cancelled timers are request timeouts far in the
   * future, so they would pile up in the queue (ten times the live items in a long run) and slow
   * every push and pop; once they are at least half the queue, one O(n) sweep takes them all out.
   */
  private cancelTimer(handle: number): void {
    const timer = this.timers.get(handle);
    if (timer === undefined) return;
    this.timers.delete(handle);
    timer.cancelled = true;
    this.cancelledSinceSweep++;
    if (
      this.cancelledSinceSweep >= SWEEP_MIN_CANCELLED &&
      this.cancelledSinceSweep * 2 >= this.queue.size
    ) {
      this.queue.removeWhere(isCancelled);
      this.cancelledSinceSweep = 0;
    }
  }

  private sendMessage(slot: ActorSlot, to: string, message: Message): void {
    const from = slot.actor.id;
    const peer = this.peerOf(slot, to, message);
    const msgId = this.nextMsgId++;
    const arrival = this.network.routeOver(peer.link, message.kind, this.clock);
    if (typeof arrival !== 'number') {
      this.emit({ type: 'message.dropped', from, to, kind: message.kind, msgId, reason: arrival });
      return;
    }
    this.emitSent(from, to, message.kind, msgId, arrival);
    this.queue.push(arrival, Pending.delivery(from, peer.slot, message, msgId));
  }

  /** The peer `to` of `slot`: the last one it sent to, else from its map (see `ActorSlot.lastPeer`). */
  private peerOf(slot: ActorSlot, to: string, message: Message): Peer {
    const last = slot.lastPeer;
    if (last !== null && last.to === to) return last;
    const peer = slot.peers.get(to) ?? this.meet(slot, to, message);
    slot.lastPeer = peer;
    return peer;
  }

  /** The first message from `slot` to `to`: find the target and the link once, for all others. */
  private meet(slot: ActorSlot, to: string, message: Message): Peer {
    const target = this.slots.get(to);
    if (target === undefined)
      throw new Error(`${slot.actor.id} sent ${message.kind} to unknown actor "${to}"`);
    const peer: Peer = { to, slot: target, link: this.network.link(slot.actor.id, to) };
    slot.peers.set(to, peer);
    return peer;
  }

  /**
   * `message.sent`, the most frequent event, built in one step with its `at` in the literal (last,
   * where `emit` would have added it): `emit` adds `at` to an object already made, which changes
   * the object's shape once per event.
   */
  private emitSent(from: string, to: string, kind: string, msgId: number, deliverAt: number): void {
    this.trace.push({ type: 'message.sent', from, to, kind, msgId, deliverAt, at: this.clock });
  }

  private slot(actorId: string): ActorSlot {
    const slot = this.slots.get(actorId);
    if (!slot) throw new Error(`Unknown actor "${actorId}"`);
    return slot;
  }
}

function isCancelled(item: Pending): boolean {
  return item.cancelled;
}

/**
 * An actor's context. A class, so that every actor's context has one shape and `now` is one getter
 * on the prototype: an object literal with a getter makes a new accessor, and so a new shape, per
 * actor, which made every `ctx.now` in code that several actors run (brokers, producers) a
 * megamorphic property load instead of an inlined field read.
 */
class WorldContext implements ActorContext {
  constructor(
    private readonly world: World,
    readonly prng: Prng,
    readonly send: ActorContext['send'],
    readonly setTimer: ActorContext['setTimer'],
    readonly cancelTimer: ActorContext['cancelTimer'],
    readonly emit: ActorContext['emit'],
  ) {}

  emitStamped(event: TraceEvent): void {
    this.world.emitStamped(event);
  }

  get now(): number {
    return this.world.now;
  }
}
