import type { EventOf } from '../trace/events.ts';
import type { AbortedIndex } from './txn-index.ts';

/**
 * What the log cleaner remembers of one compacted partition between passes: the latest offset of
 * each key below the offsets it has read, and how many entries a pass could remove.
 *
 * Without it every pass re-read the whole log to find each key's latest record. A changelog whose
 * keys never repeat (a join's window stores: each key carries its timestamp and a sequence number)
 * has nothing to remove, yet each pass read it all and built a map of every key, only to throw it
 * away. Now a pass reads only what was appended since, and when nothing is removable — no key
 * written twice, nothing aborted, no tombstone — it stops there.
 *
 * Entries below the last stable offset have their final status, so what is read once need not be
 * read again.
 */
export class CleanerIndex {
  /** Each key's latest offset among the non-aborted data records read so far. */
  readonly latest = new Map<string, number>();
  /** Offsets below this have been read. */
  private readUpTo = 0;
  /** Entries read and still in the log that a pass may remove once old enough. */
  private removable = 0;
  /** Data records read and still in the log with a null value (the cleaner tracks their deletion). */
  private nullValues = 0;

  /** Read the entries of `entries[from…]` below `stable` not read before. */
  readUpToStable(
    entries: readonly (EventOf<'record.appended'> | EventOf<'marker.written'>)[],
    aborted: AbortedIndex,
    from: number,
    stable: number,
  ): void {
    // Binary search for the first entry not read yet (the log may have lost entries below it).
    let i = from;
    let hi = entries.length;
    while (i < hi) {
      const mid = (i + hi) >>> 1;
      if (entries[mid].offset < this.readUpTo) i = mid + 1;
      else hi = mid;
    }
    for (; i < entries.length; i++) {
      const e = entries[i];
      if (e.offset >= stable) break;
      if (e.type !== 'record.appended') continue;
      if (e.record.value === null) this.nullValues++;
      if (aborted.has(e.offset)) this.removable++;
      else if (e.record.key !== null) {
        // One hash lookup, not has() then set(): a key seen before leaves the size as it was.
        const keys = this.latest.size;
        this.latest.set(e.record.key, e.offset);
        if (this.latest.size === keys) this.removable++;
      }
    }
    this.readUpTo = Math.max(this.readUpTo, stable);
  }

  /** True when a full pass could neither remove an entry nor find a tombstone to schedule. */
  get nothingToClean(): boolean {
    return this.removable === 0 && this.nullValues === 0;
  }

  /** Start counting again, during a full pass that looks at every entry (see `countKept`). */
  resetCounts(): void {
    this.removable = 0;
    this.nullValues = 0;
  }

  /** A full pass kept `e` (already read; `aborted`: is it?): count what a later pass may remove. */
  countKept(e: EventOf<'record.appended'>, aborted: boolean): void {
    if (e.offset >= this.readUpTo) return;
    if (e.record.value === null) this.nullValues++;
    if (aborted) this.removable++;
    else if (e.record.key !== null && this.latest.get(e.record.key) !== e.offset) this.removable++;
  }

  /** A full pass removed `e`, the latest record of its key (an expired tombstone). */
  forgetLatest(e: EventOf<'record.appended'>): void {
    if (e.record.key !== null && this.latest.get(e.record.key) === e.offset)
      this.latest.delete(e.record.key);
  }
}
