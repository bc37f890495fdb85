/**
 * The serverless side of the simulator: a function platform in the manner of AWS Lambda with
 * Kafka event source mappings, and a DynamoDB-style database. See `build.ts` (`addServerless`),
 * `handler-api.ts` (how handlers are written), `schema.ts` (configuration and faults) and
 * `events.ts` (the trace events).
 */
export {
  addServerless,
  triggerId,
  type AddServerlessOptions,
  type ServerlessHandles,
} from './build.ts';
export {
  injectServerlessFault,
  isServerlessFault,
  scheduleServerlessFaults,
  SERVERLESS_FAULT_KINDS,
} from './faults.ts';
export type {
  ServerlessTraceEvent,
  ServerlessEventType,
  ServerlessEventOf,
  FailureReason,
  ServerlessActorKind,
} from './events.ts';
export { emitServerless } from './events.ts';
export * from './schema.ts';
export { dbClient, Op } from './handler-api.ts';
export type {
  DbClient,
  EmitResult,
  FunctionEvent,
  Handler,
  HandlerContext,
  HandlerResult,
  WriteOptions,
} from './handler-api.ts';
export type { BatchRecord } from './protocol.ts';
export { DbError } from './db/operations.ts';
export type { DbItem, DbCondition, DbErrorCode, TransactPart } from './db/operations.ts';
export { handlerLibrary, createHandler, type HandlerFactory } from './handlers/index.ts';
export { FunctionPlatform } from './platform/platform.ts';
export { Database } from './db/database.ts';
export { EventSourceMapping } from './trigger/trigger.ts';
export { invocationCost, databaseCost } from './platform/cost.ts';
export { serverlessMetrics, type ServerlessMetrics } from './metrics.ts';
