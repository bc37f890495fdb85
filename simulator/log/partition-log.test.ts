import { describe, expect, it } from 'vitest';
import type { Json, SimRecord } from '../core/types.ts';
import { PartitionLog, type AppendBatch, type AppendResult } from './partition-log.ts';

const rec = (id: number, key: string | null = `k${id}`, value: Json = id): SimRecord => ({
  id,
  key,
  value,
  timestampMs: 0,
});

/** A batch of records with ids `ids` from producer id `pid` (-1: no idempotence). */
function batch(
  pid: number,
  epoch: number,
  baseSequence: number,
  records: SimRecord[],
  transactional = false,
): AppendBatch {
  return {
    producer: `p${pid}`,
    producerId: pid,
    producerEpoch: epoch,
    baseSequence,
    transactional,
    records,
  };
}

const ids = (...list: number[]) => list.map((id) => rec(id));

/** Append and insist it was a fresh append; returns its base offset. */
function appendOk(log: PartitionLog, b: AppendBatch, nowMs = 0): number {
  const result = log.append(b, nowMs);
  if (!result.ok || result.duplicate)
    throw new Error(`expected a fresh append, got ${JSON.stringify(result)}`);
  return result.baseOffset;
}

function errorOf(result: AppendResult): string | null {
  return result.ok ? null : result.error;
}

/** Offsets still in the log, data and markers. */
const offsetsIn = (log: PartitionLog) => log.allEntries().map((e) => e.offset);

