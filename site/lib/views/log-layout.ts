import {
  lastStableOffset,
  type PartitionState,
  type WorldState,
} from '../../../simulator/trace/state.ts';
import {
  compactedAsOf,
  firstPositionFrom,
  statusAsOf,
  type LogEntry,
  type TxnStatus,
} from '../../../simulator/trace/partition-log.ts';
import { keyColour } from './key-colour.ts';

/**
 * The log view's geometry at one playhead: topics as lanes, each partition a row of cells (one per
 * record or marker, by offset), with the high watermark, the last stable offset, producers' write
 * positions, consumers' positions, groups' committed offsets, and the slots of records the cleaner
 * compacted away or retention deleted. A pure function of the state: the view only draws it.
 *
 * Everything per row is found among the offsets in view (a seek costs O(window), not O(log)):
 * a producer whose last write is older than the window, or a compaction before it, is not marked.
 */

/** One cell: a record or a control marker. */
export interface LogCell {
  /** Stable across playheads: `topic/partition/offset`. */
  id: string;
  /** Left edge, px. */
  x: number;
  /** Width, px. */
  w: number;
  /** The offset. */
  offset: number;
  /** A data record or a COMMIT/ABORT marker. */
  kind: 'record' | 'commit' | 'abort';
  /** The record's transactional status (markers: `plain`). */
  status: TxnStatus;
  /** Fill colour: the key's, or the marker's. */
  fill: string;
  /** The text inside the cell (its offset), or '' when cells are too narrow. */
  label: string;
  /** Appended by one of the last few events before the playhead (drawn highlighted). */
  fresh: boolean;
}

/** A consumer's position or a group's committed offset on a partition. */
export interface OffsetMark {
  /** Consumer ids or group ids at this offset, comma-separated. */
  who: string;
  /** The offset. */
  offset: number;
  /** Where it points: the left edge of that offset's slot, px. */
  x: number;
  /** Level outwards from the row (0 nearest), so labels never overlap. */
  stack: number;
  /** The label would cross the view's right edge: it is drawn to the left of the mark. */
  flip: boolean;
}

/** Where a producer last wrote in a partition: the offset after its last record. */
export interface WriteMark {
  /** Producer actor ids at this offset, comma-separated. */
  who: string;
  /** One past the producer's last record (where its next record would go if nobody else wrote). */
  offset: number;
  /** The left edge of that offset's slot, px. */
  x: number;
  /** Level outwards from the row, shared with committed offsets and the cleaner's mark. */
  stack: number;
  /** The label would cross the view's right edge: it is drawn to the left of the mark. */
  flip: boolean;
  /** Its last record here belongs to a transaction that is still open. */
  open: boolean;
  /** Its transactional id was taken over by a newer instance (`producer.fenced`). */
  fenced: boolean;
}

/** The slot of a record no longer in the log: compacted away or deleted by retention. */
export interface RemovedSlot {
  /** Stable across playheads: `topic/partition/offset`. */
  id: string;
  /** Left edge and width, px. */
  x: number;
  w: number;
  /** The offset. */
  offset: number;
  /** Removed by the log cleaner (a later record has its key) or by retention (too old). */
  why: 'compacted' | 'deleted';
  /** The offset as text, or '' when cells are too narrow. */
  label: string;
}

/**
 * How far the cleaner has got. The trace reports the offsets each cleaning removed, not Kafka's
 * cleaner checkpoint (the first dirty offset), so this is a lower bound: one past the highest
 * offset in view the cleaner has removed.
 */
export interface CleanerMark {
  /** One past the highest compacted offset in view. */
  offset: number;
  /** Its slot's left edge, px. */
  x: number;
  /** Level outwards from the row, shared with committed offsets and producers' marks. */
  stack: number;
  /** The label would cross the view's right edge: it is drawn to the left of the mark. */
  flip: boolean;
}

