import { describe, expect, it } from 'vitest';
import { TopologyTestDriver } from './driver/topology-test-driver.ts';
import { WrittenRecords } from './driver/written-records.ts';
import { StreamsBuilder } from './dsl/streams-builder.ts';
import { pairJoiner } from './test-helpers.ts';
import { JoinWindows } from './windows.ts';

describe('what the driver captured of a topic', () => {
  it('reads back oldest first, one at a time or all at once, with headers and windows where they were', () => {
    const q = new WrittenRecords();
    q.push('a', 1, 10);
    q.push('[b@0/5]', 2, 11, { window: { key: 'b', startMs: 0, endMs: 5 } });
    q.push('c', null, 12, { headers: { trace: 'x' } });
    q.push('d', [4], 13, {});
    expect(q.size).toBe(4);
    expect(q.shift()).toEqual({ key: 'a', value: 1, timestampMs: 10 });
    expect(q.takeAll()).toEqual([
      { key: '[b@0/5]', value: 2, timestampMs: 11, window: { key: 'b', startMs: 0, endMs: 5 } },
      { key: 'c', value: null, timestampMs: 12, headers: { trace: 'x' } },
      { key: 'd', value: [4], timestampMs: 13 },
    ]);
    expect(q.size).toBe(0);
    expect(q.shift()).toBeUndefined();
  });

  it('keeps each record its own extras after the queue empties and fills again', () => {
    const q = new WrittenRecords();
    q.push('a', 1, 1, { headers: { h: '1' } });
    expect(q.shift()).toEqual({ key: 'a', value: 1, timestampMs: 1, headers: { h: '1' } });
    q.push('b', 2, 2);
    q.push('c', 3, 3, { headers: { h: '3' } });
    expect(q.shift()).toEqual({ key: 'b', value: 2, timestampMs: 2 });
    expect(q.takeAll()).toEqual([{ key: 'c', value: 3, timestampMs: 3, headers: { h: '3' } }]);
  });

  it('stays in order and keeps extras in place while read one at a time past its compaction', () => {
    const q = new WrittenRecords();
    for (let i = 0; i < 3000; i++)
      q.push(`k${i}`, i, i, i % 7 === 0 ? { headers: { n: String(i) } } : undefined);
    for (let i = 0; i < 2500; i++) {
      const r = q.shift()!;
      expect(r.key).toBe(`k${i}`);
      expect(r.headers).toEqual(i % 7 === 0 ? { n: String(i) } : undefined);
      if (i === 1999) q.push('late', -1, -1, { headers: { late: 'yes' } });
    }
    const rest = q.takeAll();
    expect(rest).toHaveLength(501);
    expect(rest[0]).toEqual({ key: 'k2500', value: 2500, timestampMs: 2500 });
    expect(rest[500]).toEqual({
      key: 'late',
      value: -1,
      timestampMs: -1,
      headers: { late: 'yes' },
    });
    expect(rest.filter((r) => r.headers && r.key !== 'late').map((r) => r.value)).toEqual(
      Array.from({ length: 500 }, (_, j) => 2500 + j).filter((v) => v % 7 === 0),
    );
  });

  it('encodes a window-store key kept in parts when it is read, among plain keys, past compaction', () => {
    const q = new WrittenRecords();
    q.push('plain', 0, 0);
    for (let i = 1; i < 3000; i++) {
      if (i % 5 === 0) q.push(`p${i}`, i, i);
      else q.pushWindowed(`k${i}`, i * 10, i % 2 === 0 ? i : undefined, i, i);
    }
    const expected = (i: number) =>
      i === 0
        ? 'plain'
        : i % 5 === 0
          ? `p${i}`
          : i % 2 === 0
            ? `k${i}@${i * 10}#${i}`
            : `k${i}@${i * 10}`;
    for (let i = 0; i < 2500; i++) expect(q.shift()!.key).toBe(expected(i));
    q.pushWindowed('late', 0, 7, 'v', 1);
    const rest = q.takeAll();
    expect(rest.slice(0, 500).map((r) => r.key)).toEqual(
      Array.from({ length: 500 }, (_, j) => expected(2500 + j)),
    );
    expect(rest[500]).toEqual({ key: 'late@0#7', value: 'v', timestampMs: 1 });
    q.push('again', 1, 1);
    expect(q.takeAll()).toEqual([{ key: 'again', value: 1, timestampMs: 1 }]);
  });
});

describe('the changelog of a join buffer, read back from the driver', () => {
  function join(recordTrace: boolean) {
    const b = new StreamsBuilder();
    b.stream('left')
      .join(b.stream('right'), pairJoiner, JoinWindows.ofTimeDifferenceWithNoGrace(10))
      .to('out');
    const driver = new TopologyTestDriver(b.build(), { applicationId: 'app', recordTrace });
    const left = driver.createInputTopic('left');
    const right = driver.createInputTopic('right');
    for (let t = 0; t < 40; t++) (t % 3 === 0 ? right : left).pipeInput(`k${t % 4}`, t, t);
    return driver;
  }

  it('holds the same records whether or not the driver keeps a trace (keys encoded late or at once)', () => {
    const quiet = join(false);
    const traced = join(true);
    const names = quiet.producedTopicNames();
    expect(names).toEqual(traced.producedTopicNames());
    const changelogs = names.filter((n) => n.endsWith('-changelog'));
    expect(changelogs).toHaveLength(2);
    for (const name of names)
      expect(quiet.createOutputTopic(name).readRecordsToList()).toEqual(
        traced.createOutputTopic(name).readRecordsToList(),
      );
    // The first changelog written is the right side's buffer (right gets t = 0, 3, 6, ...).
    const right = join(false).createOutputTopic(changelogs[0]).readRecordsToList();
    expect(right.map((r) => r.key)).toEqual(
      Array.from({ length: 14 }, (_, i) => `k${(3 * i) % 4}@${3 * i}#${i + 1}`),
    );
  });
});
