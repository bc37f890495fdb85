import { describe, expect, it } from 'vitest';
import { TraceBuilder } from '../trace/test-helpers.ts';
import { runStreamsChecks } from './index.ts';

/** Orders o (k at 10) and payment p (k at 12) joined once into `joined`. */
function joinRun(copies: number): TraceBuilder {
  const t = new TraceBuilder().topic('orders').topic('payments').topic('joined');
  t.at(10).append('orders', 0, 1, { key: 'k', value: 'o' }).hw('orders');
  t.at(12).append('payments', 0, 2, { key: 'k', value: 'p' }).hw('payments');
  for (let i = 0; i < copies; i++) {
    t.append('joined', 0, 3, { key: 'k', value: { left: 'o', right: 'p' } }).hw('joined');
  }
  return t;
}

const join = {
  left: 'orders',
  right: 'payments',
  output: 'joined',
  beforeMs: 5,
  afterMs: 5,
  kind: 'inner' as const,
};

describe('runStreamsChecks', () => {
  it('runs the restoration check always and the others when given what they need', () => {
    expect(runStreamsChecks(joinRun(1).events).map((v) => v.name)).toEqual([
      'restoredStoresMatchChangelog',
    ]);
    const verdicts = runStreamsChecks(joinRun(1).events, {
      reference: { events: joinRun(1).events, topics: ['joined'], mode: 'exact' },
      joins: [join],
      buffers: { retentionMs: 10 },
    });
    expect(verdicts.map((v) => v.name)).toEqual([
      'restoredStoresMatchChangelog',
      'sameCommittedOutput',
      'joinComplete',
      'buffersDrained',
    ]);
    expect(verdicts.every((v) => v.verdict.ok)).toBe(true);
  });

  it('fails exactly once and join completeness on a duplicate, not at least once', () => {
    const faulty = joinRun(2).events;
    const reference = joinRun(1).events;
    const failed = (mode: 'exact' | 'contains') =>
      runStreamsChecks(faulty, {
        reference: { events: reference, topics: ['joined'], mode },
        joins: [join],
      })
        .filter((v) => !v.verdict.ok)
        .map((v) => v.name);
    expect(failed('exact')).toEqual(['sameCommittedOutput', 'joinComplete']);
    expect(failed('contains')).toEqual(['joinComplete']);
  });
});
