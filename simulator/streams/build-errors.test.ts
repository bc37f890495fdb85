import { describe, expect, it } from 'vitest';
import { StreamsBuilder } from './dsl/streams-builder.ts';
import { buildTopologyFromSpec } from './spec/build-from-spec.ts';
import { driveSpec } from './spec/drive-spec.ts';
import { Stores } from './stores/stores.ts';
import type { TopologySpecInput } from './topology-schema.ts';
import { Topology } from './topology.ts';
import { JoinWindows } from './windows.ts';

const noop = () => ({ process() {} });

describe('Processor API build errors', () => {
  it('refuses a parent that was not added yet', () => {
    expect(() => new Topology().addSource('src', 'in').addProcessor('p', noop, 'nope')).toThrow(
      'Invalid topology: Parent processor nope is not added yet for p.',
    );
  });

  it('refuses a duplicate node name and a topic read by two sources', () => {
    expect(() => new Topology().addSource('src', 'a').addSource('src', 'b')).toThrow(
      'Processor src is already added.',
    );
    expect(() => new Topology().addSource('s1', 'a').addSource('s2', 'a')).toThrow(
      /Topic a has already been registered by another source/,
    );
  });

  it('refuses to connect a store that has not been added', () => {
    const t = new Topology().addSource('src', 'in').addProcessor('p', noop, 'src');
    expect(() => t.connectProcessorAndStateStores('p', 'missing')).toThrow(
      'Invalid topology: StateStore missing is not added yet.',
    );
  });

  it('refuses a store for a processor that does not exist, or for a source', () => {
    const t = new Topology().addSource('src', 'in');
    expect(() => t.addStateStore(Stores.keyValueStoreBuilder('s'), 'ghost')).toThrow(
      'Processor ghost is not added yet.',
    );
    expect(() =>
      new Topology().addSource('src', 'in').addStateStore(Stores.keyValueStoreBuilder('s'), 'src'),
    ).toThrow(/only processors can use state stores/);
  });

  it('in the DSL, refuses process() with a store never added to the builder', () => {
    const b = new StreamsBuilder();
    expect(() => b.stream('in').process(noop, 'counts')).toThrow(
      'StateStore counts is not added yet.',
    );
    b.addStateStore(Stores.keyValueStoreBuilder('counts'));
    expect(() => b.stream('in2').process(noop, 'counts')).not.toThrow();
  });
});

describe('co-partitioning', () => {
  it('refuses to join streams whose topics have different partition counts', () => {
    const b = new StreamsBuilder();
    b.stream('orders')
      .join(b.stream('payments'), (l, r) => [l, r], JoinWindows.ofTimeDifferenceWithNoGrace(10))
      .to('out');
    expect(() => b.build({ partitions: { orders: 2, payments: 3 } })).toThrow(
      /Topics not co-partitioned: \[orders,payments\] \(orders has 2, payments has 3 partitions\)/,
    );
    expect(() => b.build({ partitions: { orders: 3, payments: 3 } })).not.toThrow();
  });

  it('accepts a repartitioned side whatever its source topic, since the repartition topic adopts the count', () => {
    const b = new StreamsBuilder();
    const users = b.table('users');
    b.stream('clicks')
      .selectKey((_k, v) => String(v))
      .join(users, (l, r) => [l, r])
      .to('out');
    expect(() => b.build({ partitions: { clicks: 7, users: 3 } })).not.toThrow();
  });

  it('names a source topic missing from the partitions map', () => {
    const b = new StreamsBuilder();
    b.stream('orders').to('out');
    expect(() => b.build({ partitions: {} })).toThrow(
      /source topic "orders" has no partition count/,
    );
  });
});