/** One partition's row. */
export interface PartitionRow {
  /** `topic-partition`. */
  id: string;
  /** The partition number. */
  partition: number;
  /** Top of the cells, px. */
  y: number;
  /** Cells in offset order. */
  cells: LogCell[];
  /** Offsets before the window that are not drawn (the window keeps the newest). */
  hiddenBefore: number;
  /** The offsets and their x. */
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  lastStableOffset: number;
  /** x of the high watermark and of the last stable offset, px. */
  hwX: number;
  lsoX: number;
  /** Consumers' next fetch offsets (drawn below the row). */
  positions: OffsetMark[];
  /** Groups' committed offsets (drawn above the row). */
  committed: OffsetMark[];
  /** Producers' write positions (drawn above the row, stacked with the committed offsets). */
  writes: WriteMark[];
  /** Offsets in view whose records were compacted away or deleted by retention. */
  removed: RemovedSlot[];
  /** The cleaner's progress on a compacted topic, or null if it removed nothing in view. */
  cleaner: CleanerMark | null;
  /** x of the log start offset when deleted offsets are in view (their right edge), else null. */
  logStartX: number | null;
}

/** A topic's lane. */
export interface TopicLane {
  /** The topic. */
  topic: string;
  /** Top of the lane (its title), px. */
  y: number;
  /** Its partitions. */
  rows: PartitionRow[];
}

/** The whole view. */
export interface LogLayout {
  /** Lanes in topic creation order. */
  lanes: TopicLane[];
  /** Width of one offset slot, px. */
  cellWidth: number;
  /** Where cells start (after the row labels), px. */
  plotX: number;
  /** Total size, px. */
  width: number;
  height: number;
}

/** Sizes of the view, px. */
export interface LogLayoutOptions {
  /** Width available. */
  width: number;
  /** Narrowest cell before the window starts cutting old offsets. */
  minCellWidth?: number;
  /** Widest cell. */
  maxCellWidth?: number;
  /** Show internal topics (`__consumer_offsets`). */
  showInternal?: boolean;
}

const LABEL_WIDTH = 64;
const CELL_HEIGHT = 26;
const MARK_ROOM = 22;
/** Height of one level of stacked mark labels, px. */
const MARK_LEVEL = 10;
const ROW_GAP = 6;
const LANE_TITLE = 20;
const LABEL_MIN_CELL = 18;
/** How many offsets deleted by retention stay in view before the log start (as empty slots). */
const DELETED_IN_VIEW = 6;

export function layoutLog(state: WorldState, options: LogLayoutOptions): LogLayout {
  const width = Math.max(200, options.width);
  const plotWidth = width - LABEL_WIDTH - 8;
  const topics = [...state.topics.values()].filter((t) => options.showInternal || !t.internal);
  let span = 1;
  for (const t of topics) {
    for (const p of t.partitions) span = Math.max(span, p.logEndOffset - viewFrom(p) + 1);
  }
  const minCell = options.minCellWidth ?? 3;
  const cellWidth = Math.min(options.maxCellWidth ?? 40, Math.max(minCell, plotWidth / span));
  const capacity = Math.max(1, Math.floor(plotWidth / cellWidth));
  const marks = collectMarks(state);
  const lanes: TopicLane[] = [];
  let y = 0;
  for (const topic of topics) {
    const lane: TopicLane = { topic: topic.name, y, rows: [] };
    y += LANE_TITLE;
    for (const p of topic.partitions) {
      const laid = layoutRow(state, p, marks, { top: y, cellWidth, capacity, right: width });
      lane.rows.push(laid.row);
      y = laid.bottom;
    }
    lanes.push(lane);
    y += 4;
  }
  return { lanes, cellWidth, plotX: LABEL_WIDTH, width, height: Math.max(y, 40) };
}

/** The first offset a row may show: a few deleted ones before the log start, so they read as gone. */
function viewFrom(p: PartitionState): number {
  return Math.max(0, p.logStartOffset - DELETED_IN_VIEW);
}

