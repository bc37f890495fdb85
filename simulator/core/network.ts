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

export type Route =
  | { delivered: true; deliverAt: number }
  | { delivered: false; reason: 'loss' | 'partition' | 'lostAck' };

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
  private readonly overrides = new Map<string, Partial<LinkSettings>>();
  private readonly extraLatency = new Map<string, number>();
  private readonly cuts = new Map<string, number>();
  private readonly lastArrival = new Map<string, number>();
  private readonly dropRules: DropRule[] = [];
  private readonly linkKeys = new Map<string, Map<string, string>>();

  constructor(
    private readonly defaults: LinkSettings,
    private readonly prng: Prng,
  ) {}

  /** Override the settings of the directed link `from → to`. */
  configureLink(from: string, to: string, settings: Partial<LinkSettings>): void {
    this.overrides.set(this.linkKey(from, to), {
      ...this.overrides.get(this.linkKey(from, to)),
      ...settings,
    });
  }

  /** Drop these fields of the override of `from → to`, so the network's defaults apply again. */
  resetLink(from: string, to: string, fields: readonly (keyof LinkSettings)[]): void {
    const override = this.overrides.get(this.linkKey(from, to));
    if (!override) return;
    for (const field of fields) delete override[field];
  }

  /** Cut `from → to` (and `to → from` unless one-way). Cuts nest: each needs its own heal. */
  cut(from: string, to: string, oneWay: boolean): void {
    this.bump(this.cuts, this.linkKey(from, to), 1);
    if (!oneWay) this.bump(this.cuts, this.linkKey(to, from), 1);
  }

  heal(from: string, to: string, oneWay: boolean): void {
    this.bump(this.cuts, this.linkKey(from, to), -1);
    if (!oneWay) this.bump(this.cuts, this.linkKey(to, from), -1);
  }

  /** Add latency to `from → to` (and back unless one-way); negative amounts undo it. */
  slow(from: string, to: string, extraMs: number, oneWay: boolean): void {
    this.bump(this.extraLatency, this.linkKey(from, to), extraMs);
    if (!oneWay) this.bump(this.extraLatency, this.linkKey(to, from), extraMs);
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
    return (this.cuts.get(this.linkKey(from, to)) ?? 0) > 0;
  }

  /** Decide what happens to a message sent now. Consumes randomness only for jitter and loss. */
  route(from: string, to: string, kind: string, nowMs: number): Route {
    const key = this.linkKey(from, to);
    if ((this.cuts.get(key) ?? 0) > 0) return { delivered: false, reason: 'partition' };
    if (this.takeDropRule(from, to, kind)) return { delivered: false, reason: 'lostAck' };
    const link = this.settings(key);
    if (link.lossPerMillion > 0 && this.prng.chance(link.lossPerMillion)) {
      return { delivered: false, reason: 'loss' };
    }
    const jitter = link.jitterMs > 0 ? this.prng.int(link.jitterMs + 1) : 0;
    const natural = nowMs + link.latencyMs + jitter + (this.extraLatency.get(key) ?? 0);
    const deliverAt = Math.max(natural, this.lastArrival.get(key) ?? 0);
    this.lastArrival.set(key, deliverAt);
    return { delivered: true, deliverAt };
  }

  private settings(key: string): LinkSettings {
    const override = this.overrides.get(key);
    return override ? { ...this.defaults, ...override } : this.defaults;
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

  private bump(map: Map<string, number>, key: string, delta: number): void {
    const value = (map.get(key) ?? 0) + delta;
    if (value === 0) map.delete(key);
    else map.set(key, value);
  }

  /**
   * The key of `from → to` in the per-link Maps, made once per link: a message looks it up instead
   * of concatenating a new string that every Map lookup would then flatten and hash again. Nodes
   * are few (brokers, clients, instances), so this stays small.
   */
  private linkKey(from: string, to: string): string {
    let byTo = this.linkKeys.get(from);
    if (byTo === undefined) this.linkKeys.set(from, (byTo = new Map()));
    let key = byTo.get(to);
    if (key === undefined) byTo.set(to, (key = `${from}→${to}`));
    return key;
  }
}
