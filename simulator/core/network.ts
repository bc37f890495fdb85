import type { Prng } from './prng.ts';

/** How one directed link behaves; every field is optional over the network's defaults. */
export interface LinkSettings {
  /** One-way latency, virtual ms. */
  latencyMs: number;
  /** Up to this many ms are added at random to each message (seeded). */
  jitterMs: number;
  /** Chance that a message is lost on the wire, per million messages. */
  lossPerMillion: number;
}

export type DropReason = 'loss' | 'partition' | 'lostAck';

export type Route =
  { delivered: true; deliverAt: number } | { delivered: false; reason: DropReason };

/**
 * One directed link `from → to` and everything the network keeps about it, made once per pair. A
 * sender that holds its links routes a message without building a key or looking anything up.
 */
export class Link {
  /** Cuts in force; the link is cut while there is one. */
  cuts = 0;
  /** Latency added by slow-link faults, ms. */
  extraLatencyMs = 0;
  /** When the last message sent on this link arrives; none after it may arrive earlier. */
  lastArrivalMs = 0;
  /** This link's own settings, if it was ever configured. */
  override: Partial<LinkSettings> | null = null;
  /** The network's defaults with `override` over them, made when either changes, not per message. */
  settings: LinkSettings;

  constructor(
    readonly from: string,
    readonly to: string,
    defaults: LinkSettings,
  ) {
    this.settings = defaults;
  }
}

/** A rule that drops the next `remaining` messages matching it (a lost acknowledgement is one). */
interface DropRule {
  from: string | null;
  to: string | null;
  kinds: readonly string[] | null;
  remaining: number;
}

/**
 * The simulated network between actors. Messages on one directed link arrive in the order they
 * were sent (as on one TCP connection): jitter delays a message but never lets it overtake an
 * earlier one. Partitions cut one direction or both; slow links add latency; loss and
 * targeted drops lose messages.
 */
export class Network {
  private readonly dropRules: DropRule[] = [];
  private readonly links = new Map<string, Map<string, Link>>();

  constructor(
    private readonly defaults: LinkSettings,
    private readonly prng: Prng,
  ) {}

  /** Override the settings of the directed link `from → to`. */
  configureLink(from: string, to: string, settings: Partial<LinkSettings>): void {
    const link = this.link(from, to);
    link.override = { ...link.override, ...settings };
    link.settings = { ...this.defaults, ...link.override };
  }

  /** Drop these fields of the override of `from → to`, so the network's defaults apply again. */
  resetLink(from: string, to: string, fields: readonly (keyof LinkSettings)[]): void {
    const link = this.link(from, to);
    if (!link.override) return;
    for (const field of fields) delete link.override[field];
    link.settings = { ...this.defaults, ...link.override };
  }

  /** Cut `from → to` (and `to → from` unless one-way). Cuts nest: each needs its own heal. */
  cut(from: string, to: string, oneWay: boolean): void {
    this.link(from, to).cuts++;
    if (!oneWay) this.link(to, from).cuts++;
  }

  heal(from: string, to: string, oneWay: boolean): void {
    this.link(from, to).cuts--;
    if (!oneWay) this.link(to, from).cuts--;
  }

  /** Add latency to `from → to` (and back unless one-way); negative amounts undo it. */
  slow(from: string, to: string, extraMs: number, oneWay: boolean): void {
    this.link(from, to).extraLatencyMs += extraMs;
    if (!oneWay) this.link(to, from).extraLatencyMs += extraMs;
  }

  /** Drop the next `count` messages matching the filter (null matches anything). */
  dropNext(rule: { from?: string; to?: string; kinds?: readonly string[]; count: number }): void {
    this.dropRules.push({
      from: rule.from ?? null,
      to: rule.to ?? null,
      kinds: rule.kinds ?? null,
      remaining: rule.count,
    });
  }

  isCut(from: string, to: string): boolean {
    return this.link(from, to).cuts > 0;
  }

  /** Decide what happens to a message sent now. Consumes randomness only for jitter and loss. */
  route(from: string, to: string, kind: string, nowMs: number): Route {
    const arrival = this.routeOver(this.link(from, to), kind, nowMs);
    return typeof arrival === 'number'
      ? { delivered: true, deliverAt: arrival }
      : { delivered: false, reason: arrival };
  }

  /**
   * `route` over a link the sender already holds, for the world's every message: the arrival time,
   * or why the message is lost, with no object made for the answer.
   */
  routeOver(link: Link, kind: string, nowMs: number): number | DropReason {
    if (link.cuts > 0) return 'partition';
    if (this.dropRules.length > 0 && this.takeDropRule(link.from, link.to, kind)) return 'lostAck';
    const settings = link.settings;
    if (settings.lossPerMillion > 0 && this.prng.chance(settings.lossPerMillion)) return 'loss';
    const jitter = settings.jitterMs > 0 ? this.prng.int(settings.jitterMs + 1) : 0;
    const natural = nowMs + settings.latencyMs + jitter + link.extraLatencyMs;
    const deliverAt = Math.max(natural, link.lastArrivalMs);
    link.lastArrivalMs = deliverAt;
    return deliverAt;
  }

  /** The link `from → to`, made the first time it is asked for. Nodes are few, so this stays small. */
  link(from: string, to: string): Link {
    let byTo = this.links.get(from);
    if (byTo === undefined) this.links.set(from, (byTo = new Map()));
    let link = byTo.get(to);
    if (link === undefined) byTo.set(to, (link = new Link(from, to, this.defaults)));
    return link;
  }

  private takeDropRule(from: string, to: string, kind: string): boolean {
    for (let i = 0; i < this.dropRules.length; i++) {
      const rule = this.dropRules[i];
      if (rule.from !== null && rule.from !== from) continue;
      if (rule.to !== null && rule.to !== to) continue;
      if (rule.kinds !== null && !rule.kinds.includes(kind)) continue;
      rule.remaining--;
      if (rule.remaining <= 0) this.dropRules.splice(i, 1);
      return true;
    }
    return false;
  }
}
