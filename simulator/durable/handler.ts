import type { Json } from '../core/types.ts';

/** What a durable handler asks the runtime for: a call to another service, by name. */
export interface StepRequest {
  /** `run`: journaled (Restate's `ctx.run`); `call`: made directly, journaled nowhere. */
  kind: 'run' | 'call';
  /** The call's name (`chargePayment`). */
  step: string;
}

/**
 * The context a durable handler gets. Both calls are generators (`yield* ctx.run('chargePayment')`):
 * the simulator owns time, so a handler hands each call to the runtime and is resumed with its result.
 */
export interface DurableContext {
  /** A journaled step: its result is written to the journal; on a retry it is replayed, not made again. */
  run(step: string): Generator<StepRequest, Json, Json>;
  /** A call made directly, outside `run`: nothing is journaled, so a retry makes it again. */
  call(step: string): Generator<StepRequest, Json, Json>;
}

/** A durable handler: plain sequential code over its input, re-run from the top on every retry. */
export type DurableHandler = (
  input: Json,
  ctx: DurableContext,
) => Generator<StepRequest, unknown, Json>;

export const durableContext: DurableContext = {
  *run(step) {
    return yield { kind: 'run', step };
  },
  *call(step) {
    return yield { kind: 'call', step };
  },
};

/** The handler a scenario's `steps` stand for: each step a journaled call, in order. */
export function stepsHandler(steps: readonly string[]): DurableHandler {
  return function* (_input, ctx) {
    for (const step of steps) yield* ctx.run(step);
  };
}

/** Whether a handler yielded something the runtime understands. */
export function isStepRequest(value: unknown): value is StepRequest {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, step } = value as Record<string, unknown>;
  return (kind === 'run' || kind === 'call') && typeof step === 'string' && step.length > 0;
}
