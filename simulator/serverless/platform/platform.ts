import type { Json, SimRecord } from '../../core/types.ts';
import type { Actor, ActorContext, Message } from '../../core/world.ts';
import { partitionForKey } from '../../log/partitioner.ts';
import type * as P from '../../log/protocol.ts';
import { BROKER_ID } from '../../log/protocol.ts';
import { DbError, isWrite, tableOf, type DbErrorCode } from '../db/operations.ts';
import { actorKind, emitServerless } from '../events.ts';
import type { FailureReason } from '../events.ts';
import type { Effect, Handler, HandlerContext, HandlerResult } from '../handler-api.ts';
import { dbClient, Op } from '../handler-api.ts';
import type {
  BatchRecord,
  DbRequest,
  DbResponse,
  InvokeRequest,
  InvokeResponse,
} from '../protocol.ts';
import type { FaultPoint, FunctionSpec, Prices, ScheduleSpec } from '../schema.ts';
import { invocationCost } from './cost.ts';
import { FaultPoints, type PointFault } from './fault-points.ts';
import { InstancePool, type Instance } from './instances.ts';
import { wireCopy } from './wire.ts';
import {
  advance,
  readBatchItemFailures,
  Invocation,
  type InvocationHost,
  type Resume,
} from './invocation.ts';

export interface PlatformConfig {
  id: string;
  /** The database actor's id. */
  dbId: string;
  functions: readonly FunctionSpec[];
  /** Each function's handler, by function name. */
  handlers: ReadonlyMap<string, Handler>;
  /** Handlers loaded once per instance (a module scope per execution environment), by function name. */
  instanceHandlers?: ReadonlyMap<string, () => Handler>;
  /** The account's concurrency limit, shared by functions without a reservation. */
  concurrencyLimit: number;
  prices: Prices;
  partitionsPerTopic: Readonly<Record<string, number>>;
  /** Ids of records emitted without one start here. */
  emittedIdBase: number;
  schedules: readonly ScheduleSpec[];
}

/** How long a handler's emit waits for the broker's acknowledgement before it throws. */
export const EMIT_TIMEOUT_MS = 1000;

/** A call in flight for an invocation: a database request (with its client attempt) or an emit. */
type Pending =
  | {
      kind: 'db';
      run: Invocation;
      effect: Extract<Effect, { kind: 'db' }>;
      attempt: number;
      deadlineMs: number;
    }
  | {
      kind: 'emit';
      run: Invocation;
      record: SimRecord;
      topic: string;
      partition: number;
      deadlineMs: number;
    };

/**
 * The function platform (the Lambda service): it accepts invocations, runs each handler on an
 * execution environment (an instance), and performs the handler's effects — database calls through
 * the network to the database actor, emits as plain produce requests to the broker, sleeps as
 * timers. It owns cold starts (an init phase on a new instance), warm reuse, idle reclaim after a
 * keep-alive, the concurrency limit (an invocation over it is refused: TooManyRequestsException),
 * the execution timeout (the handler is dropped mid-flight; what it already wrote stays written),
 * and cost (requests and GB-ms, billed per invocation in whole ms, the init phase included as AWS
 * bills it since August 2025).
 *
 * Simplifications: one platform actor stands for the whole service, so all calls leave from it;
 * a crash or timeout resets the instance (the next invocation cold-starts), a thrown error keeps
 * it; an emit is one produce request with no retry (the producer's idempotence could not help
 * across invocations anyway); a crash of this actor loses every invocation in flight, which its
 * callers see as timeouts.
 */
export class FunctionPlatform implements Actor, InvocationHost {
  readonly kind = actorKind('functionPlatform');
  readonly id: string;
  private ctx!: ActorContext;
  private readonly specs = new Map<string, FunctionSpec>();
  private pools = new Map<string, InstancePool>();
  private runs = new Map<string, Invocation>();
  private pending = new Map<number, Pending>();
  private readonly faults = new FaultPoints();
  private readonly db = Object.freeze(dbClient());
  private nextRequestId = 1;
  private nextInvocation = 1;
  private nextEmittedId: number;
  /** Each instance's handler when handlers load per instance (never iterated). */
  private instanceModules = new Map<Instance, Handler>();
  private readonly roundRobin = new Map<string, number>();
  private totalUsd = 0;
  private readonly reservedTotal: number;

