import type { Json } from '../../simulator/core/types.ts';
import { buildWorld } from '../../simulator/scenario/build.ts';
import type { Scenario } from '../../simulator/scenario/schema.ts';
import {
  addServerless,
  type AddServerlessOptions,
  type ServerlessHandles,
} from '../../simulator/serverless/build.ts';
import { scheduleServerlessFaults } from '../../simulator/serverless/faults.ts';
import { dbClient, type Handler } from '../../simulator/serverless/handler-api.ts';
import {
  serverlessFaultSchema,
  type ServerlessConfig,
  type ServerlessFault,
} from '../../simulator/serverless/schema.ts';
import type { TraceEvent } from '../../simulator/trace/events.ts';
import { parseFaultsWith } from './fault-issues.ts';

/** What the graders of handler exercises share: the probe, fault validation, stable output. */

/**
 * Call the learner's handler once on an empty batch and run it to its first effect, so the
 * starter's "Not started" error (or a wrong kind of export) surfaces before any case runs.
 */
export function probeHandler(exported: unknown, exportName: string, functionName: string): void {
  if (typeof exported !== 'function')
    throw new TypeError(`${exportName} must be a function (a generator function handler)`);
  const refuse = () => {
    throw new Error('probe');
  };
  const ctx = {
    functionName,
    invocationId: 'probe',
    attempt: 1,
    nowMs: 0,
    db: dbClient(),
    emit: refuse,
    log: refuse,
    sleep: refuse,
  };
  const result = (exported as Handler)({ source: 'probe', records: [] }, ctx as never);
  if (result && typeof (result as Generator).next === 'function') (result as Generator).next();
}

/** Check a schedule against the serverless fault schema; errors name `faults[i].path`. */
export function parseServerlessFaults(faults: readonly Json[]): Json[] {
  return parseFaultsWith(serverlessFaultSchema, faults).map(
    (f) => JSON.parse(JSON.stringify(f)) as Json,
  );
}

/** A copy with the keys in sorted order, so results print the same every time. */
export function sortedRecord(r: Record<string, Json>): Json {
  const out: Record<string, Json> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k] ?? null;
  return out;
}

/** Where a run's handler comes from: one shared handler, or a module loaded per instance. */
export type HandlerSource = Pick<AddServerlessOptions, 'handlers' | 'instanceHandlers'>;

/**
 * The learner's export as the function `functionName`. With `instantiate` (the grader's sandbox),
 * every simulated instance loads the module anew, so module scope survives warm starts and
 * nothing else; without it (tests that pass a function), all instances share one.
 */
export function learnerHandler(
  functionName: string,
  exported: unknown,
  instantiate?: () => unknown,
): HandlerSource {
  const wrap =
    (e: unknown): Handler =>
    (event, ctx) =>
      (e as Handler)(event, ctx);
  return instantiate
    ? { instanceHandlers: { [functionName]: () => wrap(instantiate()) } }
    : { handlers: { [functionName]: wrap(exported) } };
}

/**
 * One run of a handler exercise: the scenario's world, its serverless part with `handler` (a
 * test's function, or the learner's module) as the function `functionName`, and the faults
 * (checked by `parseServerlessFaults`), run to the scenario's end.
 */
export function runHandlerWorld(
  scenario: Scenario,
  serverless: ServerlessConfig,
  functionName: string,
  handler: Handler | HandlerSource,
  faults: readonly Json[],
): { trace: TraceEvent[]; handles: ServerlessHandles } {
  const world = buildWorld(scenario);
  const handles = addServerless(
    world,
    serverless,
    scenario.topics,
    typeof handler === 'function' ? { handlers: { [functionName]: handler } } : handler,
  );
  scheduleServerlessFaults(
    world,
    faults.map((f) => serverlessFaultSchema.parse(f) as ServerlessFault),
  );
  world.runUntil(scenario.durationMs);
  return { trace: world.trace, handles };
}
