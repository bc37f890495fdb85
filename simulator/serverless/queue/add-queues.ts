import type { World } from '../../core/world.ts';
import type { ServerlessConfig } from '../schema.ts';
import { QueueService } from './queue-service.ts';
import { QueueEventSourceMapping } from './queue-trigger.ts';

/** The default mapping id of a queue trigger: `esm-<function>-<queue>`. */
export function queueTriggerId(trigger: { id?: string; function: string; queue: string }): string {
  return trigger.id ?? `esm-${trigger.function}-${trigger.queue}`;
}

/**
 * Add the queue service (when the scenario declares queues) and the queue triggers. Errors name
 * what is wrong: an unknown queue, dead-letter queue or function (validation catches these first).
 */
export function addQueues(
  world: World,
  config: ServerlessConfig,
  platformId: string,
  atMs: number,
): QueueEventSourceMapping[] {
  if (config.queues.length === 0 && config.queueTriggers.length === 0) return [];
  const names = new Set(config.queues.map((q) => q.name));
  for (const q of config.queues) {
    const dlq = q.redrivePolicy?.deadLetterTargetQueue;
    if (dlq !== undefined && !names.has(dlq))
      throw new Error(`Queue ${q.name}: dead-letter queue "${dlq}" is not a declared queue`);
  }
  world.add(new QueueService(config.queues), atMs);
  return config.queueTriggers.map((spec) => {
    const id = queueTriggerId(spec);
    const fn = config.functions.find((f) => f.name === spec.function);
    if (!fn) throw new Error(`Queue trigger ${id} names unknown function "${spec.function}"`);
    if (!names.has(spec.queue))
      throw new Error(`Queue trigger ${id} reads unknown queue "${spec.queue}"`);
    const trigger = new QueueEventSourceMapping({
      id,
      spec,
      platformId,
      invokeTimeoutMs: fn.timeoutMs + fn.initDurationMs + 1000,
    });
    world.add(trigger, atMs);
    return trigger;
  });
}
