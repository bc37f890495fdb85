import type { TraceEvent } from '../../simulator/trace/events.ts';

/**
 * The trace floor of a simulated run (issue 18): what only making and keeping its trace's events
 * costs, with no simulation. A run's trace is flattened once; the floor is the time to build
 * every event again from the flat values and keep them all.
 */

/**
 * A trace flattened: each event's field values one after another in one array, and a shape per
 * event. Holding this instead of the events lets the floor case drop the run's own trace before
 * timing, so the collector does not pay for two traces.
 */
export interface FlatTrace {
  readonly values: unknown[];
  readonly shapeOf: Uint16Array;
  /** Per shape: a function building the event, as an object literal, from `values` at an index. */
  readonly builders: ((values: unknown[], at: number) => TraceEvent)[];
  readonly sizes: number[];
}

/**
 * Flatten `trace`. Each builder makes its event with an object literal of fixed keys, as the
 * engine's own literals do (one shape per site, so allocation runs at full speed). Nested parts (a
 * record inside `record.appended`) are shared, not rebuilt: building a trace this way costs less
 * than the engine's building did. That makes it a floor.
 */
export function flatten(trace: readonly TraceEvent[]): FlatTrace {
  const shapes = new Map<string, number>();
  const builders: FlatTrace['builders'] = [];
  const sizes: number[] = [];
  const values: unknown[] = [];
  const shapeOf = new Uint16Array(trace.length);
  trace.forEach((event, i) => {
    const keys = Object.keys(event);
    const shape = keys.join(',');
    let id = shapes.get(shape);
    if (id === undefined) {
      id = builders.length;
      shapes.set(shape, id);
      const fields = keys.map((k, j) => `${JSON.stringify(k)}: v[i + ${j}]`).join(', ');
      builders.push(
        new Function('v', 'i', `return { ${fields} };`) as FlatTrace['builders'][number],
      );
      sizes.push(keys.length);
    }
    shapeOf[i] = id;
    for (const k of keys) values.push((event as Record<string, unknown>)[k]);
  });
  return { values, shapeOf, builders, sizes };
}

/** Build every event of a flattened trace again and keep them all. */
export function rebuild({ values, shapeOf, builders, sizes }: FlatTrace): TraceEvent[] {
  const events = new Array<TraceEvent>(shapeOf.length);
  for (let i = 0, at = 0; i < shapeOf.length; i++) {
    events[i] = builders[shapeOf[i]](values, at);
    at += sizes[shapeOf[i]];
  }
  return events;
}
