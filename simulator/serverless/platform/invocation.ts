import type { Json } from '../../core/types.ts';
import { isWrite } from '../db/operations.ts';
import type { Effect, HandlerGenerator, HandlerResult } from '../handler-api.ts';
import { Op } from '../handler-api.ts';
import type { BatchRecord } from '../protocol.ts';
import type { FaultPoint, FunctionSpec } from '../schema.ts';
import type { PointFault } from './fault-points.ts';
import type { Instance } from './instances.ts';
import { wireCopy } from './wire.ts';

/** One invocation attempt: a handler's generator and what it is waiting for. */
export class Invocation {
  /** The generator, once the handler has started (after the init phase of a cold start). */
  gen: HandlerGenerator | null = null;
  /** When the handler started, virtual ms (-1 before). */
  startedAtMs = -1;
  /** The execution-timeout timer. */
  timeoutTimer = -1;
  /** Set once the invocation has ended; late replies for it are ignored. */
  ended = false;
  /** The request it waits a reply for (-1: none); a handler has at most one call out at a time. */
  pendingRequestId = -1;
  /** When its watchdog timer fires (-1: not armed). */
  watchdogAtMs = -1;
  /** Database writes applied and records emitted so far (what `afterEmitBeforeSuccess` waits for). */
  sideEffects = 0;

  constructor(
    readonly id: string,
    readonly spec: FunctionSpec,
    readonly instance: Instance,
    readonly cold: boolean,
    readonly acceptedAtMs: number,
    /** Who to answer (a trigger), or null for a scheduled invocation. */
    readonly replyTo: string | null,
    readonly requestId: number,
    readonly source: string,
    readonly attempt: number,
    readonly records: readonly BatchRecord[],
  ) {}
}

/** What the stepping needs from the platform. */
export interface InvocationHost {
  /** Start a db call, an emit or a sleep; the platform resumes the invocation when it is done. */
  perform(run: Invocation, effect: Exclude<Effect, { kind: 'log' }>): void;
  log(run: Invocation, message: string, data: Json): void;
  /** A named point was reached: an armed fault for it, or null to go on. */
  reach(run: Invocation, point: FaultPoint): PointFault | null;
  /** The invocation stops here: `crash` ends it, `hang` leaves it for its timeout. */
  interrupt(run: Invocation, fault: PointFault, point: FaultPoint): void;
  succeed(run: Invocation, result: HandlerResult | void): void;
  fail(run: Invocation, error: unknown): void;
}

/** What resumes a handler: the result of its last effect, or an error thrown into it. */
export type Resume = { readonly value: unknown } | { readonly error: unknown };

/**
 * Run the handler from where it waits until it yields an effect that takes time, returns, or
 * throws. Logs take no time, so they are done in the same step.
 */
export function advance(run: Invocation, input: Resume, host: InvocationHost): void {
  const gen = run.gen;
  if (!gen || run.ended) return;
  let next = input;
  for (;;) {
    let step: IteratorResult<Op<unknown>, HandlerResult | void>;
    try {
      step = 'error' in next ? gen.throw(next.error) : gen.next(next.value);
    } catch (error) {
      return host.fail(run, error);
    }
    if (step.done) {
      // An invocation that changed nothing (an empty drain, say) does not reach the point.
      const fault = run.sideEffects > 0 ? host.reach(run, 'afterEmitBeforeSuccess') : null;
      if (fault) return host.interrupt(run, fault, 'afterEmitBeforeSuccess');
      return host.succeed(run, step.value);
    }
    const yielded: unknown = step.value;
    if (!(yielded instanceof Op)) {
      next = {
        error: new TypeError(
          'A handler may only yield what ctx gives it (ctx.db.*, ctx.emit, ctx.log, ctx.sleep)',
        ),
      };
      continue;
    }
    let effect: Effect;
    try {
      effect = wireCopy(yielded.effect);
    } catch (error) {
      const why = error instanceof Error ? error.message : 'not JSON';
      next = { error: new TypeError(`A handler's call must carry JSON data: ${why}`) };
      continue;
    }
    if (effect.kind === 'log') {
      host.log(run, effect.message, effect.data);
      next = { value: null };
      continue;
    }
    if (effect.kind === 'db' && isWrite(effect.operation)) {
      const fault = host.reach(run, 'beforeDbWrite');
      if (fault) return host.interrupt(run, fault, 'beforeDbWrite');
    }
    return host.perform(run, effect);
  }
}

/**
 * The `batchItemFailures` of a handler's result as identifiers, or a sentence saying how the
 * result is malformed (Lambda then treats the whole batch as failed): an entry that is not an
 * object with a non-empty string `itemIdentifier`, say.
 */
export function readBatchItemFailures(result: unknown): string[] | string {
  // Learner code may hand back anything, a getter that throws included: that is its error, not ours.
  try {
    return readShape(result);
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return `reading the handler's result threw (${why})`;
  }
}

function readShape(result: unknown): string[] | string {
  const shape = 'the result must be { batchItemFailures: [{ itemIdentifier: "<id>" }, ...] }';
  if (result === undefined || result === null) return [];
  if (typeof result !== 'object') return `the handler returned a ${typeof result}: ${shape}`;
  const failures = (result as HandlerResult).batchItemFailures;
  if (failures === undefined || failures === null) return [];
  if (!Array.isArray(failures)) return `batchItemFailures is not an array: ${shape}`;
  const ids: string[] = [];
  for (const [i, f] of failures.entries()) {
    const id: unknown =
      f && typeof f === 'object' ? (f as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '')
      return `batchItemFailures[${i}] has no non-empty string itemIdentifier: ${shape}`;
    ids.push(id);
  }
  return ids;
}
