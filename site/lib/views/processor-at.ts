import type { Json } from '../../../simulator/core/types.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { foldCache, IncrementalFold, type FoldSpec } from './incremental-fold.ts';

/** How many of a buffer's most recent keys a view lists. */
export const RECENT_KEYS = 5;
/** A match this many events before the playhead (or fewer) still counts as just happened. */
export const FLASH_EVENTS = 12;

/** One state store of a task at the playhead. */
export interface StoreView {
  /** The store's name, as `topology.describe()` shows it. */
  name: string;
  /** Distinct keys written (store.put) or rebuilt (store.restored) since the task came here. */
  entries: number;
  /** Join records buffered and not yet expired, plus windows updated and not yet closed. */
  waiting: number;
  /** The keys of the most recent waiting records, newest last (at most `RECENT_KEYS`). */
  recentKeys: string[];
}

/** One task on an instance at the playhead. */
export interface TaskView {
  /** Kafka Streams' task id, `<subtopology>_<partition>`. */
  id: string;
  /** Its input partitions as `topic-partition`. */
  partitions: string[];
  /** Rebuilding its stores from their changelogs, or processing. */
  status: 'restoring' | 'running';
  /** Changelog records replayed so far (store.restored events since it was assigned here). */
  restored: number;
  /** The records the finished restore replayed (task.restored), or null while it runs. */
  restoreTotal: number | null;
  /** Its stores in order of first appearance. */
  stores: StoreView[];
}

/** One application instance at the playhead. */
export interface InstanceView {
  /** The instance's actor id. */
  id: string;
  /** Whether it has crashed (and not restarted). */
  crashed: boolean;
  /** Its tasks in order of assignment. */
  tasks: TaskView[];
}

/** The last join match at or before the playhead. */
export interface MatchView {
  /** The index of its `join.matched` event. */
  index: number;
  /** The task that matched. */
  task: string;
  /** The joined key. */
  key: string | null;
  /** The left and right values joined. */
  left: Json;
  right: Json;
  /** Whether it happened within `FLASH_EVENTS` of the playhead (a view flashes it). */
  fresh: boolean;
}

/** The stream processor at the playhead. */
export interface ProcessorView {
  /** Instances in order of first appearance. */
  instances: InstanceView[];
  /** The last match, or null. */
  lastMatch: MatchView | null;
}

interface StoreState {
  keys: Set<string>;
  waiting: string[];
}
interface TaskState {
  id: string;
  instance: string;
  partitions: string[];
  status: 'restoring' | 'running';
  restored: number;
  restoreTotal: number | null;
  stores: Map<string, StoreState>;
}
/** The fold's working state: what the events so far left behind. */
export interface ProcessorState {
  /** Instances seen, and whether each is down. */
  instances: Map<string, { crashed: boolean }>;
  /** Tasks by id, each on the instance it was last assigned to. */
  tasks: Map<string, TaskState>;
  /** The last join match (freshness is decided when the picture is drawn). */
  lastMatch: Omit<MatchView, 'fresh'> | null;
}

function storeOf(task: TaskState, name: string): StoreState {
  let store = task.stores.get(name);
  if (!store) task.stores.set(name, (store = { keys: new Set(), waiting: [] }));
  return store;
}

/** The processor fold, one event at a time (see `processorAt` for what it models). */
export const processorFold: FoldSpec<ProcessorState> = {
  init: () => ({ instances: new Map(), tasks: new Map(), lastMatch: null }),
  step,
  clone: (s) => ({
    instances: new Map([...s.instances].map(([id, inst]) => [id, { ...inst }])),
    tasks: new Map(
      [...s.tasks].map(([id, t]) => [
        id,
        {
          ...t,
          stores: new Map(
            [...t.stores].map(([name, st]) => [
              name,
              { keys: new Set(st.keys), waiting: [...st.waiting] },
            ]),
          ),
        },
      ]),
    ),
    lastMatch: s.lastMatch,
  }),
};

