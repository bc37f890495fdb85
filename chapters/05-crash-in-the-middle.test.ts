import { describe, expect, it } from 'vitest';
import { checksAt } from '../site/lib/views/checks-at.ts';
import { layoutLog } from '../site/lib/views/log-layout.ts';
import { resolvePosition, sceneFromHash } from '../site/lib/chapter/scenes.ts';
import { libraryScenario } from '../site/lib/sim/library.ts';
import { runRequest } from '../site/lib/sim/prepare.ts';
import { foldTrace, type WorldState } from '../simulator/trace/state.ts';
import { scenes } from './05-crash-in-the-middle.scenes.ts';

const runs = new Map<string, Extract<ReturnType<typeof runRequest>, { ok: true }>>();
function runOf(id: string) {
  let run = runs.get(id);
  if (!run) {
    const outcome = runRequest({ scenarioText: libraryScenario(id)!.text, seed: null, faults: [] });
    if (!outcome.ok) throw new Error(`${id}: ${JSON.stringify(outcome.errors)}`);
    runs.set(id, (run = outcome));
  }
  return run;
}

/** The scene's playhead, its state and the checks there. */
function at(n: number) {
  const scene = scenes[n - 1];
  const run = runOf(scene.scenario);
  const index = resolvePosition(run.events, scene.position);
  if (index === null) throw new Error(`scene ${n} names no event of ${scene.scenario}`);
  const state = foldTrace(run.events, index);
  const checks = Object.fromEntries(checksAt(run.verdicts, index).map((c) => [c.name, c.status]));
  return { index, state, checks, run };
}

const committed = (state: WorldState, group: string, partition: number) =>
  [...state.committedOffsets.values()].find((c) => c.group === group && c.partition === partition)
    ?.offset ?? 0;

describe('chapter 5: a crash in the middle', () => {
  it('numbers its scenes 1..n and every scene lands on an event of a library scenario', () => {
    expect(scenes.map((s) => s.n)).toEqual(scenes.map((_, i) => i + 1));
    for (const s of scenes) expect(() => at(s.n), `scene ${s.n}`).not.toThrow();
  });

  it('scene 2: the crashed member had processed past its group committed offset', () => {
    const { state, run, index } = at(2);
    const processed = run.events
      .slice(0, index)
      .filter(
        (e) => e.type === 'records.processed' && e.consumer === 'after-1' && e.partition === 0,
      )
      .flatMap((e) => (e.type === 'records.processed' ? e.offsets : []));
    expect(Math.max(...processed)).toBeGreaterThanOrEqual(committed(state, 'after', 0));
  });

  it('scene 2: the commit-first group had committed past what its crashed member processed', () => {
    const { state, run, index } = at(2);
    const processed = run.events
      .slice(0, index)
      .filter(
        (e) => e.type === 'records.processed' && e.consumer === 'before-1' && e.partition === 0,
      )
      .flatMap((e) => (e.type === 'records.processed' ? e.offsets : []));
    expect(committed(state, 'before', 0)).toBeGreaterThan(Math.max(...processed) + 1);
  });

  it('scene 3: the survivor owns both partitions after the rebalance', () => {
    const group = at(3).state.groups.get('after')!;
    expect(group.generation).toBe(2);
    expect(group.assignment['after-2']?.length).toBe(2);
  });

  it('scene 4: the duplicate is on screen and the at-most-once check is broken there', () => {
    expect(at(4).checks.processedAtMostOnce).toBe('broken');
    expect(at(3).checks.processedAtMostOnce).toBe('holdsSoFar');
  });

  it('scene 5: commit-first lost records and the nothing-lost check says so', () => {
    expect(at(5).checks.processedAtLeastOnce).toBe('broken');
  });

  it('scene 6: the first transaction has committed its output and its source position together', () => {
    const { state } = at(6);
    expect(state.transactions.get('orders-tx')?.state).toBe('CompleteCommit');
    expect(
      [...state.committedOffsets.values()].some((c) => c.transactionalId === 'orders-tx'),
    ).toBe(true);
  });

  it('scene 7: the crash leaves open records and the last stable offset stuck before them', () => {
    const rows = layoutLog(at(7).state, { width: 900 }).lanes[0].rows;
    expect(rows.some((r) => r.cells.some((c) => c.status === 'open'))).toBe(true);
    expect(rows.some((r) => r.lastStableOffset < r.highWatermark)).toBe(true);
  });

  it('scene 8: the restart aborted them, with an ABORT marker in the log', () => {
    const cells = layoutLog(at(8).state, { width: 900 }).lanes[0].rows.flatMap((r) => r.cells);
    expect(cells.some((c) => c.status === 'aborted')).toBe(true);
    expect(cells.some((c) => c.kind === 'abort')).toBe(true);
  });

  it('scene 9: at the end, exactly once holds', () => {
    expect(at(9).checks.exactlyOnceCommitted).toBe('holds');
    expect(at(9).checks.nothingFromAborted).toBe('holds');
    const { run } = at(9);
    const seen = run.events.flatMap((e) =>
      e.type === 'records.processed' && e.consumer === 'uncommitted-reader' ? e.recordIds : [],
    );
    expect(new Set(seen).size).toBeLessThan(seen.length);
  });

  it('reads a scene from its URL fragment and ignores anything else', () => {
    expect(sceneFromHash('#scene-3', scenes.length)).toBe(3);
    expect(sceneFromHash('#scene-99', scenes.length)).toBeNull();
    expect(sceneFromHash('#s=abc', scenes.length)).toBeNull();
  });
});
