import { describe, expect, it } from 'vitest';
import type { Json } from '../../simulator/core/types.ts';
import { loadExercise } from '../grader/exercise-files.ts';
import { freshModule } from './fresh-module.ts';
import { judge, keepAccountOrderGrader as grader } from './grading.ts';

/** Keep each account's order, graded in-process: the reference passes, each wrong design fails. */

const exercise = loadExercise('07-keep-account-order');
const cases = [...exercise.visible, ...exercise.hidden];

function run(file: string, c: (typeof cases)[number], seed: number) {
  const make = freshModule(file);
  return grader.run(make(), c.workload, grader.parseFaults(c.faults as Json[]), seed, make);
}
const visible = (name: string) => exercise.visible.find((c) => c.name.includes(name))!;

describe('keep each account order, graded', () => {
  it('passes the reference on every case and seed', () => {
    for (const c of cases)
      for (const seed of c.seeds) {
        const outcome = run('./reference.ts', c, seed);
        expect(outcome.passed, `${c.name} (seed ${seed}): ${outcome.message}`).toBe(true);
      }
  });

  it('fails a key of its own per event even when nothing fails: an account arrives out of order', () => {
    const outcome = run('./fixtures/random-key.ts', visible('nothing fails'), 1);
    expect(outcome.passed).toBe(false);
    expect(outcome.reason).toBe('lost-event');
    expect(outcome.message).toMatch(/event \d+ was never applied/);
  });

  it('fails committing before applying when a commit acknowledgement is lost and the member rejoins', () => {
    const ok = run('./fixtures/commit-before-apply.ts', visible('nothing fails'), 1);
    expect(ok.passed).toBe(true);
    const outcome = run('./fixtures/commit-before-apply.ts', visible('acknowledgement'), 1);
    expect(outcome.reason).toBe('lost-event');
  });

  it('fails a member that ignores a revoked partition: it commits the old offset over the new owner', () => {
    const ok = run('./fixtures/ignores-revoked.ts', visible('nothing fails'), 1);
    expect(ok.passed).toBe(true);
    const outcome = run('./fixtures/ignores-revoked.ts', visible('pauses'), 1);
    expect(outcome.reason).toBe('wrong-result');
    expect(outcome.message).toMatch(/committed offset \d+ .* after the group had committed \d+/);
  });

  it('opens the replay of an offset moved back at the commit that moved it', () => {
    const make = freshModule('./fixtures/ignores-revoked.ts');
    const c = visible('pauses');
    const replay = grader.trace(make(), c.workload, c.faults as Json[], 1, make);
    expect(replay.events[replay.violation!]).toMatchObject({ type: 'offset.committed' });
    expect(judge(replay.events).outcome.passed).toBe(false);
  });

  it('refuses the starter before any case with its own Not started error', () => {
    expect(() => grader.probe(freshModule('./starter.ts')())).toThrow(/Not started/);
  });

  it('names a fault of another exercise, or an actor that is not here', () => {
    expect(() => grader.parseFaults([{ at: 1, kind: 'crash', target: 'm9' }])).toThrow(
      /faults\[0\]: "m9" is not an actor here/,
    );
    expect(() =>
      grader.parseFaults([{ at: 1, kind: 'dbThrottle', target: 'db', count: 1 }]),
    ).toThrow(/faults\[0\]\.kind: dbThrottle is not a fault of this exercise/);
  });
});
