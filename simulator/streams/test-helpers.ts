import type { Json } from '../core/types.ts';
import { TopologyTestDriver, type TestDriverConfig } from './driver/topology-test-driver.ts';
import { StreamsBuilder } from './dsl/streams-builder.ts';

/** A row of a join-semantics table: timestamp, which input (L or R), value (null: a null value / tombstone). */
export type Row = readonly [timestampMs: number, side: 'L' | 'R', value: string | null];

/** The joiner of the documentation's tables: `[left, right]`. */
export const pairJoiner = (left: Json, right: Json): Json => [left, right];

/**
 * Build a topology reading topics `left` and `right` and writing `out`, pipe `rows` (all with key
 * `key`) one at a time, and return what `out` received after each row.
 */
export function outputsPerRow(
  build: (b: StreamsBuilder) => void,
  rows: readonly Row[],
  config: TestDriverConfig = {},
  key = 'k',
): Json[][] {
  const b = new StreamsBuilder();
  build(b);
  const driver = new TopologyTestDriver(b.build(), config);
  const left = driver.createInputTopic('left');
  const right = driver.createInputTopic('right');
  const out = driver.createOutputTopic('out');
  return rows.map(([ts, side, value]) => {
    (side === 'L' ? left : right).pipeInput(key, value, ts);
    return out.readValuesToList();
  });
}

/** The same rows with the two inputs swapped. */
export function swapSides(rows: readonly Row[]): Row[] {
  return rows.map(([ts, side, value]) => [ts, side === 'L' ? 'R' : 'L', value] as const);
}

/** Expected outputs with each `[left, right]` pair mirrored (tombstones stay null). */
export function mirrored(expected: Json[][]): Json[][] {
  return expected.map((row) => row.map((v) => (Array.isArray(v) ? [v[1], v[0]] : v)));
}
