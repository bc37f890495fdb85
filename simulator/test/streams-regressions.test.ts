import { describe, expect, it } from 'vitest';
import { scenarioSchema, type FaultSpec } from '../scenario/schema.ts';
import { runScenario } from '../scenario/run.ts';
import { countScenario } from './streams-count-scenario.ts';

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
});