  constructor(private readonly config: PlatformConfig) {
    this.id = config.id;
    this.nextEmittedId = config.emittedIdBase;
    let reserved = 0;
    for (const spec of config.functions) {
      this.specs.set(spec.name, spec);
      reserved += spec.reservedConcurrency ?? 0;
    }
    this.reservedTotal = reserved;
  }

  // ── the actor ───────────────────────────────────────────────────────────

  onStart(ctx: ActorContext): void {
    this.ctx = ctx;
    this.config.schedules.forEach((s, index) =>
      ctx.setTimer(s.startAtMs ?? s.rateMs, 'schedule', index),
    );
  }

  onCrash(): void {
    this.pools = new Map();
    this.instanceModules = new Map();
    this.runs = new Map();
    this.pending = new Map();
  }

  onMessage(from: string, message: Message, ctx: ActorContext): void {
    switch (message.kind) {
      case 'Invoke':
        return this.onInvoke(from, message as InvokeRequest, ctx);
      case 'DbReadResponse':
      case 'DbWriteResponse':
        return this.onDbResponse(message as DbResponse);
      case 'ProduceResponse':
        return this.onProduceResponse(message as P.ProduceResponse);
    }
  }

  onTimer(name: string, data: unknown, ctx: ActorContext): void {
    switch (name) {
      case 'init':
        return this.startHandler(this.runs.get(data as string));
      case 'timeout':
        return this.onTimeout(this.runs.get(data as string));
      case 'sleep':
        return this.resume(this.runs.get(data as string), { value: null });
      case 'watchdog':
        return this.onWatchdog(this.runs.get(data as string));
      case 'dbRetry':
        return this.sendDb(data as Extract<Pending, { kind: 'db' }>);
      case 'reclaim':
        return this.reclaimIfIdle(data as { fn: string; instance: string; idleSinceMs: number });
      case 'schedule':
        return this.onSchedule(data as number, ctx);
    }
  }

  // ── faults ──────────────────────────────────────────────────────────────

  hasFunction(name: string): boolean {
    return this.specs.has(name);
  }

  /** Arm `invocationCrash` / `invocationTimeout` faults for the next `count` invocations reaching `point`. */
  armFault(functionName: string, point: FaultPoint, fault: PointFault, count: number): void {
    this.faults.arm(functionName, point, fault, count);
  }

  /** Crash up to `count` instances of a function now (busy first), failing what they run. */
  crashInstances(functionName: string, count: number): void {
    const pool = this.pools.get(functionName);
    if (!pool) return;
    for (const instance of pool.victims(count)) {
      const run = instance.invocationId === null ? undefined : this.runs.get(instance.invocationId);
      if (run) this.end(run, 'crash', 'Runtime exited: the instance crashed');
      else this.resetInstance(instance, 'crash');
    }
  }

  // ── invocations ─────────────────────────────────────────────────────────

  private onInvoke(from: string, request: InvokeRequest, ctx: ActorContext): void {
    const reply = (r: Omit<InvokeResponse, 'kind' | 'requestId'>) =>
      ctx.send(from, {
        kind: 'InvokeResponse',
        requestId: request.requestId,
        ...r,
      } satisfies InvokeResponse);
    const spec = this.specs.get(request.function);
    if (!spec) {
      return reply({
        outcome: 'failure',
        reason: 'error',
        error: `ResourceNotFoundException: no function "${request.function}"`,
        batchItemFailures: [],
        invalidResponse: false,
      });
    }
    const run = this.accept(
      spec,
      from,
      request.requestId,
      request.source,
      request.attempt,
      request.records,
    );
    if (!run) {
      reply({
        outcome: 'failure',
        reason: 'throttled',
        error: 'TooManyRequestsException: Rate Exceeded',
        batchItemFailures: [],
        invalidResponse: false,
      });
    }
  }

  private onSchedule(index: number, ctx: ActorContext): void {
    const schedule = this.config.schedules[index];
    ctx.setTimer(schedule.rateMs, 'schedule', index);
    const spec = this.specs.get(schedule.function);
    if (spec) this.accept(spec, null, 0, 'schedule', 1, []);
  }

