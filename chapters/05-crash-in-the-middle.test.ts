import { describe, expect, it } from 'vitest';
import { checksAt } from '../site/lib/views/checks-at.ts';
import { layoutLog } from '../site/lib/views/log-layout.ts';
import { resolvePosition, sceneFromHash } from '../site/lib/chapter/scenes.ts';
import { libraryScenario } from '../site/lib/sim/library.ts';
import { runRequest } from '../site/lib/sim/prepare.ts';
import { foldTrace, lastStableOffset, type WorldState } from '../simulator/trace/state.ts';
import { scenes } from './05-crash-in-the-middle.scenes.ts';

const eos = 'crash-in-the-middle-exactly-once';

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
  const index = resolvePosition(run.events, scene.position, run.verdicts);
  if (index === null) throw new Error(`scene ${n} names no event of ${scene.scenario}`);
  const state = foldTrace(run.events, index);
  const checks = Object.fromEntries(checksAt(run.verdicts, index).map((c) => [c.name, c.status]));
  return { index, state, checks, run };
}

const committed = (state: WorldState, group: string, topic: string) =>
  [...state.committedOffsets.values()].find((c) => c.group === group && c.topic === topic)
    ?.offset ?? 0;
const partition = (state: WorldState, topic: string) => state.topics.get(topic)!.partitions[0];
const cells = (state: WorldState, topic: string) =>
  layoutLog(state, { width: 900 })
    .lanes.find((l) => l.topic === topic)!
    .rows.flatMap((r) => r.cells);

describe('chapter 5: a crash in the middle', () => {
  it('numbers its scenes 1..n and every scene lands on an event of a library scenario', () => {
    expect(scenes.map((s) => s.n)).toEqual(scenes.map((_, i) => i + 1));
    for (const s of scenes) expect(() => at(s.n), `scene ${s.n}`).not.toThrow();
  });

  it('scene 1: the loop has committed its input offset once', () => {
    expect(committed(at(1).state, 'enricher', 'page-views')).toBeGreaterThan(0);
  });

  it('scene 2: outputs exist beyond what the committed input offset covers', () => {
    const { state } = at(2);
    const inputDone = committed(state, 'enricher', 'page-views');
    expect(partition(state, 'enriched-views').logEndOffset).toBeGreaterThan(inputDone);
    expect(committed(state, 'dashboard', 'enriched-views')).toBeGreaterThan(inputDone);
  });

  it('scene 3: the survivor owns the partition and starts from the committed offset', () => {
    const { state } = at(3);
    const group = state.groups.get('enricher')!;
    expect(group.assignment['enricher-2']?.length).toBe(1);
    const position = [...state.positions.values()].find((p) => p.consumer === 'enricher-2');
    expect(position?.offset).toBe(committed(state, 'enricher', 'page-views'));
    expect(at(3).checks.exactlyOnceCommitted).toBe('holdsSoFar');
  });

  it('scene 4: the second copy is written and the exactly-once check is broken there', () => {
    expect(at(4).checks.exactlyOnceCommitted).toBe('broken');
  });

  it('scene 5: commit-first lost records and the nothing-lost check says so', () => {
    expect(at(5).checks.processedAtLeastOnce).toBe('broken');
  });

  /** The transactional ids enricher-1's producer had, in order: one per start. */
  const idsOf = (instance: string) =>
    runOf(eos)
      .events.filter((e) => e.type === 'producer.initialized' && e.producer === instance)
      .map((e) => (e as { transactionalId: string }).transactionalId);

  it('scene 6: the first transaction committed the outputs and the input offsets together', () => {
    const { state } = at(6);
    const [first] = idsOf('enricher-1');
    expect(first).toMatch(/^enricher-[0-9a-f-]{36}-1$/);
    expect(state.transactions.get(first)?.state).toBe('CompleteCommit');
    const offsets = [...state.committedOffsets.values()].find((c) => c.group === 'enricher');
    expect(offsets?.transactionalId).toBe(first);
    expect(cells(state, 'enriched-views').some((c) => c.kind === 'commit')).toBe(true);
  });

  it('scene 7: the crash leaves open records and the last stable offset stuck before them', () => {
    const { state } = at(7);
    expect(cells(state, 'enriched-views').some((c) => c.status === 'open')).toBe(true);
    const p = partition(state, 'enriched-views');
    expect(lastStableOffset(p)).toBeLessThan(p.highWatermark);
  });

  it('scene 8: the new instance committed under its own id, but the hanging transaction still holds the LSO', () => {
    const { state } = at(8);
    const [crashed] = idsOf('enricher-1');
    const [survivor] = idsOf('enricher-2');
    expect(survivor).not.toBe(crashed);
    expect(state.transactions.get(survivor)?.lastOutcome).toBe('committed');
    expect(state.transactions.get(crashed)?.state).toBe('Ongoing');
    const p = partition(state, 'enriched-views');
    expect(lastStableOffset(p)).toBe(lastStableOffset(partition(at(7).state, 'enriched-views')));
    expect(committed(state, 'dashboard', 'enriched-views')).toBeLessThanOrEqual(
      lastStableOffset(p),
    );
  });

  it('scene 9: the restarted instance has a new transactional id, and the old transaction is still open', () => {
    const { state } = at(9);
    const [crashed, restarted] = idsOf('enricher-1');
    expect(restarted).toMatch(/^enricher-[0-9a-f-]{36}-1$/);
    expect(restarted).not.toBe(crashed);
    expect(state.transactions.get(crashed)?.state).toBe('Ongoing');
    expect(state.transactions.has(restarted)).toBe(false); // initialised, no transaction begun
    const p = partition(state, 'enriched-views');
    expect(lastStableOffset(p)).toBe(lastStableOffset(partition(at(7).state, 'enriched-views')));
  });

  it('scene 10: the timeout aborted it, one transaction timeout after it began, and the LSO moved past it', () => {
    const { state, index, run } = at(10);
    const [crashed] = idsOf('enricher-1');
    const abort = run.events[index - 1];
    expect(abort).toMatchObject({
      type: 'txn.aborted',
      transactionalId: crashed,
      reason: 'timeout',
    });
    const begun = run.events
      .filter((e) => e.type === 'txn.begun' && e.transactionalId === crashed)
      .at(-1)!;
    expect(abort.at - begun.at).toBe(1000);
    expect(Math.round(abort.at / 10)).toBe(122); // "At 1.22 s"
    const init = run.events.find(
      (e) => e.type === 'producer.initialized' && e.transactionalId === crashed,
    )!;
    expect((abort as { producerEpoch: number }).producerEpoch).toBeGreaterThan(
      (init as { producerEpoch: number }).producerEpoch,
    ); // the abort bumped the epoch
    const view = cells(state, 'enriched-views');
    expect(view.some((c) => c.status === 'aborted')).toBe(true);
    expect(view.some((c) => c.kind === 'abort')).toBe(true);
    const p = partition(state, 'enriched-views');
    expect(lastStableOffset(p)).toBe(p.highWatermark);
  });

  it('scene 11: at the end, exactly once holds', () => {
    expect(at(11).checks.exactlyOnceCommitted).toBe('holds');
    expect(at(11).checks.nothingFromAborted).toBe('holds');
  });

  it('reads a scene from its URL fragment and ignores anything else', () => {
    expect(sceneFromHash('#scene-3', scenes.length)).toBe(3);
    expect(sceneFromHash('#scene-99', scenes.length)).toBeNull();
    expect(sceneFromHash('#s=abc', scenes.length)).toBeNull();
  });
});
