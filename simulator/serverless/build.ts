import type { World } from '../core/world.ts';
import { Database } from './db/database.ts';
import type { Handler } from './handler-api.ts';
import { createHandler } from './handlers/index.ts';
import { FunctionPlatform } from './platform/platform.ts';
import type { ServerlessConfig } from './schema.ts';
import { EventSourceMapping } from './trigger/trigger.ts';
import { addQueues } from './queue/add-queues.ts';
import type { QueueEventSourceMapping } from './queue/queue-trigger.ts';

/** What `addServerless` added, for tests and views that want to look inside. */
export interface ServerlessHandles {
  platform: FunctionPlatform;
  database: Database;
  triggers: EventSourceMapping[];
  queueTriggers: QueueEventSourceMapping[];
}

export interface AddServerlessOptions {
  /** Handlers by function name, in place of the library's (learner code, tests). */
  handlers?: Readonly<Record<string, Handler>>;
  /**
   * Handlers by function name, loaded anew for every instance (learner code): module scope lives
   * and dies with an execution environment, as on a real platform. Takes precedence over `handlers`.
   */
  instanceHandlers?: Readonly<Record<string, () => Handler>>;
  /** When the serverless actors start (default: now). */
  startAtMs?: number;
}

/** The default mapping id of a trigger: `esm-<function>-<topic>`. */
export function triggerId(trigger: { id?: string; function: string; topic: string }): string {
  return trigger.id ?? `esm-${trigger.function}-${trigger.topic}`;
}

/**
 * Add the database, the function platform and the triggers to a world built by `buildWorld`, so
 * the scenario's producers feed the topics the triggers read. `topics` are the scenario's topics
 * (the broker's configuration). Errors name what is wrong: an unknown function, topic or handler.
 */
export function addServerless(
  world: World,
  config: ServerlessConfig,
  topics: readonly { name: string; partitions: number }[],
  options: AddServerlessOptions = {},
): ServerlessHandles {
  const partitionsPerTopic: Record<string, number> = {};
  for (const t of topics) partitionsPerTopic[t.name] = t.partitions;
  const functions = new Map(config.functions.map((f) => [f.name, f]));
  if (functions.size !== config.functions.length)
    throw new Error('Two functions have the same name');
  const handlers = new Map<string, Handler>();
  for (const f of config.functions)
    handlers.set(f.name, options.handlers?.[f.name] ?? createHandler(f.handler, f.handlerOptions));
  for (const s of config.schedules) {
    if (!functions.has(s.function))
      throw new Error(`A schedule names unknown function "${s.function}"`);
  }
  const at = options.startAtMs ?? world.now;
  const database = new Database(config.database, config.prices);
  const platform = new FunctionPlatform({
    id: config.platformId,
    dbId: database.id,
    functions: config.functions,
    handlers,
    instanceHandlers: new Map(Object.entries(options.instanceHandlers ?? {})),
    concurrencyLimit: config.concurrencyLimit,
    prices: config.prices,
    partitionsPerTopic,
    emittedIdBase: config.emittedIdBase,
    schedules: config.schedules,
  });
  world.add(database, at);
  world.add(platform, at);
  world.network.configureLink(platform.id, database.id, { latencyMs: config.database.latencyMs });
  world.network.configureLink(database.id, platform.id, { latencyMs: config.database.latencyMs });
  const triggers = config.triggers.map((spec) => {
    const fn = functions.get(spec.function);
    if (!fn)
      throw new Error(`Trigger ${triggerId(spec)} names unknown function "${spec.function}"`);
    if (partitionsPerTopic[spec.topic] === undefined)
      throw new Error(`Trigger ${triggerId(spec)} reads unknown topic "${spec.topic}"`);
    const trigger = new EventSourceMapping({
      id: triggerId(spec),
      spec,
      platformId: platform.id,
      invokeTimeoutMs: fn.timeoutMs + fn.initDurationMs + 1000,
      destination: destinationOf(spec, partitionsPerTopic),
    });
    world.add(trigger, at);
    return trigger;
  });
  const queueTriggers = addQueues(world, config, platform.id, at);
  return { platform, database, triggers, queueTriggers };
}

function destinationOf(
  spec: ServerlessConfig['triggers'][number],
  partitionsPerTopic: Record<string, number>,
) {
  const raw = spec.destinationConfig?.onFailure.destination;
  if (raw === undefined) return null;
  const topic = raw.startsWith('kafka://') ? raw.slice('kafka://'.length) : raw;
  const partitions = partitionsPerTopic[topic];
  if (partitions === undefined)
    throw new Error(
      `Trigger ${triggerId(spec)}: on-failure destination "${topic}" is not a declared topic`,
    );
  // Lambda refuses a destination equal to the source, which would loop.
  if (topic === spec.topic)
    throw new Error(
      `Trigger ${triggerId(spec)}: the on-failure destination cannot be the source topic`,
    );
  return { topic, partitions };
}
