import type { TraceEvent } from '../../../simulator/trace/events.ts';

/** How to fold a trace into a view's working state. */
export interface FoldSpec<S> {
  /** The state before any event. */
  init(): S;
  /** Applies event `index` to `state`, in place. */
  step(state: S, event: TraceEvent, index: number): void;
  /** A deep copy: no later `step` on either copy may change the other. */
  clone(state: S): S;
}

/** Events between two checkpoints: a seek folds at most this many events after one copy. */
export const CHECKPOINT_EVERY = 1000;

/**
 * A fold of one trace that answers "the state after the first `index` events" without re-reading
 * the trace for every playhead: it keeps its state and moves it forward while the playhead moves
 * forward (one event per step while playing), keeps a copy of the state every `every` events it
 * passes, and on a backward seek (or a jump far ahead of where it stands, past checkpoints it
 * already has) restarts from a copy of the nearest checkpoint at or before the target. A random
 * seek therefore costs one state copy plus at most `every` events, once the trace has been folded
 * as far as the seek's target. Checkpoints are made lazily, on the first pass over each stretch.
 */
export class IncrementalFold<S> {
  private state: S;
  private at = 0;
  /** `checkpoints[k]` is the state after `k * every` events; never stepped on. */
  private readonly checkpoints: S[];

  constructor(
    private readonly events: readonly TraceEvent[],
    private readonly spec: FoldSpec<S>,
    private readonly every = CHECKPOINT_EVERY,
  ) {
    this.length = events.length;
    this.state = spec.init();
    this.checkpoints = [spec.clone(this.state)];
  }

  /** How many events this fold was made for (a cache rebuilds when a trace's length differs). */
  readonly length: number;

  /**
   * The state after the first `index` events (clamped to the trace). The result is this fold's
   * working state: read it before the next call and never change it.
   */
  stateAt(index: number): S {
    const end = Math.min(Math.max(0, Math.floor(index)), this.length);
    const nearest = Math.min(Math.floor(end / this.every), this.checkpoints.length - 1);
    // Backward, or far enough ahead that a known checkpoint saves more than one stretch of events.
    if (end < this.at || nearest * this.every > this.at + this.every) {
      this.state = this.spec.clone(this.checkpoints[nearest]);
      this.at = nearest * this.every;
    }
    while (this.at < end) {
      this.spec.step(this.state, this.events[this.at], this.at);
      this.at++;
      if (this.at === this.checkpoints.length * this.every) {
        this.checkpoints.push(this.spec.clone(this.state));
      }
    }
    return this.state;
  }
}

/**
 * One fold per trace, made on first use and kept as long as the trace array lives (a WeakMap,
 * so a trace the page drops takes its fold with it). A trace array whose length changed since
 * (appended to in place) gets a new fold.
 */
export function foldCache<S>(
  spec: FoldSpec<S>,
  every = CHECKPOINT_EVERY,
): (events: readonly TraceEvent[]) => IncrementalFold<S> {
  const folds = new WeakMap<readonly TraceEvent[], IncrementalFold<S>>();
  return (events) => {
    let fold = folds.get(events);
    if (!fold || fold.length !== events.length) {
      fold = new IncrementalFold(events, spec, every);
      folds.set(events, fold);
    }
    return fold;
  };
}
