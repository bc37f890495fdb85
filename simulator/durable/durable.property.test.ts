import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completedInJournal, journaledStepsNotRerun, rerunSteps } from '../checks/index.ts';
import { runDesign } from '../compare/compare.ts';
import type { FaultSpec } from '../scenario/schema.ts';
import type { EventOf, TraceEvent } from '../trace/events.ts';
import { checkProperty } from '../test/property.ts';
import { orderWorkflow } from './test-scenario.ts';

/**
 * Durable execution under random crash schedules of the handler's process: with the journal, a
 * step whose result is journaled never runs again and every order finishes; without it, every
 * step that had taken effect in an unfinished invocation runs again (the anomaly the journal
 * exists to prevent, shown rather than hidden).
 */
const FILE = 'simulator/durable/durable.property.test.ts';
const ORDERS = 12;

/** One to three crashes of the handler, each restarted before the next (orders flow until 480 ms). */
const crashes: fc.Arbitrary<FaultSpec[]> = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 })), {
    minLength: 1,
    maxLength: 3,
  })
  .map((gaps) => {
    let t = 60;
    return gaps.flatMap(([upMs, downMs]): FaultSpec[] => {
      const at = t + upMs;
      t = at + downMs;
      return [
        { at, kind: 'crash', target: 'handler-1' },
        { at: t, kind: 'restart', target: 'handler-1' },
      ];
    });
  });

const ofType = <T extends TraceEvent['type']>(events: readonly TraceEvent[], type: T) =>
  events.filter((e): e is EventOf<T> => e.type === type);

describe('durable execution under random crashes', () => {
  const journaled = 'a journaled step never runs again, and every invocation finishes';
  it(journaled, () => {
    checkProperty({ file: FILE, name: journaled }, crashes, (faults) => {
      const events = runDesign(orderWorkflow(faults, true, ORDERS), 9);
      const verdict = journaledStepsNotRerun(events);
      if (!verdict.ok) throw new Error(`event ${verdict.index}: ${verdict.message}`);
      for (const rerun of rerunSteps(events)) expect(rerun.wasJournaled).toBe(false);
      expect(completedInJournal(events).size).toBe(ORDERS);
    });
  });

  const unjournaled =
    'without the journal, every step that took effect in an unfinished invocation runs again';
  it(unjournaled, () => {
    let runsWithReruns = 0;
    checkProperty({ file: FILE, name: unjournaled }, crashes, (faults) => {
      const events = runDesign(orderWorkflow(faults, false, ORDERS), 9);
      const reruns = rerunSteps(events);
      const crashAt = events.flatMap((e, i) => (e.type === 'actor.crashed' ? [i] : []));
      const recoveries = ofType(events, 'durable.recovered').slice(1);
      crashAt.forEach((crash, k) => {
        const resumed = new Set(recoveries[k]?.resumed ?? []);
        const before = events.slice(0, crash);
        const effected = before.flatMap((e) =>
          e.type === 'durable.stepEffect' && resumed.has(e.invocation)
            ? [`${e.invocation}#${e.index}`]
            : [],
        );
        const again = new Set(
          reruns.filter((r) => r.at > crash).map((r) => `${r.invocation}#${r.index}`),
        );
        for (const step of effected)
          expect(again.has(step), `${step} after crash ${k + 1}`).toBe(true);
      });
      if (reruns.length > 0) runsWithReruns++;
      expect(ofType(events, 'durable.stepReplayed')).toEqual([]);
      expect(completedInJournal(events).size).toBe(ORDERS);
    });
    // The anomaly is not a corner case: most crash schedules show it.
    expect(runsWithReruns).toBeGreaterThan(0);
  });
});
