import { expect } from 'vitest';
import { resolvePosition, type SceneScript } from '../site/lib/chapter/scenes.ts';
import { libraryScenario } from '../site/lib/sim/library.ts';
import { runRequest } from '../site/lib/sim/prepare.ts';
import { checksAt } from '../site/lib/views/checks-at.ts';
import type { EventOf, TraceEvent } from '../simulator/trace/events.ts';
import { foldTrace } from '../simulator/trace/state.ts';
// Scenarios with functions need the serverless engine, which the page loads on demand.
import '../simulator/serverless/engine.ts';

/**
 * What a chapter's test needs to check a scene's narration: each library scenario run once (as
 * the page runs it: no seed override, no faults added), and for a scene its playhead, the trace up
 * to it, the world folded there and the log checks' status there.
 */
export function sceneRuns(scenes: readonly SceneScript[]) {
  const runs = new Map<string, Extract<ReturnType<typeof runRequest>, { ok: true }>>();
  const runOf = (id: string) => {
    let run = runs.get(id);
    if (!run) {
      const text = libraryScenario(id)?.text;
      if (text === undefined) throw new Error(`no library scenario "${id}"`);
      const outcome = runRequest({ scenarioText: text, seed: null, faults: [] });
      if (!outcome.ok) throw new Error(`${id}: ${JSON.stringify(outcome.errors)}`);
      runs.set(id, (run = outcome));
    }
    return run;
  };
  /** Scene `n` (1-based) at its playhead. */
  const at = (n: number) => {
    const scene = scenes[n - 1];
    const run = runOf(scene.scenario);
    const index = resolvePosition(run.events, scene.position, run.verdicts);
    if (index === null) throw new Error(`scene ${n} names no event of ${scene.scenario}`);
    const events = run.events.slice(0, index);
    const checks = Object.fromEntries(checksAt(run.verdicts, index).map((c) => [c.name, c.status]));
    return { index, events, all: run.events, state: foldTrace(run.events, index), checks };
  };
  return { runOf, at };
}

/** The events of one type, in order. */
export const ofType = <T extends TraceEvent['type']>(events: readonly TraceEvent[], type: T) =>
  events.filter((e): e is EventOf<T> => e.type === type);

/** The keys of the data records appended to a topic, in append order (duplicates included). */
export const keysIn = (events: readonly TraceEvent[], topic: string) =>
  ofType(events, 'record.appended')
    .filter((e) => e.topic === topic)
    .map((e) => e.record.key);

/** How many times each key was appended to a topic. */
export function copiesPerKey(events: readonly TraceEvent[], topic: string): Map<string, number> {
  const copies = new Map<string, number>();
  for (const key of keysIn(events, topic))
    if (key !== null) copies.set(key, (copies.get(key) ?? 0) + 1);
  return copies;
}

/**
 * What every chapter's deck must be: scenes numbered 1..n, each landing on an event of its
 * scenario, and free play last, opening before anything is written with its selected actor up.
 */
export function expectWellFormedDeck(
  scenes: readonly SceneScript[],
  at: ReturnType<typeof sceneRuns>['at'],
): void {
  expect(scenes.map((s) => s.n)).toEqual(scenes.map((_, i) => i + 1));
  for (const s of scenes) expect(() => at(s.n), `scene ${s.n}`).not.toThrow();
  const free = scenes.at(-1)!;
  expect(free.title).toBe('Free play');
  const { state, events } = at(free.n);
  expect(state.actors.has(free.actor!)).toBe(true);
  expect(events.filter((e) => e.type === 'record.appended')).toEqual([]);
}
