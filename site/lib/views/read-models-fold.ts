import type { Json } from '../../../simulator/core/types.ts';
import { isAccountEvent, type AccountEvent } from '../../../simulator/eventsourcing/domain.ts';
import { applyFold, type FoldName } from '../../../simulator/eventsourcing/folds.ts';
import type { ReadModelHome } from '../../../simulator/eventsourcing/events.ts';
import type { EventOf, TraceEvent } from '../../../simulator/trace/events.ts';
import type { FoldSpec } from './incremental-fold.ts';

/** One event of the events topic as a reader of the log sees it: committed (or plain), in offset order. */
export interface LogEvent {
  offset: number;
  atMs: number;
  event: AccountEvent;
}

/** One projection as the trace shows it. */
export interface ProjectionState {
  host: string;
  name: string;
  fold: FoldName;
  /** Where it lives: a reader's memory, or a Kafka Streams table (its host an instance). */
  home: ReadModelHome;
  /**
   * A Kafka Streams table is `restoring` from its changelog after a start or a crash (queries
   * refused) and `down` while its instance is; an in-memory one is `retired` when its reader
   * crashes (a restart starts a new one from offset zero).
   */
  status: 'serving' | 'rebuilding' | 'retired' | 'restoring' | 'down';
  /** A table's tasks still restoring on its instance. */
  restoring: number;
  rows: Map<string, { row: Json; changedAt: number }>;
  /** Partition → next offset to apply. */
  positions: Map<number, number>;
  skipped: number;
}

/** A query and what it returned, beside what the log said at that moment. */
export interface QueryState {
  index: number;
  atMs: number;
  client: string;
  readModel: string;
  key: string;
  outcome: string;
  row: Json;
  truth: Json;
  /** Why an unavailable answer refused (the exception Kafka Streams threw). */
  error: string | null;
  latencyMs: number;
}

/** The working state of the read-models view, folded event by event. */
export interface ReadModelsState {
  eventsTopic: string;
  /** Partition → the events a read_committed reader can read so far. */
  log: Map<number, LogEvent[]>;
  /** `${partition}/${producerId}` → transactional events waiting for their marker. */
  pending: Map<string, LogEvent[]>;
  /** Fold → rows of the fold of the whole committed log so far ("what is true"). */
  truth: Map<FoldName, Map<string, Json>>;
  projections: Map<string, ProjectionState>;
  queries: QueryState[];
}

const copyProjection = (p: ProjectionState): ProjectionState => ({
  ...p,
  rows: new Map(p.rows),
  positions: new Map(p.positions),
});

/** The fold spec for one trace, whose events topic is `eventsTopic`. */
export function readModelsFold(eventsTopic: string): FoldSpec<ReadModelsState> {
  return {
    init: () => ({
      eventsTopic,
      log: new Map(),
      pending: new Map(),
      truth: new Map(),
      projections: new Map(),
      queries: [],
    }),
    clone: (s) => ({
      eventsTopic: s.eventsTopic,
      log: new Map([...s.log].map(([p, events]) => [p, events.slice()])),
      pending: new Map([...s.pending].map(([k, events]) => [k, events.slice()])),
      truth: new Map([...s.truth].map(([f, rows]) => [f, new Map(rows)])),
      projections: new Map([...s.projections].map(([k, p]) => [k, copyProjection(p)])),
      queries: s.queries.slice(),
    }),
    step,
  };
}