/** One partition's row below `top`, and where the next row may start. */
function layoutRow(
  state: WorldState,
  p: PartitionState,
  marks: ReturnType<typeof collectMarks>,
  at: { top: number; cellWidth: number; capacity: number; right: number },
): { row: PartitionRow; bottom: number } {
  const { cellWidth } = at;
  const start = Math.max(viewFrom(p), p.logEndOffset + 1 - at.capacity);
  // Offsets are slots of equal width: plain arithmetic (a d3 linear scale would bring its
  // interpolators and number formats into every page for this one line).
  const x = (offset: number) => LABEL_WIDTH + (offset - start) * cellWidth;
  const clampX = (offset: number) => x(Math.max(start, offset));
  const tp = `${p.topic}-${p.partition}`;
  const seen = visitWindow(state, p, start, x, cellWidth);
  const above = stackAbove(
    mergeByOffset(marks.committed.get(tp) ?? [], clampX),
    writeMarks(state, seen.lastWrites, clampX),
    seen.cleanedThrough < 0
      ? null
      : { offset: seen.cleanedThrough + 1, x: x(seen.cleanedThrough + 1), stack: 0, flip: false },
    at.right,
  );
  const positions = mergeByOffset(marks.positions.get(tp) ?? [], clampX);
  assignLevels(
    positions.map((m) => ({ mark: m, chars: m.who.length + 2 })),
    at.right,
  );
  const y = at.top + Math.max(MARK_ROOM, levelsOf(above.all) * MARK_LEVEL + 4);
  const lso = lastStableOffset(p);
  const row: PartitionRow = {
    id: tp,
    partition: p.partition,
    y,
    cells: seen.cells,
    hiddenBefore: Math.max(0, start - p.logStartOffset),
    logStartOffset: p.logStartOffset,
    logEndOffset: p.logEndOffset,
    highWatermark: p.highWatermark,
    lastStableOffset: lso,
    hwX: clampX(p.highWatermark),
    lsoX: clampX(lso),
    positions,
    committed: above.committed,
    writes: above.writes,
    removed: seen.removed,
    cleaner: above.cleaner,
    logStartX: start < p.logStartOffset ? x(p.logStartOffset) : null,
  };
  const below = Math.max(MARK_ROOM, levelsOf(positions) * MARK_LEVEL + 12);
  return { row, bottom: y + CELL_HEIGHT + below + ROW_GAP };
}

/**
 * The offsets in view: cells for the entries still in the log, slots for those removed, each
 * producer's last record in view, and the highest offset the cleaner removed (-1 if none).
 */
function visitWindow(
  state: WorldState,
  p: PartitionState,
  start: number,
  x: (offset: number) => number,
  cellWidth: number,
) {
  const cells: LogCell[] = [];
  const removed: RemovedSlot[] = [];
  const lastWrites = new Map<string, LogEntry>();
  let cleanedThrough = -1;
  const entries = p.log.entries;
  for (let pos = firstPositionFrom(p.log, p.count, start); pos < p.count; pos++) {
    const entry = entries[pos];
    // A write stays a write after the cleaner removes it: the producer was there.
    if (entry.record !== null) lastWrites.set(entry.producer, entry);
    const compacted = compactedAsOf(entry, state.index);
    if (compacted) cleanedThrough = entry.offset;
    if (compacted || entry.offset < p.logStartOffset) {
      const why = compacted ? 'compacted' : 'deleted';
      removed.push(removedSlot(p, entry.offset, why, x(entry.offset), cellWidth));
    } else {
      cells.push(cellOf(p.topic, p.partition, entry, state.index, x(entry.offset), cellWidth));
    }
  }
  return { cells, removed, lastWrites, cleanedThrough };
}

function removedSlot(
  p: PartitionState,
  offset: number,
  why: RemovedSlot['why'],
  x: number,
  cellWidth: number,
): RemovedSlot {
  return {
    id: `${p.topic}/${p.partition}/${offset}`,
    x,
    w: Math.max(1, cellWidth - (cellWidth >= 8 ? 2 : cellWidth >= 4 ? 1 : 0)),
    offset,
    why,
    label: cellWidth >= LABEL_MIN_CELL ? String(offset) : '',
  };
}

/** Entries appended by this many last events count as fresh. */
const FRESH_EVENTS = 24;

