import { lastStableOffset, type WorldState } from '../../../simulator/trace/state.ts';
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
 * record or marker, by offset), with the high watermark, the last stable offset, consumers'
 * positions and groups' committed offsets. A pure function of the state: the view only draws it.
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
const ROW_GAP = 6;
const LANE_TITLE = 20;
const LABEL_MIN_CELL = 18;

export function layoutLog(state: WorldState, options: LogLayoutOptions): LogLayout {
  const width = Math.max(200, options.width);
  const plotWidth = width - LABEL_WIDTH - 8;
  const topics = [...state.topics.values()].filter((t) => options.showInternal || !t.internal);
  let span = 1;
  for (const t of topics) {
    for (const p of t.partitions) span = Math.max(span, p.logEndOffset - p.logStartOffset + 1);
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
      y += MARK_ROOM;
      const start = Math.max(p.logStartOffset, p.logEndOffset + 1 - capacity);
      // Offsets are slots of equal width: plain arithmetic (a d3 linear scale would bring its
      // interpolators and number formats into every page for this one line).
      const x = (offset: number) => LABEL_WIDTH + (offset - start) * cellWidth;
      const clampX = (offset: number) => x(Math.max(start, offset));
      const tp = `${p.topic}-${p.partition}`;
      // Only the window's entries are visited: a seek costs O(window), not O(log).
      const cells: LogCell[] = [];
      const entries = p.log.entries;
      for (let pos = firstPositionFrom(p.log, p.count, start); pos < p.count; pos++) {
        const entry = entries[pos];
        if (compactedAsOf(entry, state.index)) continue;
        cells.push(cellOf(p.topic, p.partition, entry, state.index, x(entry.offset), cellWidth));
      }
      const hiddenBefore = start - p.logStartOffset;
      lane.rows.push({
        id: tp,
        partition: p.partition,
        y,
        cells,
        hiddenBefore,
        logStartOffset: p.logStartOffset,
        logEndOffset: p.logEndOffset,
        highWatermark: p.highWatermark,
        lastStableOffset: lastStableOffset(p),
        hwX: clampX(p.highWatermark),
        lsoX: clampX(lastStableOffset(p)),
        positions: stack(marks.positions.get(tp) ?? [], clampX),
        committed: stack(marks.committed.get(tp) ?? [], clampX),
      });
      y += CELL_HEIGHT + MARK_ROOM + ROW_GAP;
    }
    lanes.push(lane);
    y += 4;
  }
  return { lanes, cellWidth, plotX: LABEL_WIDTH, width, height: Math.max(y, 40) };
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

/** Approximate width of a mark's label at the view's 9.5 px type, px. */
const CHAR_WIDTH = 5.4;

/**
 * Marks at the same offset share one label (`committed, uncommitted 7`); labels that would
 * overlap a label to their left move one level outwards.
 */
function stack(marks: RawMark[], x: (offset: number) => number): OffsetMark[] {
  const byOffset = new Map<number, string[]>();
  for (const m of marks) {
    const names = byOffset.get(m.offset);
    if (names) names.push(m.who);
    else byOffset.set(m.offset, [m.who]);
  }
  const offsets = [...byOffset.keys()].sort((a, b) => a - b);
  const levelEnds: number[] = [];
  return offsets.map((offset) => {
    const who = byOffset.get(offset)!.join(', ');
    const left = x(offset);
    let level = levelEnds.findIndex((end) => end < left);
    if (level < 0) level = levelEnds.length;
    levelEnds[level] = left + 10 + (who.length + String(offset).length + 1) * CHAR_WIDTH;
    return { who, offset, x: left, stack: level };
  });
}

/** Row geometry constants the view needs to draw around cells. */
export const LOG_ROW = { cellHeight: CELL_HEIGHT, markRoom: MARK_ROOM, labelWidth: LABEL_WIDTH };
