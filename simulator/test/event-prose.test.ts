import { describe, expect, it } from 'vitest';
import {
  journaledStepsNotRerun,
  runAccountsChecks,
  runLogChecks,
  runStreamsChecks,
} from '../checks/index.ts';
import { runScenario } from '../scenario/run.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { TraceEvent } from '../trace/events.ts';
import { describeEvent, recordBookOf } from '../trace/prose/index.ts';
import { exampleScenarios } from './run-scenarios.ts';

/**
 * The event log reads as prose in every example scenario (the chapters' scenes run these same
 * files): no line and no detail holds a JSON blob, a float with binary noise, `[object Object]`,
 * `undefined` or `NaN`; and neither does any check's message about these runs.
 */

/** What a reader must never see, each with why. */
const unreadable: readonly [RegExp, string][] = [
  [/\{"|\[\{/, 'a JSON blob'],
  [/\d\.\d{6,}/, 'a float with noise'],
  [/(?<![\w-])\d+(\.\d+)?e[-+]\d+\b/, 'a number in exponent notation'],
  [/\[object Object\]/, '[object Object]'],
  [/\bundefined\b/, 'undefined'],
  [/\bNaN\b/, 'NaN'],
];

function problemIn(text: string): string | null {
  for (const [pattern, what] of unreadable) if (pattern.test(text)) return what;
  return null;
}

/** Every check whose options a scenario file gives, so failing ones show their messages too. */
function checkMessages(scenario: Scenario, events: readonly TraceEvent[]): string[] {
  const verdicts = [
    ...runLogChecks(events).map((v) => v.verdict),
    journaledStepsNotRerun(events),
    ...(scenario.accounts
      ? runAccountsChecks(events, { eventsTopic: scenario.accounts.topics.events }).map(
          (v) => v.verdict,
        )
      : []),
  ];
  if (scenario.applications.length > 0 && scenario.faults.length > 0) {
    const reference = runScenario({ ...scenario, faults: [] }).events;
    const topics = scenario.topics.map((t) => t.name);
    const streams = runStreamsChecks(events, {
      reference: { events: reference, topics, mode: 'exact' },
    });
    verdicts.push(...streams.map((v) => v.verdict));
  }
  return verdicts.flatMap((v) => (v.ok ? [] : [v.message]));
}

describe('the event log as prose', () => {
  for (const { name, scenario } of exampleScenarios()) {
    it(`${name}: every event is a sentence without JSON, float noise or undefined`, () => {
      const { events } = runScenario(scenario);
      const book = recordBookOf(events);
      const types = new Set<string>();
      for (let i = 0; i < events.length; i++) {
        const { text, details = [] } = describeEvent(events[i], book);
        types.add(events[i].type);
        expect(text, `event ${i} (${events[i].type})`).toMatch(/^\S.*[.!]$/s);
        for (const line of [text, ...details]) {
          const problem = problemIn(line);
          if (problem !== null)
            expect.fail(`${name} event ${i} (${events[i].type}) shows ${problem}: ${line}`);
        }
      }
      expect(types.size).toBeGreaterThan(5);
    });

    it(`${name}: the checks' messages name records and values in words`, () => {
      const { events } = runScenario(scenario);
      for (const message of checkMessages(scenario, events)) {
        const problem = problemIn(message);
        if (problem !== null)
          expect.fail(`${name}: a check's message shows ${problem}: ${message}`);
        expect(message).not.toMatch(/\brecord \d+\b(?! of)/);
      }
    });
  }
});
