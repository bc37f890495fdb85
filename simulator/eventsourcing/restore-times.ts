import type { TraceEvent } from '../trace/events.ts';

/** One task's restore on an instance, from the trace. */
export interface RestoreTime {
  instance: string;
  task: string;
  /** What it read: changelog topics, or the folded topic when the store has no changelog. */
  topics: string[];
  records: number;
  startedAtMs: number;
  restoredAtMs: number;
  durationMs: number;
}

/**
 * How long each task's restore took, from its first `task.restoring` to its `task.restored`: the
 * time a moved task waits before it can process anything. A restore the trace never finishes is
 * left out.
 */
export function restoreTimes(events: readonly TraceEvent[]): RestoreTime[] {
  const open = new Map<string, { startedAtMs: number; topics: string[] }>();
  const out: RestoreTime[] = [];
  for (const e of events) {
    if (e.type === 'task.restoring') {
      const key = `${e.instance}\u0000${e.task}`;
      const started = open.get(key);
      if (started) started.topics.push(e.topic);
      else open.set(key, { startedAtMs: e.at, topics: [e.topic] });
    } else if (e.type === 'task.restored') {
      const key = `${e.instance}\u0000${e.task}`;
      const started = open.get(key);
      if (!started) continue;
      open.delete(key);
      out.push({
        instance: e.instance,
        task: e.task,
        topics: started.topics,
        records: e.records,
        startedAtMs: started.startedAtMs,
        restoredAtMs: e.at,
        durationMs: e.at - started.startedAtMs,
      });
    } else if (e.type === 'actor.crashed') {
      for (const key of [...open.keys()]) if (key.startsWith(`${e.actor}\u0000`)) open.delete(key);
    }
  }
  return out;
}
