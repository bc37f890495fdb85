import type { Json } from '../../../simulator/core/types.ts';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { foldCache, IncrementalFold } from './incremental-fold.ts';
import {
  eventsTopicOf,
  readModelsFold,
  type LogEvent,
  type ProjectionState,
  type ReadModelsState,
} from './read-models-fold.ts';

/** How many events back a row counts as just changed (highlighted). */
const FRESH_EVENTS = 40;
/** Events of each partition shown on the strip, the latest ones. */
export const STRIP_EVENTS = 24;
/** Queries shown on the timeline, the latest ones. */
export const QUERIES_SHOWN = 10;

/** One read model at the playhead. */
export interface ReadModelPicture {
  id: string;
  host: string;
  name: string;
  fold: string;
  home: ProjectionState['home'];
  status: ProjectionState['status'];
  /** Committed events of the log it has not applied yet. */
  lagRecords: number;
  /** How long the oldest of them has been in the log, ms (0 when it is level). */
  lagMs: number;
  /** Share of the log applied (for a rebuild's progress), 0..1. */
  progress: number;
  /** Offsets retention made it skip. */
  skipped: number;
  rows: { key: string; text: string; fresh: boolean }[];
}

/** The read-models view at a playhead. */
export interface ReadModelsPicture {
  eventsTopic: string;
  clockMs: number;
  partitions: {
    partition: number;
    count: number;
    recent: { offset: number; type: string; account: string }[];
    markers: { id: string; name: string; position: number; status: ProjectionState['status'] }[];
  }[];
  readModels: ReadModelPicture[];
  queries: {
    index: number;
    atMs: number;
    client: string;
    key: string;
    readModel: string;
    outcome: string;
    returned: string;
    truth: string;
    stale: boolean;
    error: string | null;
  }[];
  queryCount: number;
  staleCount: number;
}

const folds = new WeakMap<
  readonly TraceEvent[],
  (events: readonly TraceEvent[]) => IncrementalFold<ReadModelsState>
>();

function foldFor(events: readonly TraceEvent[]): IncrementalFold<ReadModelsState> {
  let cache = folds.get(events);
  if (!cache) {
    cache = foldCache(readModelsFold(eventsTopicOf(events) ?? 'account-events'));
    folds.set(events, cache);
  }
  return cache(events);
}

/** Whether a trace has read models to show. */
export function hasReadModels(events: readonly TraceEvent[]): boolean {
  return events.some((e) => e.type === 'projection.reset' || e.type === 'projection.restored');
}

/** The picture after the first `index` events, from a cached fold that moves with the playhead. */
export function readModelsAt(events: readonly TraceEvent[], index: number): ReadModelsPicture {
  const end = Math.min(Math.max(0, index), events.length);
  return pictureOf(foldFor(events).stateAt(end), end > 0 ? events[end - 1].at : 0, end);
}

/** The same picture folded from the first event, without a cache (the reference for tests). */
export function readModelsAtFromStart(
  events: readonly TraceEvent[],
  index: number,
): ReadModelsPicture {
  const end = Math.min(Math.max(0, index), events.length);
  const fold = new IncrementalFold(
    events,
    readModelsFold(eventsTopicOf(events) ?? 'account-events'),
    events.length + 1,
  );
  return pictureOf(fold.stateAt(end), end > 0 ? events[end - 1].at : 0, end);
}

export const showJson = (v: Json): string => {
  if (v === null) return '—';
  if (typeof v === 'object' && !Array.isArray(v))
    return Object.entries(v)
      .map(([k, x]) => `${k} ${typeof x === 'string' ? x : JSON.stringify(x)}`)
      .join(', ');
  return JSON.stringify(v);
};

/** How many of a partition's events lie below `position` (the log is in offset order). */
function appliedCount(log: readonly LogEvent[], position: number): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (log[mid].offset < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function pictureOf(s: ReadModelsState, clockMs: number, end: number): ReadModelsPicture {
  const partitions = [
    ...s.log.keys(),
    ...[...s.projections.values()].flatMap((p) => [...p.positions.keys()]),
  ];
  const partitionIds = [...new Set(partitions)].sort((a, b) => a - b);
  const live = [...s.projections.entries()].filter(([, p]) => p.status !== 'retired');
  const total = partitionIds.reduce((n, p) => n + (s.log.get(p)?.length ?? 0), 0);
  const readModels = live.map(([id, p]): ReadModelPicture => {
    let lagRecords = 0;
    let oldestMs = clockMs;
    for (const partition of partitionIds) {
      const log = s.log.get(partition) ?? [];
      const applied = appliedCount(log, p.positions.get(partition) ?? 0);
      lagRecords += log.length - applied;
      if (applied < log.length) oldestMs = Math.min(oldestMs, log[applied].atMs);
    }
    return {
      id,
      host: p.host,
      name: p.name,
      fold: p.fold,
      home: p.home,
      status: p.status,
      lagRecords,
      lagMs: clockMs - oldestMs,
      progress: total === 0 ? 1 : (total - lagRecords) / total,
      skipped: p.skipped,
      rows: [...p.rows]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, r]) => ({
          key,
          text: showJson(r.row),
          fresh: end - 1 - r.changedAt < FRESH_EVENTS,
        })),
    };
  });
  const queries = s.queries.slice(-QUERIES_SHOWN).map((q) => {
    const returned = showJson(q.row);
    const truth = showJson(q.truth);
    return {
      index: q.index,
      atMs: q.atMs,
      client: q.client,
      key: q.key,
      readModel: q.readModel,
      outcome: q.outcome,
      returned,
      truth,
      stale: q.outcome === 'answered' && returned !== truth,
      error: q.error,
    };
  });
  return {
    eventsTopic: s.eventsTopic,
    clockMs,
    partitions: partitionIds.map((partition) => {
      const log = s.log.get(partition) ?? [];
      return {
        partition,
        count: log.length,
        recent: log
          .slice(-STRIP_EVENTS)
          .map((e) => ({ offset: e.offset, type: e.event.type, account: e.event.account })),
        markers: live.map(([id, p]) => ({
          id,
          name: p.name,
          position: p.positions.get(partition) ?? 0,
          status: p.status,
        })),
      };
    }),
    readModels,
    queries,
    queryCount: s.queries.length,
    staleCount: s.queries.filter(
      (q) => q.outcome === 'answered' && showJson(q.row) !== showJson(q.truth),
    ).length,
  };
}
