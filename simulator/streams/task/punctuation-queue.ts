import type { Punctuator } from '../processor-api.ts';
import { MinHeap } from '../stores/min-heap.ts';

/** One scheduled punctuation (Kafka's `PunctuationSchedule`). */
export interface PunctuationSchedule {
  /** The node whose punctuator it is. */
  readonly node: string;
  /** When it is next due, ms. */
  readonly dueMs: number;
  /** Its interval, ms. */
  readonly intervalMs: number;
  /** The callback. */
  readonly punctuator: Punctuator;
  /** Shared by every re-scheduling of one `schedule` call. */
  readonly cancelled: { value: boolean };
  /** Scheduling order, to break ties deterministically. */
  readonly seq: number;
}

/**
 * Kafka's `PunctuationQueue`: schedules due at or before a time fire in order of due time; each
 * fires with the current time (not its due time) and is re-scheduled one interval later, or, if
 * intervals were missed, to the first due time after now (`PunctuationSchedule#next`).
 */
export class PunctuationQueue {
  private readonly heap = new MinHeap<PunctuationSchedule>((a, b) =>
    a.dueMs !== b.dueMs ? a.dueMs < b.dueMs : a.seq < b.seq,
  );
  private seq = 0;

  schedule(
    node: string,
    firstDueMs: number,
    intervalMs: number,
    punctuator: Punctuator,
  ): { value: boolean } {
    const cancelled = { value: false };
    this.heap.push({ node, dueMs: firstDueMs, intervalMs, punctuator, cancelled, seq: this.seq++ });
    return cancelled;
  }

  /** When the earliest schedule is due (Infinity with none), ms. */
  get nextDueMs(): number {
    return this.heap.peek()?.dueMs ?? Infinity;
  }

  /** Fire every schedule due at or before `nowMs`; `fire` runs one. Returns true if any fired. */
  mayPunctuate(nowMs: number, fire: (schedule: PunctuationSchedule) => void): boolean {
    let fired = false;
    for (let top = this.heap.peek(); top && top.dueMs <= nowMs; top = this.heap.peek()) {
      this.heap.pop();
      if (top.cancelled.value) continue;
      fire(top);
      fired = true;
      if (!top.cancelled.value) this.heap.push(next(top, nowMs, this.seq++));
    }
    return fired;
  }
}

function next(s: PunctuationSchedule, nowMs: number, seq: number): PunctuationSchedule {
  let due = s.dueMs + s.intervalMs;
  if (nowMs >= due) {
    // Missed one or more punctuations (a gap in the data, or a long pause): skip to the next one after now.
    const missed = Math.floor((nowMs - s.dueMs) / s.intervalMs);
    due = s.dueMs + (missed + 1) * s.intervalMs;
  }
  return { ...s, dueMs: due, seq };
}
