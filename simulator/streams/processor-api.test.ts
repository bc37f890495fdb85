import { describe, expect, it } from 'vitest';
import type { Json } from '../core/types.ts';
import { TopologyTestDriver } from './driver/topology-test-driver.ts';
import type { Processor, ProcessorContext } from './processor-api.ts';
import type { KeyValueStore } from './stores/key-value-store.ts';
import { Stores } from './stores/stores.ts';
import type { WindowStore } from './stores/window-store.ts';
import { Topology } from './topology.ts';
import type { RecordMetadata, StreamRecord } from './types.ts';

/** A topology: source "in" -> processor "p" -> sink "out", with the given stores on "p". */
function single(
  processor: () => Processor,
  ...stores: ReturnType<typeof Stores.keyValueStoreBuilder>[]
) {
  const t = new Topology()
    .addSource('src', 'in')
    .addProcessor('p', processor, 'src')
    .addSink('sink', 'out', 'p');
  for (const s of stores) t.addStateStore(s, 'p');
  return t;
}

describe('Processor API state stores', () => {
  it('a processor counts per key in a key-value store, which the driver and the changelog see', () => {
    const counter = (): Processor => {
      let ctx: ProcessorContext;
      let store: KeyValueStore;
      return {
        init(c) {
          ctx = c;
          store = c.getStateStore<KeyValueStore>('counts');
        },
        process(r) {
          const n = ((store.get(r.key!) as number | null) ?? 0) + 1;
          store.put(r.key!, n);
          ctx.forward({ ...r, value: n });
        },
      };
    };
    const driver = new TopologyTestDriver(single(counter, Stores.keyValueStoreBuilder('counts')), {
      applicationId: 'app',
    });
    const input = driver.createInputTopic('in');
    for (const k of ['b', 'a', 'b', 'c']) input.pipeInput(k, 'x', 1);
    expect(driver.createOutputTopic('out').readValuesToList()).toEqual([1, 1, 2, 1]);
    const store = driver.getKeyValueStore('counts')!;
    expect(store.all()).toEqual([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
      { key: 'c', value: 1 },
    ]);
    expect(store.range('a', 'b').map((e) => e.key)).toEqual(['a', 'b']);
    expect(store.delete('b')).toBe(2);
    expect(store.get('b')).toBeNull();
    expect(driver.producedTopicNames()).toContain('app-counts-changelog');
    const changelog = driver.createOutputTopic('app-counts-changelog').readKeyValuesToList();
    expect(changelog.slice(0, 4)).toEqual([
      { key: 'b', value: 1 },
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
      { key: 'c', value: 1 },
    ]);
  });

  it('a window store keeps values per key and window start, fetched by time range', () => {
    const windowed = (): Processor => {
      let store: WindowStore;
      return {
        init: (c) => void (store = c.getStateStore<WindowStore>('w')),
        process: (r) => store.put(r.key!, r.value, r.timestampMs - (r.timestampMs % 10)),
      };
    };
    const topology = new Topology()
      .addSource('src', 'in')
      .addProcessor('p', windowed, 'src')
      .addStateStore(Stores.windowStoreBuilder('w', { retentionMs: 100, windowSizeMs: 10 }), 'p');
    const driver = new TopologyTestDriver(topology);
    const input = driver.createInputTopic('in');
    input.pipeInput('k', 'first', 3);
    input.pipeInput('k', 'second', 17);
    input.pipeInput('k', 'overwrite', 19);
    input.pipeInput('j', 'other', 25);
    const store = driver.getWindowStore('w')!;
    expect(store.fetch('k', 0, 30)).toEqual([
      { timestampMs: 0, value: 'first' },
      { timestampMs: 10, value: 'overwrite' },
    ]);
    expect(store.fetch('k', 10)).toBe('overwrite');
    expect(store.fetch('k', 5, 9)).toEqual([]);
    input.pipeInput('j', 'later', 105); // observed time 100: windows starting <= 0 expire
    expect(store.fetch('k', 0, 30).map((e) => e.timestampMs)).toEqual([10]);
  });
});