function step(s: ProcessorState, e: TraceEvent, i: number): void {
  const { instances, tasks } = s;
  const task = 'task' in e && typeof e.task === 'string' ? tasks.get(e.task) : undefined;
  switch (e.type) {
    case 'task.assigned':
      if (!instances.has(e.instance)) instances.set(e.instance, { crashed: false });
      tasks.delete(e.task);
      tasks.set(e.task, {
        id: e.task,
        instance: e.instance,
        partitions: e.partitions.map((p) => `${p.topic}-${p.partition}`),
        status: 'restoring',
        restored: 0,
        restoreTotal: null,
        stores: new Map(),
      });
      break;
    case 'task.revoked':
      if (task && task.instance === e.instance) tasks.delete(e.task);
      break;
    case 'actor.crashed':
    case 'actor.restarted': {
      const inst = instances.get(e.actor);
      if (!inst) break;
      inst.crashed = e.type === 'actor.crashed';
      if (inst.crashed) for (const [id, t] of tasks) if (t.instance === e.actor) tasks.delete(id);
      break;
    }
    case 'task.restoring':
      if (task) storeOf(task, e.store);
      break;
    case 'store.restored':
      if (task) {
        task.restored++;
        const store = storeOf(task, e.store);
        store.keys.add(e.key);
        // A join window store's key is `<key>@<timestamp>#<seq>`: the record waits again.
        const joinKey = /^(.*)@\d+#\d+$/.exec(e.key);
        if (joinKey) store.waiting.push(joinKey[1]);
      }
      break;
    case 'task.restored':
      if (task) {
        task.status = 'running';
        task.restoreTotal = e.records;
      }
      break;
    case 'store.put':
      if (task) storeOf(task, e.store).keys.add(e.key);
      break;
    default:
      stepBuffers(s, e, task, i);
  }
}

/** Join and window buffers, and the last match. */
function stepBuffers(s: ProcessorState, e: TraceEvent, task: TaskState | undefined, i: number) {
  switch (e.type) {
    case 'join.buffered':
    case 'window.updated':
      if (task) {
        const key = e.type === 'window.updated' ? `${e.key}@${e.windowStartMs}` : e.key;
        const store = storeOf(task, e.store);
        if (e.type === 'join.buffered' || !store.waiting.includes(key)) store.waiting.push(key);
      }
      break;
    case 'join.expired':
    case 'window.closed':
      if (task) {
        const key = e.type === 'window.closed' ? `${e.key}@${e.windowStartMs}` : e.key;
        const waiting = storeOf(task, e.store).waiting;
        const at = waiting.indexOf(key);
        if (at >= 0) waiting.splice(at, 1);
      }
      break;
    case 'join.matched':
      s.lastMatch = { index: i, task: e.task, key: e.key, left: e.left, right: e.right };
      break;
  }
}

const cachedFold = foldCache(processorFold);

/**
 * Folds the first `index` events (the events shown) into the stream processor's picture: which
 * instance runs which task, each task's stores, and the join and window buffers. Simplifications:
 * a task that moves to another instance starts with empty stores (the new instance rebuilds them
 * from the changelog, which the store.restored events show); a crash takes all of the instance's
 * tasks away at once; records restored into a join window store (keys `<key>@<ts>#<seq>`) wait
 * again until they expire; a join record stays waiting until it expires even after it matched (Kafka's
 * join window stores keep it for other partners), and an open window waits until it closes.
 *
 * Incremental: the fold of each trace is cached and moves forward with the playhead, restarting
 * from a checkpoint on a backward seek (`IncrementalFold`), so a frame does not re-read the trace.
 */
export function processorAt(events: readonly TraceEvent[], index: number): ProcessorView {
  const end = Math.min(index, events.length);
  return processorViewOf(cachedFold(events).stateAt(end), end);
}

/** The same picture folded from the first event, without any cache (the reference for tests and benchmarks). */
export function processorAtFromStart(events: readonly TraceEvent[], index: number): ProcessorView {
  const end = Math.min(index, events.length);
  return processorViewOf(
    new IncrementalFold(events, processorFold, events.length + 1).stateAt(end),
    end,
  );
}

/** The picture of a fold's state after the first `end` events. */
export function processorViewOf(s: ProcessorState, end: number): ProcessorView {
  const lastMatch = s.lastMatch && {
    ...s.lastMatch,
    fresh: end - 1 - s.lastMatch.index < FLASH_EVENTS,
  };
  return {
    instances: [...s.instances].map(([id, inst]) => ({
      id,
      crashed: inst.crashed,
      tasks: [...s.tasks.values()].filter((t) => t.instance === id).map(taskView),
    })),
    lastMatch,
  };
}

function taskView(t: TaskState): TaskView {
  return {
    id: t.id,
    partitions: t.partitions,
    status: t.status,
    restored: t.restored,
    restoreTotal: t.restoreTotal,
    stores: [...t.stores].map(([name, s]) => ({
      name,
      entries: s.keys.size,
      waiting: s.waiting.length,
      recentKeys: s.waiting.slice(-RECENT_KEYS),
    })),
  };
}

/** Whether a trace has stream-processing instances (the processor view has something to draw). */
export function hasInstances(events: readonly TraceEvent[]): boolean {
  return events.some((e) => e.type === 'task.assigned');
}
