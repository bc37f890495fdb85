import type { Actor, ActorContext, Message } from '../core/world.ts';
import type { QueryOutcome } from './events.ts';
import type { ReadModelAnswer, ReadModelQuery } from './protocol.ts';
import {
  asQueryAnswer,
  effectProblem,
  queryContext,
  QueryOp,
  type QueryEffect,
  type QueryGenerator,
  type QueryHandler,
  type ReadResult,
} from './query-api.ts';

export interface QueryServiceConfig {
  id: string;
  /** The reader that keeps the read model in memory. */
  readerHost: string;
  /** The query code, loaded anew at every start (a crash loses its module scope). */
  handler: () => QueryHandler;
}

/** One client query in progress: the code's generator and the read or pause it waits on. */
interface Run {
  from: string;
  query: ReadModelQuery;
  gen: QueryGenerator;
  reads: number;
  /** The read in flight: its id, its timeout timer (null: none), when it was sent. */
  read: { id: string; account: string; timer: number | null; sentAtMs: number } | null;
  /** The reader's last answer to this query's reads: what the answer to the client reports. */
  seen: { partition: number; position: number } | null;
}

/**
 * The query side of CQRS as its own service, in front of a reader: clients send it their queries
 * (with a consistency token or without), and query code — the learner's, through `query-api.ts`
 * — decides how to answer each one by reading the read model (each read a `query.sent` and
 * `query.answered` of this service, ids `<client query>.r<n>`), pausing, and returning a row or
 * "not yet". The reader answers every read at once with its row and its position; waiting for a
 * token, and bounding that wait, is the query code's job. Code that throws or returns something
 * that is not an answer is a `query.failed`, and the client hears nothing.
 */
export class QueryService implements Actor {
  readonly kind = 'reader' as const;
  readonly id: string;
  private runs = new Map<string, Run>();
  private handler: QueryHandler | null = null;
  private nowMs = 0;

  constructor(private readonly config: QueryServiceConfig) {
    this.id = config.id;
  }

  onStart(): void {
    this.handler = this.config.handler();
  }

  onCrash(): void {
    this.runs = new Map();
    this.handler = null;
  }

  onMessage(from: string, message: Message, ctx: ActorContext): void {
    if (message.kind === 'ReadModelQuery') return this.begin(from, message as ReadModelQuery, ctx);
    if (message.kind !== 'ReadModelAnswer') return;
    const answer = message as ReadModelAnswer;
    const run = this.runs.get(answer.queryId.replace(/\.r\d+$/, ''));
    if (!run?.read || run.read.id !== answer.queryId) return; // late: the read timed out
    if (run.read.timer !== null) ctx.cancelTimer(run.read.timer);
    const { row, partition, position } = answer;
    this.emitRead(run, answer.outcome, { row, partition, position }, ctx);
    run.read = null;
    // A home that refuses the read (a Kafka Streams store that is not queryable) gave no row.
    if (answer.outcome !== 'answered') return this.step(run, { status: 'noAnswer' }, ctx);
    run.seen = { partition, position };
    this.step(run, { status: 'ok', row, partition, position }, ctx);
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    const { queryId, readId } = data as { queryId: string; readId?: string };
    const run = this.runs.get(queryId);
    if (!run) return;
    if (name === 'sleep') return this.step(run, undefined, ctx);
    if (name !== 'readTimeout' || run.read?.id !== readId) return;
    this.emitRead(run, 'timedOut', { row: null, partition: -1, position: -1 }, ctx);
    run.read = null;
    this.step(run, { status: 'noAnswer' }, ctx);
  }

