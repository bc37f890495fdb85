import { Prng } from '../core/prng.ts';
import { TopologyTestDriver } from './driver/topology-test-driver.ts';
import { StreamsBuilder } from './dsl/streams-builder.ts';
import { JoinWindows } from './windows.ts';

/** What one benchmark run did (the caller times it: the engine never reads a clock). */
export interface JoinBenchResult {
  /** Records piped in. */
  readonly records: number;
  /** Join results produced. */
  readonly outputs: number;
  /** Trace events produced. */
  readonly traceEvents: number;
}

/**
 * A windowed left join of two streams through the `TopologyTestDriver`: `records` records,
 * alternating sides, over `keys` keys, timestamps rising by 1 ms with up to 20 ms of seeded
 * disorder, joined within 100 ms with 20 ms of grace. Buffers are indexed by key then time, so the
 * cost grows with the records and their matches, not with everything buffered.
 */
export function benchDriverJoin(
  records: number,
  options: { keys?: number; seed?: number } = {},
): JoinBenchResult {
  const keys = options.keys ?? 1000;
  const prng = new Prng(options.seed ?? 1);
  const b = new StreamsBuilder();
  b.stream('left')
    .leftJoin(b.stream('right'), (l, r) => [l, r], JoinWindows.ofTimeDifferenceAndGrace(100, 20))
    .to('out');
  let traceEvents = 0;
  const driver = new TopologyTestDriver(b.build(), { onTrace: () => void traceEvents++ });
  const left = driver.createInputTopic('left');
  const right = driver.createInputTopic('right');
  const out = driver.createOutputTopic('out');
  let outputs = 0;
  for (let i = 0; i < records; i++) {
    const ts = Math.max(0, i - prng.int(21));
    const key = `k${prng.int(keys)}`;
    (i % 2 === 0 ? left : right).pipeInput(key, i, ts);
    if (i % 1024 === 0) outputs += out.readRecordsToList().length;
  }
  outputs += out.readRecordsToList().length;
  return { records, outputs, traceEvents };
}
