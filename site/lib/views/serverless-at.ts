import type { Json } from '../../../simulator/core/types.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';

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
  /** The latest retries, oldest first (at most `RECENT_RETRIES`). */
  retries: { function: string; partition: number; attempt: number; reason: string }[];
  /** Retries so far. */
  retryCount: number;
  /** Failed invocations so far. */
  failures: number;
  /** Records given up on (sent to the on-failure destination, or dropped without one). */
  deadLetters: number;
  /** Database tables by name, rows in order of first write (deleted rows removed). */
  tables: { name: string; rows: RowView[]; reads: number }[];
  /** USD accrued so far (sum of cost.accrued). */
  costUsd: number;
}

interface Batch extends BatchView {
  trigger: string;
  invocationId: string | null;
}

const overlaps = (a: number[], b: number[]) => a.some((o) => b.includes(o));

/**
 * Folds the first `index` events (the events shown) into the serverless picture. Simplifications:
 * a batch is matched to its invocation and retries by trigger, partition and overlapping offsets;
 * an instance's state follows its last event (cold from coldStarted until its handler returns).
 */
export function serverlessAt(events: readonly TraceEvent[], index: number): ServerlessView {
  const triggers = new Map<string, string>();
  const batches: Batch[] = [];
  const instances = new Map<string, InstanceView>();
  const tables = new Map<string, { rows: Map<string, RowView & { at: number }>; reads: number }>();
  const retries: ServerlessView['retries'] = [];
  let retryCount = 0;
  let failures = 0;
  let deadLetters = 0;
  let costUsd = 0;
  const end = Math.min(index, events.length);
  const find = (
    trigger: string,
    topic: string | null,
    partition: number | null,
    offsets: number[],
  ) =>
    batches.find(
      (b) =>
        b.trigger === trigger &&
        b.topic === topic &&
        b.partition === partition &&
        overlaps(b.offsets, offsets),
    );
  const instance = (id: string) => {
    let it = instances.get(id);
    if (!it) instances.set(id, (it = { id, state: 'warm', invocations: 0 }));
    return it;
  };
  const table = (name: string) => {
    let t = tables.get(name);
    if (!t) tables.set(name, (t = { rows: new Map(), reads: 0 }));
    return t;
  };
  for (let i = 0; i < end; i++) {
    const e = events[i];
    switch (e.type) {
      case 'trigger.batchBuilt':
        if (!triggers.has(e.trigger)) triggers.set(e.trigger, e.function);
        batches.push({
          trigger: e.trigger,
          topic: e.topic,
          partition: e.partition,
          offsets: e.offsets,
          attempt: 1,
          state: 'queued',
          invocationId: null,
        });
        break;
      case 'function.invoked': {
        const b = find(e.source, e.topic, e.partition, e.offsets);
        if (b)
          Object.assign(b, { state: 'running', attempt: e.attempt, invocationId: e.invocationId });
        if (e.instance) {
          const it = instance(e.instance);
          it.state = 'busy';
          it.invocations++;
        }
        break;
      }
      case 'function.coldStarted':
        instance(e.instance).state = 'cold';
        break;
      case 'function.warmStarted':
        instance(e.instance).state = 'busy';
        break;
      case 'function.succeeded':
      case 'function.failed': {
        const at = batches.findIndex((b) => b.invocationId === e.invocationId);
        if (e.type === 'function.failed') {
          failures++;
          if (at >= 0) batches[at].state = 'failed';
        } else if (at >= 0) batches.splice(at, 1);
        if (e.instance && instances.get(e.instance)?.state !== 'reclaimed')
          instance(e.instance).state = 'warm';
        break;
      }
      case 'functionInstance.reclaimed':
        instance(e.instance).state = 'reclaimed';
        break;
      case 'function.retried': {
        retryCount++;
        retries.push({
          function: e.function,
          partition: e.partition,
          attempt: e.attempt,
          reason: e.reason,
        });
        if (retries.length > RECENT_RETRIES) retries.shift();
        const b = find(e.trigger, e.topic, e.partition, e.offsets);
        if (b)
          Object.assign(b, {
            attempt: e.attempt,
            offsets: e.offsets,
            state: 'queued',
            invocationId: null,
          });
        break;
      }
      case 'function.partiallyFailed': {
        const b = find(e.trigger, e.topic, e.partition, e.retrying);
        if (b) b.offsets = e.retrying;
        break;
      }
      case 'function.sentToDestination': {
        deadLetters += e.offsets.length;
        const at = batches.findIndex(
          (b) =>
            b.trigger === e.trigger &&
            b.partition === e.partition &&
            overlaps(b.offsets, e.offsets),
        );
        if (at >= 0) batches.splice(at, 1);
        break;
      }
      case 'db.read':
        table(e.table).reads++;
        break;
      case 'db.written': {
        const rows = table(e.table).rows;
        if (e.op === 'delete') rows.delete(e.key);
        else rows.set(e.key, { key: e.key, item: e.item, version: e.version, fresh: false, at: i });
        break;
      }
      case 'db.itemExpired':
        table(e.table).rows.delete(e.key);
        break;
      case 'cost.accrued':
        costUsd += e.usd;
        break;
    }
  }
  return {
    triggers: [...triggers].map(([id, fn]) => ({
      id,
      function: fn,
      batches: batches
        .filter((b) => b.trigger === id)
        .map(({ topic, partition, offsets, attempt, state }) => ({
          topic,
          partition,
          offsets,
          attempt,
          state,
        })),
    })),
    instances: [...instances.values()].map((it) => ({ ...it })),
    retries,
    retryCount,
    failures,
    deadLetters,
    tables: [...tables].map(([name, t]) => ({
      name,
      reads: t.reads,
      rows: [...t.rows.values()].map(({ at, ...row }) => ({
        ...row,
        fresh: end - 1 - at < FRESH_EVENTS,
      })),
    })),
    costUsd,
  };
}