  /** Take an invocation on an instance, or refuse it at the concurrency limit (returns null). */
  private accept(
    spec: FunctionSpec,
    replyTo: string | null,
    requestId: number,
    source: string,
    attempt: number,
    records: readonly BatchRecord[],
  ): Invocation | null {
    const invocationId = `${spec.name}:${this.nextInvocation++}`;
    const pool = this.poolOf(spec.name);
    const { concurrency, limit } = this.concurrency(spec);
    if (concurrency >= limit) {
      emitServerless(this.ctx, {
        type: 'functionInstance.throttled',
        function: spec.name,
        invocationId,
        concurrency,
        limit,
      });
      emitServerless(this.ctx, {
        type: 'function.failed',
        function: spec.name,
        invocationId,
        instance: '',
        reason: 'throttled',
        error: 'TooManyRequestsException',
        durationMs: 0,
      });
      return null;
    }
    const { instance, cold } = pool.acquire(invocationId);
    const run = new Invocation(
      invocationId,
      spec,
      instance,
      cold,
      this.ctx.now,
      replyTo,
      requestId,
      source,
      attempt,
      records,
    );
    this.runs.set(invocationId, run);
    this.traceInvoked(run);
    if (cold) {
      emitServerless(this.ctx, {
        type: 'function.coldStarted',
        function: spec.name,
        instance: instance.id,
        invocationId,
        initDurationMs: spec.initDurationMs,
      });
      this.ctx.setTimer(spec.initDurationMs, 'init', invocationId);
    } else {
      emitServerless(this.ctx, {
        type: 'function.warmStarted',
        function: spec.name,
        instance: instance.id,
        invocationId,
      });
      this.startHandler(run);
    }
    return run;
  }

  private traceInvoked(run: Invocation): void {
    const first = run.records[0];
    emitServerless(this.ctx, {
      type: 'function.invoked',
      function: run.spec.name,
      invocationId: run.id,
      instance: run.instance.id,
      source: run.source,
      attempt: run.attempt,
      topic: first?.topic ?? null,
      partition: first?.partition ?? null,
      offsets: run.records.map((r) => r.offset),
      recordIds: run.records.map((r) => r.id),
    });
  }

  /** How many instances count against this function's limit, and the limit. */
  private concurrency(spec: FunctionSpec): { concurrency: number; limit: number } {
    if (spec.reservedConcurrency !== null) {
      return { concurrency: this.poolOf(spec.name).active, limit: spec.reservedConcurrency };
    }
    let unreserved = 0;
    for (const [name, pool] of this.pools)
      if (this.specs.get(name)?.reservedConcurrency === null) unreserved += pool.active;
    return {
      concurrency: unreserved,
      limit: Math.max(0, this.config.concurrencyLimit - this.reservedTotal),
    };
  }

  private startHandler(run: Invocation | undefined): void {
    if (!run || run.ended) return;
    run.instance.state = 'busy';
    run.startedAtMs = this.ctx.now;
    run.timeoutTimer = this.ctx.setTimer(run.spec.timeoutMs, 'timeout', run.id);
    try {
      const handler = this.handlerOf(run);
      const records = wireCopy(run.records);
      const produced = handler({ source: run.source, records }, this.contextFor(run));
      run.gen = isGenerator(produced) ? produced : resultOnly(produced);
    } catch (error) {
      return this.fail(run, error);
    }
    advance(run, { value: undefined }, this);
  }

  /**
   * The handler of the run's function, as loaded on the run's instance: the first invocation on a
   * new instance loads it (a cold start's init), later ones on it reuse it (warm starts).
   */
  private handlerOf(run: Invocation): Handler {
    const load = this.config.instanceHandlers?.get(run.spec.name);
    if (!load) return this.config.handlers.get(run.spec.name)!;
    let handler = this.instanceModules.get(run.instance);
    if (!handler) {
      handler = load();
      this.instanceModules.set(run.instance, handler);
    }
    return handler;
  }

  private contextFor(run: Invocation): HandlerContext {
    const ctx = this.ctx;
    return {
      functionName: run.spec.name,
      invocationId: run.id,
      attempt: run.attempt,
      get nowMs() {
        return ctx.now;
      },
      db: this.db,
      emit: (topic, key, value, options) =>
        new Op({ kind: 'emit', topic, key, value, id: options?.id, headers: options?.headers }),
      log: (message, data = null) => new Op({ kind: 'log', message, data }),
      sleep: (ms) => new Op({ kind: 'sleep', ms: Math.max(0, Math.trunc(ms)) }),
    };
  }

  private resume(run: Invocation | undefined, input: Resume): void {
    if (run && !run.ended) advance(run, input, this);
  }

  // ── effects (InvocationHost) ────────────────────────────────────────────

