import type { FailureReason } from '../events.ts';
import type { BatchRecord, InvokeResponse } from '../protocol.ts';
import type { TriggerSpec } from '../schema.ts';
import type { TriggerBatch } from './lanes.ts';

/**
 * What an event source mapping does after an invocation, as AWS documents it for Kinesis and
 * Kafka sources, as a pure function of the batch, the answer and the configuration:
 * - success: the batch is done and the checkpoint moves past it;
 * - a partial batch response (with ReportBatchItemFailures): the checkpoint moves to the lowest
 *   failed record, which is retried with everything after it (also with bisecting on: the batch is
 *   split at that record); a malformed response, or an unknown identifier, fails the whole batch;
 * - a throttle: the same batch again after a doubling backoff, not counted as a retry (the batch
 *   did not reach the function);
 * - an error, timeout or crash: with BisectBatchOnFunctionError and more than one record, the batch
 *   is split in two and both halves are retried in order, which (our reading of AWS's docs) does
 *   not count against the retry quota; otherwise the whole batch is retried while retries remain;
 * - out of retries: the records are given up (to the on-failure destination, if any).
 */
export type Decision =
  | { kind: 'done' }
  | {
      kind: 'retry';
      batch: TriggerBatch;
      delayMs: number;
      reason: FailureReason | 'partialBatch';
      done: readonly BatchRecord[];
    }
  | { kind: 'bisect'; first: TriggerBatch; second: TriggerBatch; delayMs: number }
  | { kind: 'giveUp'; records: readonly BatchRecord[]; done: readonly BatchRecord[] };

/** The parts of a trigger's configuration the policy reads. */
export type RetryPolicy = Pick<
  TriggerSpec,
  | 'bisectBatchOnFunctionError'
  | 'functionResponseTypes'
  | 'retryBackoffMs'
  | 'throttleBackoffMs'
  | 'maximumRetryAttempts'
> & {
  /** Whether an on-failure destination is set (it caps infinite retries at 10, as for Kafka). */
  hasDestination: boolean;
};

/** Kafka: "When you configure both infinite retries and an on-failure destination, Lambda automatically applies a maximum of 10 retry attempts." */
export const RETRIES_WITH_DESTINATION = 10;

/** The retries allowed after the first attempt; -1 for no limit. */
export function effectiveMaxRetries(policy: RetryPolicy): number {
  if (policy.maximumRetryAttempts >= 0) return policy.maximumRetryAttempts;
  return policy.hasDestination ? RETRIES_WITH_DESTINATION : -1;
}

export function decide(
  batch: TriggerBatch,
  response: InvokeResponse,
  policy: RetryPolicy,
): Decision {
  if (response.outcome === 'failure' && response.reason === 'throttled') {
    // Doubling up to 32 times the base: 2^5. The batch did not reach the function.
    const delayMs = policy.throttleBackoffMs * 2 ** Math.min(batch.throttles, 5);
    return {
      kind: 'retry',
      batch: { ...batch, throttles: batch.throttles + 1 },
      delayMs,
      reason: 'throttled',
      done: [],
    };
  }
  if (response.outcome === 'success') {
    const reporting = policy.functionResponseTypes.includes('ReportBatchItemFailures');
    if (!reporting || (!response.invalidResponse && response.batchItemFailures.length === 0))
      return { kind: 'done' };
    const from = lowestFailed(batch, response);
    if (from >= 0) return partial(batch, from, policy);
    // A malformed or unknown identifier: the whole batch counts as failed.
  }
  const reason: FailureReason =
    response.outcome === 'failure' ? (response.reason ?? 'error') : 'error';
  if (policy.bisectBatchOnFunctionError && batch.records.length > 1) {
    const half = Math.ceil(batch.records.length / 2);
    const next = { attempt: batch.attempt + 1, retries: batch.retries, throttles: 0 };
    return {
      kind: 'bisect',
      first: { ...batch, ...next, records: batch.records.slice(0, half) },
      second: { ...batch, ...next, records: batch.records.slice(half) },
      delayMs: policy.retryBackoffMs,
    };
  }
  return retryOrGiveUp(batch, batch.records, [], reason, policy);
}

/** The index of the lowest failed record, or -1 if the response names a record not in the batch. */
function lowestFailed(batch: TriggerBatch, response: InvokeResponse): number {
  if (response.invalidResponse) return -1;
  let lowest = batch.records.length;
  for (const id of response.batchItemFailures) {
    const index = batch.records.findIndex((r) => r.itemIdentifier === id);
    if (index < 0) return -1;
    if (index < lowest) lowest = index;
  }
  return lowest;
}

function partial(batch: TriggerBatch, from: number, policy: RetryPolicy): Decision {
  return retryOrGiveUp(
    batch,
    batch.records.slice(from),
    batch.records.slice(0, from),
    'partialBatch',
    policy,
  );
}

function retryOrGiveUp(
  batch: TriggerBatch,
  records: readonly BatchRecord[],
  done: readonly BatchRecord[],
  reason: FailureReason | 'partialBatch',
  policy: RetryPolicy,
): Decision {
  const max = effectiveMaxRetries(policy);
  if (max >= 0 && batch.retries >= max) return { kind: 'giveUp', records, done };
  const retry: TriggerBatch = {
    ...batch,
    records,
    attempt: batch.attempt + 1,
    retries: batch.retries + 1,
    throttles: 0,
  };
  return { kind: 'retry', batch: retry, delayMs: policy.retryBackoffMs, reason, done };
}

/** Split records into those older than the maximum record age (given up unsent) and the rest. */
export function splitExpired(
  records: readonly BatchRecord[],
  nowMs: number,
  maximumRecordAgeMs: number,
): { expired: BatchRecord[]; fresh: BatchRecord[] } {
  if (maximumRecordAgeMs < 0) return { expired: [], fresh: [...records] };
  const expired: BatchRecord[] = [];
  const fresh: BatchRecord[] = [];
  for (const r of records) (nowMs - r.timestampMs > maximumRecordAgeMs ? expired : fresh).push(r);
  return { expired, fresh };
}
