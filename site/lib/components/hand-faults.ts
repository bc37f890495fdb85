import type { NamedVerdict } from '../../../simulator/checks/index.ts';
import type { FaultSpec } from '../../../simulator/scenario/schema.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';

/** Finds a playhead in a finished run (its trace and its checks), or null for "not here". */
export type Locate = (
  events: readonly TraceEvent[],
  verdicts: readonly NamedVerdict[],
) => number | null;

/** The faults a person fires by hand on the selected actor. */
export type HandFault = 'crash' | 'restart' | 'pause' | 'lostAck' | 'partition';

/** Keyboard shortcuts for them. */
export const FAULT_KEYS: Record<string, HandFault> = {
  c: 'crash',
  r: 'restart',
  p: 'pause',
  a: 'lostAck',
  n: 'partition',
};

/** How long a hand-fired pause or network partition lasts, virtual ms: past a 300 ms session timeout. */
export const HAND_FAULT_DURATION_MS = 400;

/**
 * The fault `kind` on `target` at `atMs`, as scenario data. A partition cuts the target off from
 * the broker (the only other side every actor talks to).
 */
export function faultFor(kind: HandFault, target: string, atMs: number): FaultSpec | null {
  switch (kind) {
    case 'crash':
      return { at: atMs, kind: 'crash', target };
    case 'restart':
      return { at: atMs, kind: 'restart', target };
    case 'pause':
      return { at: atMs, kind: 'pause', target, durationMs: HAND_FAULT_DURATION_MS };
    case 'lostAck':
      return { at: atMs, kind: 'lostAck', target, count: 1 };
    case 'partition':
      if (target === 'broker') return null;
      return {
        at: atMs,
        kind: 'partition',
        between: [target, 'broker'],
        oneWay: false,
        durationMs: HAND_FAULT_DURATION_MS,
      };
  }
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
