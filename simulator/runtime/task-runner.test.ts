import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng } from '../core/prng.ts';
import { tpKey, type SimRecord, type TopicPartition } from '../core/types.ts';
import type { ActorContext } from '../core/world.ts';
import type { ProcessorContext } from '../streams/processor-api.ts';
import { partitionForKey } from '../log/partitioner.ts';
import { buildTopologyFromSpec } from '../streams/spec/build-from-spec.ts';
import { Topology } from '../streams/topology.ts';
import { checkPropertyOf } from '../test/property.ts';
import { deriveRecordId } from './derive-id.ts';
import { TaskRunner, type FetchedInput } from './task-runner.ts';

const ctx: { -readonly [K in keyof ActorContext]: ActorContext[K] } = {
  now: 0,
  prng: new Prng(1),
  send: () => {},
  setTimer: () => 0,
  cancelTimer: () => {},
  emit: () => {},
  emitStamped: () => {},
};

/** Task 0_1 of a topology that copies topics `a` and `b` to `out` (3 partitions). */
function copyTask(sent: { tp: TopicPartition; record: SimRecord }[]): TaskRunner {
  const topology = buildTopologyFromSpec({
    operators: [
      { op: 'stream', topics: ['a', 'b'] },
      { op: 'to', topic: 'out' },
    ],
  });
  const sources = [
    { topic: 'a', partition: 1 },
    { topic: 'b', partition: 1 },
  ];
  return new TaskRunner(
    '0_1',
    sources,
    [],
    topology,
    'app',
    'i1',
    () => 3,
    (tp, record) => sent.push({ tp, record }),
    ctx,
  );
}

describe('a task runner', () => {
  const name =
    'keeps per partition the offset after the last record processed, in first-processed order, and routes every output with its derived id';
  it(name, () => {
    // Inputs to the task's two partitions, each partition's offsets increasing, keys some null.
    const inputs = fc.array(
      fc.record({
        topic: fc.constantFrom('a', 'b'),
        key: fc.option(fc.constantFrom('k1', 'k2', 'k3', 'k4'), { nil: null }),
        timestampMs: fc.nat({ max: 50 }),
      }),
      { maxLength: 40 },
    );
    checkPropertyOf(
      { file: 'simulator/runtime/task-runner.test.ts', name },
      fc.property(inputs, fc.nat({ max: 5 }), (drawn, split) => {
        const sent: { tp: TopicPartition; record: SimRecord }[] = [];
        const task = copyTask(sent);
        const processed: FetchedInput[] = [];
        task.onProcessed = (input) => processed.push(input as FetchedInput);
        const next = { a: 0, b: 0 };
        const records: FetchedInput[] = drawn.map((r, i) => ({
          id: 1000 + i,
          topic: r.topic,
          partition: 1,
          offset: next[r.topic]++,
          key: r.key,
          value: i,
          timestampMs: r.timestampMs,
        }));
        // Two polls: the consumed entries must carry over from one to the next.
        for (const r of records.slice(0, split)) task.buffer.addRecord(r);
        task.processBuffered();
        for (const r of records.slice(split)) task.buffer.addRecord(r);
        task.processBuffered();

        const model = new Map<string, { tp: TopicPartition; offset: number }>();
        for (const input of processed) {
          const key = tpKey(input.topic, input.partition);
          if (!model.has(key))
            model.set(key, { tp: { topic: input.topic, partition: 1 }, offset: 0 });
          model.get(key)!.offset = input.offset + 1;
        }
        expect([...task.consumed]).toEqual([...model]);

        expect(sent.map(({ tp, record }) => [tp.topic, tp.partition, record])).toEqual(
          processed.map((input) => [
            'out',
            input.key === null ? 1 : partitionForKey(input.key, 3),
            {
              id: deriveRecordId(input.id, 'out', 0),
              key: input.key,
              value: input.value,
              timestampMs: input.timestampMs,
            },
          ]),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("derives the ids a wall-clock punctuation writes from the task and the time, and an input's from the input", () => {
    // Every 10 ms of wall-clock time, two records with keyless values; each input copied through.
    const topology = new Topology()
      .addSource('src', 'a')
      .addProcessor(
        'p',
        () => {
          let context: ProcessorContext;
          return {
            init(c) {
              context = c;
              c.schedule(10, 'WALL_CLOCK_TIME', (t) => {
                context.forward({ key: null, value: t, timestampMs: t });
                context.forward({ key: null, value: -t, timestampMs: t });
              });
            },
            process: (r) => context.forward(r),
          };
        },
        'src',
      )
      .addSink('sink', 'out', 'p');
    const sent: SimRecord[] = [];
    ctx.now = 0;
    const task = new TaskRunner(
      '0_1',
      [{ topic: 'a', partition: 1 }],
      [],
      topology,
      'app',
      'i1',
      () => 3,
      (_, record) => sent.push(record),
      ctx,
    );
    const input: FetchedInput = {
      id: 77,
      topic: 'a',
      partition: 1,
      offset: 0,
      key: null,
      value: 1,
      timestampMs: 3,
    };
    ctx.now = 5;
    task.punctuate(5); // nothing due
    task.buffer.addRecord(input);
    task.processBuffered();
    ctx.now = 12;
    task.punctuate(12); // due at 10
    const second: FetchedInput = { ...input, id: 78, offset: 1 };
    task.buffer.addRecord(second);
    task.processBuffered();
    const tick = deriveRecordId(12, 'punctuate:0_1', 0);
    expect(sent.map((r) => [r.id, r.value])).toEqual([
      [deriveRecordId(77, 'out', 0), 1],
      [deriveRecordId(tick, 'out', 0), 12],
      [deriveRecordId(tick, 'out', 1), -12],
      [deriveRecordId(78, 'out', 0), 1],
    ]);
  });
});