  private begin(from: string, query: ReadModelQuery, ctx: ActorContext): void {
    if (!this.handler) return;
    const copy = JSON.parse(JSON.stringify(query)) as ReadModelQuery;
    const token = copy.token && { partition: copy.token.partition, offset: copy.token.offset };
    const learnerQuery = Object.freeze({
      account: copy.key,
      token: token && Object.freeze(token),
      boundMs: copy.maxWaitMs,
    });
    const run: Run = { from, query: copy, gen: null!, reads: 0, read: null, seen: null };
    this.nowMs = ctx.now;
    try {
      run.gen = this.handler(
        learnerQuery,
        queryContext(() => this.nowMs),
      );
      if (typeof run.gen?.next !== 'function')
        throw new TypeError('the query code must be a generator function (function*)');
    } catch (error) {
      return this.fail(run, error, ctx);
    }
    this.runs.set(copy.queryId, run);
    this.step(run, undefined, ctx);
  }

  /** Resume the code with `value` and carry out what it yields next, or send its answer. */
  private step(run: Run, value: ReadResult | undefined, ctx: ActorContext): void {
    this.nowMs = ctx.now;
    let effect: QueryEffect;
    // Everything the code hands back is read inside the try: a getter of its own may throw.
    try {
      const next = run.gen.next(value);
      if (next.done === true) return this.finish(run, next.value, ctx);
      if (!(next.value instanceof QueryOp))
        throw new TypeError('yield only what ctx.read and ctx.sleep return');
      effect = { ...(next.value as QueryOp<unknown>).effect };
      const problem = effectProblem(effect);
      if (problem) throw new TypeError(problem);
    } catch (error) {
      return this.fail(run, error, ctx);
    }
    const queryId = run.query.queryId;
    if (effect.kind === 'sleep') return void ctx.setTimer(effect.ms, 'sleep', { queryId });
    const id = `${queryId}.r${++run.reads}`;
    const read: ReadModelQuery = {
      kind: 'ReadModelQuery',
      queryId: id,
      readModel: run.query.readModel,
      key: effect.account,
      token: null,
      maxWaitMs: 1,
    };
    ctx.send(this.config.readerHost, read);
    ctx.emit({
      type: 'query.sent',
      client: this.id,
      queryId: id,
      readModel: read.readModel,
      host: this.config.readerHost,
      key: read.key,
      token: null,
    });
    const timer =
      effect.timeoutMs === null
        ? null
        : ctx.setTimer(effect.timeoutMs, 'readTimeout', { queryId, readId: id });
    run.read = { id, account: effect.account, timer, sentAtMs: ctx.now };
  }

  /** Send the code's answer to the client; throws (into `step`'s catch) when it is not an answer. */
  private finish(run: Run, value: unknown, ctx: ActorContext): void {
    const answer = asQueryAnswer(value);
    if (typeof answer === 'string') throw new TypeError(answer);
    this.runs.delete(run.query.queryId);
    const reply: ReadModelAnswer = {
      kind: 'ReadModelAnswer',
      queryId: run.query.queryId,
      outcome: answer.answer === 'row' ? 'answered' : 'notYet',
      row: answer.answer === 'row' ? answer.row : null,
      partition: run.seen?.partition ?? -1,
      position: run.seen?.position ?? -1,
    };
    ctx.send(run.from, reply);
  }

  private fail(run: Run, error: unknown, ctx: ActorContext): void {
    this.runs.delete(run.query.queryId);
    // The code's errors come from the grading realm: read them by shape, not by `instanceof`.
    const e = error as { name?: unknown; message?: unknown } | null;
    const message =
      e !== null && typeof e === 'object' && typeof e.message === 'string'
        ? `${typeof e.name === 'string' ? e.name : 'Error'}: ${e.message}`
        : String(error);
    ctx.emit({ type: 'query.failed', host: this.id, queryId: run.query.queryId, error: message });
  }

  private emitRead(
    run: Run,
    outcome: QueryOutcome,
    found: Pick<ReadModelAnswer, 'row' | 'partition' | 'position'>,
    ctx: ActorContext,
  ): void {
    ctx.emit({
      type: 'query.answered',
      client: this.id,
      queryId: run.read!.id,
      readModel: run.query.readModel,
      key: run.read!.account,
      outcome,
      ...found,
      latencyMs: ctx.now - run.read!.sentAtMs,
    });
  }
}
