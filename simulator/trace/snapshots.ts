import type { TraceEvent } from './events.ts';
import { applyEvent, cloneState, emptyState, type WorldState } from './state.ts';

/** Options of a `TraceIndex`. */
export interface TraceIndexOptions {
  /**
   * Events between snapshots. A seek clones the nearest snapshot and folds at most this many
   * events; memory holds `length / snapshotEvery` snapshots, each O(actors + partitions + groups
   * + offsets + messages in flight) since records are shared. 2,048 keeps a seek in a
   * million-event trace around a millisecond and the snapshots a few MB.
   */
  snapshotEvery?: number;
}

/**
 * Random access to the state at any point of a trace, for a player that seeks and steps back.
 *
 * It folds the trace once, keeping a snapshot every `snapshotEvery` events; `stateAt(i)` clones
 * the snapshot at or before `i` and folds the rest. Records are never copied: all states share
 * the partition logs of the one fold, and read statuses as of their own index, so `stateAt(i)`
 * observes exactly what `foldTrace(events, i)` does, in any order of seeks.
 *
 * It can follow a trace that grows (the engine pushing as it runs): `sync()` folds the events
 * pushed onto the array since the last call, and `append(event)` pushes one and folds it.
 */
export class TraceIndex {
  readonly snapshotEvery: number;
  private readonly trace: TraceEvent[];
  private readonly snapshots: WorldState[] = [];
  private readonly head: WorldState = emptyState();

  constructor(trace: TraceEvent[] = [], options: TraceIndexOptions = {}) {
    const every = options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
    if (!Number.isInteger(every) || every < 1) {
      throw new RangeError(`TraceIndex: snapshotEvery must be a positive integer, got ${every}`);
    }
    this.snapshotEvery = every;
    this.trace = trace;
    this.sync();
  }

  /** How many events are indexed. */
  get length(): number {
    return this.head.index;
  }

  /** The trace being indexed (the array given to the constructor). */
  get events(): readonly TraceEvent[] {
    return this.trace;
  }

  /** Fold the events pushed onto the trace array since the last call. */
  sync(): void {
    const trace = this.trace;
    const head = this.head;
    const every = this.snapshotEvery;
    while (head.index < trace.length) {
      if (head.index % every === 0) this.snapshots.push(cloneState(head));
      applyEvent(head, trace[head.index]);
    }
  }

  /** Push an event onto the trace and fold it. */
  append(event: TraceEvent): void {
    this.sync();
    this.trace.push(event);
    this.sync();
  }

  /**
   * The state after the first `index` events (0: before any; `length`: after all), as a fresh
   * state the caller owns and may advance with `applyEvent` along this same trace.
   */
  stateAt(index: number): WorldState {
    if (!Number.isInteger(index) || index < 0 || index > this.length) {
      throw new RangeError(
        `TraceIndex.stateAt: index must be an integer in 0..${this.length}, got ${index}`,
      );
    }
    if (index === this.length) return cloneState(this.head);
    const state = cloneState(this.snapshots[Math.floor(index / this.snapshotEvery)]);
    const trace = this.trace;
    while (state.index < index) applyEvent(state, trace[state.index]);
    return state;
  }

  /** The state after every indexed event. Read it, do not change it (use `stateAt` for a copy). */
  get latest(): Readonly<WorldState> {
    return this.head;
  }
}

const DEFAULT_SNAPSHOT_EVERY = 2048;