function cellOf(
  topic: string,
  partition: number,
  entry: LogEntry,
  index: number,
  x: number,
  cellWidth: number,
): LogCell {
  const gap = cellWidth >= 8 ? 2 : cellWidth >= 4 ? 1 : 0;
  const base = {
    id: `${topic}/${partition}/${entry.offset}`,
    x,
    w: Math.max(1, cellWidth - gap),
    offset: entry.offset,
    label: cellWidth >= LABEL_MIN_CELL ? String(entry.offset) : '',
    fresh: entry.appendedAt >= index - FRESH_EVENTS,
  };
  if (entry.record === null) {
    const commit = entry.control !== 'ABORT';
    return {
      ...base,
      kind: commit ? 'commit' : 'abort',
      status: 'plain',
      fill: commit ? '#2a9d8f' : '#6c2e2e',
      label: cellWidth >= 12 ? (commit ? 'C' : 'A') : '',
    };
  }
  return {
    ...base,
    kind: 'record',
    status: statusAsOf(entry, index),
    fill: keyColour(entry.record.key),
  };
}

/** What a tooltip says about a cell: read from the state only when someone points at it. */
export function describeCell(
  state: WorldState,
  topic: string,
  partition: number,
  offset: number,
): string {
  const p = state.topics.get(topic)?.partitions[partition];
  if (!p) return '';
  const pos = firstPositionFrom(p.log, p.count, offset);
  const entry = p.log.entries[pos];
  if (!entry || entry.offset !== offset || pos >= p.count) return '';
  if (compactedAsOf(entry, state.index)) {
    const why =
      entry.record?.value === null
        ? 'a tombstone past delete.retention.ms'
        : entry.record !== null && statusAsOf(entry, state.index) === 'aborted'
          ? 'an aborted record'
          : `key ${entry.record?.key} has a later record`;
    return `${topic}-${partition} offset ${offset}: compacted away by the log cleaner (${why})`;
  }
  if (offset < p.logStartOffset) {
    return `${topic}-${partition} offset ${offset}: deleted by retention (the log now starts at ${p.logStartOffset})`;
  }
  if (entry.record === null) {
    return `${topic}-${partition} offset ${offset}: ${entry.control} marker (producer id ${entry.producerId}, epoch ${entry.producerEpoch})`;
  }
  const r = entry.record;
  const value = JSON.stringify(r.value);
  const status = statusAsOf(entry, state.index);
  const how = status === 'plain' ? '' : `, ${status} transaction`;
  return `${topic}-${partition} offset ${offset}: key ${r.key ?? 'none'}, value ${value.length > 40 ? value.slice(0, 40) + '…' : value}, record ${r.id} from ${entry.producer}${how}`;
}

interface RawMark {
  who: string;
  offset: number;
}

function collectMarks(state: WorldState) {
  const positions = new Map<string, RawMark[]>();
  const committed = new Map<string, RawMark[]>();
  const add = (map: Map<string, RawMark[]>, tp: string, mark: RawMark) => {
    const list = map.get(tp);
    if (list) list.push(mark);
    else map.set(tp, [mark]);
  };
  for (const p of state.positions.values()) {
    // A crashed consumer's position is gone with its memory; it restarts from the committed offset.
    // A stream-processor instance's fetches are not in the trace (only where it was positioned),
    // so its position would stand still: its group's committed offset tells its progress instead.
    const actor = state.actors.get(p.consumer);
    if (actor?.status === 'crashed' || actor?.kind === 'instance') continue;
    add(positions, `${p.topic}-${p.partition}`, { who: p.consumer, offset: p.offset });
  }
  for (const c of state.committedOffsets.values()) {
    add(committed, `${c.topic}-${c.partition}`, { who: c.group, offset: c.offset });
  }
  return { positions, committed };
}

