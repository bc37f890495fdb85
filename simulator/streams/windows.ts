import type { WindowInfo } from './types.ts';

function requireMs(value: number, what: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${what} must be an integer >= ${min} ms, got ${value}`);
  }
  return value;
}

/**
 * Kafka Streams' `TimeWindows`: fixed-size windows aligned to the epoch, tumbling (advance =
 * size) or hopping (advance < size). A window is `[start, start + size)`. A record is late, and
 * dropped, for a window once stream time >= window end + grace (`KStreamWindowAggregate` keeps a
 * window while `windowEnd > streamTime - grace`).
 */
export class TimeWindows {
  readonly kind = 'time' as const;

  private constructor(
    /** Window size, ms. */
    readonly sizeMs: number,
    /** Distance between window starts, ms (equal to the size for tumbling windows). */
    readonly advanceMs: number,
    /** How long after the window end records are still accepted, ms. */
    readonly graceMs: number,
  ) {}

  /** Tumbling windows of `sizeMs` accepting records up to `graceMs` after the window end. */
  static ofSizeAndGrace(sizeMs: number, graceMs: number): TimeWindows {
    requireMs(sizeMs, 'Window size', 1);
    requireMs(graceMs, 'Grace period', 0);
    return new TimeWindows(sizeMs, sizeMs, graceMs);
  }

  /** Tumbling windows with no grace: a window closes the moment stream time reaches its end. */
  static ofSizeWithNoGrace(sizeMs: number): TimeWindows {
    return TimeWindows.ofSizeAndGrace(sizeMs, 0);
  }

  /** Hopping windows: a new window starts every `advanceMs` (0 < advance <= size). */
  advanceBy(advanceMs: number): TimeWindows {
    requireMs(advanceMs, 'Window advance', 1);
    if (advanceMs > this.sizeMs) {
      throw new RangeError(
        `Window advancement interval should be more than zero and less than window duration: advance ${advanceMs} > size ${this.sizeMs}`,
      );
    }
    return new TimeWindows(this.sizeMs, advanceMs, this.graceMs);
  }

  /** The windows containing `timestampMs`, by ascending start (Kafka's `TimeWindows#windowsFor`). */
  windowsFor(timestampMs: number): WindowInfo[] {
    const windows: WindowInfo[] = [];
    let start =
      Math.floor(Math.max(0, timestampMs - this.sizeMs + this.advanceMs) / this.advanceMs) *
      this.advanceMs;
    while (start <= timestampMs) {
      windows.push({ startMs: start, endMs: start + this.sizeMs });
      start += this.advanceMs;
    }
    return windows;
  }
}

/**
 * Kafka Streams' `SessionWindows`: per key, records closer than `inactivityGapMs` fall into one
 * session `[first, last]` (both inclusive); sessions merge when a record bridges them. A record is
 * dropped when its (merged) session ends before stream time - grace - gap.
 */
export class SessionWindows {
  readonly kind = 'session' as const;

  private constructor(
    /** Largest gap between records of one session, ms. */
    readonly inactivityGapMs: number,
    /** How long after the session could still grow records are accepted, ms. */
    readonly graceMs: number,
  ) {}

  /** Sessions split by `gapMs` of inactivity, accepting late records for `graceMs`. */
  static ofInactivityGapAndGrace(gapMs: number, graceMs: number): SessionWindows {
    requireMs(gapMs, 'Inactivity gap', 1);
    requireMs(graceMs, 'Grace period', 0);
    return new SessionWindows(gapMs, graceMs);
  }

  /** Sessions split by `gapMs` of inactivity, with no grace. */
  static ofInactivityGapWithNoGrace(gapMs: number): SessionWindows {
    return SessionWindows.ofInactivityGapAndGrace(gapMs, 0);
  }
}

/**
 * Kafka Streams' `JoinWindows` for stream-stream joins: a left record at `t` joins right records
 * in `[t - before, t + after]` (both inclusive). Only the new API (`ofTimeDifference...`) exists
 * here, so the KIP-633 fix for spurious left/outer results is always on.
 */
export class JoinWindows {
  private constructor(
    /** How far before a left record a right record may be, ms. */
    readonly beforeMs: number,
    /** How far after a left record a right record may be, ms. */
    readonly afterMs: number,
    /** How long after the window end out-of-order records are still joined, ms. */
    readonly graceMs: number,
  ) {}

  /** Records join when their timestamps differ by at most `timeDifferenceMs`, with grace. */
  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): JoinWindows {
    requireMs(timeDifferenceMs, 'Time difference', 0);
    requireMs(graceMs, 'Grace period', 0);
    return new JoinWindows(timeDifferenceMs, timeDifferenceMs, graceMs);
  }

  /** Records join when their timestamps differ by at most `timeDifferenceMs`; no grace. */
  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): JoinWindows {
    return JoinWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  }

  /** Change how far before a left record its partners may be (may be negative; before + after >= 0). */
  before(timeDifferenceMs: number): JoinWindows {
    return JoinWindows.checked(timeDifferenceMs, this.afterMs, this.graceMs);
  }

  /** Change how far after a left record its partners may be (may be negative; before + after >= 0). */
  after(timeDifferenceMs: number): JoinWindows {
    return JoinWindows.checked(this.beforeMs, timeDifferenceMs, this.graceMs);
  }

  /** The window size as Kafka defines it: before + after. */
  get sizeMs(): number {
    return this.beforeMs + this.afterMs;
  }

  private static checked(beforeMs: number, afterMs: number, graceMs: number): JoinWindows {
    if (!Number.isSafeInteger(beforeMs) || !Number.isSafeInteger(afterMs)) {
      throw new RangeError('Join window bounds must be integers (ms)');
    }
    if (beforeMs + afterMs < 0) {
      throw new RangeError('Window interval (ie, beforeMs+afterMs) must not be negative.');
    }
    return new JoinWindows(beforeMs, afterMs, graceMs);
  }
}