  perform(run: Invocation, effect: Exclude<Effect, { kind: 'log' }>): void {
    if (effect.kind === 'sleep') {
      this.ctx.setTimer(effect.ms, 'sleep', run.id);
    } else if (effect.kind === 'db') {
      this.sendDb({ kind: 'db', run, effect, attempt: 1, deadlineMs: -1 });
    } else {
      this.sendEmit(run, effect);
    }
  }

  log(run: Invocation, message: string, data: Json): void {
    emitServerless(this.ctx, {
      type: 'function.logged',
      function: run.spec.name,
      invocationId: run.id,
      message: String(message),
      data,
    });
  }

  reach(run: Invocation, point: FaultPoint): PointFault | null {
    return this.faults.take(run.spec.name, point);
  }

  interrupt(run: Invocation, fault: PointFault, point: FaultPoint): void {
    // A hang leaves the invocation waiting for nothing: its execution timeout ends it.
    if (fault === 'crash') this.end(run, 'crash', `Runtime exited at ${point} (injected crash)`);
  }

  succeed(run: Invocation, result: HandlerResult | void): void {
    // A malformed response is still a success of the invocation; the caller decides (and says why).
    const failures = readBatchItemFailures(result);
    const invalid = typeof failures === 'string';
    this.end(run, null, invalid ? failures : null, invalid ? [] : failures, invalid);
  }

  fail(run: Invocation, error: unknown): void {
    this.end(
      run,
      'error',
      error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    );
  }

  // ── database calls ──────────────────────────────────────────────────────

  private sendDb(call: Extract<Pending, { kind: 'db' }>): void {
    if (call.run.ended) return;
    const requestId = this.nextRequestId++;
    call.deadlineMs = this.ctx.now + call.run.spec.dbClient.requestTimeoutMs;
    this.expectReply(call.run, requestId, call);
    this.ctx.send(this.config.dbId, {
      kind: 'DbRequest',
      requestId,
      operation: call.effect.operation,
      invocationId: call.run.id,
    } satisfies DbRequest);
  }

  private onDbResponse(response: DbResponse): void {
    const call = this.pending.get(response.requestId);
    if (!call || call.kind !== 'db') return;
    this.settle(call.run, response.requestId);
    if (call.run.ended) return;
    const error = response.error;
    if (error?.code === 'ProvisionedThroughputExceededException')
      return this.retryDb(call, error.code, error.message);
    if (error) {
      const conditionFailed = error.code === 'ConditionalCheckFailedException';
      if (conditionFailed && call.effect.conditionFailedAs === false)
        return this.resume(call.run, { value: false });
      return this.resume(call.run, { error: new DbError(error.code, error.message) });
    }
    const result = response.result!;
    if (isWrite(call.effect.operation)) {
      call.run.sideEffects++;
      // The writes are in the database: the read model applied the event, even if the crash
      // point below ends the invocation before the handler goes on.
      const applied = call.effect.applied;
      if (applied)
        this.ctx.emit({ type: 'projection.applied', host: call.run.spec.name, ...applied });
      const fault = this.reach(call.run, 'afterDbWriteBeforeEmit');
      if (fault) return this.interrupt(call.run, fault, 'afterDbWriteBeforeEmit');
    }
    if (call.effect.conditionFailedAs === false) return this.resume(call.run, { value: true });
    const value =
      result.op === 'get' || result.op === 'put' || result.op === 'update'
        ? result.item
        : result.op === 'scan'
          ? result.items
          : null;
    this.resume(call.run, { value });
  }

  /** No reply in time: the request may or may not have been applied. The client retries, then gives up. */
  private onDbTimeout(call: Extract<Pending, { kind: 'db' }>): void {
    const op = call.effect.operation;
    emitServerless(this.ctx, {
      type: 'db.requestTimedOut',
      table: tableOf(op),
      op: op.op,
      invocationId: call.run.id,
      attempt: call.attempt,
    });
    this.retryDb(
      call,
      'RequestTimeout',
      `no reply within ${call.run.spec.dbClient.requestTimeoutMs} ms`,
    );
  }

  /** The SDK's retry: the same request again after a doubling backoff, up to `maxAttempts` in all. */
  private retryDb(
    call: Extract<Pending, { kind: 'db' }>,
    code: DbErrorCode,
    message: string,
  ): void {
    const client = call.run.spec.dbClient;
    if (call.attempt >= client.maxAttempts) {
      return this.resume(call.run, {
        error: new DbError(code, `${message} (after ${call.attempt} attempts)`),
      });
    }
    const delay = client.retryBaseDelayMs * 2 ** (call.attempt - 1);
    call.attempt++;
    this.ctx.setTimer(delay, 'dbRetry', call);
  }

