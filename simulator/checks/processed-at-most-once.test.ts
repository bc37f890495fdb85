import { describe, expect, it } from 'vitest';
import { TraceBuilder } from '../trace/test-helpers.ts';
import { processedAtMostOnce } from './processed-at-most-once.ts';

describe('processedAtMostOnce', () => {
  it('holds when each offset is processed once per group, whatever other groups do', () => {
    const t = new TraceBuilder().processed('c1', 't', 0, [0, 1]).processed('c2', 't', 0, [2, 3]);
    t.processed('c9', 't', 0, [0, 1], 'other').processed('c1', 't', 1, [0]);
    expect(processedAtMostOnce(t.events)).toEqual({ ok: true });
  });

  it('reports the second processing of an offset by the group, naming the first', () => {
    const t = new TraceBuilder().processed('c1', 't', 0, [0, 1]);
    const again = t.length;
    t.processed('c2', 't', 0, [1, 2]);
    const verdict = processedAtMostOnce(t.events);
    expect(verdict).toMatchObject({ ok: false, index: again });
    expect(verdict.ok || verdict.message).toContain(
      'offset 1 of t-0 a second time (by c2; c1 had processed it at event #0)',
    );
  });
});
