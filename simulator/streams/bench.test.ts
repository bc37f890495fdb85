import { describe, expect, it } from 'vitest';
import { benchDriverJoin } from './bench.ts';
import { TopologyTestDriver } from './driver/topology-test-driver.ts';
import { StreamsBuilder } from './dsl/streams-builder.ts';
import type { InMemoryWindowStore } from './stores/window-store.ts';
import type { OuterJoinStore } from './stores/outer-join-store.ts';
import { JoinWindows } from './windows.ts';

describe('the join benchmark', () => {
  it('is deterministic: the same seed gives the same counts', () => {
    const a = benchDriverJoin(20_000, { seed: 7 });
    expect(a).toEqual(benchDriverJoin(20_000, { seed: 7 }));
    expect(a.records).toBe(20_000);
    // Every left record comes out, joined or not, except those whose window is still open at the end.
    expect(a.outputs).toBeGreaterThan(9_900);
  });

  it('keeps join buffers bounded by the retention, however many records pass', () => {
    const b = new StreamsBuilder();
    b.stream('left')
      .leftJoin(b.stream('right'), (l, r) => [l, r], JoinWindows.ofTimeDifferenceAndGrace(50, 10))
      .to('out');
    const driver = new TopologyTestDriver(b.build());
    const left = driver.createInputTopic('left');
    const right = driver.createInputTopic('right');
    for (let i = 0; i < 10_000; i++) (i % 2 ? left : right).pipeInput(`k${i % 97}`, i, i);
    const thisBuffer = driver.getStateStore(
      'KSTREAM-JOINTHIS-0000000004-store',
    ) as InMemoryWindowStore;
    const shared = driver.getStateStore('KSTREAM-OUTERSHARED-0000000004-store') as OuterJoinStore;
    // Retention is 50 + 50 + 10 = 110 ms of stream time; one left record arrives every 2 ms.
    expect(thisBuffer.size).toBeLessThanOrEqual(56);
    expect(shared.size).toBeLessThanOrEqual(70);
    expect(driver.createOutputTopic('out').getQueueSize()).toBeGreaterThan(4_900);
  });
});
