import type { Json } from '../../../simulator/core/types.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { foldCache, IncrementalFold, type FoldSpec } from './incremental-fold.ts';
import { findBatch, stepRetries } from './serverless-batches-at.ts';
import {
  lifeAt,
  moveLife,
  nextPhase,
  type InstanceLife,
  type InstancePhase,
} from './instance-lifecycle.ts';

/** How many of the latest retries a view lists. */
export const RECENT_RETRIES = 5;
/** A row written this many events before the playhead (or fewer) is marked as just changed. */
export const FRESH_EVENTS = 12;

/** A batch a trigger has cut and not yet finished (succeeded, or given up on). */
export interface BatchView {
  /** Source topic and partition. */
  topic: string;
  partition: number;
  /** The offsets it carries now (a partial failure or a bisection narrows them). */
  offsets: number[];
  /** The attempt running or about to run: 1, then 2 for the first retry. */
  attempt: number;
  /** Waiting for an instance, running, or failed and waiting for its retry. */
  state: 'queued' | 'running' | 'failed';
  /** Offsets a partial batch response let through (before the lowest failed record); empty if none. */
  doneByPartialResponse: number[];
}

/** A trigger (event source mapping) and its batches in flight. */
export interface TriggerView {
  /** The trigger's actor id. */
  id: string;
  /** The function it invokes. */
  function: string;
  /** Batches in flight, in order of building. */
  batches: BatchView[];
}

/** An execution environment of a function. */
export interface InstanceView {
  /** The instance id, `<function>#<n>`. */
  id: string;
  /** In its init phase (a cold start), running a handler, idle and reusable, or shut down. */
  state: 'cold' | 'busy' | 'warm' | 'reclaimed';
  /** Invocations it has been given. */
  invocations: number;
  /** Where it is on the lifecycle chart (`INSTANCE_LIFECYCLE`) at the playhead. */
  phase: InstancePhase;
  /** The chart's arrow it took last, or null. */
  lastMove: { from: InstancePhase; to: InstancePhase } | null;
}

/** One row of a database table. */
export interface RowView {
  /** The item's key. */
  key: string;
  /** The item as last written. */
  item: Json;
  /** Writes of the item so far. */
  version: number;
  /** Written within `FRESH_EVENTS` of the playhead. */
  fresh: boolean;
}

/** The serverless side at the playhead. */
export interface ServerlessView {
  /** Triggers in order of first batch. */
  triggers: TriggerView[];
  /** Function instances in order of first use. */
  instances: InstanceView[];
  /** The instance of the latest instance event (what the lifecycle chart shows by default). */
  lastInstance: string | null;
  /** The latest retries, oldest first (at most `RECENT_RETRIES`). */
  retries: { function: string; partition: number; attempt: number; reason: string }[];
  /** Retries so far (for a queue: messages received again). */
  retryCount: number;
  /** Failed invocations so far. */
  failures: number;
  /** Records given up on (sent to the on-failure destination, or dropped without one) and messages moved to a dead-letter queue. */
  deadLetters: number;
  /** Database tables by name, rows in order of first write (deleted rows removed). */
  tables: { name: string; rows: RowView[]; reads: number }[];
  /** USD accrued so far (sum of cost.accrued). */
  costUsd: number;
}

export interface Batch extends BatchView {
  trigger: string;
  invocationId: string | null;
}

interface Instance {
  id: string;
  state: InstanceView['state'];
  invocations: number;
  life: InstanceLife;
}

/** The fold's working state. */
export interface ServerlessState {
  /** Trigger id to the function it invokes. */
  triggers: Map<string, string>;
  /** Batches in flight, in order of building. */
  batches: Batch[];
  /** Function instances by id, in order of first use. */
  instances: Map<string, Instance>;
  /** Tables by name; each row remembers the index of its last write. */
  tables: Map<string, { rows: Map<string, RowView & { at: number }>; reads: number }>;
  /** The latest retries (at most `RECENT_RETRIES`). */
  retries: ServerlessView['retries'];
  /** Counters, as in `ServerlessView`. */
  retryCount: number;
  failures: number;
  deadLetters: number;
  costUsd: number;
  /** Actor ids of function platforms (their crash loses every instance). */
  platforms: Set<string>;
  /** The instance of the latest instance event. */
  lastInstance: string | null;
}

