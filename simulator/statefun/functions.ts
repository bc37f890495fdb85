import type { Json } from '../core/types.ts';

/** Where a stateful function lives: its type and the id of one instance (Flink StateFun's Address). */
export interface Address {
  readonly type: string;
  readonly id: string;
}

export function addressKey(address: Address): string {
  return `${address.type}/${address.id}`;
}

/**
 * What a stateful function sees: its own durable state, the message's sender, and two ways to act —
 * send a message to another address (through the log) or emit a record to an egress topic. Nothing
 * else: the runtime keeps state, messages and consumed offsets atomic, so the code stays a plain
 * handler with no idempotency keys and no retries of its own.
 */
export interface StatefulContext {
  readonly self: Address;
  /** The sender: an address, or null for a record from an ingress topic. */
  readonly caller: Address | null;
  /** The ingress topic a message came from (null for a message from another function). */
  readonly ingress: string | null;
  /** The message's timestamp, virtual ms. */
  readonly timestampMs: number;
  readonly state: {
    get(): Json;
    set(value: Json): void;
    clear(): void;
  };
  send(to: Address, message: Json): void;
  emit(topic: string, key: string | null, value: Json): void;
}

/** A stateful function: a plain handler, called once per message. */
export type StatefulFunction = (ctx: StatefulContext, message: Json) => void;

const asObject = (value: Json): Record<string, Json> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, Json>)
    : {};

/** Where a built-in emits (its `output` param, or its default) and the function types it messages. */
export interface BuiltinReach {
  emits: string[];
  sendsTo: string[];
}

const defaultOutputs: Record<string, string> = {
  countPerId: 'counts',
  matchOrderWithPayment: 'paid-orders',
  enrichWithProfile: 'enriched-clicks',
  updateAndEmit: 'row-changes',
};

const outputOf = (builtin: string, params: Record<string, Json>): string =>
  String(params.output ?? defaultOutputs[builtin]);

/**
 * What a built-in with these params may emit to and send to, so a scenario can be checked before
 * it runs: an egress it emits to must be declared, a type it messages must exist.
 */
export function builtinReach(builtin: string, params: Record<string, Json>): BuiltinReach {
  if (builtin === 'forwardTo') return { emits: [], sendsTo: [String(params.type)] };
  return { emits: builtin in defaultOutputs ? [outputOf(builtin, params)] : [], sendsTo: [] };
}

/**
 * Built-in functions a scenario names, for the workloads the comparison runs (each also exists as a
 * serverless handler and a stream-processor topology). `params` come from the scenario.
 */
export const builtinFunctions: Record<string, (params: Record<string, Json>) => StatefulFunction> =
  {
    /** Count messages per id (page views per user) and emit each new count to `output`. */
    countPerId: (params) => (ctx) => {
      const count = ((ctx.state.get() as number | null) ?? 0) + 1;
      ctx.state.set(count);
      ctx.emit(outputOf('countPerId', params), ctx.self.id, count);
    },

    /**
     * Join an order with its payment: whichever arrives first waits in state; when the other arrives
     * emit `{ left: order, right: payment }` to `output` and clear the state.
     */
    matchOrderWithPayment: (params) => (ctx, message) => {
      const side = ctx.ingress === String(params.ordersTopic ?? 'orders') ? 'order' : 'payment';
      const waiting = asObject(ctx.state.get());
      const other = side === 'order' ? 'payment' : 'order';
      if (other in waiting) {
        const order = side === 'order' ? message : waiting.order;
        const payment = side === 'payment' ? message : waiting.payment;
        ctx.emit(outputOf('matchOrderWithPayment', params), ctx.self.id, {
          left: order,
          right: payment,
        });
        ctx.state.clear();
      } else {
        ctx.state.set({ ...waiting, [side]: message });
      }
    },

    /** Keep the latest profile per user (from `profilesTopic`); enrich each click with it. */
    enrichWithProfile: (params) => (ctx, message) => {
      if (ctx.ingress === String(params.profilesTopic ?? 'profiles')) {
        ctx.state.set(message);
        return;
      }
      ctx.emit(outputOf('enrichWithProfile', params), ctx.self.id, {
        click: message,
        profile: ctx.state.get(),
      });
    },

    /**
     * The dual write done right: update the row (this function's state) and emit the event; both
     * commit together or not at all, so neither is lost or duplicated.
     */
    updateAndEmit: (params) => (ctx, message) => {
      const row = { ...asObject(ctx.state.get()), ...asObject(message) };
      ctx.state.set(row);
      ctx.emit(outputOf('updateAndEmit', params), ctx.self.id, row);
    },

    /** Forward each message to another function type with the same id (shows messages through the log). */
    forwardTo: (params) => (ctx, message) => {
      ctx.send({ type: String(params.type), id: ctx.self.id }, message);
    },
  };

export function builtinFunction(name: string, params: Record<string, Json> = {}): StatefulFunction {
  const make = builtinFunctions[name];
  if (!make)
    throw new Error(
      `Unknown stateful function "${name}" (known: ${Object.keys(builtinFunctions).join(', ')})`,
    );
  return make(params);
}
