import type { TraceEvent } from '../trace/events.ts';
import type { ServerlessTraceEvent } from './events.ts';
import { databaseCost } from './platform/cost.ts';
import type { Prices } from './schema.ts';

/** Totals of the serverless side of a run, read from its trace alone. */
export interface ServerlessMetrics {
  /** Invocations the platform ran (throttled ones not included). */
  invocations: number;
  coldStarts: number;
  /** Re-invocations scheduled by triggers after a failure or a partial batch (throttles not included). */
  retries: number;
  throttles: number;
  failures: { error: number; timeout: number; crash: number };
  /** Records the triggers gave up (to a destination or dropped). */
  recordsGivenUp: number;
  /** Queue messages SQS moved to a dead-letter queue (their redrive policy's maxReceiveCount reached). */
  messagesToDeadLetterQueue: number;
  /** Receives of a queue message after its first (ApproximateReceiveCount above 1). */
  redeliveries: number;
  /** Queue messages deleted after their function succeeded with them. */
  messagesDeleted: number;
  /** Records handlers emitted and the broker acknowledged. */
  emitted: number;
  dbReads: number;
  dbWrites: number;
  dbConditionFailures: number;
  dbThrottles: number;
  readUnits: number;
  writeUnits: number;
  /** Lambda requests and duration (from the platform's cost events). */
  functionUsd: number;
  /** Database request units times the prices (exact, unlike the database's batched cost events). */
  databaseUsd: number;
  totalUsd: number;
}

/**
 * Count what a comparison shows for a serverless design: invocations, cold starts, retries,
 * database calls and cost. Database cost is computed from the units on each `db.*` event, so it is
 * exact even when the run ends before the database's last `cost.accrued` report.
 */
export function serverlessMetrics(
  trace: readonly (TraceEvent | ServerlessTraceEvent)[],
  prices: Prices,
): ServerlessMetrics {
  const m: ServerlessMetrics = {
    invocations: 0,
    coldStarts: 0,
    retries: 0,
    throttles: 0,
    failures: { error: 0, timeout: 0, crash: 0 },
    recordsGivenUp: 0,
    messagesToDeadLetterQueue: 0,
    redeliveries: 0,
    messagesDeleted: 0,
    emitted: 0,
    dbReads: 0,
    dbWrites: 0,
    dbConditionFailures: 0,
    dbThrottles: 0,
    readUnits: 0,
    writeUnits: 0,
    functionUsd: 0,
    databaseUsd: 0,
    totalUsd: 0,
  };
  for (const e of trace as readonly ServerlessTraceEvent[]) count(m, e);
  m.databaseUsd = databaseCost(m.readUnits, m.writeUnits, prices);
  m.totalUsd = m.functionUsd + m.databaseUsd;
  return m;
}

function count(m: ServerlessMetrics, e: ServerlessTraceEvent): void {
  switch (e.type) {
    case 'function.invoked':
      m.invocations++;
      break;
    case 'function.coldStarted':
      m.coldStarts++;
      break;
    case 'function.retried':
      if (e.reason !== 'throttled') m.retries++;
      break;
    case 'functionInstance.throttled':
      m.throttles++;
      break;
    case 'function.failed':
      if (e.reason !== 'throttled') m.failures[e.reason]++;
      break;
    case 'function.sentToDestination':
      m.recordsGivenUp += e.offsets.length;
      break;
    case 'queue.movedToDeadLetterQueue':
      m.messagesToDeadLetterQueue++;
      break;
    case 'queue.messagesReceived':
      for (const n of e.receiveCounts) if (n > 1) m.redeliveries++;
      break;
    case 'queue.messagesDeleted':
      m.messagesDeleted += e.messageIds.length;
      break;
    case 'function.emitted':
      m.emitted++;
      break;
    case 'db.read':
      m.dbReads++;
      m.readUnits += e.readUnits;
      break;
    case 'db.written':
      m.dbWrites++;
      m.writeUnits += e.writeUnits;
      break;
    case 'db.conditionFailed':
      m.dbConditionFailures++;
      m.writeUnits += e.writeUnits;
      break;
    case 'db.throttled':
      m.dbThrottles++;
      break;
    case 'cost.accrued':
      if (e.source === 'function') m.functionUsd += e.usd;
      break;
  }
}
