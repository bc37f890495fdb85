import type { Scheduled } from './event-queue.ts';
import type { Link } from './network.ts';
import type { Prng } from './prng.ts';
import type { Actor, ActorContext, Message } from './world.ts';

/** What the world keeps about one actor. */
export interface ActorSlot {
  actor: Actor;
  prng: Prng;
  up: boolean;
  paused: boolean;
  /** Bumped on every crash, so timers and deliveries meant for an earlier life are ignored. */
  incarnation: number;
  /** What arrived while paused, replayed in order on resume. */
  held: Pending[];
  ctx: ActorContext;
  /** The actors this one has sent to, with the network link there, looked up once per pair. */
  peers: Map<string, Peer>;
  /**
   * The peer of this actor's last send. Most actors send to one peer only (clients to the broker),
   * and the broker answers the client that asked, often the one it answered before: comparing two
   * actor ids (the same interned string, so a pointer compare) is cheaper than a Map lookup.
   */
  lastPeer: Peer | null;
}

/** An actor that another sends to, and the link the messages travel. */
export interface Peer {
  /** The target's id, as the sender names it. */
  readonly to: string;
  readonly slot: ActorSlot;
  readonly link: Link;
}

/**
 * What waits in the queue: a message on its way, a timer, or a call of the world's own. One class
 * for the three, so that every entry has one shape and is one object (the queue orders it in
 * place), and so that a delivery or a timer finds its actor's slot without a lookup by name.
 */
export class Pending implements Scheduled {
  timeMs = 0;
  seq = 0;
  /** A timer cancelled while it waited: never fired, and swept out of the queue in batches. */
  cancelled = false;

  private constructor(
    readonly t: 'deliver' | 'timer' | 'call',
    /** The actor a delivery is for or a timer belongs to; null for a call. */
    readonly slot: ActorSlot | null,
    /** `slot`'s incarnation when this was scheduled, so an earlier life's items are ignored. */
    readonly incarnation: number,
    /** A delivery's message id, or a timer's handle. */
    readonly id: number,
    /** A delivery's sender, or a timer's name. */
    readonly name: string,
    /** A delivery's message, or a timer's data. */
    readonly data: unknown,
    readonly run: (() => void) | null,
  ) {}

  static delivery(from: string, target: ActorSlot, message: Message, msgId: number): Pending {
    return new Pending('deliver', target, target.incarnation, msgId, from, message, null);
  }

  static timer(owner: ActorSlot, handle: number, name: string, data: unknown): Pending {
    return new Pending('timer', owner, owner.incarnation, handle, name, data, null);
  }

  static call(run: () => void): Pending {
    return new Pending('call', null, 0, 0, '', undefined, run);
  }
}