  // ── emits ───────────────────────────────────────────────────────────────

  private sendEmit(run: Invocation, effect: Extract<Effect, { kind: 'emit' }>): void {
    const partitions = this.config.partitionsPerTopic[effect.topic];
    if (partitions === undefined) {
      return this.resume(run, {
        error: new Error(`UNKNOWN_TOPIC_OR_PARTITION: no topic "${effect.topic}"`),
      });
    }
    const partition =
      effect.key !== null
        ? partitionForKey(effect.key, partitions)
        : this.nextRoundRobin(effect.topic, partitions);
    const record: SimRecord = effect.headers
      ? {
          id: effect.id ?? this.nextEmittedId++,
          key: effect.key,
          value: effect.value,
          timestampMs: this.ctx.now,
          headers: effect.headers,
        }
      : {
          id: effect.id ?? this.nextEmittedId++,
          key: effect.key,
          value: effect.value,
          timestampMs: this.ctx.now,
        };
    const requestId = this.nextRequestId++;
    this.expectReply(run, requestId, {
      kind: 'emit',
      run,
      record,
      topic: effect.topic,
      partition,
      deadlineMs: this.ctx.now + EMIT_TIMEOUT_MS,
    });
    this.ctx.send(BROKER_ID, {
      kind: 'Produce',
      requestId,
      topic: effect.topic,
      partition,
      producerId: -1,
      producerEpoch: -1,
      baseSequence: -1,
      transactionalId: null,
      records: [record],
    } satisfies P.ProduceRequest);
  }

  private nextRoundRobin(topic: string, partitions: number): number {
    const n = this.roundRobin.get(topic) ?? 0;
    this.roundRobin.set(topic, n + 1);
    return n % partitions;
  }

  private onProduceResponse(response: P.ProduceResponse): void {
    const call = this.pending.get(response.requestId);
    if (!call || call.kind !== 'emit') return;
    this.settle(call.run, response.requestId);
    if (call.run.ended) return;
    if (response.error !== null)
      return this.resume(call.run, { error: new Error(`Produce failed: ${response.error}`) });
    call.run.sideEffects++;
    emitServerless(this.ctx, {
      type: 'function.emitted',
      function: call.run.spec.name,
      invocationId: call.run.id,
      topic: call.topic,
      partition: call.partition,
      offset: response.baseOffset,
      record: call.record,
    });
    this.resume(call.run, {
      value: { topic: call.topic, partition: call.partition, offset: response.baseOffset },
    });
  }

  // ── waiting for replies ─────────────────────────────────────────────────

  /**
   * Wait for a reply. A handler has at most one call out at a time, so one watchdog timer per
   * invocation stands in for a timer per request: it is armed for the earliest deadline and, when
   * it fires early for a request already answered, re-armed for the current one.
   */
  private expectReply(run: Invocation, requestId: number, call: Pending): void {
    this.pending.set(requestId, call);
    run.pendingRequestId = requestId;
    if (run.watchdogAtMs < 0 || run.watchdogAtMs > call.deadlineMs) {
      run.watchdogAtMs = call.deadlineMs;
      this.ctx.setTimer(call.deadlineMs - this.ctx.now, 'watchdog', run.id);
    }
  }

  private settle(run: Invocation, requestId: number): void {
    this.pending.delete(requestId);
    if (run.pendingRequestId === requestId) run.pendingRequestId = -1;
  }

  private onWatchdog(run: Invocation | undefined): void {
    if (!run || run.ended || run.watchdogAtMs !== this.ctx.now) return;
    run.watchdogAtMs = -1;
    const call = this.pending.get(run.pendingRequestId);
    if (!call) return;
    if (call.deadlineMs > this.ctx.now) {
      run.watchdogAtMs = call.deadlineMs;
      this.ctx.setTimer(call.deadlineMs - this.ctx.now, 'watchdog', run.id);
      return;
    }
    this.settle(run, run.pendingRequestId);
    if (call.kind === 'db') return this.onDbTimeout(call);
    this.resume(run, {
      error: new Error(
        `Produce timed out after ${EMIT_TIMEOUT_MS} ms (the record may be in the log)`,
      ),
    });
  }

