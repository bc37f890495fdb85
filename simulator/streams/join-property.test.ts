import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../core/types.ts';
import { checkProperty } from '../test/property.ts';
import { TopologyTestDriver } from './driver/topology-test-driver.ts';
import { StreamsBuilder } from './dsl/streams-builder.ts';
import { JoinWindows } from './windows.ts';

const FILE = 'simulator/streams/join-property.test.ts';

interface Input {
  readonly side: 'L' | 'R';
  readonly key: string | null;
  readonly value: string | null;
  readonly ts: number;
}

interface Case {
  readonly beforeMs: number;
  readonly afterMs: number;
  readonly graceMs: number;
  readonly inputs: Input[];
}

const arbitraryCase: fc.Arbitrary<Case> = fc.record({
  // Small windows and a narrow time range, so that boundaries and expiries are hit often.
  beforeMs: fc.integer({ min: 0, max: 8 }),
  afterMs: fc.integer({ min: 0, max: 8 }),
  graceMs: fc.integer({ min: 0, max: 8 }),
  inputs: fc.array(
    fc.record({
      side: fc.constantFrom<'L' | 'R'>('L', 'R'),
      key: fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom('a', 'b', 'c') },
        { weight: 1, arbitrary: fc.constant(null) },
      ),
      value: fc.oneof(
        { weight: 9, arbitrary: fc.string({ minLength: 1, maxLength: 2 }) },
        { weight: 1, arbitrary: fc.constant(null) },
      ),
      ts: fc.integer({ min: 0, max: 60 }),
    }),
    { maxLength: 60 },
  ),
});

/**
 * The inner join by brute force, straight from the definition: when a record y arrives, it
 * joins every earlier record x of the other side with the same non-null key and a non-null
 * value such that y - x lies in the window (right minus left in [-before, after]) and x is still
 * retained: x was buffered (it was not older than its side's buffer retention when it arrived)
 * and has not expired since (its side's largest buffered timestamp - retention < x). Matches come
 * oldest first, then in arrival order; each result has the later timestamp.
 */
function referenceInnerJoin(c: Case): { key: string; value: Json; timestampMs: number }[] {
  const retention = c.beforeMs + c.afterMs + c.graceMs;
  const out: { key: string; value: Json; timestampMs: number }[] = [];
  c.inputs.forEach((y, j) => {
    if (y.key === null || y.value === null) return;
    const partners: { x: Input; i: number }[] = [];
    c.inputs.slice(0, j).forEach((x, i) => {
      if (x.side === y.side || x.key !== y.key || x.value === null) return;
      const [l, r] = x.side === 'L' ? [x, y] : [y, x];
      if (r.ts - l.ts < -c.beforeMs || r.ts - l.ts > c.afterMs) return;
      const sideTimes = (upTo: number) =>
        c.inputs
          .slice(0, upTo)
          .filter((z) => z.side === x.side && z.key !== null)
          .map((z) => z.ts);
      const buffered = x.ts > Math.max(...sideTimes(i + 1)) - retention;
      const retained = x.ts > Math.max(...sideTimes(j)) - retention;
      if (buffered && retained) partners.push({ x, i });
    });
    partners.sort((p, q) => p.x.ts - q.x.ts || p.i - q.i);
    for (const { x } of partners) {
      const value = x.side === 'L' ? [x.value, y.value] : [y.value, x.value];
      out.push({ key: y.key, value, timestampMs: Math.max(x.ts, y.ts) });
    }
  });
  return out;
}

function driverInnerJoin(c: Case) {
  const b = new StreamsBuilder();
  const windows = JoinWindows.ofTimeDifferenceAndGrace(0, c.graceMs)
    .before(c.beforeMs)
    .after(c.afterMs);
  b.stream('left')
    .join(b.stream('right'), (l, r) => [l, r], windows)
    .to('out');
  const driver = new TopologyTestDriver(b.build(), { recordTrace: true });
  const left = driver.createInputTopic('left');
  const right = driver.createInputTopic('right');
  for (const i of c.inputs) (i.side === 'L' ? left : right).pipeInput(i.key, i.value, i.ts);
  return { driver, out: driver.createOutputTopic('out').readRecordsToList() };
}

describe('stream-stream join against a brute-force reference', () => {
  it('an inner join through the driver equals the brute-force join, for random inputs in any order', () => {
    checkProperty(
      { file: FILE, name: 'an inner join through the driver equals the brute-force join' },
      arbitraryCase,
      (c) => {
        expect(driverInnerJoin(c).out).toEqual(referenceInnerJoin(c));
      },
      { numRuns: 200 },
    );
  });

  it('runs the same inputs to the same trace, event for event', () => {
    checkProperty(
      { file: FILE, name: 'runs the same inputs to the same trace' },
      arbitraryCase,
      (c) => {
        expect(JSON.stringify(driverInnerJoin(c).driver.trace)).toBe(
          JSON.stringify(driverInnerJoin(c).driver.trace),
        );
      },
      { numRuns: 20 },
    );
  });
});
