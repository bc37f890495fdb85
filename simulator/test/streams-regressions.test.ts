import { describe, expect, it } from 'vitest';
import { scenarioSchema, type FaultSpec } from '../scenario/schema.ts';
import { runScenario } from '../scenario/run.ts';
import { sameCommittedOutput } from '../checks/index.ts';
import { countScenario } from './streams-count-scenario.ts';
import { exampleScenarios } from './run-scenarios.ts';

/** Schedules that once broke a guarantee, found by the property tests, kept as examples. */

function countRun(faults: FaultSpec[]) {
  const input = countScenario('exactly_once_v2', {
    seed: 0,
    instances: ['streams-1', 'streams-2'],
    faults,
  });
  return runScenario(scenarioSchema.parse(input), { seed: 0 });
}

/** The committed output, as `key=value` lines in a stable order (a multiset). */
const committed = (run: ReturnType<typeof countRun>) =>
  run.readCommitted['click-counts']!.flatMap((p) =>
    p.records.map((r) => `${r.record.key}=${JSON.stringify(r.record.value)}`),
  ).sort();

describe('exactly_once_v2 regressions', () => {
  it('a member the group dropped during a rebalance closes its stale tasks before it runs them again', () => {
    // streams-2 misses generation 2 (lost acks while streams-1 crashes and rejoins); streams-1
    // runs and commits its task meanwhile. Back in generation 3, streams-2 once resumed from its
    // old position and wrote counts a second time.
    const faulty = countRun([
      { at: 238, kind: 'lostAck', target: 'streams-2', count: 1 },
      { at: 238, kind: 'lostAck', target: 'streams-2', count: 2 },
      { at: 316, kind: 'crash', target: 'streams-1' },
      { at: 422, kind: 'restart', target: 'streams-1' },
    ]);
    const revokedDirty = faulty.events.filter(
      (e) => e.type === 'task.revoked' && e.instance === 'streams-2' && !e.clean,
    );
    expect(revokedDirty.length).toBeGreaterThan(0);
    expect(committed(faulty)).toEqual(committed(countRun([])));
  });

  it("a restore waits for a paused instance's open transaction and keeps the state committed after it", () => {
    // fn-1 pauses with a transaction open in task 1_0's changelog; fn-2 takes the task, commits
    // counts behind that open transaction, crashes and restarts. Its restore once ended at the
    // last stable offset, short of its own committed counts, and counted from zero again.
    const base = exampleScenarios().find((e) => e.name === 'statefun-page-views')!.scenario;
    const run = (faults: FaultSpec[]) =>
      runScenario(scenarioSchema.parse({ ...base, durationMs: 4000, faults })).events;
    const faulty = run([
      { at: 129, kind: 'pause', target: 'fn-1', durationMs: 515 },
      { at: 639, kind: 'crash', target: 'fn-2' },
      { at: 640, kind: 'restart', target: 'fn-2' },
    ]);
    expect(sameCommittedOutput(faulty, run([]), 'views-per-user', 'exact')).toEqual({ ok: true });
  });
});
