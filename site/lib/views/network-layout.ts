import type { ActorStatus, WorldState } from '../../../simulator/trace/state.ts';
import type { ActorKind } from '../../../simulator/trace/events.ts';

/**
 * The actors and the messages on the wire between them at one moment: the broker on top, clients
 * in a row below (producers, then consumers), each message a dot on the line from its sender to
 * its receiver, as far along as virtual time has carried it. Pure: state and clock in, geometry out.
 */

/** An actor's box. */
export interface ActorNode {
  /** Actor id. */
  id: string;
  /** Broker, producer or consumer. */
  kind: ActorKind;
  /** Up, crashed or paused. */
  status: ActorStatus;
  /** Centre, px. */
  x: number;
  y: number;
}

/** A message in flight. */
export interface FlightDot {
  /** The network's message id: stable while it flies. */
  id: number;
  /** Message kind (ProduceRequest, FetchResponse, ...). */
  kind: string;
  /** Sender and receiver. */
  from: string;
  to: string;
  /** Where it is now, px. */
  x: number;
  y: number;
  /** Fraction of the way travelled, 0..1. */
  progress: number;
  /** A colour by the family of request. */
  colour: string;
}

/** A line between two actors that talk to each other. */
export interface NetworkLink {
  /** `from|to`: stable across playheads. */
  id: string;
  /** The two ends (actor ids) and their centres, px. */
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The view's geometry. */
export interface NetworkLayout {
  actors: ActorNode[];
  /** Who talks to whom: clients to the broker, a trigger to its platform, a platform to its database. */
  links: NetworkLink[];
  dots: FlightDot[];
  width: number;
  height: number;
}

const TOP = 36;
const BOTTOM_GAP = 120;
/** Left to right below the broker: producers, consumers, then any other kind of actor. */
const ORDER: Partial<Record<ActorKind, number>> = { broker: 0, producer: 1, consumer: 2 };
const orderOf = (kind: ActorKind) => ORDER[kind] ?? 3;

/** The family of a message kind, for its colour. */
export function messageFamily(kind: string): 'produce' | 'fetch' | 'group' | 'txn' | 'other' {
  if (/Produce/.test(kind)) return 'produce';
  if (/Fetch|ListOffsets/.test(kind)) return 'fetch';
  // TxnOffsetCommit belongs to the transaction, so transactions are tested before groups.
  if (/Txn|Transaction|InitProducerId/.test(kind)) return 'txn';
  if (/Heartbeat|JoinGroup|SyncGroup|LeaveGroup|OffsetCommit|OffsetFetch/.test(kind))
    return 'group';
  return 'other';
}

const FAMILY_COLOUR = {
  produce: '#e76f51',
  fetch: '#457b9d',
  group: '#8d6cab',
  txn: '#2a9d8f',
  other: '#6c757d',
};

export function layoutNetwork(
  state: WorldState,
  clockMs: number,
  options: {
    width: number;
    maxDots?: number;
    /** Reduced motion: draw every message at this fraction of its way instead of moving it. */
    fixedProgress?: number;
  },
): NetworkLayout {
  const width = Math.max(240, options.width);
  const height = TOP + BOTTOM_GAP + 40;
  const all = [...state.actors.values()];
  const brokers = all.filter((a) => a.kind === 'broker');
  const clients = all
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => a.kind !== 'broker')
    .sort((p, q) => orderOf(p.a.kind) - orderOf(q.a.kind) || p.i - q.i)
    .map(({ a }) => a);
  const row = pointScale(
    clients.map((a) => a.actor),
    60,
    width - 60,
  );
  const top = pointScale(
    brokers.map((a) => a.actor),
    60,
    width - 60,
  );
  const actors: ActorNode[] = [
    ...brokers.map((a) => ({
      id: a.actor,
      kind: a.kind,
      status: a.status,
      x: top(a.actor) ?? width / 2,
      y: TOP,
    })),
    ...clients.map((a) => ({
      id: a.actor,
      kind: a.kind,
      status: a.status,
      x: row(a.actor) ?? width / 2,
      y: TOP + BOTTOM_GAP,
    })),
  ];
  const place = new Map(actors.map((a) => [a.id, a]));
  const links = linksBetween(actors);
  const dots: FlightDot[] = [];
  const maxDots = options.maxDots ?? 400;
  for (const m of state.inFlight.values()) {
    if (m.deliverAt <= clockMs) continue;
    const from = place.get(m.from);
    const to = place.get(m.to);
    if (!from || !to) continue;
    const span = m.deliverAt - m.sentAt;
    const travelled = span > 0 ? Math.min(1, Math.max(0, (clockMs - m.sentAt) / span)) : 1;
    const progress = options.fixedProgress ?? travelled;
    // Requests and responses on one link travel side by side, not on top of each other.
    const side = m.from < m.to ? -5 : 5;
    dots.push({
      id: m.msgId,
      kind: m.kind,
      from: m.from,
      to: m.to,
      x: from.x + (to.x - from.x) * progress + side,
      y: from.y + (to.y - from.y) * progress,
      progress,
      colour: FAMILY_COLOUR[messageFamily(m.kind)],
    });
    if (dots.length >= maxDots) break;
  }
  return { actors, links, dots, width, height };
}

/**
 * Evenly spaced points for `names` across [from, to], half a step in from each end: what d3's
 * `scalePoint().padding(0.5)` gives, in plain arithmetic so the chapter page does not ship d3's
 * band and ordinal scales for this one use.
 */
function pointScale(names: readonly string[], from: number, to: number) {
  const step = (to - from) / Math.max(1, names.length);
  const at = new Map(names.map((name, i) => [name, from + step * (i + 0.5)]));
  return (name: string) => at.get(name);
}

/**
 * Which kinds of actor exchange messages, by the engine's protocols: every client with the broker
 * except the database (only the function platform calls it); an event-source mapping (trigger)
 * invokes the platform; the platform reads and writes the database.
 */
const TALKS_TO: Partial<Record<ActorKind, readonly ActorKind[]>> = {
  trigger: ['functionPlatform'],
  functionPlatform: ['database'],
};

function linksBetween(actors: readonly ActorNode[]): NetworkLink[] {
  const links: NetworkLink[] = [];
  const link = (a: ActorNode, b: ActorNode) =>
    links.push({ id: `${a.id}|${b.id}`, from: a.id, to: b.id, x1: a.x, y1: a.y, x2: b.x, y2: b.y });
  const brokers = actors.filter((a) => a.kind === 'broker');
  for (const a of actors) {
    if (a.kind === 'broker') continue;
    if (a.kind !== 'database') for (const broker of brokers) link(broker, a);
    const peers = TALKS_TO[a.kind] ?? [];
    for (const b of actors) if (peers.includes(b.kind)) link(a, b);
  }
  return links;
}