function step(s: ReadModelsState, e: TraceEvent, index: number): void {
  switch (e.type) {
    case 'record.appended': {
      if (e.topic !== s.eventsTopic || !isAccountEvent(e.record.value)) return;
      const entry = { offset: e.offset, atMs: e.at, event: e.record.value };
      if (!e.transactional) return commit(s, e.partition, [entry]);
      const key = `${e.partition}/${e.producerId}`;
      s.pending.set(key, [...(s.pending.get(key) ?? []), entry]);
      return;
    }
    case 'marker.written': {
      if (e.topic !== s.eventsTopic) return;
      const key = `${e.partition}/${e.producerId}`;
      const waiting = s.pending.get(key) ?? [];
      s.pending.delete(key);
      if (e.marker === 'COMMIT') commit(s, e.partition, waiting);
      return;
    }
    case 'projection.reset': {
      const id = `${e.host}/${e.readModel}`;
      s.projections.set(id, {
        host: e.host,
        name: e.readModel,
        fold: e.fold,
        home: e.home ?? 'memory',
        status: e.reason === 'rebuild' ? 'rebuilding' : 'serving',
        restoring: 0,
        rows: new Map(),
        positions: new Map(),
        skipped: 0,
      });
      if (!s.truth.has(e.fold)) s.truth.set(e.fold, foldLog(s, e.fold));
      return;
    }
    case 'task.restoring':
    case 'task.restored':
      return tableRestore(s, e.instance, e.type === 'task.restoring' ? 1 : -1);
    case 'projection.restored':
      return restored(s, e, index);
    case 'projection.applied': {
      const p = s.projections.get(`${e.host}/${e.readModel}`);
      if (!p) return;
      if (e.rowKey !== '') p.rows.set(e.rowKey, { row: e.row, changedAt: index });
      p.positions.set(e.partition, e.offset + 1);
      return;
    }
    case 'projection.skipped': {
      const p = s.projections.get(`${e.host}/${e.readModel}`);
      if (p) p.skipped += e.toOffset - e.fromOffset;
      return;
    }
    case 'projection.switched': {
      const from = s.projections.get(`${e.host}/${e.from}`);
      const to = s.projections.get(`${e.host}/${e.to}`);
      if (from) from.status = 'retired';
      if (to) to.status = 'serving';
      return;
    }
    case 'actor.crashed':
      for (const p of s.projections.values()) {
        if (p.host !== e.actor) continue;
        p.status = p.home === 'memory' ? 'retired' : 'down';
        // The table's store was in the instance's memory; its changelog brings it back.
        if (p.home !== 'memory') {
          p.restoring = 0;
          p.rows = new Map();
        }
      }
      return;
    case 'query.answered': {
      const fold = [...s.projections.values()].find(
        (p) => p.name.split('@')[0] === e.readModel,
      )?.fold;
      const truth = fold ? (s.truth.get(fold)?.get(e.key) ?? null) : null;
      s.queries.push({
        index,
        atMs: e.at,
        client: e.client,
        readModel: e.readModel,
        key: e.key,
        outcome: e.outcome,
        row: e.row,
        truth,
        error: e.error ?? null,
        latencyMs: e.latencyMs,
      });
      return;
    }
  }
}

/** A table's instance starts (+1) or ends (-1) restoring one task: it serves once none is left. */
function tableRestore(s: ReadModelsState, instance: string, change: 1 | -1): void {
  for (const p of s.projections.values()) {
    if (p.home === 'memory' || p.host !== instance) continue;
    p.restoring = Math.max(0, p.restoring + change);
    p.status = p.restoring > 0 ? 'restoring' : 'serving';
  }
}

/** A table's task came up: its partition's rows and position are what the changelog restored. */
function restored(s: ReadModelsState, e: EventOf<'projection.restored'>, index: number): void {
  const id = `${e.host}/${e.readModel}`;
  let p = s.projections.get(id);
  if (!p) {
    p = {
      host: e.host,
      name: e.readModel,
      fold: e.fold,
      home: e.home,
      status: 'restoring',
      restoring: 0,
      rows: new Map(),
      positions: new Map(),
      skipped: 0,
    };
    s.projections.set(id, p);
  }
  if (!s.truth.has(e.fold)) s.truth.set(e.fold, foldLog(s, e.fold));
  for (const { key, row } of e.rows) p.rows.set(key, { row, changedAt: index });
  p.positions.set(e.partition, e.position);
  if (p.restoring === 0) p.status = 'serving';
}

function commit(s: ReadModelsState, partition: number, entries: LogEvent[]): void {
  if (entries.length === 0) return;
  const log = s.log.get(partition) ?? [];
  for (const entry of entries) {
    log.push(entry);
    for (const [fold, rows] of s.truth) {
      const change = applyFold(fold, rows, entry.event);
      if (change) rows.set(change.rowKey, change.row);
    }
  }
  s.log.set(partition, log);
}

function foldLog(s: ReadModelsState, fold: FoldName): Map<string, Json> {
  const rows = new Map<string, Json>();
  const all = [...s.log.values()].flat();
  for (const entry of all) {
    const change = applyFold(fold, rows, entry.event);
    if (change) rows.set(change.rowKey, change.row);
  }
  return rows;
}

/** The events topic of a trace: where its read models read, or its clients' commands were accepted. */
export function eventsTopicOf(events: readonly TraceEvent[]): string | null {
  for (const e of events) {
    if (e.type === 'projection.applied' || e.type === 'command.accepted') return e.topic;
  }
  return null;
}
