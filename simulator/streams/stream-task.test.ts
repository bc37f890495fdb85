import { describe, expect, it } from 'vitest';
import type { Json } from '../core/types.ts';
import { StreamsBuilder } from './dsl/streams-builder.ts';
import type { StreamsTraceEvent } from './events.ts';
import { chooseNextPartition, PartitionGroup } from './task/partition-group.ts';
import { StreamTask } from './task/stream-task.ts';
import type { Topology } from './topology.ts';
import { internalTopicsFor, tasksFor } from './tasks.ts';
import type { ChangelogRecord, InputRecord, OutputRecord } from './types.ts';
import { JoinWindows, TimeWindows } from './windows.ts';

/** A host that records everything a task hands it. */
function recordingHost() {
  const host = {
    outputs: [] as OutputRecord[],
    changelog: [] as ChangelogRecord[],
    trace: [] as StreamsTraceEvent[],
    clock: 0,
  };
  return {
    host,
    callbacks: {
      output: (r: OutputRecord) => void host.outputs.push(r),
      changelog: (r: ChangelogRecord) => void host.changelog.push(r),
      trace: (e: StreamsTraceEvent) => void host.trace.push(e),
      wallClockMs: () => host.clock,
    },
  };
}

let offset = 0;
const rec = (
  topic: string,
  key: string | null,
  value: Json,
  timestampMs: number,
  partition = 0,
): InputRecord => ({
  topic,
  partition,
  offset: offset++,
  key,
  value,
  timestampMs,
});

function wordCount(): Topology {
  const b = new StreamsBuilder();
  b.stream('words')
    .groupBy((_k, v) => String(v))
    .count({ storeName: 'counts' })
    .toStream()
    .to('counts-out');
  return b.build();
}

describe('a StreamTask as its host sees it', () => {
  it('runs one sub-topology for one partition, writing to the decorated repartition topic', () => {
    const topology = wordCount();
    const up = recordingHost();
    const upstream = new StreamTask({
      topology,
      config: { applicationId: 'wc' },
      subtopology: 0,
      partition: 1,
      host: up.callbacks,
    });
    expect(upstream.id).toBe('0_1');
    expect(upstream.sourceTopics()).toEqual(['words']);
    upstream.process(rec('words', null, 'kafka', 5, 1));
    expect(up.host.outputs).toEqual([
      {
        topic: 'wc-counts-repartition',
        key: 'kafka',
        value: 'kafka',
        timestampMs: 5,
        processor: 'KSTREAM-SINK-0000000003',
        internal: true,
      },
    ]);

    const down = recordingHost();
    const downstream = new StreamTask({
      topology,
      config: { applicationId: 'wc' },
      subtopology: 1,
      partition: 1,
      host: down.callbacks,
    });
    expect(downstream.sourceTopics()).toEqual(['wc-counts-repartition']);
    const r = up.host.outputs[0];
    downstream.process(rec(r.topic, r.key, r.value, r.timestampMs, 1));
    expect(down.host.outputs.map((o) => [o.topic, o.key, o.value, o.internal])).toEqual([
      ['counts-out', 'kafka', 1, false],
    ]);
    expect(down.host.changelog).toEqual([
      { topic: 'wc-counts-changelog', store: 'counts', key: 'kafka', value: 1, timestampMs: 5 },
    ]);
  });

  it('a new task restored from the changelog carries on where the crashed one stopped', () => {
    const topology = wordCount();
    const first = recordingHost();
    const task = new StreamTask({ topology, subtopology: 1, host: first.callbacks });
    const repartition = 'streams-app-counts-repartition';
    for (const w of ['a', 'b', 'a']) task.process(rec(repartition, w, w, 1));
    // The task crashes: the object is dropped. A new one rebuilds its store from the changelog.
    const second = recordingHost();
    const replacement = new StreamTask({ topology, subtopology: 1, host: second.callbacks });
    for (const c of first.host.changelog)
      replacement.restore(c.store, c.key, c.value, c.timestampMs);
    replacement.process(rec(repartition, 'a', 'a', 2));
    expect(second.host.outputs.map((o) => [o.key, o.value])).toEqual([['a', 3]]);
    expect(second.host.trace.filter((e) => e.type === 'store.restored')).toHaveLength(3);
  });

  it('restores a windowed count and the buffers of a left join, and keeps its promises', () => {
    const b = new StreamsBuilder();
    b.stream('left')
      .leftJoin(b.stream('right'), (l, r) => [l, r], JoinWindows.ofTimeDifferenceWithNoGrace(10))
      .to('joined');
    b.stream('clicks')
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(100))
      .count()
      .toStream()
      .to('counts');
    const topology = b.build();
    const first = recordingHost();
    const task = new StreamTask({ topology, host: first.callbacks });
    task.process(rec('left', 'k', 'A', 10)); // waits for a partner in the outer-join store
    task.process(rec('right', 'j', 'b', 12)); // buffered on the right
    task.process(rec('clicks', 'u', 'x', 50));
    const second = recordingHost();
    const replacement = new StreamTask({ topology, host: second.callbacks });
    for (const c of first.host.changelog)
      replacement.restore(c.store, c.key, c.value, c.timestampMs);
    replacement.process(rec('left', 'j', 'B', 14)); // joins the restored right record
    replacement.process(rec('right', 'z', 'z', 30)); // closes A's window: [A, null] comes out
    replacement.process(rec('clicks', 'u', 'x', 60));
    expect(second.host.outputs.map((o) => [o.topic, o.key, o.value])).toEqual([
      ['joined', 'j', ['B', 'b']],
      ['joined', 'k', ['A', null]],
      ['counts', '[u@0/100]', 2],
    ]);
  });

  it('refuses a record with a negative timestamp or for a topic it does not read', () => {
    const task = new StreamTask({
      topology: wordCount(),
      subtopology: 0,
      host: recordingHost().callbacks,
    });
    expect(() => task.process(rec('words', null, 'x', -1))).toThrow(/invalid timestamp -1/);
    expect(() => task.process(rec('other', null, 'x', 1))).toThrow(
      /Task 0_0 has no source for topic "other"/,
    );
  });

  it('keeps stream time at the largest timestamp it took in', () => {
    const task = new StreamTask({
      topology: wordCount(),
      subtopology: 0,
      host: recordingHost().callbacks,
    });
    expect(task.streamTimeMs).toBe(-1);
    for (const ts of [5, 9, 7]) task.process(rec('words', null, 'x', ts));
    expect(task.streamTimeMs).toBe(9);
  });
});

