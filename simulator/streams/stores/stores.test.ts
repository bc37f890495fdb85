import { describe, expect, it } from 'vitest';
import type { Json } from '../../core/types.ts';
import { compareKeys } from '../key-order.ts';
import { InMemoryKeyValueStore } from './key-value-store.ts';
import { OuterJoinStore } from './outer-join-store.ts';
import type { StoreContext } from './state-store.ts';
import { InMemoryWindowStore } from './window-store.ts';

/** A store context that keeps the changelog a store writes. */
function logging() {
  const log: { key: string; value: Json; timestampMs: number }[] = [];
  const context: StoreContext = {
    onWrite: (key, value, timestampMs) => void log.push({ key, value, timestampMs }),
    currentTimestampMs: () => 42,
  };
  return { log, context };
}

describe('key order', () => {
  it('orders keys by code point, as Kafka orders UTF-8 bytes (not by UTF-16 units)', () => {
    const keys = ['b', '\u{1F600}', 'a', '\uFFFF', 'ab', ''];
    expect([...keys].sort(compareKeys)).toEqual(['', 'a', 'ab', 'b', '\uFFFF', '\u{1F600}']);
  });
});

describe('the key-value store', () => {
  it('answers range, reverse range and prefix scans in key order, and logs every write', () => {
    const { log, context } = logging();
    const store = new InMemoryKeyValueStore('s', true, context);
    for (const k of ['b2', 'a1', 'b1', 'c1']) store.put(k, k.toUpperCase());
    expect(store.range('a1', 'b2').map((e) => e.key)).toEqual(['a1', 'b1', 'b2']);
    expect(store.reverseRange('b2', 'a1').map((e) => e.key)).toEqual(['b2', 'b1', 'a1']);
    expect(store.prefixScan('b').map((e) => e.key)).toEqual(['b1', 'b2']);
    expect(store.putIfAbsent('a1', 'other')).toBe('A1');
    store.delete('c1');
    expect(log.map((w) => [w.key, w.value])).toEqual([
      ['b2', 'B2'],
      ['a1', 'A1'],
      ['b1', 'B1'],
      ['c1', 'C1'],
      ['c1', null],
    ]);
    expect(log[0].timestampMs).toBe(42);
  });

  it('keeps a copy: mutating a value after put changes nothing stored', () => {
    const store = new InMemoryKeyValueStore('s', false, logging().context);
    const value = { n: [1] };
    store.put('k', value);
    value.n.push(2);
    expect(store.get('k')).toEqual({ n: [1] });
  });
});

describe('the window store of a join (duplicates kept)', () => {
  it('keeps every value of one key and time, in arrival order, and restores them from its changelog', () => {
    const { log, context } = logging();
    const store = new InMemoryWindowStore('w', true, context, {
      retentionMs: 10,
      windowSizeMs: 5,
      retainDuplicates: true,
    });
    store.putWithTimestamp('k', 'first', 3, 3);
    store.putWithTimestamp('k', 'second', 3, 3);
    store.putWithTimestamp('k', 'earlier', 1, 1);
    expect(store.fetch('k', 0, 5)).toEqual([
      { timestampMs: 1, value: 'earlier' },
      { timestampMs: 3, value: 'first' },
      { timestampMs: 3, value: 'second' },
    ]);
    const restored = new InMemoryWindowStore('w', true, logging().context, {
      retentionMs: 10,
      windowSizeMs: 5,
      retainDuplicates: true,
    });
    for (const w of log) restored.restore(w.key, w.value, w.timestampMs);
    expect(restored.fetch('k', 0, 5)).toEqual(store.fetch('k', 0, 5));
  });

  it('drops entries once their time is <= its largest time - retention, and refuses older puts', () => {
    const expired: string[] = [];
    const store = new InMemoryWindowStore('w', false, logging().context, {
      retentionMs: 10,
      windowSizeMs: 5,
      retainDuplicates: true,
    });
    store.onExpire = (key, value) => void expired.push(`${key}:${value}`);
    store.putWithTimestamp('k', 'old', 0, 0);
    store.putWithTimestamp('k', 'new', 9, 9);
    expect(expired).toEqual([]);
    store.putWithTimestamp('j', 'later', 10, 10);
    expect(expired).toEqual(['k:old']);
    expect(store.putWithTimestamp('k', 'too-late', 0, 0)).toBe(false);
    expect(store.fetch('k', 0, 20).map((e) => e.value)).toEqual(['new']);
  });
});

describe('the shared outer-join store', () => {
  it('iterates by timestamp, right side before left at equal time, then key; each key keeps a list', () => {
    const store = new OuterJoinStore('o', false, logging().context);
    store.add(5, true, 'b', 'L-b');
    store.add(5, false, 'z', 'R-z');
    store.add(3, true, 'a', 'L-a1');
    store.add(5, true, 'a', 'L-a');
    store.add(3, true, 'a', 'L-a2');
    expect(
      store.entries().map((e) => [e.timestampMs, e.left ? 'L' : 'R', e.key, e.values]),
    ).toEqual([
      [3, 'L', 'a', ['L-a1', 'L-a2']],
      [5, 'R', 'z', ['R-z']],
      [5, 'L', 'a', ['L-a']],
      [5, 'L', 'b', ['L-b']],
    ]);
    expect(store.remove(3, true, 'a')).toBe(true);
    expect(store.remove(3, true, 'a')).toBe(false);
    expect(store.entries()).toHaveLength(3);
  });
});
