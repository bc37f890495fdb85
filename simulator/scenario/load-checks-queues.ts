import type { SemanticReport } from './load-checks.ts';
import { isObj, list, type Obj } from './raw-json.ts';

/** Lambda refuses a batch size above 10 for SQS unless the batching window is at least 1 s. */
const MAX_BATCH_WITHOUT_WINDOW = 10;
const MIN_WINDOW_FOR_LARGE_BATCH_MS = 1000;
/** The visibility timeout when a queue does not set one (SQS's default, 30 s). */
const DEFAULT_VISIBILITY_TIMEOUT_MS = 30_000;
/** A function's timeout when it does not set one (Lambda's default, 3 s). */
const DEFAULT_FUNCTION_TIMEOUT_MS = 3000;

/**
 * The cross-field checks of a serverless side's queues and queue triggers, so that what validates
 * also runs: queue names are unique; a redrive policy names another declared queue; a queue
 * trigger names a declared function and queue, and keeps to Lambda's batch-size rule. A queue
 * whose visibility timeout is shorter than its function's timeout gets a warning: Lambda refuses
 * such a mapping, and the simulator runs it only to show the duplicates it would cause.
 */
export function checkQueues(serverless: Obj, path: string, report: SemanticReport): void {
  const queues = new Map<string, Obj>();
  list(serverless.queues).forEach((queue, i) => {
    if (!isObj(queue) || typeof queue.name !== 'string') return;
    if (queues.has(queue.name)) {
      report.errors.push({
        path: `${path}/queues/${i}/name`,
        message: `queue "${queue.name}" is declared twice`,
      });
    }
    queues.set(queue.name, queue);
  });
  const known = [...queues.keys()].join(', ') || 'none';
  list(serverless.queues).forEach((queue, i) => {
    if (!isObj(queue) || !isObj(queue.redrivePolicy)) return;
    const target = queue.redrivePolicy.deadLetterTargetQueue;
    if (typeof target !== 'string') return;
    const at = `${path}/queues/${i}/redrivePolicy/deadLetterTargetQueue`;
    if (target === queue.name)
      report.errors.push({ path: at, message: 'a queue cannot be its own dead-letter queue' });
    else if (!queues.has(target))
      report.errors.push({ path: at, message: `unknown queue "${target}" (declared: ${known})` });
  });
  const functions = new Map<string, Obj>();
  for (const fn of list(serverless.functions))
    if (isObj(fn) && typeof fn.name === 'string') functions.set(fn.name, fn);
  list(serverless.queueTriggers).forEach((trigger, i) => {
    if (!isObj(trigger)) return;
    const at = `${path}/queueTriggers/${i}`;
    const fn = typeof trigger.function === 'string' ? functions.get(trigger.function) : undefined;
    if (typeof trigger.function === 'string' && !fn) {
      report.errors.push({
        path: `${at}/function`,
        message: `unknown function "${trigger.function}" (declared: ${[...functions.keys()].join(', ') || 'none'})`,
      });
    }
    const queue = typeof trigger.queue === 'string' ? queues.get(trigger.queue) : undefined;
    if (typeof trigger.queue === 'string' && !queue)
      report.errors.push({
        path: `${at}/queue`,
        message: `unknown queue "${trigger.queue}" (declared: ${known})`,
      });
    checkBatchSize(trigger, at, report);
    if (fn && queue) checkVisibility(queue, fn, at, report);
  });
}

function checkBatchSize(trigger: Obj, at: string, report: SemanticReport): void {
  const size = trigger.batchSize;
  const window = trigger.maximumBatchingWindowMs ?? 0;
  if (typeof size !== 'number' || typeof window !== 'number') return;
  if (size > MAX_BATCH_WITHOUT_WINDOW && window < MIN_WINDOW_FOR_LARGE_BATCH_MS) {
    report.errors.push({
      path: `${at}/batchSize`,
      message: `a batch size above ${MAX_BATCH_WITHOUT_WINDOW} needs maximumBatchingWindowMs of at least ${MIN_WINDOW_FOR_LARGE_BATCH_MS} (Lambda refuses it otherwise)`,
    });
  }
}

function checkVisibility(queue: Obj, fn: Obj, at: string, report: SemanticReport): void {
  const visibility = queue.visibilityTimeoutMs ?? DEFAULT_VISIBILITY_TIMEOUT_MS;
  const timeout = fn.timeoutMs ?? DEFAULT_FUNCTION_TIMEOUT_MS;
  if (typeof visibility !== 'number' || typeof timeout !== 'number' || visibility >= timeout)
    return;
  report.warnings.push({
    path: `${at}/queue`,
    message: `queue "${String(queue.name)}" has a visibility timeout (${visibility} ms) shorter than function "${String(fn.name)}"'s timeout (${timeout} ms): Lambda refuses such a mapping; here messages may be received again while still being processed`,
  });
}
