import { formatValue } from '../trace/prose/words.ts';
import type { Json } from '../core/types.ts';
import { applyFold, type FoldName } from '../eventsourcing/folds.ts';
import type { TraceEvent } from '../trace/events.ts';
import {
  DEFAULT_ACCOUNTS_CHECK_OPTIONS,
  eventHistory,
  type AccountsCheckOptions,
  type HistoryEvent,
} from './accounts-history.ts';
import { PASS, tpName, violation, type CheckVerdict } from './verdict.ts';

/** The fold of the history, replayed alongside one read model as it moves. */
interface Replay {
  fold: FoldName;
  rows: Map<string, Json>;
  /** Per partition: how many history events are folded in. */
  next: number[];
}

/**
 * Every read model equals the fold of the events topic's history up to its position, at every step:
 * each `projection.applied` row must be the row the read model's fold gives after folding, in each
 * partition, every committed event below the new position. An event the read model skipped, counted
 * twice or folded wrongly shows at the first row it makes differ; offsets it never saw because
 * retention deleted them (`projection.skipped` over history) break it at once.
 */
export function readModelMatchesFold(
  events: readonly TraceEvent[],
  options: AccountsCheckOptions = DEFAULT_ACCOUNTS_CHECK_OPTIONS,
): CheckVerdict {
  const history = eventHistory(events, options.eventsTopic);
  const replays = new Map<string, Replay>();
  for (let index = 0; index < events.length; index++) {
    const e = events[index];
    if (e.type === 'projection.reset') {
      replays.set(`${e.host}/${e.readModel}`, {
        fold: e.fold,
        rows: new Map(),
        next: history.map(() => 0),
      });
    } else if (e.type === 'projection.restored') {
      const id = `${e.host}/${e.readModel}`;
      const replay = replayAt(history, replays.get(id), e.fold, e.partition, e.position);
      replays.set(id, replay);
      for (const { key, row } of e.rows) {
        const expected = replay.rows.get(key) ?? null;
        if (JSON.stringify(expected) !== JSON.stringify(row))
          return violation(
            events,
            index,
            `${e.readModel} on ${e.host} restored ${key} = ${JSON.stringify(row)} at position ${e.position} of ${tpName(options.eventsTopic, e.partition)}, but the fold of the log up to there gives ${JSON.stringify(expected)}`,
          );
      }
    } else if (e.type === 'projection.skipped' && e.topic === options.eventsTopic) {
      const lost = (history[e.partition] ?? []).filter(
        (h) => h.offset >= e.fromOffset && h.offset < e.toOffset,
      );
      if (lost.length > 0)
        return violation(
          events,
          index,
          `${e.readModel} on ${e.host} never saw offsets ${e.fromOffset}–${e.toOffset - 1} of ${tpName(e.topic, e.partition)}: retention deleted ${lost.length} events of its history, so no fold of what is left equals the fold of the log`,
        );
    } else if (e.type === 'projection.applied' && e.topic === options.eventsTopic) {
      const replay = replays.get(`${e.host}/${e.readModel}`);
      if (!replay) continue;
      foldUpTo(replay, history[e.partition] ?? [], e.partition, e.offset + 1);
      const expected = replay.rows.get(e.rowKey) ?? null;
      if (JSON.stringify(expected) !== JSON.stringify(e.row))
        return violation(
          events,
          index,
          `${e.readModel} on ${e.host} holds ${e.rowKey} as ${formatValue(e.row)} at ${tpName(e.topic, e.partition)} offset ${e.offset}, but the fold of the log up to there gives ${formatValue(expected)}`,
        );
    }
  }
  return PASS;
}

/**
 * The replay of a read model whose task in `partition` came back at `position` (a Kafka Streams
 * table restored from its changelog): the other partitions stay where they were, this one is folded
 * afresh up to the position, which may be behind where it had got (writes never committed).
 */
function replayAt(
  history: readonly (readonly HistoryEvent[])[],
  before: Replay | undefined,
  fold: FoldName,
  partition: number,
  position: number,
): Replay {
  const replay: Replay = { fold, rows: new Map(), next: history.map(() => 0) };
  history.forEach((events, p) => {
    if (p === partition) return foldUpTo(replay, events, p, position);
    const upTo = before?.next[p] ?? 0;
    foldUpTo(replay, events, p, upTo < events.length ? events[upTo].offset : Infinity);
  });
  return replay;
}

function foldUpTo(
  replay: Replay,
  partitionHistory: readonly HistoryEvent[],
  partition: number,
  position: number,
): void {
  let next = replay.next[partition];
  while (next < partitionHistory.length && partitionHistory[next].offset < position) {
    const change = applyFold(replay.fold, replay.rows, partitionHistory[next].event);
    if (change) replay.rows.set(change.rowKey, change.row);
    next++;
  }
  replay.next[partition] = next;
}