describe("choosing the next record among a task's partitions", () => {
  it('takes the head with the smallest timestamp, the first partition winning a tie', () => {
    expect(
      chooseNextPartition([{ timestampMs: 5 }, undefined, { timestampMs: 3 }, { timestampMs: 3 }]),
    ).toBe(2);
    expect(chooseNextPartition([undefined, undefined])).toBe(-1);
  });

  it('a partition group hands records out in timestamp order across partitions, FIFO within one', () => {
    const group = new PartitionGroup([
      { topic: 'a', partition: 0 },
      { topic: 'b', partition: 0 },
    ]);
    group.addRecord(rec('a', 'x', 'a1', 10));
    expect(group.allPartitionsBuffered()).toBe(false);
    group.addRecord(rec('a', 'x', 'a2', 1)); // out of order within a: still after a1
    group.addRecord(rec('b', 'x', 'b1', 5));
    expect(group.allPartitionsBuffered()).toBe(true);
    const order: Json[] = [];
    for (let r = group.nextRecord(); r; r = group.nextRecord()) order.push(r.value);
    expect(order).toEqual(['b1', 'a1', 'a2']);
    expect(group.streamTimeMs).toBe(10);
    expect(group.numBuffered).toBe(0);
  });
});

describe('the tasks and internal topics of a topology', () => {
  it('has one task per input partition and sub-topology, and the topics a host must create', () => {
    const topology = wordCount();
    expect(tasksFor(topology, 'wc', { words: 2 })).toEqual([
      { id: '0_0', subtopology: 0, partition: 0, inputs: [{ topic: 'words', partition: 0 }] },
      { id: '0_1', subtopology: 0, partition: 1, inputs: [{ topic: 'words', partition: 1 }] },
      {
        id: '1_0',
        subtopology: 1,
        partition: 0,
        inputs: [{ topic: 'wc-counts-repartition', partition: 0 }],
      },
      {
        id: '1_1',
        subtopology: 1,
        partition: 1,
        inputs: [{ topic: 'wc-counts-repartition', partition: 1 }],
      },
    ]);
    expect(internalTopicsFor(topology, 'wc', { words: 2 })).toEqual([
      { name: 'wc-counts-repartition', partitions: 2, cleanupPolicy: 'delete' },
      { name: 'wc-counts-changelog', partitions: 2, cleanupPolicy: 'compact', store: 'counts' },
    ]);
  });
});
