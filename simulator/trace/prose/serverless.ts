import type { ServerlessTraceEvent } from '../../serverless/events.ts';
import { queueProse } from './queue.ts';
import { type Teller, partitionName as tp, say } from './prose.ts';
import { nameOf } from './record-names.ts';
import { count, formatOffsets, formatUsd, formatValue } from './words.ts';

/** The serverless side's events (trigger, function platform, database, costs) as sentences. */

const failures = {
  error: 'the handler threw',
  timeout: 'it timed out',
  crash: 'its instance crashed',
  throttled: 'it was throttled',
  partialBatch: 'the function reported failed items',
} as const;

const reclaimReasons = {
  idle: 'idle past its keep-alive',
  crash: 'reset after a crash',
  timeout: 'reset after a timeout',
} as const;

const table = (name: string): string => `table ${name}`;

/** The sentences, one per event type of the serverless side. */
export const serverlessProse: Teller<ServerlessTraceEvent['type']> = {
  'trigger.batchBuilt': (e, book) => ({
    text: `${e.trigger} cuts a batch of ${book.summarise(e.recordIds, e.topic)} from ${tp(e.topic, e.partition)} (${formatOffsets(e.offsets)}) for ${e.function}.`,
    details: book.list(e.recordIds, e.topic),
  }),
  'function.invalidBatchResponse': (e) =>
    say(
      `${e.function}'s answer is not a valid partial batch response (${e.problem}): the whole batch fails.`,
    ),
  ...queueProse,
  'function.retried': (e) =>
    say(
      `${e.trigger} will invoke ${e.function} again (attempt ${e.attempt}) with ${formatOffsets(e.offsets)} of ${tp(e.topic, e.partition)}: ${failures[e.reason]}.`,
    ),
  'function.batchBisected': (e) =>
    say(
      `${e.trigger} splits the failed batch of ${tp(e.topic, e.partition)} in two: ${formatOffsets(e.first)}, then ${formatOffsets(e.second)}.`,
    ),
  'function.partiallyFailed': (e) =>
    say(
      `${e.function} reports failed items: ${formatOffsets(e.succeeded)} of ${tp(e.topic, e.partition)} are done, ${formatOffsets(e.retrying)} will be retried.`,
    ),
  'function.sentToDestination': (e, book) => ({
    text: `${e.trigger} gives up on ${book.summarise(e.recordIds, e.topic)} of ${tp(e.topic, e.partition)} (${e.reason === 'retriesExhausted' ? 'retries exhausted' : 'too old'}): ${e.destination === null ? 'dropped, no destination is set' : `sent to ${e.destination}`}.`,
    details: book.list(e.recordIds, e.topic),
  }),
  'function.invoked': (e, book) => ({
    text: `${e.function} is invoked (${e.invocationId}, attempt ${e.attempt}) on ${e.instance}${e.topic === null ? ` by ${e.source}` : ` with ${book.summarise(e.recordIds, e.topic)} of ${tp(e.topic, e.partition ?? 0)}`}.`,
    details: e.topic === null ? undefined : book.list(e.recordIds, e.topic),
  }),
  'function.coldStarted': (e) =>
    say(
      `${e.instance} cold-starts for ${e.invocationId}: ${e.initDurationMs} ms of init before the handler runs.`,
    ),
  'function.warmStarted': (e) => say(`${e.instance} is reused, warm, for ${e.invocationId}.`),
  'function.succeeded': (e) =>
    say(
      `${e.function} returns from ${e.invocationId} after ${e.durationMs} ms${e.batchItemFailures.length === 0 ? '' : `, reporting ${count(e.batchItemFailures.length, 'failed item')}`}.`,
    ),
  'function.failed': (e) =>
    say(
      `${e.invocationId} of ${e.function} fails after ${e.durationMs} ms: ${failures[e.reason]} (${e.error}).`,
    ),
  'function.emitted': (e) =>
    say(
      `${e.function} (${e.invocationId}) writes ${nameOf(e.record, e.topic)} to ${tp(e.topic, e.partition)} at offset ${e.offset}: ${formatValue(e.record.value)}.`,
    ),
  'function.logged': (e) =>
    say(`${e.function} logs "${e.message}"${e.data === null ? '' : `: ${formatValue(e.data)}`}.`),
  'functionInstance.reclaimed': (e) =>
    say(`${e.instance} is shut down: ${reclaimReasons[e.reason]}.`),
  'functionInstance.throttled': (e) =>
    say(
      `${e.invocationId} of ${e.function} is refused: ${e.concurrency} of ${e.limit} instances are busy.`,
    ),
  'cost.accrued': (e) => ({
    text: `${e.function ?? 'The database'} costs ${formatUsd(e.usd)} more (${formatUsd(e.totalUsd)} in all).`,
    details: [
      `${count(e.requests, 'request')}`,
      `${formatValue(e.gbMs)} GB-ms`,
      `${count(e.readUnits, 'read unit')}`,
      `${count(e.writeUnits, 'write unit')}`,
    ],
  }),
  'db.read': (e) =>
    say(
      e.key === null
        ? `A scan of ${table(e.table)} reads ${count(e.count, 'item')}.`
        : `A get of ${e.key} in ${table(e.table)} ${e.found ? 'finds it' : 'finds nothing'}.`,
    ),
  'db.written': (e) =>
    say(
      e.item === null
        ? `${e.key} is deleted from ${table(e.table)}.`
        : `${e.key} in ${table(e.table)} is now ${formatValue(e.item)} (write ${e.version} of the item${e.transactional ? ', in a transaction' : ''}).`,
    ),
  'db.conditionFailed': (e) =>
    say(
      `A conditional ${e.op} of ${e.key} in ${table(e.table)} is refused: ${e.condition} does not hold.`,
    ),
  'db.throttled': (e) =>
    say(
      `A ${e.op}${e.key === null ? '' : ` of ${e.key}`} in ${table(e.table)} is refused for capacity; nothing was applied.`,
    ),
  'db.itemExpired': (e) =>
    say(`${e.key} in ${table(e.table)} expires (its time to live passed at ${e.expiresAtMs} ms).`),
  'db.requestTimedOut': (e) =>
    say(
      `${e.invocationId} stops waiting for its ${e.op} on ${table(e.table)} (attempt ${e.attempt}): it may or may not have been applied.`,
    ),
};
