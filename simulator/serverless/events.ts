import type { Json, SimRecord } from '../core/types.ts';
import type { ActorContext } from '../core/world.ts';
import type { ActorKind } from '../trace/events.ts';
import type { QueueTraceEvent } from './queue/events.ts';

/**
 * The trace events of the serverless side: the event source mapping (trigger) polling a topic and
 * building batches, the function platform invoking handlers on instances, the external database,
 * and the cost they run up. Plain JSON, `{type, at, ...}`, in the style of `trace/events.ts`; the
 * lead adds this union to the main `TraceEvent` union.
 *
 * `trigger` is the event source mapping's actor id (its consumer group id too), `function` a
 * function's name, `invocationId` the platform's id of one invocation attempt (`<function>:<n>`),
 * `instance` an execution environment (`<function>#<n>`). Offsets are those of the source
 * partition. The trigger also emits the log's own `consumer.positioned`, `records.fetched` and
 * `records.processed` (a batch that succeeded), so the log's checks read serverless traces too.
 */
export type ServerlessTraceEvent =
  // ── the trigger (event source mapping) ─────────────────────────────────
  /** The trigger cut a batch from a partition (one lane of it when parallelizationFactor > 1). */
  | {
      type: 'trigger.batchBuilt';
      at: number;
      trigger: string;
      function: string;
      topic: string;
      partition: number;
      lane: number;
      offsets: number[];
      recordIds: number[];
    }
  /** The trigger will invoke the function again with (part of) a batch after a failure. */
  | {
      type: 'function.retried';
      at: number;
      trigger: string;
      function: string;
      topic: string;
      partition: number;
      /** The attempt about to be made: 2 for the first retry. */
      attempt: number;
      reason: FailureReason | 'partialBatch';
      offsets: number[];
    }
  /** A failed batch was split in two (BisectBatchOnFunctionError); both halves are retried in order. */
  | {
      type: 'function.batchBisected';
      at: number;
      trigger: string;
      function: string;
      topic: string;
      partition: number;
      first: number[];
      second: number[];
    }
  /** The function reported `batchItemFailures`: records before the lowest failed one are done. */
  | {
      type: 'function.partiallyFailed';
      at: number;
      trigger: string;
      function: string;
      topic: string;
      partition: number;
      succeeded: number[];
      retrying: number[];
    }
  /** Records were given up on (retries exhausted or too old) and written to the on-failure destination, or dropped without one. */
  | {
      type: 'function.sentToDestination';
      at: number;
      trigger: string;
      function: string;
      topic: string;
      partition: number;
      offsets: number[];
      recordIds: number[];
      /** The dead-letter topic, or null when no destination is configured (the records are dropped). */
      destination: string | null;
      reason: 'retriesExhausted' | 'recordAgeExceeded';
    }

  /** The function's answer did not follow the partial batch response's shape (ReportBatchItemFailures on): Lambda fails the whole batch. */
  | {
      type: 'function.invalidBatchResponse';
      at: number;
      trigger: string;
      function: string;
      /** What is wrong with it, in one sentence. */
      problem: string;
    }
  | QueueTraceEvent

  // ── the function platform ───────────────────────────────────────────────
  /** The platform accepted an invocation and gave it an instance. */
  | {
      type: 'function.invoked';
      at: number;
      function: string;
      invocationId: string;
      instance: string;
      /** Who invoked: a trigger id, or `schedule`. */
      source: string;
      attempt: number;
      topic: string | null;
      partition: number | null;
      offsets: number[];
      recordIds: number[];
    }
  /** A new instance began its init phase (a cold start); the handler runs after `initDurationMs`. */
  | {
      type: 'function.coldStarted';
      at: number;
      function: string;
      instance: string;
      invocationId: string;
      initDurationMs: number;
    }
  /** An idle instance was reused: no init phase. */
  | {
      type: 'function.warmStarted';
      at: number;
      function: string;
      instance: string;
      invocationId: string;
    }
  /** The handler returned; the platform recorded success (with any batch item failures it reported). */
  | {
      type: 'function.succeeded';
      at: number;
      function: string;
      invocationId: string;
      instance: string;
      durationMs: number;
      batchItemFailures: string[];
    }
  /** The invocation failed: the handler threw, timed out, its instance crashed, or it was throttled before running. */
  | {
      type: 'function.failed';
      at: number;
      function: string;
      invocationId: string;
      /** Empty when throttled (no instance ran it). */
      instance: string;
      reason: FailureReason;
      error: string;
      durationMs: number;
    }
  /** A handler produced a record and the broker acknowledged it (the produce is not transactional). */
  | {
      type: 'function.emitted';
      at: number;
      function: string;
      invocationId: string;
      topic: string;
      partition: number;
      offset: number;
      record: SimRecord;
    }
  /** A handler wrote to its log. */
  | {
      type: 'function.logged';
      at: number;
      function: string;
      invocationId: string;
      message: string;
      data: Json;
    }
  /** An instance was shut down: idle past its keep-alive, or reset after a crash or timeout. */
  | {
      type: 'functionInstance.reclaimed';
      at: number;
      function: string;
      instance: string;
      reason: 'idle' | 'crash' | 'timeout';
    }
  /** An invocation was refused: the function is at its concurrency limit (TooManyRequestsException). */
  | {
      type: 'functionInstance.throttled';
      at: number;
      function: string;
      invocationId: string;
      concurrency: number;
      limit: number;
    }
  /** Money spent since the last such event of this source, and in total (USD, from the price table). */
  | {
      type: 'cost.accrued';
      at: number;
      source: 'function' | 'database';
      /** The function for `source: 'function'`, else null. */
      function: string | null;
      requests: number;
      gbMs: number;
      readUnits: number;
      writeUnits: number;
      usd: number;
      totalUsd: number;
    }

  // ── the external database ─────────────────────────────────────────────────
  /** A read: a get (`key` set) or a scan (`key` null, `count` items). */
  | {
      type: 'db.read';
      at: number;
      table: string;
      key: string | null;
      op: 'get' | 'scan';
      found: boolean;
      count: number;
      readUnits: number;
      invocationId: string | null;
    }
  /** An item was written (or deleted: `item` null). `version` counts the item's writes. */
  | {
      type: 'db.written';
      at: number;
      table: string;
      key: string;
      op: 'put' | 'update' | 'delete';
      item: Json;
      version: number;
      writeUnits: number;
      /** Part of a TransactWriteItems request. */
      transactional: boolean;
      invocationId: string | null;
    }
  /** A conditional write was refused (ConditionalCheckFailedException, or a cancelled transaction). */
  | {
      type: 'db.conditionFailed';
      at: number;
      table: string;
      key: string;
      op: string;
      condition: string;
      writeUnits: number;
      invocationId: string | null;
    }
  /** A request was refused for capacity (ProvisionedThroughputExceededException); nothing was applied. */
  | {
      type: 'db.throttled';
      at: number;
      table: string;
      key: string | null;
      op: string;
      invocationId: string | null;
    }
  /** The TTL sweep deleted an item whose time to live had passed (free, as in DynamoDB). */
  | { type: 'db.itemExpired'; at: number; table: string; key: string; expiresAtMs: number }
  /** The client gave up waiting for a reply (the request may or may not have been applied). */
  | {
      type: 'db.requestTimedOut';
      at: number;
      table: string;
      op: string;
      invocationId: string;
      attempt: number;
    };

/** Why an invocation failed. */
export type FailureReason = 'error' | 'timeout' | 'crash' | 'throttled';

export type ServerlessEventType = ServerlessTraceEvent['type'];
export type ServerlessEventOf<T extends ServerlessEventType> = Extract<
  ServerlessTraceEvent,
  { type: T }
>;

type WithoutAt<E> = E extends unknown ? Omit<E, 'at'> : never;

/**
 * ADAPTER, to remove when the lead adds `ServerlessTraceEvent` to the main `TraceEvent` union:
 * the one place that emits a serverless event through the world's typed `emit`.
 */
export function emitServerless(
  ctx: Pick<ActorContext, 'emit'>,
  event: WithoutAt<ServerlessTraceEvent>,
): void {
  ctx.emit(event as never);
}

/** The actor kinds of the serverless side (the lead adds them to `ActorKind`). */
export type ServerlessActorKind = 'trigger' | 'functionPlatform' | 'database' | 'queueService';

/** ADAPTER, like `emitServerless`: an actor kind the main `ActorKind` does not list yet. */
export function actorKind(kind: ServerlessActorKind): ActorKind {
  return kind as unknown as ActorKind;
}
