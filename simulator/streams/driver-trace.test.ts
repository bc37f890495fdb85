import { describe, expect, it } from 'vitest';
import { TopologyTestDriver, type TestDriverConfig } from './driver/topology-test-driver.ts';
import { StreamsBuilder } from './dsl/streams-builder.ts';
import type { StreamsTraceEvent } from './events.ts';
import { JoinWindows } from './windows.ts';

/** A left join piped with a match, a record left waiting, and one that outlives its window. */
function pipeLeftJoin(config: TestDriverConfig) {
  const b = new StreamsBuilder();
  b.stream('left')
    .leftJoin(b.stream('right'), (l, r) => [l, r], JoinWindows.ofTimeDifferenceWithNoGrace(10))
    .to('out');
  const driver = new TopologyTestDriver(b.build(), { outerJoinEmitIntervalMs: 0, ...config });
  const left = driver.createInputTopic('left');
  const right = driver.createInputTopic('right');
  left.pipeInput('k', 'A', 100);
  right.pipeInput('k', 'a', 105);
  left.pipeInput('z', 'Z', 110);
  right.pipeInput('y', 'y', 200);
  return { driver, out: driver.createOutputTopic('out').readKeyValuesToList() };
}

describe('the test driver and the trace', () => {
  it('keeps no trace unless asked, and its outputs do not depend on it', () => {
    const quiet = pipeLeftJoin({});
    const traced = pipeLeftJoin({ recordTrace: true });
    expect(quiet.driver.trace).toEqual([]);
    expect(traced.driver.trace.length).toBeGreaterThan(8);
    expect(quiet.out).toEqual(traced.out);
    expect(quiet.out).toEqual([
      { key: 'k', value: ['A', 'a'] },
      { key: 'z', value: ['Z', null] },
    ]);
  });

  it('hands a listener the very events it records', () => {
    const heard: StreamsTraceEvent[] = [];
    const both = pipeLeftJoin({ recordTrace: true, onTrace: (e) => heard.push(e) });
    const listenerOnly: StreamsTraceEvent[] = [];
    const quiet = pipeLeftJoin({ onTrace: (e) => listenerOnly.push(e) });
    expect(heard).toEqual(both.driver.trace);
    expect(listenerOnly).toEqual(both.driver.trace);
    expect(quiet.driver.trace).toEqual([]);
    expect(new Set(heard.map((e) => e.type))).toEqual(
      new Set([
        'record.processed',
        'store.put',
        'join.buffered',
        'join.nonMatchBuffered',
        'join.nonMatchCancelled',
        'join.matched',
        'join.nonMatchEmitted',
        'join.expired',
        'record.emitted',
      ]),
    );
  });
});
