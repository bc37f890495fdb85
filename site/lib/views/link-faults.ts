import type { TraceEvent } from '../../../simulator/trace/events.ts';

/**
 * The network faults in force at a playhead, by link: which links are cut (a partition) and
 * which are slow, read from the trace's `fault.injected` / `fault.ended` events, so the network
 * view can draw them instead of leaving them to the text log.
 */

/** What is wrong with one link (the two actors, in either order) at the playhead. */
export interface LinkFault {
  /** The two ends, in the order the fault names them. */
  between: readonly [string, string];
  /** Cut: messages between the two are dropped. */
  cut: boolean;
  /** Latency added to each message, virtual ms (0 when not slow). */
  slowMs: number;
  /** Only first → second is affected. */
  oneWay: boolean;
}

/** A key for a link that does not depend on which end is named first. */
export function linkKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** The trace's network-fault events with their index: computed once per trace. */
export function networkFaultEvents(events: readonly TraceEvent[]): [number, TraceEvent][] {
  const found: [number, TraceEvent][] = [];
  events.forEach((e, i) => {
    if (e.type !== 'fault.injected' && e.type !== 'fault.ended') return;
    if (e.fault.kind === 'partition' || e.fault.kind === 'slowLink') found.push([i, e]);
  });
  return found;
}

/** The faults in force after events `[0, index)`, by `linkKey`. */
export function linkFaultsAt(
  faultEvents: readonly [number, TraceEvent][],
  index: number,
): Map<string, LinkFault> {
  const active: {
    record: string;
    between: [string, string];
    cut: boolean;
    slowMs: number;
    oneWay: boolean;
  }[] = [];
  for (const [i, e] of faultEvents) {
    if (i >= index) break;
    if (e.type !== 'fault.injected' && e.type !== 'fault.ended') continue;
    const between = e.fault.between as [string, string] | undefined;
    if (!Array.isArray(between) || between.length !== 2) continue;
    const record = JSON.stringify(e.fault);
    if (e.type === 'fault.ended') {
      const at = active.findIndex((a) => a.record === record);
      if (at >= 0) active.splice(at, 1);
      continue;
    }
    const cut = e.fault.kind === 'partition';
    const slowMs = cut ? 0 : Number(e.fault.extraLatencyMs ?? 0);
    active.push({ record, between, cut, slowMs, oneWay: e.fault.oneWay === true });
  }
  const byLink = new Map<string, LinkFault>();
  for (const a of active) {
    const key = linkKey(a.between[0], a.between[1]);
    const seen = byLink.get(key);
    byLink.set(key, {
      between: seen?.between ?? a.between,
      cut: (seen?.cut ?? false) || a.cut,
      slowMs: (seen?.slowMs ?? 0) + a.slowMs,
      oneWay: seen ? seen.oneWay && a.oneWay : a.oneWay,
    });
  }
  return byLink;
}
