import type { Json } from '../../simulator/core/types.ts';
import type { QueryHandler } from '../../simulator/eventsourcing/query-api.ts';
import { caseGrader, type ExerciseGrader } from '../grader/exercise-grader.ts';
import { parseSimulatorFaults } from '../grader/simulator-faults.ts';
import { judgeReads } from './judge.ts';
import { ACTORS, runReads } from './run-reads.ts';

/**
 * Exercise 08: read your writes. The learner's module exports `answer`, the query code of the
 * service `api` between the accounts clients and the reader that keeps the read model `balances`
 * (`run-reads.ts`). Graded over the trace by `judge.ts`: no stale read after an accepted command,
 * no wait without need and none past the bound, and an answer — "not yet" if need be — always.
 */

const FAULT_KINDS = new Set(['crash', 'restart', 'pause', 'slowLink', 'rebuildProjection']);

function asHandler(exported: unknown): QueryHandler {
  if (typeof exported !== 'function')
    throw new TypeError(
      'answer must be a generator function: export function* answer(query, ctx) { ... }',
    );
  return exported as QueryHandler;
}

/** Check a schedule: simulator faults of the kinds this exercise uses, naming its actors. */
export function parseReadsFaults(faults: readonly Json[]): Json[] {
  return parseSimulatorFaults(faults, FAULT_KINDS, ACTORS);
}

export const readYourWritesGrader: ExerciseGrader = caseGrader({
  id: '08-read-your-writes',
  exportName: 'answer',
  probe(exported) {
    // Run the code to its first effect on a query with no token, so "Not started" shows at once.
    const gen = asHandler(exported)({ account: 'probe', token: null, boundMs: 100 }, {
      nowMs: 0,
      read: () => {
        throw new Error('probe');
      },
      sleep: () => {
        throw new Error('probe');
      },
    } as never);
    try {
      gen.next();
    } catch (error) {
      if ((error as { message?: unknown }).message !== 'probe') throw error;
    }
  },
  runCase(exported, workload, faults, seed, instantiate) {
    const make = instantiate ? () => asHandler(instantiate()) : () => asHandler(exported);
    const run = runReads(make, workload, faults, seed);
    const { outcome, violation } = judgeReads(run.trace, run.workload.boundMs, run.durationMs);
    return { outcome, replay: { events: run.trace, durationMs: run.durationMs, violation } };
  },
  parseFaults: parseReadsFaults,
});
