import type { ActorStatus, WorldState } from '../../../simulator/trace/state.ts';
import type { ActorKind } from '../../../simulator/trace/events.ts';
import { linkKey, type LinkFault } from './link-faults.ts';

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
  /** One letter for the family (P produce, F fetch, G group, T transactions), drawn inside. */
  glyph: string;
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
  /** A partition cuts it. */
  cut: boolean;
  /** Latency a slow-link fault adds, ms (0 when none). */
  slowMs: number;
  /** The fault affects only `faultFrom` → the other end. */
  oneWay: boolean;
  /** The end a one-way fault starts from. */
  faultFrom?: string;
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
/**
 * Left to right below the broker: producers, transactional clients (they read what producers
 * write and write what consumers read), consumers, then any other kind of actor.
 */
const ORDER: Partial<Record<ActorKind, number>> = {
  broker: 0,
  producer: 1,
  transactionalClient: 1.5,
  consumer: 2,
};
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

const FAMILY_GLYPH = { produce: 'P', fetch: 'F', group: 'G', txn: 'T', other: '·' };

/** A message's radius, px: big enough for its family's letter. */
export const DOT_RADIUS = 8;
/** How far requests and responses on one link sit from its line, px, so they do not overlap. */
const LANE = 9;

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
    /** Network faults in force, by `linkKey` (see link-faults.ts). */
    linkFaults?: ReadonlyMap<string, LinkFault>;
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
  const links = linksBetween(actors, options.linkFaults ?? new Map());
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
    const side = m.from < m.to ? -LANE : LANE;
    dots.push({
      id: m.msgId,
      kind: m.kind,
      from: m.from,
      to: m.to,
      x: from.x + (to.x - from.x) * progress + side,
      y: from.y + (to.y - from.y) * progress,
      progress,
      colour: FAMILY_COLOUR[messageFamily(m.kind)],
      glyph: FAMILY_GLYPH[messageFamily(m.kind)],
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

/**
 * The links between actors that talk, each marked with the faults in force on it. A fault between
 * two actors that never talk (a partition a person drew between two clients) still gets a line:
 * otherwise the cut would be invisible.
 */
function linksBetween(
  actors: readonly ActorNode[],
  faults: ReadonlyMap<string, LinkFault>,
): NetworkLink[] {
  const links: NetworkLink[] = [];
  const drawn = new Set<string>();
  const link = (a: ActorNode, b: ActorNode) => {
    const key = linkKey(a.id, b.id);
    if (drawn.has(key)) return;
    drawn.add(key);
    const fault = faults.get(key);
    links.push({
      id: `${a.id}|${b.id}`,
      from: a.id,
      to: b.id,
      x1: a.x,
      y1: a.y,
      x2: b.x,
      y2: b.y,
      cut: fault?.cut ?? false,
      slowMs: fault?.slowMs ?? 0,
      oneWay: fault?.oneWay ?? false,
      faultFrom: fault?.between[0],
    });
  };
  const brokers = actors.filter((a) => a.kind === 'broker');
  for (const a of actors) {
    if (a.kind === 'broker') continue;
    if (a.kind !== 'database') for (const broker of brokers) link(broker, a);
    const peers = TALKS_TO[a.kind] ?? [];
    for (const b of actors) if (peers.includes(b.kind)) link(a, b);
  }
  const place = new Map(actors.map((a) => [a.id, a]));
  for (const fault of faults.values()) {
    const [a, b] = fault.between.map((id) => place.get(id));
    if (a && b) link(a, b);
  }
  return links;
}