describe('topology spec errors', () => {
  const build = (spec: TopologySpecInput) => () => buildTopologyFromSpec(spec);

  it('names an operator that uses a topic missing from the declared topics', () => {
    expect(
      build({
        topics: [{ name: 'orders' }],
        operators: [
          { op: 'stream', topics: ['orders'] },
          { op: 'to', topic: 'ordrs-out' },
        ],
      }),
    ).toThrow('operators[1] (to): topic "ordrs-out" is not declared in topics (declared: orders)');
  });

  it('reports declared partition counts that break a join', () => {
    expect(
      build({
        topics: [{ name: 'a', partitions: 2 }, { name: 'b', partitions: 4 }, { name: 'out' }],
        operators: [
          { op: 'stream', topics: ['a'], as: 'a' },
          { op: 'stream', topics: ['b'], as: 'b' },
          {
            op: 'join',
            from: 'a',
            with: 'b',
            joiner: { fn: 'pair' },
            windows: { timeDifferenceMs: 5 },
          },
          { op: 'to', topic: 'out' },
        ],
      }),
    ).toThrow(/topics: Invalid topology: Topics not co-partitioned: \[a,b\]/);
  });

  it('names an unknown input and lists the known ones', () => {
    expect(
      build({
        operators: [
          { op: 'stream', topics: ['a'], as: 'a' },
          { op: 'to', from: 'x', topic: 'o' },
        ],
      }),
    ).toThrow('operators[1] (to): "x" is not the name of an earlier operator (known: a)');
  });

  it('explains an operator applied to the wrong kind of input', () => {
    expect(build({ operators: [{ op: 'stream', topics: ['a'] }, { op: 'count' }] })).toThrow(
      'operators[1] (count): count needs a grouped stream (groupByKey, groupBy, windowedBy), but its input is a stream',
    );
    expect(
      build({
        operators: [
          { op: 'stream', topics: ['a'] },
          { op: 'groupByKey' },
          { op: 'count' },
          { op: 'suppress', until: 'windowCloses' },
        ],
      }),
    ).toThrow(/operators\[3\] \(suppress\): .*needs a windowed table/);
  });

  it('requires windows for a stream-stream join and refuses them for a stream-table join', () => {
    const streams: TopologySpecInput['operators'] = [
      { op: 'stream', topics: ['a'], as: 'a' },
      { op: 'stream', topics: ['b'], as: 'b' },
    ];
    expect(
      build({
        operators: [...streams, { op: 'join', from: 'a', with: 'b', joiner: { fn: 'pair' } }],
      }),
    ).toThrow(/needs windows/);
    expect(
      build({
        operators: [
          { op: 'stream', topics: ['a'], as: 'a' },
          { op: 'table', topic: 't', as: 't' },
          {
            op: 'join',
            from: 'a',
            with: 't',
            joiner: { fn: 'pair' },
            windows: { timeDifferenceMs: 1 },
          },
        ],
      }),
    ).toThrow(/a stream-table join takes no windows/);
  });

  it('reports schema errors with the path of the bad field', () => {
    expect(
      build({
        operators: [
          { op: 'stream', topics: ['a'] },
          { op: 'filter', predicate: { fn: 'fieldEquals', feild: 'x', value: 1 } as never },
        ],
      }),
    ).toThrow(/operators\[1\]\.predicate/);
  });

  it('refuses two stores with the same name', () => {
    expect(
      build({
        operators: [
          { op: 'table', topic: 'a', storeName: 's' },
          { op: 'table', topic: 'b', storeName: 's' },
        ],
      }),
    ).toThrow('operators[1] (table): Invalid topology: StateStore s is already added.');
  });

  it('refuses inputs for a topic the topology does not read', () => {
    expect(() =>
      driveSpec({
        topology: {
          operators: [
            { op: 'stream', topics: ['a'] },
            { op: 'to', topic: 'out' },
          ],
        },
        inputs: [{ topic: 'b', key: 'k', value: 1, timestampMs: 0 }],
      }),
    ).toThrow('inputs[0].topic: "b" is not read by the topology (it reads a)');
  });
});
