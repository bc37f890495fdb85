import { buildWorld } from '../scenario/build.ts';
import { scenarioSchema, type ScenarioInput } from '../scenario/schema.ts';
import type { World } from '../core/world.ts';
import type { TraceEvent } from '../trace/events.ts';
import { addServerless, type ServerlessHandles } from './build.ts';
import type { ServerlessEventOf, ServerlessEventType, ServerlessTraceEvent } from './events.ts';
import { scheduleServerlessFaults } from './faults.ts';
import type { Handler } from './handler-api.ts';
import {
  serverlessFaultSchema,
  serverlessSchema,
  type ServerlessConfigInput,
  type ServerlessFault,
} from './schema.ts';

/**
 * Helpers for the serverless tests: a scenario world (broker, producers) with the serverless side
 * added, run for a while, and the trace's serverless events picked out by type.
 */

export interface ServerlessRun {
  world: World;
  handles: ServerlessHandles;
  /** Run until `ms` (absolute virtual time). */
  runUntil(ms: number): void;
  /** Serverless events of one type, optionally filtered. */
  events<T extends ServerlessEventType>(
    type: T,
    where?: (e: ServerlessEventOf<T>) => boolean,
  ): ServerlessEventOf<T>[];
  /** Main trace events of one type. */
  logEvents<T extends TraceEvent['type']>(type: T): Extract<TraceEvent, { type: T }>[];
}

export interface ServerlessWorldInput {
  scenario: ScenarioInput;
  serverless: ServerlessConfigInput;
  faults?: unknown[];
  handlers?: Record<string, Handler>;
}

export function serverlessWorld(input: ServerlessWorldInput): ServerlessRun {
  const scenario = scenarioSchema.parse(input.scenario);
  const world = buildWorld(scenario);
  const config = serverlessSchema.parse(input.serverless);
  const handles = addServerless(world, config, scenario.topics, { handlers: input.handlers });
  const faults = (input.faults ?? []).map((f) => serverlessFaultSchema.parse(f) as ServerlessFault);
  scheduleServerlessFaults(world, faults);
  const all = () => world.trace as unknown as (TraceEvent | ServerlessTraceEvent)[];
  return {
    world,
    handles,
    runUntil: (ms) => world.runUntil(ms),
    events: (type, where = () => true) =>
      all().filter((e) => e.type === type && where(e as never)) as never,
    logEvents: (type) => world.trace.filter((e) => e.type === type) as never,
  };
}

/** A scenario with one producer sending `records` (explicit, at the given times) to topics. */
export function scenarioWith(
  topics: { name: string; partitions?: number }[],
  records: {
    atMs: number;
    topic: string;
    key: string | null;
    value: unknown;
    partition?: number;
  }[],
  options: { durationMs?: number; seed?: number } = {},
): ScenarioInput {
  return {
    name: 'serverless test',
    seed: options.seed ?? 1,
    durationMs: options.durationMs ?? 60_000,
    topics,
    producers: records.length === 0 ? [] : [{ id: 'app', workload: { records } }],
  };
}

/** Each invocation's partition, offsets and attempt, in the order the platform accepted them. */
export function invocations(
  run: ServerlessRun,
  fn?: string,
): { partition: number | null; offsets: number[]; attempt: number; at: number; id: string }[] {
  return run
    .events('function.invoked', (e) => fn === undefined || e.function === fn)
    .map((e) => ({
      partition: e.partition,
      offsets: e.offsets,
      attempt: e.attempt,
      at: e.at,
      id: e.invocationId,
    }));
}

/** The offsets committed for a group's partition, in order. */
export function commits(run: ServerlessRun, group: string, partition = 0): number[] {
  return run
    .logEvents('offset.committed')
    .filter((e) => e.group === group && e.partition === partition)
    .map((e) => e.offset);
}
