import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../core/types.ts';
import { checkProperty } from '../../test/property.ts';
import { compareKeys } from '../key-order.ts';
import { windowStoreKey } from './store-keys.ts';
import { InMemoryWindowStore } from './window-store.ts';

/**
 * The window store against a model that keeps every live entry in one list and answers each
 * question by scanning it: random puts (in and out of time order, with nulls, overwrites and
 * duplicates), restores and queries give the same answers, the same changelog writes and the same
 * expiries in the same order. The store's own structures (per-key lists, the expiry queue with its
 * in-order fast path) are what is under test.
 */

const FILE = 'simulator/streams/stores/window-store.property.test.ts';

interface Entry {
  key: string;
  ts: number;
  seq: number;
  order: number;
  value: Json;
  stamp: number;
}

/** Kafka's `InMemoryWindowStore` semantics, as plainly as they can be written. */
class ModelWindowStore {
  entries: Entry[] = [];
  observed = -1;
  seqnum = 0;
  order = 0;
  readonly log: string[] = [];
  readonly expired: string[] = [];

  constructor(
    readonly retentionMs: number,
    readonly retainDuplicates: boolean,
  ) {}

  putWithTimestamp(key: string, value: Json, ts: number, stamp: number): boolean {
    this.observed = Math.max(this.observed, ts);
    if (ts <= this.observed - this.retentionMs) {
      this.expire();
      return false;
    }
    if (value === null && this.retainDuplicates) return true;
    let seq: number | undefined;
    if (this.retainDuplicates) seq = this.seqnum = (this.seqnum + 1) & 0x7fffffff;
    this.write(key, value, ts, seq ?? 0, stamp);
    this.log.push(`${windowStoreKey(key, ts, seq)}=${JSON.stringify(value)}@${stamp}`);
    this.expire();
    return true;
  }

  restore(key: string, value: Json, ts: number, seq: number | undefined, stamp: number): void {
    this.observed = Math.max(this.observed, ts);
    if (ts <= this.observed - this.retentionMs) return;
    if (seq !== undefined) this.seqnum = Math.max(this.seqnum, seq);
    if (value === null && this.retainDuplicates) return;
    this.write(key, value, ts, seq ?? 0, stamp);
    this.expire();
  }

  fetch(key: string, from: number, to: number): { timestampMs: number; value: Json }[] {
    const min = Math.max(from, this.observed - this.retentionMs + 1);
    return this.sorted()
      .filter((e) => e.key === key && e.ts >= min && e.ts <= to)
      .map((e) => ({ timestampMs: e.ts, value: e.value }));
  }

  fetchOne(key: string, ts: number): { value: Json; timestampMs: number } | null {
    if (ts <= this.observed - this.retentionMs) return null;
    // With duplicates, the one put last.
    const e = this.sorted()
      .filter((x) => x.key === key && x.ts === ts)
      .pop();
    return e ? { value: e.value, timestampMs: e.stamp } : null;
  }

  all(windowSizeMs: number) {
    // An entry not yet expired (a null put moves time without expiring) is still not seen.
    return this.entries
      .filter((e) => e.ts > this.observed - this.retentionMs)
      .sort((a, b) => a.ts - b.ts || compareKeys(a.key, b.key) || a.seq - b.seq)
      .map((e) => ({
        key: e.key,
        windowStartMs: e.ts,
        windowEndMs: e.ts + windowSizeMs,
        value: e.value,
      }));
  }

  private write(key: string, value: Json, ts: number, seq: number, stamp: number): void {
    if (!this.retainDuplicates) {
      const i = this.entries.findIndex((e) => e.key === key && e.ts === ts);
      if (i >= 0) {
        if (value === null) this.entries.splice(i, 1);
        else Object.assign(this.entries[i], { value, stamp });
        return;
      }
    }
    if (value === null) return;
    this.entries.push({ key, ts, seq, order: this.order++, value, stamp });
  }

  private sorted(): Entry[] {
    return [...this.entries].sort((a, b) => a.ts - b.ts || a.order - b.order);
  }

  private expire(): void {
    const limit = this.observed - this.retentionMs;
    for (const e of this.sorted()) {
      if (e.ts > limit) break;
      this.entries.splice(this.entries.indexOf(e), 1);
      this.expired.push(`${e.key}:${JSON.stringify(e.value)}@${e.ts}/${this.observed}`);
    }
  }
}

const opArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant('put' as const),
      key: fc.constantFrom('a', 'b', 'c', 'd'),
      value: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(null)),
      // Mostly moving forward in time, as records do; sometimes late, sometimes far ahead.
      dt: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) },
        { weight: 2, arbitrary: fc.integer({ min: -15, max: -1 }) },
        { weight: 1, arbitrary: fc.integer({ min: 4, max: 30 }) },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('restore' as const),
      key: fc.constantFrom('a', 'b', 'e'),
      value: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(null)),
      dt: fc.integer({ min: -10, max: 5 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('fetch' as const),
      key: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      value: fc.constant(null),
      dt: fc.integer({ min: -25, max: 5 }),
    }),
  },
);

const caseArb = fc.record({
  retentionMs: fc.integer({ min: 1, max: 20 }),
  retainDuplicates: fc.boolean(),
  ops: fc.array(opArb, { maxLength: 150, size: 'max' }),
});

describe('the window store', () => {
  it('answers, logs and expires as a list of all its entries would', () => {
    checkProperty(
      { file: FILE, name: 'answers, logs and expires as a list of all its entries would' },
      caseArb,
      (c) => {
        const model = new ModelWindowStore(c.retentionMs, c.retainDuplicates);
        const log: string[] = [];
        const expired: string[] = [];
        const store = new InMemoryWindowStore(
          'w',
          true,
          {
            onWrite: (key, value, stamp) =>
              void log.push(`${key}=${JSON.stringify(value)}@${stamp}`),
            currentTimestampMs: () => 0,
          },
          { retentionMs: c.retentionMs, windowSizeMs: 5, retainDuplicates: c.retainDuplicates },
        );
        store.onExpire = (key, value, ts, streamTime) =>
          void expired.push(`${key}:${JSON.stringify(value)}@${ts}/${streamTime}`);
        let now = 20;
        let restores = 0;
        for (const op of c.ops) {
          const ts = Math.max(0, now + op.dt);
          if (op.op === 'put') {
            now = Math.max(now, ts);
            const stamp = ts + 1000;
            expect(store.putWithTimestamp(op.key, op.value, ts, stamp)).toBe(
              model.putWithTimestamp(op.key, op.value, ts, stamp),
            );
          } else if (op.op === 'restore') {
            // A changelog record from elsewhere (a sequence number far ahead, for duplicates).
            const seq = c.retainDuplicates ? 1000 + restores++ : undefined;
            store.restore(windowStoreKey(op.key, ts, seq), op.value, ts + 2000);
            model.restore(op.key, op.value, ts, seq, ts + 2000);
          } else {
            expect(store.fetch(op.key, ts, ts + 12)).toEqual(model.fetch(op.key, ts, ts + 12));
            expect(store.backwardFetch(op.key, ts, ts + 12)).toEqual(
              model.fetch(op.key, ts, ts + 12).reverse(),
            );
            expect(store.fetchWithTimestamp(op.key, ts)).toEqual(model.fetchOne(op.key, ts));
          }
          expect(store.size).toBe(model.entries.length);
        }
        expect(log).toEqual(model.log);
        expect(expired).toEqual(model.expired);
        expect(store.all()).toEqual(model.all(5));
        expect(store.streamTimeMs).toBe(model.observed);
      },
      { numRuns: 200 },
    );
  });
});
