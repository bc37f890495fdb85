import type { InvokeResponse } from '../protocol.ts';

/** What an event source mapping makes of the platform's answer to one batch. */
export type BatchOutcome =
  | { kind: 'failed' }
  | { kind: 'succeeded' }
  | { kind: 'partial'; failed: ReadonlySet<string> }
  | { kind: 'invalid'; problem: string };

/**
 * Read an answer as Lambda does for a batch with these item identifiers: a failed invocation fails
 * the batch; a success is complete unless ReportBatchItemFailures is on and the handler named
 * failures (Lambda ignores a partial response it was not told to expect); with it on, a malformed
 * response or one naming an item that is not in the batch fails the whole batch.
 */
export function readBatchOutcome(
  itemIds: readonly string[],
  response: InvokeResponse,
  reportBatchItemFailures: boolean,
): BatchOutcome {
  if (response.outcome === 'failure') return { kind: 'failed' };
  if (!reportBatchItemFailures) return { kind: 'succeeded' };
  if (response.invalidResponse)
    return {
      kind: 'invalid',
      problem: `${response.error ?? 'the response is malformed'}; Lambda treats the whole batch as failed`,
    };
  if (response.batchItemFailures.length === 0) return { kind: 'succeeded' };
  const inBatch = new Set(itemIds);
  const unknown = response.batchItemFailures.find((id) => !inBatch.has(id));
  if (unknown !== undefined)
    return {
      kind: 'invalid',
      problem: `batchItemFailures names "${unknown}", which is not in the batch (its items: ${listed(itemIds)}); Lambda treats the whole batch as failed`,
    };
  return { kind: 'partial', failed: new Set(response.batchItemFailures) };
}

function listed(ids: readonly string[]): string {
  return ids.length <= 4 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')}, … ${ids.at(-1)}`;
}