  // ── endings ─────────────────────────────────────────────────────────────

  private onTimeout(run: Invocation | undefined): void {
    if (!run || run.ended) return;
    this.end(run, 'timeout', `Task timed out after ${run.spec.timeoutMs} ms`);
  }

  /** Finish an invocation: trace, bill, answer the caller, and keep or reset its instance. */
  private end(
    run: Invocation,
    reason: FailureReason | null,
    error: string | null,
    failures: string[] = [],
    invalid = false,
  ): void {
    if (run.ended) return;
    run.ended = true;
    this.runs.delete(run.id);
    if (run.timeoutTimer >= 0) this.ctx.cancelTimer(run.timeoutTimer);
    const now = this.ctx.now;
    const durationMs = run.startedAtMs < 0 ? 0 : now - run.startedAtMs;
    const name = run.spec.name;
    const instance = run.instance.id;
    if (reason === null) {
      emitServerless(this.ctx, {
        type: 'function.succeeded',
        function: name,
        invocationId: run.id,
        instance,
        durationMs,
        batchItemFailures: failures,
      });
    } else {
      emitServerless(this.ctx, {
        type: 'function.failed',
        function: name,
        invocationId: run.id,
        instance,
        reason,
        error: error ?? '',
        durationMs,
      });
    }
    this.bill(run, now - run.acceptedAtMs);
    if (reason === 'crash' || reason === 'timeout') this.resetInstance(run.instance, reason);
    else this.releaseInstance(run.instance);
    if (run.replyTo !== null) {
      this.ctx.send(run.replyTo, {
        kind: 'InvokeResponse',
        requestId: run.requestId,
        outcome: reason === null ? 'success' : 'failure',
        reason,
        error,
        batchItemFailures: failures,
        invalidResponse: invalid,
      } satisfies InvokeResponse);
    }
  }

  private bill(run: Invocation, billedMs: number): void {
    const cost = invocationCost(Math.max(1, billedMs), run.spec.memoryMb, this.config.prices);
    this.totalUsd += cost.usd;
    emitServerless(this.ctx, {
      type: 'cost.accrued',
      source: 'function',
      function: run.spec.name,
      requests: 1,
      gbMs: cost.gbMs,
      readUnits: 0,
      writeUnits: 0,
      usd: cost.usd,
      totalUsd: this.totalUsd,
    });
  }

  private releaseInstance(instance: Instance): void {
    const pool = this.poolOf(instance.function);
    pool.release(instance, this.ctx.now);
    const keepAliveMs = this.specs.get(instance.function)!.keepAliveMs;
    this.ctx.setTimer(keepAliveMs, 'reclaim', {
      fn: instance.function,
      instance: instance.id,
      idleSinceMs: this.ctx.now,
    });
  }

  private reclaimIfIdle(data: { fn: string; instance: string; idleSinceMs: number }): void {
    const pool = this.pools.get(data.fn);
    const instance = pool?.get(data.instance);
    // Used again since (idleSinceMs moved on) or gone already: nothing to reclaim.
    if (
      !pool ||
      !instance ||
      instance.state !== 'idle' ||
      instance.idleSinceMs !== data.idleSinceMs
    )
      return;
    pool.discard(instance);
    emitServerless(this.ctx, {
      type: 'functionInstance.reclaimed',
      function: data.fn,
      instance: instance.id,
      reason: 'idle',
    });
  }

  private resetInstance(instance: Instance, reason: 'crash' | 'timeout'): void {
    this.poolOf(instance.function).discard(instance);
    emitServerless(this.ctx, {
      type: 'functionInstance.reclaimed',
      function: instance.function,
      instance: instance.id,
      reason,
    });
  }

  private poolOf(name: string): InstancePool {
    let pool = this.pools.get(name);
    if (!pool) this.pools.set(name, (pool = new InstancePool(name)));
    return pool;
  }
}

function isGenerator(
  value: unknown,
): value is Generator<Op<unknown>, HandlerResult | void, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Generator).next === 'function' &&
    typeof (value as Generator).throw === 'function'
  );
}

/** A handler written as a plain function: its return value is the result, with no effects. */
// eslint-disable-next-line require-yield -- a generator that only returns is the point here
function* resultOnly(value: unknown): Generator<Op<unknown>, HandlerResult | void, unknown> {
  return value as HandlerResult | void;
}
