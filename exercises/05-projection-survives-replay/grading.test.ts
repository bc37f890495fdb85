import { describe, expect, it } from 'vitest';
import type { Json } from '../../simulator/core/types.ts';
import { loadExercise } from '../grader/exercise-files.ts';
import * as countsTwice from './fixtures/counts-twice.ts';
import * as positionApart from './fixtures/position-apart.ts';
import { historyOf, projectionSurvivesReplayGrader as grader } from './grading.ts';
import * as reference from './reference.ts';

/** The exercise's grading run in-process (no sandbox): what each design does under each case. */

const exercise = loadExercise('05-projection-survives-replay');
const allCases = [...exercise.visible, ...exercise.hidden];
const crashAfterWrite: Json[] = [
  {
    at: 0,
    kind: 'invocationCrash',
    target: 'projector',
    point: 'afterDbWriteBeforeEmit',
    count: 1,
  },
];

describe('a projection that survives replay, graded', () => {
  it('passes the reference on every case and seed', () => {
    for (const c of allCases)
      for (const seed of c.seeds) {
        const outcome = grader.run(reference.project, c.workload, c.faults as Json[], seed);
        expect(outcome.passed, `${c.name} (seed ${seed}): ${outcome.message}`).toBe(true);
      }
  });

  it('fails a fold that counts a redelivered event twice, naming the account', () => {
    const outcome = grader.run(countsTwice.project, {}, crashAfterWrite, 1);
    expect(outcome.reason).toBe('over-count');
    expect(outcome.message).toMatch(/^a1 has 7 events applied, but the log holds 6/);
    const replay = grader.run(countsTwice.project, { replay: true }, [], 1);
    expect(replay.passed).toBe(false);
  });

  it('fails a projection that keeps its position apart from the rows, when a crash falls between', () => {
    const outcome = grader.run(positionApart.project, {}, crashAfterWrite, 1);
    expect(outcome.reason).toBe('over-count');
  });

  it('generates a history whose balances never go below zero, every account opened first', () => {
    const history = historyOf({ events: 30, accounts: ['a1', 'a2', 'a3', 'b2'] });
    const balance: Record<string, number> = {};
    for (const e of history) {
      if (e.type === 'AccountOpened') expect(balance[e.account]).toBeUndefined();
      else expect(balance[e.account]).toBeTypeOf('number');
      balance[e.account] =
        (balance[e.account] ?? 0) +
        (e.type === 'MoneyDeposited' ? e.amount : e.type === 'MoneyWithdrawn' ? -e.amount : 0);
      expect(balance[e.account]).toBeGreaterThanOrEqual(0);
    }
  });
});