/** Each producer's write position: one past its last record in view. */
function writeMarks(
  state: WorldState,
  lastWrites: Map<string, LogEntry>,
  x: (offset: number) => number,
): WriteMark[] {
  const marks: WriteMark[] = [];
  for (const [producer, entry] of lastWrites) {
    marks.push({
      who: producer,
      offset: entry.offset + 1,
      x: x(entry.offset + 1),
      stack: 0,
      flip: false,
      open: statusAsOf(entry, state.index) === 'open',
      fenced: state.producers.get(producer)?.fenced ?? false,
    });
  }
  // Offsets differ: each producer's last record has its own offset.
  return marks.sort((a, b) => a.offset - b.offset);
}

/** Approximate width of a mark's label at the view's 9.5 px type, px. */
const CHAR_WIDTH = 5.4;
/** Room for a mark's glyph beside its label, px. */
const LABEL_PAD = 10;

/** Marks at the same offset share one label (`committed, uncommitted 7`), in offset order. */
function mergeByOffset(marks: RawMark[], x: (offset: number) => number): OffsetMark[] {
  const byOffset = new Map<number, string[]>();
  for (const m of marks) {
    const names = byOffset.get(m.offset);
    if (names) names.push(m.who);
    else byOffset.set(m.offset, [m.who]);
  }
  const offsets = [...byOffset.keys()].sort((a, b) => a - b);
  return offsets.map((offset) => ({
    who: byOffset.get(offset)!.join(', '),
    offset,
    x: x(offset),
    stack: 0,
    flip: false,
  }));
}

/** What a write mark's label says. */
export function writeLabel(m: WriteMark): string {
  return `${m.who}${m.open ? ' · txn open' : ''}${m.fenced ? ' · fenced' : ''}`;
}

/**
 * Committed offsets, write positions and the cleaner's mark all sit above the row: they share
 * levels, so no two labels overlap. Order at one offset: committed, writes, cleaner.
 */
function stackAbove(
  committed: OffsetMark[],
  writes: WriteMark[],
  cleaner: CleanerMark | null,
  right: number,
) {
  const all: {
    mark: { x: number; offset: number; stack: number; flip: boolean };
    chars: number;
    rank: number;
  }[] = [
    ...committed.map((m) => ({
      mark: m,
      chars: m.who.length + String(m.offset).length + 1,
      rank: 0,
    })),
    ...writes.map((m) => ({ mark: m, chars: writeLabel(m).length + 1, rank: 1 })),
    ...(cleaner ? [{ mark: cleaner, chars: 11 + String(cleaner.offset).length, rank: 2 }] : []),
  ];
  // (offset, rank) is unique: committed marks are merged by offset, and producers' differ.
  all.sort((a, b) => a.mark.offset - b.mark.offset || a.rank - b.rank);
  assignLevels(all, right);
  return { committed, writes, cleaner, all: all.map((l) => l.mark) };
}

/**
 * Each label goes to the lowest level where it overlaps no other; a label that would cross the
 * right edge (`right`, px) is drawn to the left of its mark instead.
 */
function assignLevels(
  labels: { mark: { x: number; stack: number; flip: boolean }; chars: number }[],
  right: number,
): void {
  const levels: [number, number][][] = [];
  for (const { mark, chars } of labels) {
    const w = LABEL_PAD + chars * CHAR_WIDTH;
    mark.flip = mark.x + w > right && mark.x - w >= 0;
    const from = mark.flip ? mark.x - w : mark.x;
    const to = mark.flip ? mark.x : mark.x + w;
    let level = levels.findIndex((spans) => spans.every(([l, r]) => r < from || l > to));
    if (level < 0) level = levels.push([]) - 1;
    levels[level].push([from, to]);
    mark.stack = level;
  }
}

/** How many levels of labels the marks use. */
function levelsOf(marks: readonly { stack: number }[]): number {
  let levels = 0;
  for (const m of marks) levels = Math.max(levels, m.stack + 1);
  return levels;
}

/** Row geometry constants the view needs to draw around cells. */
export const LOG_ROW = {
  cellHeight: CELL_HEIGHT,
  markRoom: MARK_ROOM,
  markLevel: MARK_LEVEL,
  labelWidth: LABEL_WIDTH,
};
