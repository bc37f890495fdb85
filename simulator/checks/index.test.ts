import { describe, expect, it } from 'vitest';
import { TraceBuilder } from '../trace/test-helpers.ts';
import { runLogChecks } from './index.ts';

describe('runLogChecks', () => {
  it('names every check and passes a clean consume-process-commit run', () => {
    const t = new TraceBuilder()
      .topic('t')
      .append('t', 0, 1)
      .append('t', 0, 2)
      .hw('t')
      .ack('t', 0, 0, [1, 2]);
    t.positioned('c1', 't', 0, 0).fetch('c1', 't', 0, 0, 2, [1, 2]).processed('c1', 't', 0, [0, 1]);
    t.commit('g', 't', 0, 2);
    const verdicts = runLogChecks(t.events);
    expect(verdicts.map((v) => v.name)).toEqual([
      'exactlyOnceCommitted',
      'nothingFromAborted',
      'orderPerPartition',
      'offsetsOnlyGrow',
      'processedAtLeastOnce',
      'processedAtMostOnce',
    ]);
    expect(verdicts.every((v) => v.verdict.ok)).toBe(true);
  });

  it('fails only the checks a duplicate delivery breaks', () => {
    const t = new TraceBuilder().topic('t').append('t', 0, 1).hw('t');
    t.processed('c1', 't', 0, [0]).processed('c2', 't', 0, [0]).commit('g', 't', 0, 1);
    const failed = runLogChecks(t.events).filter((v) => !v.verdict.ok);
    expect(failed.map((v) => v.name)).toEqual(['processedAtMostOnce']);
    expect(failed[0].verdict).toMatchObject({ index: 4, event: t.events[4] });
  });
});
