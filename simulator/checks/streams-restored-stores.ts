import { formatValue } from '../trace/prose/words.ts';
import type { Json } from '../core/types.ts';
import type { EventOf, TraceEvent } from '../trace/events.ts';
import { applyEvent, emptyState, type WorldState } from '../trace/state.ts';
import { committedRecords } from './streams-records.ts';
import { PASS, tpName, violation, type CheckVerdict } from './verdict.ts';

/** One store being rebuilt: what its changelog held when it began, and what was restored so far. */
interface Restoration {
  instance: string;
  task: string;
  store: string;
  topic: string;
  partition: number;
  /** Changelog key → value, folded from the changelog as of the `task.restoring` event. */
  expected: Map<string, Json>;
  /** Changelog key → value, folded from the span's `store.restored` events. */
  restored: Map<string, Json>;
}

/**
 * Stores equal the fold of their changelog: for every restoration (a `task.restoring` …
 * `task.restored` span of one instance, task and store), the key → value map folded from its
 * `store.restored` events equals the map folded from the changelog partition as a
 * `read_committed` reader saw it when the restoration began or when it ended (plain and
 * committed records below the last stable offset; a null value deletes the key): the instance
 * reads the changelog to its end at some moment in between, and the log may grow meanwhile (an
 * instance frozen in the middle of a restoration reads it when it wakes up). Under `at_least_once` the instance
 * reads `read_uncommitted`, but its changelog writes are not transactional, so the two views are
 * the same. The violation is the `task.restored` event that ended a restoration whose stores
 * differ.
 *
 * Keys are the changelog's (a window store's key carries its window start and sequence number),
 * so the check compares what was replayed, whatever the store then keeps (a window store drops
 * what has expired). A restoration cut short (the instance crashed, the task was revoked) is not
 * checked.
 */
export function restoredStoresMatchChangelog(events: readonly TraceEvent[]): CheckVerdict {
  const state = emptyState();
  const open = new Map<string, Restoration>();
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    switch (event.type) {
      case 'task.restoring':
        open.set(spanKey(event.instance, event.task, event.store), begin(state, event));
        break;
      case 'store.restored': {
        const span = open.get(spanKey(event.instance ?? '', event.task, event.store));
        if (span) putOrDelete(span.restored, event.key, event.value);
        break;
      }
      case 'task.restored': {
        const message = finish(state, open, event.instance, event.task);
        if (message !== null) return violation(events, index, message);
        break;
      }
      case 'task.revoked':
        dropSpans(open, (s) => s.instance === event.instance && s.task === event.task);
        break;
      case 'actor.crashed':
        dropSpans(open, (s) => s.instance === event.actor);
        break;
    }
    applyEvent(state, event);
  }
  return PASS;
}

function spanKey(instance: string, task: string, store: string): string {
  return `${instance}\u0000${task}\u0000${store}`;
}

function begin(state: WorldState, event: EventOf<'task.restoring'>): Restoration {
  return {
    instance: event.instance,
    task: event.task,
    store: event.store,
    topic: event.topic,
    partition: event.partition,
    expected: foldChangelog(state, event.topic, event.partition),
    restored: new Map(),
  };
}

/** Key → value of a changelog partition as a read_committed reader sees it in `state`. */
function foldChangelog(state: WorldState, topic: string, partition: number): Map<string, Json> {
  const folded = new Map<string, Json>();
  for (const r of committedRecords(state, topic)) {
    if (r.partition !== partition || r.record.key === null) continue;
    putOrDelete(folded, r.record.key, r.record.value);
  }
  return folded;
}

function putOrDelete(map: Map<string, Json>, key: string, value: Json): void {
  if (value === null) map.delete(key);
  else map.set(key, value);
}

/** Close the task's spans; the first difference found, as a message, or null. */
function finish(
  state: WorldState,
  open: Map<string, Restoration>,
  instance: string,
  task: string,
): string | null {
  let message: string | null = null;
  for (const [key, span] of open) {
    if (span.instance !== instance || span.task !== task) continue;
    open.delete(key);
    const found = difference(span.restored, span.expected);
    if (
      found === null ||
      difference(span.restored, foldChangelog(state, span.topic, span.partition)) === null
    )
      continue;
    const where = `${span.instance} restored store ${span.store} of task ${span.task}`;
    const changelog = tpName(span.topic, span.partition);
    message ??= `${where} ${found} its changelog ${changelog} as of the start of the restoration (nor as of its end).`;
  }
  return message;
}

/** How `restored` differs from `expected`, as the middle of a sentence, or null if they are equal. */
function difference(restored: Map<string, Json>, expected: Map<string, Json>): string | null {
  for (const [key, value] of expected) {
    const got = restored.get(key);
    if (got === undefined) return `without key ${key}, which is ${formatValue(value)} in`;
    if (JSON.stringify(got) !== JSON.stringify(value)) {
      return `with ${key} as ${formatValue(got)}, but ${key} is ${formatValue(value)} in`;
    }
  }
  for (const [key, value] of restored) {
    if (!expected.has(key))
      return `with ${key} as ${formatValue(value)}, which is not in what a read_committed reader sees of`;
  }
  return null;
}

function dropSpans(open: Map<string, Restoration>, drop: (span: Restoration) => boolean): void {
  for (const [key, span] of open) if (drop(span)) open.delete(key);
}
