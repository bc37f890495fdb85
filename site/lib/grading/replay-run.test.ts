import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { replayStart, requirementVerdict } from './replay-run.ts';

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