/** The serverless fold, one event at a time (see `serverlessAt` for what it models). */
export const serverlessFold: FoldSpec<ServerlessState> = {
  init: () => ({
    triggers: new Map(),
    batches: [],
    instances: new Map(),
    tables: new Map(),
    retries: [],
    retryCount: 0,
    failures: 0,
    deadLetters: 0,
    costUsd: 0,
    platforms: new Set(),
    lastInstance: null,
  }),
  step,
  clone: (s) => ({
    ...s,
    triggers: new Map(s.triggers),
    batches: s.batches.map((b) => ({ ...b })),
    instances: new Map([...s.instances].map(([id, it]) => [id, { ...it, life: { ...it.life } }])),
    tables: new Map([...s.tables].map(([n, t]) => [n, { rows: new Map(t.rows), reads: t.reads }])),
    retries: [...s.retries],
    platforms: new Set(s.platforms),
  }),
};

function instanceOf(s: ServerlessState, id: string): Instance {
  let it = s.instances.get(id);
  if (!it) {
    const life: InstanceLife = { phase: 'Cold', initEndsAtMs: -1, lastMove: null };
    s.instances.set(id, (it = { id, state: 'warm', invocations: 0, life }));
  }
  return it;
}

function tableOf(s: ServerlessState, name: string) {
  let t = s.tables.get(name);
  if (!t) s.tables.set(name, (t = { rows: new Map(), reads: 0 }));
  return t;
}

const isFinal = (phase: InstancePhase) => phase === 'Reclaimed' || phase === 'Crashed';

/** Moves an instance on the lifecycle chart, if the event moves it. */
function stepLife(s: ServerlessState, e: TraceEvent): void {
  if (e.type === 'actor.started' && (e.kind as string) === 'functionPlatform') {
    s.platforms.add(e.actor);
  } else if (e.type === 'actor.crashed' && s.platforms.has(e.actor)) {
    // The platform's crash loses every environment (the engine drops its pools).
    for (const it of s.instances.values()) {
      if (isFinal(it.life.phase)) continue;
      moveLife(it.life, 'Crashed', e);
      it.state = 'reclaimed';
    }
  }
  const id = 'instance' in e && typeof e.instance === 'string' ? e.instance : '';
  if (id === '' || !e.type.startsWith('function')) return;
  let known = s.instances.get(id);
  if (known && e.type === 'function.invoked' && isFinal(known.life.phase)) {
    // A restarted platform numbers its environments from 1 again: a new instance, same id.
    s.instances.delete(id);
    known = undefined;
  }
  const to = nextPhase(known ? known.life.phase : null, e);
  s.lastInstance = id;
  if (to === null) return;
  moveLife(instanceOf(s, id).life, to, e);
}

function step(s: ServerlessState, e: TraceEvent, i: number): void {
  stepLife(s, e);
  switch (e.type) {
    case 'trigger.batchBuilt':
      if (!s.triggers.has(e.trigger)) s.triggers.set(e.trigger, e.function);
      s.batches.push({
        trigger: e.trigger,
        topic: e.topic,
        partition: e.partition,
        offsets: e.offsets,
        attempt: 1,
        state: 'queued',
        invocationId: null,
        doneByPartialResponse: [],
      });
      break;
    case 'function.invoked': {
      const b = findBatch(s, e.source, e.topic, e.partition, e.offsets);
      if (b)
        Object.assign(b, { state: 'running', attempt: e.attempt, invocationId: e.invocationId });
      if (e.instance) {
        const it = instanceOf(s, e.instance);
        it.state = 'busy';
        it.invocations++;
      }
      break;
    }
    case 'function.coldStarted':
      instanceOf(s, e.instance).state = 'cold';
      break;
    case 'function.warmStarted':
      instanceOf(s, e.instance).state = 'busy';
      break;
    case 'function.succeeded':
    case 'function.failed': {
      const at = s.batches.findIndex((b) => b.invocationId === e.invocationId);
      if (e.type === 'function.failed') {
        s.failures++;
        if (at >= 0) s.batches[at].state = 'failed';
      } else if (at >= 0) s.batches.splice(at, 1);
      if (e.instance && s.instances.get(e.instance)?.state !== 'reclaimed')
        instanceOf(s, e.instance).state = 'warm';
      break;
    }
    case 'functionInstance.reclaimed':
      instanceOf(s, e.instance).state = 'reclaimed';
      break;
    default:
      stepRetries(s, e);
      stepData(s, e, i);
  }
}

