import type { World } from '../core/world.ts';
import type { ServerlessConfig, ServerlessFault } from '../serverless/schema.ts';
import type { TopicSpec } from './schema.ts';

/**
 * The serverless engine as the scenario builder and the fault injector reach it: registered by
 * `simulator/serverless/engine.ts` (which `build.ts` imports, so every Node entry point has it).
 * The site's simulation worker builds worlds through `build-world.ts` and loads the engine only
 * for a scenario that has a serverless side, so a chapter on the log does not download it.
 */
export interface ServerlessEngine {
  /** Add the platform, triggers and database of `config` to `world`. */
  add(world: World, config: ServerlessConfig, topics: readonly TopicSpec[]): void;
  /** Make one serverless fault take effect now. */
  inject(world: World, fault: ServerlessFault): void;
}

let registered: ServerlessEngine | null = null;

export function registerServerlessEngine(engine: ServerlessEngine): void {
  registered = engine;
}

/** The serverless engine; a clear error if the scenario needs it and nobody loaded it. */
export function serverlessEngine(): ServerlessEngine {
  if (!registered)
    throw new Error('This scenario has a serverless side, but the serverless engine is not loaded');
  return registered;
}
