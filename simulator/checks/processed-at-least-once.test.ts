import { describe, expect, it } from 'vitest';
import { TraceBuilder } from '../trace/test-helpers.ts';
import { processedAtLeastOnce } from './processed-at-least-once.ts';
import { runScenario } from '../scenario/run.ts';
import { exampleScenarios } from '../test/run-scenarios.ts';

/** Offsets 0..4 hold records 1..5; record 3 (offset 2) is in an aborted transaction. */
function log(): TraceBuilder {
  const t = new TraceBuilder().topic('t').append('t', 0, 1).append('t', 0, 2);
  t.append('t', 0, 3, { producerId: 4, transactional: true }).marker('t', 0, 4, 'ABORT');
  return t.append('t', 0, 5).hw('t');
}

describe('processedAtLeastOnce', () => {
  it('holds when everything below the committed offset a read_committed group can see was processed', () => {
    const t = log().positioned('c1', 't', 0, 0).fetch('c1', 't', 0, 0, 5, [1, 2, 5]);
    t.processed('c1', 't', 0, [0, 1]).processed('c1', 't', 0, [4]).commit('g', 't', 0, 5);
    expect(processedAtLeastOnce(t.events)).toEqual({ ok: true });
  });

  it('does not count records before the offset the group started from', () => {
    const t = log().positioned('c1', 't', 0, 4).processed('c1', 't', 0, [4]).commit('g', 't', 0, 5);
    expect(processedAtLeastOnce(t.events)).toEqual({ ok: true });
  });

  it('reports the first commit that moved the group past a record nobody processed', () => {
    const t = log().positioned('c1', 't', 0, 0).processed('c1', 't', 0, [0]).commit('g', 't', 0, 1);
    const past = t.length;
    t.commit('g', 't', 0, 3).processed('c1', 't', 0, [2, 4]).commit('g', 't', 0, 5);
    const verdict = processedAtLeastOnce(t.events);
    expect(verdict).toMatchObject({ ok: false, index: past });
    expect(verdict.ok || verdict.message).toContain(
      'processed t record 2 of k2 at offset 1: it is lost',
    );
  });
});

describe('processedAtLeastOnce with stream-processing instances', () => {
  it('counts the records a stream task took in as processed by its application group', () => {
    const { scenario } = exampleScenarios().find(
      (s) => s.name === 'crash-in-the-middle-at-least-once',
    )!;
    const events = runScenario(scenario).events;
    expect(processedAtLeastOnce(events)).toEqual({ ok: true });
    // Without the instances' record.processed events, the group would seem to skip its records.
    const blind = events.filter((e) => e.type !== 'record.processed');
    expect(processedAtLeastOnce(blind).ok).toBe(false);
  });
});
