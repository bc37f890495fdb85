import type { TraceEvent } from '../../../simulator/trace/events.ts';
import type { StateGraph } from './state-chart.ts';

/**
 * The lifecycle of a function instance (an AWS Lambda execution environment), as a chart written
 * as data. The engine's platform (`simulator/serverless/platform/`) keeps instances as plain
 * records (`initializing | busy | idle`, removed when reclaimed) rather than an xstate machine, so
 * there is no running machine to draw from: this chart is the site's reading of the platform's
 * trace events, and `nextPhase` is the one place that maps an event to a move on it. A test folds
 * real traces and checks that every move it derives is an arrow of this chart.
 *
 * Phases, in Lambda's vocabulary: Cold (the platform chose to create a new environment for an
 * invocation: `function.invoked` before `function.coldStarted`), Initializing (the init phase,
 * `initDurationMs` from `function.coldStarted`; no event marks its end, so the clock decides),
 * Busy (running a handler; `done` when it returns or throws, which keeps the instance), WarmIdle (frozen between invocations, reusable: a warm start),
 * Reclaimed (shut down after its keep-alive, or reset after a timeout), Crashed (the runtime
 * exited, or the platform itself crashed and lost every instance).
 */
export type InstancePhase = 'Cold' | 'Initializing' | 'Busy' | 'WarmIdle' | 'Reclaimed' | 'Crashed';

/** The chart: placed by hand so that no arrow crosses a state. */
export const INSTANCE_LIFECYCLE: StateGraph = {
  initial: 'Cold',
  states: [
    { id: 'Cold', final: false, layer: 0, row: 0 },
    { id: 'Initializing', final: false, layer: 1, row: 0 },
    { id: 'Busy', final: false, layer: 2, row: 0 },
    { id: 'WarmIdle', final: false, layer: 3, row: 0 },
    { id: 'Crashed', final: true, layer: 2, row: 1 },
    { id: 'Reclaimed', final: true, layer: 4, row: 1 },
  ],
  edges: [
    { from: 'Cold', to: 'Initializing', events: ['coldStarted'] },
    { from: 'Initializing', to: 'Busy', events: ['init done'] },
    { from: 'Initializing', to: 'Crashed', events: ['crash'] },
    { from: 'Busy', to: 'WarmIdle', events: ['done'] },
    { from: 'WarmIdle', to: 'Busy', events: ['warmStarted'] },
    { from: 'Busy', to: 'Crashed', events: ['crash'] },
    { from: 'Busy', to: 'Reclaimed', events: ['timeout'] },
    { from: 'WarmIdle', to: 'Reclaimed', events: ['keep-alive'] },
    { from: 'WarmIdle', to: 'Crashed', events: ['crash'] },
  ],
};

/** An instance's place on the chart after some events. */
export interface InstanceLife {
  /** Its phase, as the events left it (Initializing until the clock passes `initEndsAtMs`). */
  phase: InstancePhase;
  /** When its init phase ends, virtual ms (-1 before a cold start). */
  initEndsAtMs: number;
  /** The last move, for the chart to highlight the arrow just taken. */
  lastMove: { from: InstancePhase; to: InstancePhase } | null;
}

/**
 * The phase an event moves an instance to, or null when it does not move it. `phase` is null for an
 * instance not seen before (an invocation on it is a cold one). A failure by
 * crash or timeout does not move it: the `functionInstance.reclaimed` that follows does.
 */
export function nextPhase(phase: InstancePhase | null, event: TraceEvent): InstancePhase | null {
  switch (event.type) {
    case 'function.invoked':
      return phase === null ? 'Cold' : null;
    case 'function.coldStarted':
      return 'Initializing';
    case 'function.warmStarted':
      return 'Busy';
    case 'function.succeeded':
      return 'WarmIdle';
    case 'function.failed':
      return event.reason === 'error' ? 'WarmIdle' : null;
    case 'functionInstance.reclaimed':
      return event.reason === 'crash' ? 'Crashed' : 'Reclaimed';
    default:
      return null;
  }
}

/** Applies a move to an instance's life (an init phase ending on the way is recorded first). */
export function moveLife(life: InstanceLife, to: InstancePhase, event: TraceEvent): void {
  const from = phaseAt(life, event.at);
  if (to === 'Initializing' && event.type === 'function.coldStarted') {
    life.initEndsAtMs = event.at + event.initDurationMs;
  }
  if (from === to) return;
  life.phase = to;
  life.lastMove = { from, to };
}

/** The phase at a virtual time: an init phase whose time is up has become Busy. */
export function phaseAt(life: InstanceLife, clockMs: number): InstancePhase {
  return life.phase === 'Initializing' && clockMs >= life.initEndsAtMs ? 'Busy' : life.phase;
}

/** The life as seen at a virtual time, with the end of an init phase as its last move. */
export function lifeAt(life: InstanceLife, clockMs: number): InstanceLife {
  const phase = phaseAt(life, clockMs);
  if (phase === life.phase) return { ...life };
  return { ...life, phase, lastMove: { from: life.phase, to: phase } };
}
