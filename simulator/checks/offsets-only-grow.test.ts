import { describe, expect, it } from 'vitest';
import { TraceBuilder } from '../trace/test-helpers.ts';
import { offsetsOnlyGrow } from './offsets-only-grow.ts';

function rebalanceTo(t: TraceBuilder, owner: string, generation: number): TraceBuilder {
  return t.push({
    type: 'rebalance.completed',
    group: 'g',
    generation,
    assignor: 'range',
    assignment: { [owner]: [{ topic: 't', partition: 0 }] },
  });
}

describe('offsetsOnlyGrow', () => {
  it('holds for commits that never go back and fetches that move forward or follow a repositioning', () => {
    const t = new TraceBuilder()
      .commit('g', 't', 0, 2)
      .commit('g', 't', 0, 5)
      .commit('g', 't', 0, 5);
    t.fetch('c1', 't', 0, 0, 3, []).fetch('c1', 't', 0, 3, 6, []).positioned('c1', 't', 0, 2);
    t.fetch('c1', 't', 0, 2, 4, [])
      .push({ type: 'actor.crashed', actor: 'c1' })
      .fetch('c1', 't', 0, 0, 1, []);
    expect(offsetsOnlyGrow(t.events)).toEqual({ ok: true });
  });

  it('reports a stale member committing below the new owner’s offset after a rebalance', () => {
    const t = rebalanceTo(new TraceBuilder(), 'c1', 1).commit('g', 't', 0, 4, 'c1');
    rebalanceTo(t, 'c2', 2).commit('g', 't', 0, 10, 'c2');
    const stale = t.length;
    t.commit('g', 't', 0, 6, 'c1');
    const verdict = offsetsOnlyGrow(t.events);
    expect(verdict).toMatchObject({ ok: false, index: stale });
    expect(verdict.ok || verdict.message).toContain(
      'since generation 2 the partition belongs to c2',
    );
  });

  it('reports a fetch that starts before where the previous one ended', () => {
    const t = new TraceBuilder().positioned('c1', 't', 0, 0).fetch('c1', 't', 0, 0, 5, []);
    const bad = t.length;
    t.fetch('c1', 't', 0, 3, 6, []);
    const verdict = offsetsOnlyGrow(t.events);
    expect(verdict).toMatchObject({ ok: false, index: bad });
    expect(verdict.ok || verdict.message).toContain('its position was already 5');
  });
});
