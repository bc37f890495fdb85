import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { faultErrors, faultWords, replayStart, requirementVerdict } from './replay-run.ts';

const events = [
  { type: 'sim.started', at: 0 },
  { type: 'sim.ended', at: 5, reason: 'duration' },
  { type: 'sim.ended', at: 9, reason: 'duration' },
] as unknown as TraceEvent[];

describe('the replayed requirement', () => {
  it('breaks at the event the grader points to, and the replay opens just after it', () => {
    const verdict = requirementVerdict({ events, durationMs: 9, violation: 1 });
    expect(verdict.verdict).toMatchObject({ ok: false, index: 1 });
    expect(replayStart(events, [verdict])).toBe(2);
  });

  it('breaks at the end of the run when no single event broke it', () => {
    const verdict = requirementVerdict({ events, durationMs: 9, violation: null });
    expect(verdict.verdict).toMatchObject({ ok: false, index: 2 });
    expect(!verdict.verdict.ok && verdict.verdict.message).toMatch(/missing shows at the end/);
  });
});

describe("a replay link's bad faults", () => {
  it('become one sentence per problem naming the fault, its field and its JSON pointer', () => {
    const errors = faultErrors(
      'faults[1].at: expected a non-negative integer (virtual ms), got -5\nfaults[0].between[1]: expected a string, got 3\nfaults[2]: a fault is an object',
      3,
    );
    expect(errors).toEqual([
      {
        path: '/faults/1/at',
        message:
          'This link\'s fault 2 of 3 has a bad "at": expected a non-negative integer (virtual ms), got -5.',
      },
      {
        path: '/faults/0/between/1',
        message: 'This link\'s fault 1 of 3 has a bad "between[1]": expected a string, got 3.',
      },
      {
        path: '/faults/2',
        message: "This link's fault 3 of 3 is not valid: a fault is an object.",
      },
    ]);
  });
});

describe("a replay link's fault schedule", () => {
  it('reads as words, whatever the link holds', () => {
    expect(faultWords({ at: 300, kind: 'dbThrottle', target: 'db', count: 2 })).toBe(
      'db throttle on db at 300 ms (count 2)',
    );
    expect(faultWords({ at: 10, kind: 'partition', between: ['a', 'b'], durationMs: 50 })).toBe(
      'partition between a and b at 10 ms for 50 ms',
    );
    expect(faultWords(42)).toBe('not a fault: 42');
    expect(faultWords({ kind: 7 })).toBe('not a fault: kind 7');
  });
});
