import type { NamedVerdict } from '../../../simulator/checks/index.ts';
import type { FaultSpec } from '../../../simulator/scenario/schema.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';

/** Finds a playhead in a finished run (its trace and its checks), or null for "not here". */
export type Locate = (
  events: readonly TraceEvent[],
  verdicts: readonly NamedVerdict[],
) => number | null;

/** The faults a person fires by hand on the selected actor. */
export type HandFault = 'crash' | 'restart' | 'pause' | 'lostAck' | 'partition' | 'slow';

/** Keyboard shortcuts for them. */
export const FAULT_KEYS: Record<string, HandFault> = {
  c: 'crash',
  r: 'restart',
  p: 'pause',
  a: 'lostAck',
  n: 'partition',
  s: 'slow',
};

/** How long a hand-fired pause or network partition lasts, virtual ms: past a 300 ms session timeout. */
export const HAND_FAULT_DURATION_MS = 400;

/** What a hand-fired slow link adds to each message, virtual ms: ten times this network's usual latency. */
export const HAND_SLOW_EXTRA_MS = 50;

/** The broker's actor id: the default other side of a hand-made partition. */
export const BROKER = 'broker';

/** Choices a person makes beside the fault's kind and target. */
export interface HandFaultOptions {
  /** The other side of a partition (default: the broker, the one side every actor talks to). */
  peer?: string;
  /** Cut only the messages from the target to the peer (Kafka's clients see half a partition). */
  oneWay?: boolean;
}

/**
 * The fault `kind` on `target` at `atMs`, as scenario data, or null when it cannot apply. A
 * partition cuts the network between the target and `options.peer` (the broker by default), both
 * ways unless `oneWay`, and a slow link delays it the same way; cutting or slowing an actor's link
 * to itself is no fault.
 */
export function faultFor(
  kind: HandFault,
  target: string,
  atMs: number,
  options: HandFaultOptions = {},
): FaultSpec | null {
  switch (kind) {
    case 'crash':
      return { at: atMs, kind: 'crash', target };
    case 'restart':
      return { at: atMs, kind: 'restart', target };
    case 'pause':
      return { at: atMs, kind: 'pause', target, durationMs: HAND_FAULT_DURATION_MS };
    case 'lostAck':
      return { at: atMs, kind: 'lostAck', target, count: 1 };
    case 'slow': {
      const peer = options.peer ?? BROKER;
      if (target === peer) return null;
      return {
        at: atMs,
        kind: 'slowLink',
        between: [target, peer],
        extraLatencyMs: HAND_SLOW_EXTRA_MS,
        oneWay: options.oneWay ?? false,
        durationMs: HAND_FAULT_DURATION_MS,
      };
    }
    case 'partition': {
      const peer = options.peer ?? BROKER;
      if (target === peer) return null;
      return {
        at: atMs,
        kind: 'partition',
        between: [target, peer],
        oneWay: options.oneWay ?? false,
        durationMs: HAND_FAULT_DURATION_MS,
      };
    }
  }
}

/** A fault as a short phrase for lists and announcements (`partition web → db at 81 ms`). */
export function describeFault(f: FaultSpec): string {
  const who = 'target' in f ? f.target : f.between.join('oneWay' in f && f.oneWay ? ' → ' : ' ↔ ');
  return `${f.kind} ${who} at ${f.at} ms`;
}

/** What a workbench reports whenever something a link should carry changes. */
export interface WorkbenchState {
  /** A seed other than the scenario's, or null. */
  seed: number | null;
  /** Faults added by hand, in order. */
  faults: FaultSpec[];
  /** The playhead. */
  index: number;
  /** The view in the main panel. */
  view: import('../views/view-names.ts').ViewName;
  /** The actor selected for faults. */
  actor: string | null;
}
