import { describe, expect, it } from 'vitest';
import type { Json } from '../core/types.ts';
import { World, type Actor, type ActorContext, type Message } from '../core/world.ts';
import type { ReadModelAnswer, ReadModelQuery } from './protocol.ts';
import type { QueryHandler } from './query-api.ts';
import { QueryService } from './query-service.ts';

/** A reader that answers each read after `delayMs` (never, when null) with a fixed row. */
function reader(delayMs: number | null): Actor {
  return {
    id: 'reader-1',
    kind: 'reader',
    onStart() {},
    onCrash() {},
    onMessage(from: string, message: Message, ctx: ActorContext) {
      if (delayMs === null) return;
      ctx.setTimer(delayMs, 'answer', { from, queryId: (message as ReadModelQuery).queryId });
    },
    onTimer(_name: string, data: unknown, ctx: ActorContext) {
      const { from, queryId } = data as { from: string; queryId: string };
      const answer: ReadModelAnswer = {
        kind: 'ReadModelAnswer',
        queryId,
        outcome: 'answered',
        row: { balance: 7, events: 2 },
        partition: 0,
        position: 4,
      };
      ctx.send(from, answer);
    },
  };
}

/** Run one query through the service with `handler`; what the client heard, and the trace. */
function ask(handler: QueryHandler, readerDelayMs: number | null) {
  const world = new World({ seed: 1, network: { latencyMs: 1, jitterMs: 0 } });
  const heard: ReadModelAnswer[] = [];
  const client: Actor = {
    id: 'alice',
    kind: 'client',
    onStart(ctx) {
      const query: ReadModelQuery = {
        kind: 'ReadModelQuery',
        queryId: 'alice-q1',
        readModel: 'balances',
        key: 'a1',
        token: { topic: 'account-events', partition: 0, offset: 3 },
        maxWaitMs: 200,
      };
      ctx.send('api', query);
    },
    onCrash() {},
    onMessage: (_from, message) => void heard.push(message as ReadModelAnswer),
    onTimer() {},
  };
  world.add(new QueryService({ id: 'api', readerHost: 'reader-1', handler: () => handler }));
  world.add(reader(readerDelayMs));
  world.add(client);
  world.runUntil(2_000);
  return { heard, trace: world.trace };
}

describe('the query service runs query code against a reader', () => {
  it('gives the code the reader row and position, and sends its answer to the client', () => {
    const seen: Json[] = [];
    const { heard } = ask(function* (query, ctx) {
      const read = yield* ctx.read(query.account, { timeoutMs: 50 });
      seen.push({ ...read, token: query.token?.offset ?? null, boundMs: query.boundMs });
      return read.status === 'ok' ? { answer: 'row', row: read.row } : { answer: 'notYet' };
    }, 5);
    expect(seen).toEqual([
      {
        status: 'ok',
        row: { balance: 7, events: 2 },
        partition: 0,
        position: 4,
        token: 3,
        boundMs: 200,
      },
    ]);
    expect(heard).toMatchObject([
      { queryId: 'alice-q1', outcome: 'answered', row: { balance: 7, events: 2 }, position: 4 },
    ]);
  });

  it('resumes a read that timed out with noAnswer, and ignores the answer that comes late', () => {
    const results: string[] = [];
    const { heard, trace } = ask(function* (query, ctx) {
      const read = yield* ctx.read(query.account, { timeoutMs: 20 });
      results.push(`${read.status}@${ctx.nowMs}`);
      yield* ctx.sleep(100);
      return { answer: 'notYet' };
    }, 60);
    expect(results).toEqual(['noAnswer@21']);
    expect(heard).toMatchObject([{ outcome: 'notYet', row: null }]);
    const reads = trace.filter((e) => e.type === 'query.answered' && e.client === 'api');
    expect(reads).toMatchObject([{ queryId: 'alice-q1.r1', outcome: 'timedOut', latencyMs: 20 }]);
  });

  it('leaves a read without a timeout waiting for ever on a reader that never answers', () => {
    const { heard, trace } = ask(function* (query, ctx) {
      yield* ctx.read(query.account);
      return { answer: 'notYet' };
    }, null);
    expect(heard).toEqual([]);
    expect(trace.some((e) => e.type === 'query.sent' && e.client === 'api')).toBe(true);
  });

  it('reports code that yields something else, or sleeps no time, as a failed query', () => {
    const other = ask(function* () {
      yield 'a promise, perhaps' as never;
      return { answer: 'notYet' };
    }, 5);
    expect(other.trace.find((e) => e.type === 'query.failed')).toMatchObject({
      queryId: 'alice-q1',
      error: 'TypeError: yield only what ctx.read and ctx.sleep return',
    });
    const zero = ask(function* (_q, ctx) {
      yield* ctx.sleep(0);
      return { answer: 'notYet' };
    }, 5);
    expect(zero.heard).toEqual([]);
    expect(zero.trace.find((e) => e.type === 'query.failed')).toMatchObject({
      error: 'TypeError: ctx.sleep needs a whole number of ms, at least 1 (got 0)',
    });
  });
});

describe('the query service contains code that cheats the context', () => {
  it('refuses an effect the code built itself with a time the context would refuse', () => {
    const { heard, trace } = ask(function* (query, ctx) {
      const Op = ctx.read(query.account).constructor as new (effect: unknown) => never;
      yield new Op({ kind: 'sleep', ms: -5 });
      return { answer: 'notYet' };
    }, 5);
    expect(heard).toEqual([]);
    expect(trace.find((e) => e.type === 'query.failed')).toMatchObject({
      error: 'TypeError: ctx.sleep needs a whole number of ms, at least 1 (got -5)',
    });
  });

  it('reports an answer whose getter throws, or that cannot be copied, instead of stopping the run', () => {
    const getter = ask(function* (_q, ctx) {
      yield* ctx.sleep(1);
      return {
        get answer(): 'notYet' {
          throw new Error('got you');
        },
      };
    }, 5);
    expect(getter.trace.find((e) => e.type === 'query.failed')).toMatchObject({
      error: 'Error: got you',
    });
    const cyclic = ask(function* (_q, ctx) {
      yield* ctx.sleep(1);
      const row: Record<string, unknown> = {};
      row.self = row;
      return { answer: 'row', row: row as never };
    }, 5);
    expect(cyclic.trace.find((e) => e.type === 'query.failed')).toMatchObject({
      error: expect.stringMatching(/^TypeError: Converting circular structure to JSON/),
    });
  });
});
