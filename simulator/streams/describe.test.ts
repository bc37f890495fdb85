import { describe, expect, it } from 'vitest';
import { StreamsBuilder } from './dsl/streams-builder.ts';
import { JoinWindows } from './windows.ts';

describe('topology.describe()', () => {
  it("prints a one-sub-topology pipeline in Kafka's text form", () => {
    const b = new StreamsBuilder();
    b.stream('input')
      .filter((_k, v) => v !== null)
      .to('output');
    expect(b.build().describe().toString()).toBe(
      [
        'Topologies:',
        '   Sub-topology: 0',
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [input])',
        '      --> KSTREAM-FILTER-0000000001',
        '    Processor: KSTREAM-FILTER-0000000001 (stores: [])',
        '      --> KSTREAM-SINK-0000000002',
        '      <-- KSTREAM-SOURCE-0000000000',
        '    Sink: KSTREAM-SINK-0000000002 (topic: output)',
        '      <-- KSTREAM-FILTER-0000000001',
        '',
        '',
      ].join('\n'),
    );
  });

  it("splits the WordCount tutorial at its repartition topic, with Kafka's generated names", () => {
    const b = new StreamsBuilder();
    b.stream('streams-plaintext-input')
      .flatMapValues((v) => String(v).toLowerCase().split(' '))
      .groupBy((_k, v) => v as string)
      .count({ storeName: 'counts-store' })
      .toStream()
      .to('streams-wordcount-output');
    const { subtopologies } = b.build().describe();
    expect(subtopologies).toEqual([
      {
        id: 0,
        nodes: [
          {
            type: 'source',
            name: 'KSTREAM-SOURCE-0000000000',
            topics: ['streams-plaintext-input'],
            successors: ['KSTREAM-FLATMAPVALUES-0000000001'],
            predecessors: [],
          },
          {
            type: 'processor',
            name: 'KSTREAM-FLATMAPVALUES-0000000001',
            stores: [],
            successors: ['KSTREAM-KEY-SELECT-0000000002'],
            predecessors: ['KSTREAM-SOURCE-0000000000'],
          },
          {
            type: 'processor',
            name: 'KSTREAM-KEY-SELECT-0000000002',
            stores: [],
            successors: ['KSTREAM-FILTER-0000000005'],
            predecessors: ['KSTREAM-FLATMAPVALUES-0000000001'],
          },
          {
            type: 'processor',
            name: 'KSTREAM-FILTER-0000000005',
            stores: [],
            successors: ['KSTREAM-SINK-0000000004'],
            predecessors: ['KSTREAM-KEY-SELECT-0000000002'],
          },
          {
            type: 'sink',
            name: 'KSTREAM-SINK-0000000004',
            topic: 'counts-store-repartition',
            successors: [],
            predecessors: ['KSTREAM-FILTER-0000000005'],
          },
        ],
      },
      {
        id: 1,
        nodes: [
          {
            type: 'source',
            name: 'KSTREAM-SOURCE-0000000006',
            topics: ['counts-store-repartition'],
            successors: ['KSTREAM-AGGREGATE-0000000003'],
            predecessors: [],
          },
          {
            type: 'processor',
            name: 'KSTREAM-AGGREGATE-0000000003',
            stores: ['counts-store'],
            successors: ['KTABLE-TOSTREAM-0000000007'],
            predecessors: ['KSTREAM-SOURCE-0000000006'],
          },
          {
            type: 'processor',
            name: 'KTABLE-TOSTREAM-0000000007',
            stores: [],
            successors: ['KSTREAM-SINK-0000000008'],
            predecessors: ['KSTREAM-AGGREGATE-0000000003'],
          },
          {
            type: 'sink',
            name: 'KSTREAM-SINK-0000000008',
            topic: 'streams-wordcount-output',
            successors: [],
            predecessors: ['KTABLE-TOSTREAM-0000000007'],
          },
        ],
      },
    ]);
  });

  it("names a table's store after its topic and shows a stream-table join reading it", () => {
    const b = new StreamsBuilder();
    const users = b.table('users');
    b.stream('clicks')
      .leftJoin(users, (l, r) => [l, r])
      .to('enriched');
    const text = b.build().describe().toString();
    expect(text).toContain(
      'Processor: KTABLE-SOURCE-0000000002 (stores: [users-STATE-STORE-0000000000])',
    );
    expect(text).toContain(
      'Processor: KSTREAM-LEFTJOIN-0000000004 (stores: [users-STATE-STORE-0000000000])',
    );
    expect(b.build().subtopologies()).toHaveLength(1);
  });

  it('puts both sides of a stream-stream join in one sub-topology with their window stores and the shared store', () => {
    const b = new StreamsBuilder();
    b.stream('left')
      .outerJoin(b.stream('right'), (l, r) => [l, r], JoinWindows.ofTimeDifferenceWithNoGrace(5))
      .to('out');
    const [sub] = b.build().describe().subtopologies;
    const processors = sub.nodes.filter((n) => n.type === 'processor');
    expect(processors.map((n) => [n.name, n.type === 'processor' ? n.stores : []])).toEqual([
      ['KSTREAM-WINDOWED-0000000002', ['KSTREAM-OUTERTHIS-0000000004-store']],
      ['KSTREAM-WINDOWED-0000000003', ['KSTREAM-OUTEROTHER-0000000005-store']],
      [
        'KSTREAM-OUTEROTHER-0000000005',
        ['KSTREAM-OUTERTHIS-0000000004-store', 'KSTREAM-OUTERSHARED-0000000004-store'],
      ],
      [
        'KSTREAM-OUTERTHIS-0000000004',
        ['KSTREAM-OUTEROTHER-0000000005-store', 'KSTREAM-OUTERSHARED-0000000004-store'],
      ],
      ['KSTREAM-MERGE-0000000006', []],
    ]);
  });

  it('numbers independent pipelines as separate sub-topologies, in source-name order', () => {
    const b = new StreamsBuilder();
    b.stream('a').to('a-out');
    b.stream('b').to('b-out');
    const subs = b.build().describe().subtopologies;
    expect(subs.map((s) => [s.id, s.nodes[0].name])).toEqual([
      [0, 'KSTREAM-SOURCE-0000000000'],
      [1, 'KSTREAM-SOURCE-0000000002'],
    ]);
  });
});
