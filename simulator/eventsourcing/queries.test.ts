import { describe, expect, it } from 'vitest';
import type { Prng } from '../core/prng.ts';
import type { ActorContext, Message } from '../core/world.ts';
import { runScenario } from '../scenario/run.ts';
import { eventsOf, exampleScenario } from '../test/engine-helpers.ts';
import { Projection } from './projection.ts';
import type { ReadModelAnswer } from './protocol.ts';

function recordingContext() {
  const sent: Message[] = [];
  const timers: { name: string; data: unknown; delayMs: number }[] = [];
  const ctx: ActorContext = {
    now: 0,
    prng: undefined as unknown as Prng,
    send: (_to, message) => void sent.push(message),
    setTimer: (delayMs, name, data) => timers.push({ name, data, delayMs }),
    cancelTimer: () => {},
    emit: () => {},
    emitStamped: () => {},
  };
  return { ctx, sent, timers };
}

const spec = {
  name: 'balances',
  fold: 'balances',
  home: 'memory',
  host: 'r',
  applyMs: 0,
  fetchIntervalMs: 10,
  maxPollRecords: 50,
  restoreRecordMs: 0,
  startAtMs: 0,
} as const;

describe('queries with a consistency token', () => {
  it('answer a token from the future "not yet" once the bounded wait runs out, never hang on it', () => {
    const { ctx, sent, timers } = recordingContext();
    const projection = new Projection(spec, 'r', 'account-events', 2, { next: 1 });
    projection.query(
      'alice',
      {
        kind: 'ReadModelQuery',
        queryId: 'q1',
        readModel: 'balances',
        key: 'a1',
        token: { topic: 'account-events', partition: 1, offset: 999 },
        maxWaitMs: 200,
      },
      ctx,
    );
    expect(sent).toEqual([]);
    expect(timers).toEqual([
      { name: 'queryWait', data: { readModel: 'balances', queryId: 'q1' }, delayMs: 200 },
    ]);
    projection.waitExpired('q1', ctx);
    expect(sent).toMatchObject([
      {
        kind: 'ReadModelAnswer',
        queryId: 'q1',
        outcome: 'notYet',
        position: 0,
      } satisfies Partial<ReadModelAnswer>,
    ]);
  });

  it('give a client "no answer" when its reader is down, and the client goes on with its commands', () => {
    const s = structuredClone(exampleScenario('accounts-read-your-writes'));
    s.faults = [{ at: 300, kind: 'crash', target: 'reader-1' }];
    const trace = runScenario(s).events;
    const bob = eventsOf(trace, 'query.answered', (e) => e.client === 'bob' && e.at > 300);
    expect(bob.length).toBeGreaterThan(0);
    const spec = s.accounts!.clients[1];
    for (const q of bob)
      expect(q).toMatchObject({
        outcome: 'timedOut',
        latencyMs: spec.queries!.maxWaitMs + spec.answerTimeoutMs,
      });
    // Not hung: after the first query nobody answered, bob goes on sending commands.
    expect(
      eventsOf(trace, 'command.sent', (e) => e.client === 'bob' && e.at > bob[0].at).length,
    ).toBeGreaterThan(0);
  });
});
