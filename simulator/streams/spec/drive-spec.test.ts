import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { topologySpecSchema, type TopologySpecInput } from '../topology-schema.ts';
import { buildTopologyFromSpec } from './build-from-spec.ts';
import { driveSpec, driveSpecSchema, type DriveSpecInput } from './drive-spec.ts';

const wordCount: TopologySpecInput = {
  topics: [{ name: 'lines' }, { name: 'counts' }],
  operators: [
    { op: 'stream', topics: ['lines'] },
    { op: 'flatMapValues', mapper: { fn: 'splitArray' } },
    { op: 'groupBy', key: { fn: 'valueAsKey' } },
    { op: 'count', storeName: 'word-counts' },
    { op: 'toStream' },
    { op: 'to', topic: 'counts' },
  ],
};

describe('driveSpec', () => {
  it('runs a word count through a repartition topic and returns the outputs and the store', () => {
    const result = driveSpec({
      topology: wordCount,
      inputs: [
        { topic: 'lines', value: ['to', 'be'], timestampMs: 1 },
        { topic: 'lines', value: ['or', 'not', 'to', 'be'], timestampMs: 2 },
      ],
    });
    expect(result.outputs).toEqual({
      counts: [
        { key: 'to', value: 1, timestampMs: 1 },
        { key: 'be', value: 1, timestampMs: 1 },
        { key: 'or', value: 1, timestampMs: 2 },
        { key: 'not', value: 1, timestampMs: 2 },
        { key: 'to', value: 2, timestampMs: 2 },
        { key: 'be', value: 2, timestampMs: 2 },
      ],
    });
    expect(result.stores['word-counts']).toEqual([
      { key: 'be', value: 2 },
      { key: 'not', value: 1 },
      { key: 'or', value: 1 },
      { key: 'to', value: 2 },
    ]);
    expect(result.trace).toBeUndefined();
  });

  it('gives final windowed counts with suppress, each window once', () => {
    const spec: DriveSpecInput = {
      topology: {
        operators: [
          { op: 'stream', topics: ['clicks'] },
          { op: 'groupByKey' },
          { op: 'windowedBy', windows: { type: 'tumbling', sizeMs: 10, graceMs: 2 } },
          { op: 'count' },
          { op: 'suppress', until: 'windowCloses' },
          { op: 'toStream' },
          { op: 'to', topic: 'final' },
        ],
      },
      inputs: [1, 4, 9, 11, 3, 12, 30].map((timestampMs) => ({
        topic: 'clicks',
        key: 'u',
        value: 'c',
        timestampMs,
      })),
    };
    expect(driveSpec(spec).outputs.final).toEqual([
      { key: '[u@0/10]', value: 4, timestampMs: 9, window: { key: 'u', startMs: 0, endMs: 10 } },
      { key: '[u@10/20]', value: 2, timestampMs: 12, window: { key: 'u', startMs: 10, endMs: 20 } },
    ]);
  });

  it('moves the wall clock between inputs, which releases throttled left-join results', () => {
    const spec = (advance: boolean): DriveSpecInput => ({
      topology: {
        operators: [
          { op: 'stream', topics: ['orders'], as: 'orders' },
          { op: 'stream', topics: ['payments'], as: 'payments' },
          {
            op: 'leftJoin',
            from: 'orders',
            with: 'payments',
            joiner: { fn: 'pair' },
            windows: { timeDifferenceMs: 10 },
          },
          { op: 'to', topic: 'paid' },
        ],
      },
      config: { outerJoinEmitIntervalMs: 1000 },
      inputs: [
        { topic: 'orders', key: 'o1', value: 'order-1', timestampMs: 0 },
        { topic: 'orders', key: 'o2', value: 'order-2', timestampMs: 50 },
      ],
      wallClockAdvances: advance ? [{ afterInputs: 1, advanceMs: 1000 }] : [],
    });
    expect(driveSpec(spec(false)).outputs.paid).toEqual([]);
    expect(driveSpec(spec(true)).outputs.paid).toEqual([
      { key: 'o1', value: { left: 'order-1', right: null }, timestampMs: 0 },
    ]);
  });

  it('returns the same JSON for the same document, trace included', () => {
    const doc: DriveSpecInput = {
      topology: wordCount,
      inputs: [{ topic: 'lines', value: ['a', 'b', 'a'], timestampMs: 5 }],
      includeTrace: true,
    };
    const once = JSON.stringify(driveSpec(doc));
    expect(JSON.stringify(driveSpec(doc))).toBe(once);
    expect(driveSpec(doc).trace!.length).toBeGreaterThan(0);
  });

  it('aggregates a table grouped by a field: amounts per region follow updates and deletions', () => {
    const result = driveSpec({
      topology: {
        operators: [
          { op: 'table', topic: 'accounts' },
          {
            op: 'groupBy',
            key: { fn: 'rekeyByField', field: 'region' },
            value: { fn: 'pickField', field: 'balance' },
          },
          { op: 'reduce', reducer: { fn: 'sum' }, storeName: 'balance-by-region' },
        ],
      },
      inputs: [
        { topic: 'accounts', key: 'a', value: { region: 'eu', balance: 10 }, timestampMs: 1 },
        { topic: 'accounts', key: 'b', value: { region: 'eu', balance: 5 }, timestampMs: 2 },
        { topic: 'accounts', key: 'a', value: { region: 'us', balance: 12 }, timestampMs: 3 },
        { topic: 'accounts', key: 'b', value: null, timestampMs: 4 },
      ],
    });
    expect(result.stores['balance-by-region']).toEqual([
      { key: 'eu', value: 0 },
      { key: 'us', value: 12 },
    ]);
  });

  it('refuses an aggregator that cannot be taken back out of a grouped table', () => {
    expect(() =>
      buildTopologyFromSpec({
        operators: [
          { op: 'table', topic: 't' },
          { op: 'groupBy', key: { fn: 'valueAsKey' } },
          { op: 'aggregate', aggregator: { fn: 'max' } },
        ],
      }),
    ).toThrow(/operators\[2\] \(aggregate\): aggregator "max" cannot take an old value back out/);
  });

  it('names the field of a malformed document', () => {
    expect(() =>
      driveSpec({ topology: wordCount, inputs: [{ topic: 'lines', value: 1, timestampMs: -3 }] }),
    ).toThrow(/^inputs\[0\]\.timestampMs: /);
    expect(() =>
      driveSpec({
        topology: wordCount,
        inputs: [],
        wallClockAdvances: [{ afterInputs: 3, advanceMs: 1 }],
      }),
    ).toThrow('wallClockAdvances[0].afterInputs: 3 is more than the 0 inputs');
  });
});

describe('the topology spec', () => {
  it('builds the same topology as the DSL calls it stands for', () => {
    const text = buildTopologyFromSpec(wordCount).describe().toString();
    expect(text).toContain('Sink: KSTREAM-SINK-0000000004 (topic: word-counts-repartition)');
    expect(text).toContain('Processor: KSTREAM-AGGREGATE-0000000003 (stores: [word-counts])');
  });

  it('documents every field of the topology and drive schemas', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.properties && typeof n.properties === 'object') {
        for (const [name, child] of Object.entries(
          n.properties as Record<string, Record<string, unknown>>,
        )) {
          if (typeof child.description !== 'string' && !child.$ref)
            undocumented.push(`${path}.${name}`);
        }
      }
      for (const [k, v] of Object.entries(n)) walk(v, `${path}/${k}`);
    };
    walk(z.toJSONSchema(topologySpecSchema, { io: 'input' }), 'topology');
    walk(z.toJSONSchema(driveSpecSchema, { io: 'input' }), 'drive');
    expect(undocumented).toEqual([]);
  });
});
