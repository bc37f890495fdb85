import type {
  FunctionEvent,
  HandlerContext,
  HandlerGenerator,
} from '../../simulator/serverless/handler-api.ts';

/**
 * Keep the table `entities` (item `{ state }` per entity, the record key) and announce each new
 * state on the topic `entity-events` (value `{ key, state }`), so that the rows and the events
 * always agree. Two triggers invoke this function: one with the records of `updates`, one with
 * the records of `entity-events` (`record.topic` says which).
 */
export function* writeEntity(event: FunctionEvent, ctx: HandlerContext): HandlerGenerator {
  // Replace this line with your handler.
  throw new Error('Not started: write writeEntity in starter.ts');
  // (The line below keeps the generator's shape; delete it with the line above.)
  yield* ctx.log(`${event.records.length} records`);
}
