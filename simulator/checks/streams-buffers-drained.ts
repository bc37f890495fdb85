import type { Json } from '../core/types.ts';
import type { TraceEvent } from '../trace/events.ts';
import { describeRecord, entryOf } from './streams-records.ts';
import { PASS, violation, type CheckVerdict } from './verdict.ts';

/** How long a buffered record or a window may legitimately stay. */
export interface BuffersDrainedOptions {
  /**
   * A join buffer keeps a record until its stream time passes timestamp + retention (for a
   * stream-stream join: before + after + grace); a window stays open until its processor's
   * stream time passes its start + retention (size + grace), ms.
   */
  retentionMs: number;
}

/** Where a task's state lives at the end of the run: its last owner, since its last assignment. */
interface Owner {
  /** The instance (undefined under the test driver, whose events name none). */
  instance: string | undefined;
  /** Index of the `task.assigned` that made it the owner (0 without one). */
  from: number;
}

/** Something still inside a buffer: where it came in and what it is. */
interface Held {
  index: number;
  text: string;
  store: string;
  startMs: number;
  clock: string;
}

/**
 * No state leak: at the end of the run, every record that entered a join buffer
 * (`join.buffered`) and every window that was opened (`window.updated`) in the task's final
 * owner — the instance of its last `task.assigned`, unless it crashed or gave the task up after —
 * has left it (`join.expired`, `window.closed`) if its timestamp (a window's start) plus
 * `retentionMs` is below the stream time of its buffer. A join buffer's stream time is the
 * largest timestamp put into that store (as Kafka's window stores observe it); a windowed
 * aggregation's is the largest record timestamp its processor saw (`window.updated`,
 * `record.droppedLate`). The violation is the event by which the first leaked record or window
 * came in.
 *
 * Simplification: records restored from a changelog are not tracked (they have no
 * `join.buffered`), and a store's stream time counts only records it traced, so the check never
 * asks for more than the engine had to do.
 */
export function buffersDrained(
  events: readonly TraceEvent[],
  options: BuffersDrainedOptions,
): CheckVerdict {
  const owners = finalOwners(events);
  const held = new Map<string, Held[]>();
  const clocks = new Map<string, number>();
  const tick = (clock: string, ms: number) =>
    clocks.set(clock, Math.max(clocks.get(clock) ?? -1, ms));
  for (let index = 0; index < events.length; index++) {
    const e = events[index];
    if (!('task' in e) || e.type.startsWith('task.')) continue;
    const owner = owners.get(e.task);
    const instance = 'instance' in e ? e.instance : undefined;
    if (!owner || owner.instance !== instance || index < owner.from) continue;
    const scope = `${instance ?? ''}\u0000${e.task}`;
    switch (e.type) {
      case 'join.buffered': {
        const clock = `${scope}\u0000${e.store}`;
        tick(clock, e.timestampMs);
        const text = `record ${describeRecord(e.key, e.value, e.timestampMs)}`;
        const where = `join buffer ${e.store} of task ${e.task}`;
        hold(held, bufferKey(scope, e.store, e.key, e.timestampMs, e.value), {
          index,
          text: `${text} entered ${where}`,
          store: e.store,
          startMs: e.timestampMs,
          clock,
        });
        break;
      }
      case 'join.expired':
        release(held, bufferKey(scope, e.store, e.key, e.timestampMs, e.value));
        break;
      case 'window.updated': {
        const clock = `${scope}\u0000${e.processor}`;
        tick(clock, e.timestampMs);
        const key = windowKey(scope, e.store, e.key, e.windowStartMs);
        if (held.has(key)) break;
        hold(held, key, {
          index,
          text: `window [${e.windowStartMs}, ${e.windowEndMs}) of key ${e.key} opened in store ${e.store} of task ${e.task}`,
          store: e.store,
          startMs: e.windowStartMs,
          clock,
        });
        break;
      }
      case 'record.droppedLate':
        tick(`${scope}\u0000${e.processor}`, e.timestampMs);
        break;
      case 'window.closed':
        release(held, windowKey(scope, e.store, e.key, e.windowStartMs));
        break;
    }
  }
  return firstLeak(events, held, clocks, options.retentionMs);
}

/** The owner of each task at the end: its last assignment, unless revoked or crashed since. */
function finalOwners(events: readonly TraceEvent[]): Map<string, Owner> {
  const owners = new Map<string, Owner>();
  const assigned = new Set<string>();
  for (let index = 0; index < events.length; index++) {
    const e = events[index];
    if (e.type === 'task.assigned') {
      owners.set(e.task, { instance: e.instance, from: index });
      assigned.add(e.task);
    } else if (e.type === 'task.revoked') {
      if (owners.get(e.task)?.instance === e.instance) owners.delete(e.task);
    } else if (e.type === 'actor.crashed') {
      for (const [task, owner] of owners) if (owner.instance === e.actor) owners.delete(task);
    } else if ('task' in e && !assigned.has(e.task) && !('instance' in e && e.instance)) {
      // A trace without a runtime (the test driver): the task lives from the start.
      if (!owners.has(e.task)) owners.set(e.task, { instance: undefined, from: 0 });
    }
  }
  return owners;
}

function bufferKey(scope: string, store: string, key: string, ts: number, value: Json): string {
  return `${scope}\u0000${store}\u0000${key}\u0000${ts}\u0000${JSON.stringify(value)}`;
}

function windowKey(scope: string, store: string, key: string, startMs: number): string {
  return `${scope}\u0000${store}\u0000${key}\u0000${startMs}\u0000window`;
}

function hold(held: Map<string, Held[]>, key: string, item: Held): void {
  entryOf(held, key, () => []).push(item);
}

/** One copy leaves (join buffers keep duplicates, oldest first). */
function release(held: Map<string, Held[]>, key: string): void {
  const items = held.get(key);
  if (!items) return;
  items.shift();
  if (items.length === 0) held.delete(key);
}

function firstLeak(
  events: readonly TraceEvent[],
  held: Map<string, Held[]>,
  clocks: Map<string, number>,
  retentionMs: number,
): CheckVerdict {
  let leak: Held | null = null;
  for (const items of held.values()) {
    for (const item of items) {
      const streamTimeMs = clocks.get(item.clock) ?? -1;
      if (item.startMs + retentionMs >= streamTimeMs) continue;
      if (leak === null || item.index < leak.index) leak = item;
    }
  }
  if (leak === null) return PASS;
  const streamTimeMs = clocks.get(leak.clock) ?? -1;
  return violation(
    events,
    leak.index,
    `The ${leak.text} and never left it, though its stream time reached ${streamTimeMs} ms, past ` +
      `${leak.startMs} + ${retentionMs} ms of retention: state leaks.`,
  );
}