describe('PartitionLog offsets', () => {
  it('gives dense offsets from 0 to records and markers alike', () => {
    const log = new PartitionLog('t', 0);
    expect(appendOk(log, batch(-1, -1, -1, ids(1, 2, 3)))).toBe(0);
    expect(appendOk(log, batch(7, 0, 0, ids(4, 5), true))).toBe(3);
    expect(log.writeMarker('p7', 7, 0, true, 0).offset).toBe(5);
    expect(appendOk(log, batch(-1, -1, -1, ids(6)))).toBe(6);
    expect(offsetsIn(log)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(log.logEndOffset).toBe(7);
    expect(log.highWatermark).toBe(7);
  });

  it('appends a resent batch twice for a producer without idempotence', () => {
    const log = new PartitionLog('t', 0);
    appendOk(log, batch(-1, -1, -1, ids(1, 2)));
    appendOk(log, batch(-1, -1, -1, ids(1, 2)));
    expect(log.allEntries().map((e) => e.record?.id)).toEqual([1, 2, 1, 2]);
  });
});

describe('PartitionLog idempotent producer state', () => {
  it('recognises a retry of any of the last five batches and answers with its original base offset', () => {
    const log = new PartitionLog('t', 0);
    for (let i = 0; i < 5; i++) appendOk(log, batch(1, 0, i * 2, ids(2 * i, 2 * i + 1)));
    for (let i = 0; i < 5; i++) {
      expect(log.append(batch(1, 0, i * 2, ids(2 * i, 2 * i + 1)), 0)).toEqual({
        ok: true,
        baseOffset: i * 2,
        duplicate: true,
      });
    }
    expect(log.logEndOffset).toBe(10);
  });

  it('no longer recognises a batch six batches back: it is out of order', () => {
    const log = new PartitionLog('t', 0);
    for (let i = 0; i < 6; i++) appendOk(log, batch(1, 0, i, ids(i)));
    const result = log.append(batch(1, 0, 0, ids(0)), 0);
    expect(result).toMatchObject({
      ok: false,
      error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
      expectedSequence: 6,
    });
    expect(log.logEndOffset).toBe(6);
  });

  it('refuses a batch that skips sequence numbers with OUT_OF_ORDER_SEQUENCE_NUMBER', () => {
    const log = new PartitionLog('t', 0);
    appendOk(log, batch(1, 0, 0, ids(1, 2, 3)));
    const result = log.append(batch(1, 0, 5, ids(6)), 0);
    expect(result).toMatchObject({
      ok: false,
      error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
      expectedSequence: 3,
    });
    expect(log.logEndOffset).toBe(3);
    expect(appendOk(log, batch(1, 0, 3, ids(4)))).toBe(3);
  });

  it('keeps sequence numbers per producer id', () => {
    const log = new PartitionLog('t', 0);
    appendOk(log, batch(1, 0, 0, ids(1, 2)));
    expect(appendOk(log, batch(2, 0, 0, ids(3)))).toBe(2);
    expect(appendOk(log, batch(1, 0, 2, ids(4)))).toBe(3);
  });

  it('makes a new epoch start its sequences at 0', () => {
    const log = new PartitionLog('t', 0);
    appendOk(log, batch(1, 0, 0, ids(1, 2, 3)));
    expect(log.append(batch(1, 1, 3, ids(4)), 0)).toMatchObject({
      ok: false,
      error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
      expectedSequence: 0,
    });
    expect(appendOk(log, batch(1, 1, 0, ids(4)))).toBe(3);
  });

  it('fences an older epoch: PRODUCER_FENCED when transactional, INVALID_PRODUCER_EPOCH otherwise', () => {
    const log = new PartitionLog('t', 0);
    appendOk(log, batch(1, 0, 0, ids(1)));
    appendOk(log, batch(1, 1, 0, ids(2)));
    expect(log.append(batch(1, 0, 1, ids(3), true), 0)).toMatchObject({
      ok: false,
      error: 'PRODUCER_FENCED',
      currentEpoch: 1,
    });
    expect(errorOf(log.append(batch(1, 0, 1, ids(3), false), 0))).toBe('INVALID_PRODUCER_EPOCH');
    expect(log.logEndOffset).toBe(2);
  });

  it('fences older epochs once a marker of a newer epoch is written', () => {
    const log = new PartitionLog('t', 0);
    appendOk(log, batch(1, 0, 0, ids(1), true));
    log.writeMarker('p1', 1, 1, false, 0);
    expect(errorOf(log.append(batch(1, 0, 1, ids(2), true), 0))).toBe('PRODUCER_FENCED');
  });
});

describe('PartitionLog transactions and isolation', () => {
  /** plain 0,1 · txn A (pid 7) 2,3 · plain 4 · txn B (pid 8) 5 · A's records again 6 */
  function interleaved(): PartitionLog {
    const log = new PartitionLog('t', 0);
    appendOk(log, batch(-1, -1, -1, ids(1, 2)));
    appendOk(log, batch(7, 0, 0, ids(3, 4), true));
    appendOk(log, batch(-1, -1, -1, ids(5)));
    appendOk(log, batch(8, 0, 0, ids(6), true));
    appendOk(log, batch(7, 0, 2, ids(7), true));
    return log;
  }

  const fetchIds = (
    log: PartitionLog,
    offset: number,
    isolation: 'read_committed' | 'read_uncommitted',
  ) => {
    const result = log.fetch(offset, 100, isolation);
    return {
      ids: result.records.map((r) => r.id),
      offsets: result.offsets,
      next: result.nextOffset,
    };
  };

  it('puts the last stable offset at the first offset of the earliest open transaction', () => {
    const log = interleaved();
    expect(log.lastStableOffset).toBe(2);
    log.writeMarker('p7', 7, 0, true, 0);
    expect(log.lastStableOffset).toBe(5);
    log.writeMarker('p8', 8, 0, false, 0);
    expect(log.lastStableOffset).toBe(log.highWatermark);
  });

  it('stops a read_committed fetch at the last stable offset, while read_uncommitted reads on', () => {
    const log = interleaved();
    expect(fetchIds(log, 0, 'read_committed')).toEqual({ ids: [1, 2], offsets: [0, 1], next: 2 });
    expect(fetchIds(log, 0, 'read_uncommitted').ids).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives read_committed the committed and plain records but neither aborted records nor markers', () => {
    const log = interleaved();
    log.writeMarker('p7', 7, 0, false, 0); // abort A: offsets 2, 3, 6; marker 7
    log.writeMarker('p8', 8, 0, true, 0); // commit B: offset 5; marker 8
    expect(fetchIds(log, 0, 'read_committed')).toEqual({
      ids: [1, 2, 5, 6],
      offsets: [0, 1, 4, 5],
      next: 9,
    });
  });

  it('gives read_uncommitted the aborted records too, but never the markers', () => {
    const log = interleaved();
    log.writeMarker('p7', 7, 0, false, 0);
    log.writeMarker('p8', 8, 0, true, 0);
    const result = fetchIds(log, 0, 'read_uncommitted');
    expect(result.offsets).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(result.next).toBe(9);
  });

  it('marks the records of a transaction with the outcome of its marker', () => {
    const log = interleaved();
    log.writeMarker('p7', 7, 0, false, 0);
    const status = log.allEntries().map((e) => `${e.offset}:${e.control ?? e.status}`);
    expect(status).toEqual([
      '0:plain',
      '1:plain',
      '2:aborted',
      '3:aborted',
      '4:plain',
      '5:open',
      '6:aborted',
      '7:ABORT',
    ]);
    expect(log.hasOpenTransaction(7)).toBe(false);
    expect(log.hasOpenTransaction(8)).toBe(true);
  });

  it('returns at most maxRecords and resumes right after the last one returned', () => {
    const log = new PartitionLog('t', 0);
    appendOk(log, batch(-1, -1, -1, ids(1, 2, 3, 4, 5)));
    const first = log.fetch(0, 2, 'read_uncommitted');
    expect([first.offsets, first.nextOffset]).toEqual([[0, 1], 2]);
    const rest = log.fetch(first.nextOffset, 10, 'read_uncommitted');
    expect([rest.offsets, rest.nextOffset]).toEqual([[2, 3, 4], 5]);
  });

  it('answers an empty fetch at the log end, and OFFSET_OUT_OF_RANGE past it', () => {
    const log = new PartitionLog('t', 0);
    appendOk(log, batch(-1, -1, -1, ids(1, 2)));
    expect(log.fetch(2, 10, 'read_uncommitted')).toEqual({
      error: null,
      offsets: [],
      records: [],
      nextOffset: 2,
    });
    expect(log.fetch(3, 10, 'read_uncommitted').error).toBe('OFFSET_OUT_OF_RANGE');
  });
});

describe('PartitionLog retention', () => {
  /** Ten plain records, record i appended at time 10·i. */
  function tenRecords(): PartitionLog {
    const log = new PartitionLog('t', 0);
    for (let i = 0; i < 10; i++) appendOk(log, batch(-1, -1, -1, ids(i)), 10 * i);
    return log;
  }

  it('keeps only the newest records beyond the record limit and moves the log start', () => {
    const log = tenRecords();
    expect(log.enforceRetention(100, undefined, 4)).toEqual({
      logStartOffset: 6,
      reason: 'retention.bytes',
    });
    expect(log.logStartOffset).toBe(6);
    expect(offsetsIn(log)).toEqual([6, 7, 8, 9]);
    expect(log.enforceRetention(100, undefined, 4)).toBeNull();
  });

  it('deletes records older than retention.ms but keeps one exactly that old (Kafka: now - ts > retention.ms)', () => {
    const log = tenRecords();
    // At 150, records appended at 0..40 are more than 100 ms old; the one at 50 is exactly 100 ms old.
    expect(log.enforceRetention(150, 100, undefined)).toEqual({
      logStartOffset: 5,
      reason: 'retention.ms',
    });
    expect(offsetsIn(log)).toEqual([5, 6, 7, 8, 9]);
    expect(log.enforceRetention(151, 100, undefined)).toEqual({
      logStartOffset: 6,
      reason: 'retention.ms',
    });
  });

  it('answers OFFSET_OUT_OF_RANGE to a fetch below the log start', () => {
    const log = tenRecords();
    log.enforceRetention(100, undefined, 3);
    expect(log.fetch(0, 10, 'read_uncommitted').error).toBe('OFFSET_OUT_OF_RANGE');
    expect(log.fetch(6, 10, 'read_uncommitted').error).toBe('OFFSET_OUT_OF_RANGE');
    expect(log.fetch(7, 10, 'read_uncommitted').offsets).toEqual([7, 8, 9]);
  });

  it('never deletes past the last stable offset, by records or by time', () => {
    for (const [retentionMs, retentionRecords] of [
      [undefined, 1],
      [1, undefined],
    ] as const) {
      const log = new PartitionLog('t', 0);
      appendOk(log, batch(-1, -1, -1, ids(1, 2)), 0);
      appendOk(log, batch(7, 0, 0, ids(3), true), 0); // open at offset 2
      appendOk(log, batch(-1, -1, -1, ids(4, 5, 6)), 0);
      log.enforceRetention(10_000, retentionMs, retentionRecords);
      expect(log.logStartOffset, `${retentionMs}/${retentionRecords}`).toBe(2);
      log.writeMarker('p7', 7, 0, true, 0);
      log.enforceRetention(10_000, retentionMs, retentionRecords);
      expect(log.logStartOffset).toBeGreaterThan(2);
    }
  });
});

describe('PartitionLog compaction', () => {
  function keyed(entries: [string | null, Json][], nowMs = 0): PartitionLog {
    const log = new PartitionLog('t', 0);
    entries.forEach(([key, value], i) =>
      appendOk(log, batch(-1, -1, -1, [rec(i, key, value)]), nowMs),
    );
    return log;
  }

  it('keeps only the latest record of each key', () => {
    const log = keyed([
      ['a', 1],
      ['b', 1],
      ['a', 2],
      ['c', 1],
      ['b', 2],
    ]);
    expect(log.compact(100, 0, 1000)).toEqual([0, 1]);
    expect(log.allEntries().map((e) => `${e.record!.key}=${e.record!.value}`)).toEqual([
      'a=2',
      'c=1',
      'b=2',
    ]);
    expect(log.logEndOffset).toBe(5);
  });

  it('never compacts keyless records', () => {
    const log = keyed([
      [null, 1],
      [null, 2],
      ['a', 1],
    ]);
    expect(log.compact(100, 0, 1000)).toEqual([]);
  });

  it('keeps a tombstone until delete.retention.ms has passed, then removes it', () => {
    const log = new PartitionLog('t', 0);
    appendOk(log, batch(-1, -1, -1, [rec(1, 'a', 1)]), 0);
    appendOk(log, batch(-1, -1, -1, [rec(2, 'a', null)]), 10);
    expect(log.compact(500, 0, 1000)).toEqual([0]);
    expect(log.allEntries().map((e) => e.offset)).toEqual([1]);
    expect(log.compact(2000, 0, 1000)).toEqual([1]);
    expect(log.size).toBe(0);
  });

  it('does not compact a record younger than min.compaction.lag.ms', () => {
    const log = new PartitionLog('t', 0);
    appendOk(log, batch(-1, -1, -1, [rec(1, 'a', 1)]), 0);
    appendOk(log, batch(-1, -1, -1, [rec(2, 'a', 2)]), 90);
    expect(log.compact(50, 100, 1000)).toEqual([]);
    expect(log.compact(150, 100, 1000)).toEqual([0]);
  });

  it('never touches offsets at or above the last stable offset', () => {
    const log = new PartitionLog('t', 0);
    appendOk(log, batch(-1, -1, -1, [rec(1, 'a', 1)]));
    appendOk(log, batch(7, 0, 0, [rec(2, 'a', 2)], true)); // open: LSO = 1
    appendOk(log, batch(-1, -1, -1, [rec(3, 'a', 3), rec(4, 'a', 4)]));
    expect(log.compact(100, 0, 1000)).toEqual([]);
    expect(offsetsIn(log)).toEqual([0, 1, 2, 3]);
    log.writeMarker('p7', 7, 0, true, 0);
    expect(log.compact(100, 0, 1000)).toEqual([0, 1, 2]);
  });

  it('removes aborted records but keeps the markers', () => {
    const log = new PartitionLog('t', 0);
    appendOk(log, batch(7, 0, 0, [rec(1, 'a', 1)], true));
    log.writeMarker('p7', 7, 0, false, 0);
    expect(log.compact(100, 0, 1000)).toEqual([0]);
    expect(log.allEntries().map((e) => e.control)).toEqual(['ABORT']);
  });

  it('lets a reader skip over compacted-away offsets to the log end', () => {
    const log = keyed([
      ['a', 1],
      ['a', 2],
      ['b', 1],
      ['b', 2],
    ]);
    log.compact(100, 0, 1000);
    const result = log.fetch(0, 10, 'read_committed');
    expect([result.offsets, result.nextOffset]).toEqual([[1, 3], 4]);
  });
});
