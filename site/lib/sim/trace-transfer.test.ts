import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import type { RunOutcome } from './prepare.ts';
import {
  EVENTS_PER_MESSAGE,
  OutcomeReceiver,
  postOutcome,
  type WorkerMessage,
} from './trace-transfer.ts';

const event = (at: number) =>
  ({ type: 'sim.ended', at, reason: 'duration' }) as unknown as TraceEvent;
const outcomeOf = (n: number): RunOutcome => ({
  ok: true,
  scenario: { name: 'x', durationMs: n },
  seed: 1,
  events: Array.from({ length: n }, (_, i) => event(i)),
  verdicts: [],
  warnings: [],
});

/** Sends `outcome` through postOutcome and a receiver, as worker and page do; the messages too. */
function roundTrip(outcome: RunOutcome) {
  const messages: WorkerMessage[] = [];
  postOutcome((m) => messages.push(structuredClone(m)), 7, outcome);
  const receiver = new OutcomeReceiver();
  let received: RunOutcome | null = null;
  for (const m of messages) {
    expect(m.id).toBe(7);
    if ('events' in m) receiver.add(m.events);
    else received = receiver.finish(m.outcome);
  }
  return { messages, received };
}

describe('a run crossing from the worker to the page', () => {
  it('arrives whole, in order, with no message holding more than its share of events', () => {
    const n = EVENTS_PER_MESSAGE * 2 + 5;
    const { messages, received } = roundTrip(outcomeOf(n));
    expect(received).toEqual(outcomeOf(n));
    expect(messages).toHaveLength(4); // three slices, then the outcome
    for (const m of messages)
      expect(
        'events' in m ? m.events.length : m.outcome.ok && m.outcome.events.length,
      ).toBeLessThanOrEqual(EVENTS_PER_MESSAGE);
  });

  it('sends a failed run as one message', () => {
    const failed: RunOutcome = { ok: false, errors: [{ path: '/seed', message: 'not a number' }] };
    const { messages, received } = roundTrip(failed);
    expect(messages).toHaveLength(1);
    expect(received).toEqual(failed);
  });
});
