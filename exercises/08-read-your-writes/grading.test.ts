import { describe, expect, it } from 'vitest';
import type { Json } from '../../simulator/core/types.ts';
import { loadExercise } from '../grader/exercise-files.ts';
import { freshModule as loadFresh } from '../grader/fresh-module.ts';
import { readYourWritesGrader as grader } from './grading.ts';
import { judgeReads } from './judge.ts';
import * as reference from './reference.ts';

/** Read your writes, graded in-process: the reference passes, each wrong design scores what it should. */

const exercise = loadExercise('08-read-your-writes');
const cases = [...exercise.visible, ...exercise.hidden];
const visible = (name: string) => exercise.visible.find((c) => c.name.includes(name))!;

/** A file of this exercise loaded as the sandbox loads a submission: a fresh module per call. */
const freshModule = (file: string) => loadFresh(new URL(file, import.meta.url), 'answer');

function run(file: string, c: (typeof cases)[number], seed: number) {
  const make = freshModule(file);
  return grader.run(make(), c.workload, grader.parseFaults(c.faults as Json[]), seed, make);
}

/** Points a file earns over every case (a case counts when all its seeds pass). */
function score(file: string): number {
  return cases
    .filter((c) => c.seeds.every((seed) => run(file, c, seed).passed))
    .reduce((n, c) => n + c.weight, 0);
}

describe('read your writes, graded', () => {
  it('passes the reference on every case and seed', () => {
    for (const c of cases)
      for (const seed of c.seeds) {
        const outcome = grader.run(reference.answer, c.workload, c.faults as Json[], seed);
        expect(outcome.passed, `${c.name} (seed ${seed}): ${outcome.message}`).toBe(true);
      }
  });

  it('fails ignoring the token: a client reads its account from before its own write', () => {
    const outcome = run('./fixtures/no-token.ts', visible('lags'), 1);
    expect(outcome.reason).toBe('stale-read');
    expect(outcome.message).toMatch(
      /before (alice|bob)'s own write at offset \d+ of account-events-\d — a stale read/,
    );
    expect(score('./fixtures/no-token.ts')).toBe(1);
  });

  it('fails an unbounded wait: a reader that is down leaves the client without an answer', () => {
    expect(run('./fixtures/unbounded-wait.ts', visible('lags'), 1).passed).toBe(true);
    const down = run('./fixtures/unbounded-wait.ts', visible('stays down'), 1);
    expect(down.reason).toBe('no-answer');
    expect(down.message).toMatch(
      /got no answer: the client gave up after 1250 ms \(its bound was 250 ms\)/,
    );
    const behind = run('./fixtures/unbounded-wait.ts', visible('further behind'), 1);
    expect(behind.reason).toBe('too-slow');
    expect(behind.message).toMatch(/answered after \d+ ms, beyond its bound of 250 ms/);
    expect(score('./fixtures/unbounded-wait.ts')).toBe(4);
  });

  it('fails waiting the whole bound when the read model already has the write', () => {
    const outcome = run('./fixtures/waits-full-bound.ts', visible('lags'), 1);
    expect(outcome.reason).toBe('too-slow');
    expect(outcome.message).toMatch(
      /need not wait .* the first read went out 21\d ms after it was asked/,
    );
    expect(score('./fixtures/waits-full-bound.ts')).toBe(0);
  });

  it('fails answering from a cache: the cached row is from before the client’s next write', () => {
    const outcome = run('./fixtures/answers-from-cache.ts', visible('lags'), 1);
    expect(outcome.reason).toBe('stale-read');
    expect(score('./fixtures/answers-from-cache.ts')).toBe(0);
  });

  it('opens the replay of a stale read at the answer the client got', () => {
    const make = freshModule('./fixtures/no-token.ts');
    const replay = grader.trace(make(), visible('lags').workload, [], 1, make);
    expect(replay.events[replay.violation!]).toMatchObject({
      type: 'query.answered',
      outcome: 'answered',
    });
    expect(judgeReads(replay.events, 250, replay.durationMs).outcome.passed).toBe(false);
  });

  it('reports code that throws, or returns no answer, as the failure of the query it was on', () => {
    const throws = grader.run(
      // eslint-disable-next-line require-yield -- code that fails before its first effect
      function* () {
        throw new Error('boom');
      },
      {},
      [],
      1,
    );
    expect(throws.reason).toBe('threw');
    expect(throws.message).toMatch(/^The query code failed on \w+'s query of \w+: Error: boom$/);
    const shapeless = grader.run(
      function* (_q: unknown, ctx: { sleep(ms: number): Iterable<unknown> }) {
        yield* ctx.sleep(1);
        return { row: 1 };
      },
      {},
      [],
      1,
    );
    expect(shapeless.message).toMatch(
      /must return \{ answer: 'row', row \} or \{ answer: 'notYet' \}, not \{"row":1\}/,
    );
  });

  it('refuses the starter before any case with its own Not started error', () => {
    expect(() => grader.probe(freshModule('./starter.ts')())).toThrow(/Not started/);
  });

  it('names a fault of another exercise, or an actor that is not here', () => {
    expect(() => grader.parseFaults([{ at: 1, kind: 'crash', target: 'reader-9' }])).toThrow(
      /faults\[0\]: "reader-9" is not an actor here/,
    );
    expect(() => grader.parseFaults([{ at: 1, kind: 'lostAck', target: 'api' }])).toThrow(
      /faults\[0\]\.kind: lostAck is not a fault of this exercise/,
    );
  });
});