describe('punctuation', () => {
  function punctuating(
    type: 'STREAM_TIME' | 'WALL_CLOCK_TIME',
    log: number[],
    cancelAfter = Infinity,
  ): () => Processor {
    return () => ({
      init(c) {
        const handle = c.schedule(10, type, (t) => {
          log.push(t);
          if (log.length >= cancelAfter) handle.cancel();
        });
      },
      process() {},
    });
  }

  it('on stream time: fires as data arrives, at the current stream time, skipping missed intervals', () => {
    const log: number[] = [];
    const driver = new TopologyTestDriver(single(punctuating('STREAM_TIME', log)));
    const input = driver.createInputTopic('in');
    for (const ts of [3, 9, 10, 15, 47, 48, 20]) input.pipeInput('k', 'v', ts);
    expect(log).toEqual([3, 10, 47]);
    driver.advanceWallClockTime(1_000_000);
    expect(log).toEqual([3, 10, 47]);
  });

  it('on wall-clock time: fires when the wall clock passes now + interval, not on data', () => {
    const log: number[] = [];
    const driver = new TopologyTestDriver(single(punctuating('WALL_CLOCK_TIME', log)), {
      initialWallClockTimeMs: 1000,
    });
    driver.createInputTopic('in').pipeInput('k', 'v', 5000);
    expect(log).toEqual([]);
    driver.advanceWallClockTime(9);
    expect(log).toEqual([]);
    driver.advanceWallClockTime(1);
    driver.advanceWallClockTime(25);
    expect(log).toEqual([1010, 1035]);
  });

  it("matches Kafka's TopologyTestDriverTest.shouldPunctuateOnStreamsTime, record by record", () => {
    const log: number[] = [];
    const driver = new TopologyTestDriver(single(punctuating('STREAM_TIME', log)));
    const input = driver.createInputTopic('in');
    const expected: [number, number[]][] = [
      [42, [42]],
      [42, [42]],
      [51, [42, 51]],
      [52, [42, 51]],
      [61, [42, 51, 61]],
      [65, [42, 51, 61]],
      [71, [42, 51, 61, 71]],
      [72, [42, 51, 61, 71]],
      [95, [42, 51, 61, 71, 95]],
      [101, [42, 51, 61, 71, 95, 101]],
      [102, [42, 51, 61, 71, 95, 101]],
    ];
    for (const [ts, after] of expected) {
      input.pipeInput('k', 'v', ts);
      expect(log).toEqual(after);
    }
  });

  it("matches Kafka's TopologyTestDriverTest.shouldPunctuateOnWallClockTime, advance by advance", () => {
    const log: number[] = [];
    const driver = new TopologyTestDriver(single(punctuating('WALL_CLOCK_TIME', log)));
    const expected: [number, number[]][] = [
      [5, []],
      [9, [14]],
      [1, [14]],
      [20, [14, 35]],
      [5, [14, 35, 40]],
    ];
    for (const [advance, after] of expected) {
      driver.advanceWallClockTime(advance);
      expect(log).toEqual(after);
    }
  });

  it('stops once cancelled', () => {
    const log: number[] = [];
    const driver = new TopologyTestDriver(single(punctuating('WALL_CLOCK_TIME', log, 2)));
    for (let i = 0; i < 5; i++) driver.advanceWallClockTime(10);
    expect(log).toEqual([10, 20]);
  });

  it('is traced with its processor and type', () => {
    const driver = new TopologyTestDriver(single(punctuating('STREAM_TIME', [])), {
      recordTrace: true,
    });
    driver.createInputTopic('in').pipeInput('k', 'v', 0);
    expect(driver.trace.filter((e) => e.type === 'punctuation.fired')).toMatchObject([
      { processor: 'p', punctuationType: 'STREAM_TIME', timestampMs: 0, task: '0_0' },
    ]);
  });
});

describe('the processor context', () => {
  it("gives the current record's topic, partition, offset and timestamp, and none in a punctuation", () => {
    const seen: (RecordMetadata | null)[] = [];
    const meta = (): Processor => {
      let ctx: ProcessorContext;
      return {
        init(c) {
          ctx = c;
          c.schedule(100, 'WALL_CLOCK_TIME', () => seen.push(ctx.recordMetadata()));
        },
        process: () => void seen.push(ctx.recordMetadata()),
      };
    };
    const driver = new TopologyTestDriver(single(meta));
    const input = driver.createInputTopic('in');
    input.pipeInput('a', 1, 7);
    input.pipeInput('b', 2, 9);
    driver.advanceWallClockTime(100);
    expect(seen).toEqual([
      { topic: 'in', partition: 0, offset: 0, timestampMs: 7 },
      { topic: 'in', partition: 0, offset: 1, timestampMs: 9 },
      null,
    ]);
  });

  it('forwards to one named child only', () => {
    const router = (): Processor => {
      let ctx: ProcessorContext;
      return {
        init: (c) => void (ctx = c),
        process: (r: StreamRecord<Json>) => ctx.forward(r, r.value === 'even' ? 'evens' : 'odds'),
      };
    };
    const t = new Topology()
      .addSource('src', 'in')
      .addProcessor('router', router, 'src')
      .addSink('evens', 'even-topic', 'router')
      .addSink('odds', 'odd-topic', 'router');
    const driver = new TopologyTestDriver(t);
    const input = driver.createInputTopic('in');
    input.pipeInput('1', 'odd', 1);
    input.pipeInput('2', 'even', 2);
    expect(driver.createOutputTopic('even-topic').readKeyValuesToList()).toEqual([
      { key: '2', value: 'even' },
    ]);
    expect(driver.createOutputTopic('odd-topic').readKeyValuesToList()).toEqual([
      { key: '1', value: 'odd' },
    ]);
  });

  it('refuses a store that is not connected to the processor, naming both', () => {
    const greedy = (): Processor => ({
      init: (c) => void c.getStateStore('elsewhere'),
      process() {},
    });
    const t = new Topology()
      .addSource('src', 'in')
      .addProcessor('p', greedy, 'src')
      .addProcessor('q', () => ({ process() {} }), 'src')
      .addStateStore(Stores.keyValueStoreBuilder('elsewhere'), 'q');
    expect(() => new TopologyTestDriver(t)).toThrow(
      /Processor p has no access to StateStore elsewhere/,
    );
  });
});