/** The database's tables and the cost. */
function stepData(s: ServerlessState, e: TraceEvent, i: number): void {
  switch (e.type) {
    case 'db.read':
      tableOf(s, e.table).reads++;
      break;
    case 'db.written': {
      const rows = tableOf(s, e.table).rows;
      if (e.op === 'delete') rows.delete(e.key);
      else rows.set(e.key, { key: e.key, item: e.item, version: e.version, fresh: false, at: i });
      break;
    }
    case 'db.itemExpired':
      tableOf(s, e.table).rows.delete(e.key);
      break;
    case 'cost.accrued':
      s.costUsd += e.usd;
      break;
  }
}

const cachedFold = foldCache(serverlessFold);

/**
 * Folds the first `index` events (the events shown) into the serverless picture. Simplifications:
 * a batch is matched to its invocation and retries by trigger, partition and overlapping offsets;
 * an instance's state follows its last event (cold from coldStarted until its handler returns);
 * its lifecycle phase (`instance-lifecycle.ts`) ends its init phase by the clock, the `at` of the
 * last event shown.
 *
 * Incremental: the fold of each trace is cached and moves forward with the playhead, restarting
 * from a checkpoint on a backward seek (`IncrementalFold`), so a frame does not re-read the trace.
 */
export function serverlessAt(events: readonly TraceEvent[], index: number): ServerlessView {
  const end = Math.min(index, events.length);
  return serverlessViewOf(cachedFold(events).stateAt(end), events, end);
}

/** The same picture folded from the first event, without any cache (the reference for tests and benchmarks). */
export function serverlessAtFromStart(
  events: readonly TraceEvent[],
  index: number,
): ServerlessView {
  const end = Math.min(index, events.length);
  return serverlessViewOf(
    new IncrementalFold(events, serverlessFold, events.length + 1).stateAt(end),
    events,
    end,
  );
}

/** The picture of a fold's state after the first `end` events. */
export function serverlessViewOf(
  s: ServerlessState,
  events: readonly TraceEvent[],
  end: number,
): ServerlessView {
  const clockMs = end > 0 ? events[end - 1].at : 0;
  return {
    triggers: [...s.triggers].map(([id, fn]) => ({
      id,
      function: fn,
      batches: s.batches
        .filter((b) => b.trigger === id)
        .map(({ topic, partition, offsets, attempt, state, doneByPartialResponse }) => ({
          topic,
          partition,
          offsets,
          attempt,
          state,
          doneByPartialResponse,
        })),
    })),
    instances: [...s.instances.values()].map(({ id, state, invocations, life }) => {
      const { phase, lastMove } = lifeAt(life, clockMs);
      return { id, state, invocations, phase, lastMove };
    }),
    lastInstance: s.lastInstance,
    retries: [...s.retries],
    retryCount: s.retryCount,
    failures: s.failures,
    deadLetters: s.deadLetters,
    tables: [...s.tables].map(([name, t]) => ({
      name,
      reads: t.reads,
      rows: [...t.rows.values()].map(({ at, ...row }) => ({
        ...row,
        fresh: end - 1 - at < FRESH_EVENTS,
      })),
    })),
    costUsd: s.costUsd,
  };
}
