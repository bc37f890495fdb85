import { describe, expect, it } from 'vitest';
import type { BatchRecord, InvokeResponse } from '../protocol.ts';
import type { TriggerBatch } from './lanes.ts';
import { decide, effectiveMaxRetries, splitExpired, type RetryPolicy } from './retry-policy.ts';

/** The retry decisions alone, as a pure function of batch, answer and configuration. */

const record = (offset: number, timestampMs = 0): BatchRecord => ({
  topic: 't',
  partition: 0,
  offset,
  timestampMs,
  key: null,
  value: null,
  headers: {},
  id: offset + 1,
  itemIdentifier: `t-0-${offset}`,
});

const batch = (offsets: number[], retries = 0): TriggerBatch => ({
  topic: 't',
  partition: 0,
  lane: 0,
  records: offsets.map((o) => record(o)),
  attempt: retries + 1,
  retries,
  throttles: 0,
});

const policy = (p: Partial<RetryPolicy> = {}): RetryPolicy => ({
  bisectBatchOnFunctionError: false,
  functionResponseTypes: [],
  retryBackoffMs: 100,
  throttleBackoffMs: 10,
  maximumRetryAttempts: -1,
  hasDestination: false,
  ...p,
});

const answer = (a: Partial<InvokeResponse>): InvokeResponse => ({
  kind: 'InvokeResponse',
  requestId: 1,
  outcome: 'success',
  reason: null,
  error: null,
  batchItemFailures: [],
  invalidResponse: false,
  ...a,
});

const error = answer({ outcome: 'failure', reason: 'error', error: 'boom' });

describe('decide', () => {
  it('retries an infinite number of times by default, and 10 with an on-failure destination', () => {
    expect(effectiveMaxRetries(policy())).toBe(-1);
    expect(effectiveMaxRetries(policy({ hasDestination: true }))).toBe(10);
    expect(effectiveMaxRetries(policy({ hasDestination: true, maximumRetryAttempts: 3 }))).toBe(3);
    expect(decide(batch([0], 10_000), error, policy()).kind).toBe('retry');
    expect(decide(batch([0], 10), error, policy({ hasDestination: true })).kind).toBe('giveUp');
  });

  it('counts each retry and gives up once maximumRetryAttempts are used', () => {
    const first = decide(batch([0, 1]), error, policy({ maximumRetryAttempts: 1 }));
    expect(first).toMatchObject({ kind: 'retry', batch: { attempt: 2, retries: 1 }, delayMs: 100 });
    const second = decide(batch([0, 1], 1), error, policy({ maximumRetryAttempts: 1 }));
    expect(second.kind === 'giveUp' && second.records.map((r) => r.offset)).toEqual([0, 1]);
  });

  it('does not count a throttle as a retry, and doubles its backoff up to 32 times the base', () => {
    const throttled = answer({ outcome: 'failure', reason: 'throttled' });
    let b = batch([0]);
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const d = decide(b, throttled, policy({ maximumRetryAttempts: 0 }));
      if (d.kind !== 'retry') throw new Error(`expected a retry, got ${d.kind}`);
      delays.push(d.delayMs);
      b = d.batch;
    }
    expect(delays).toEqual([10, 20, 40, 80, 160, 320, 320]);
    expect(b).toMatchObject({ attempt: 1, retries: 0 });
  });

  it('bisects without using a retry, and gives a batch of one its retries', () => {
    const bisect = decide(
      batch([0, 1, 2]),
      error,
      policy({ bisectBatchOnFunctionError: true, maximumRetryAttempts: 0 }),
    );
    expect(
      bisect.kind === 'bisect' && [
        bisect.first.records.length,
        bisect.second.records.length,
        bisect.first.retries,
      ],
    ).toEqual([2, 1, 0]);
    expect(
      decide(
        batch([0]),
        error,
        policy({ bisectBatchOnFunctionError: true, maximumRetryAttempts: 0 }),
      ).kind,
    ).toBe('giveUp');
  });

  it('splits at the lowest failed record with both partial responses and bisecting on', () => {
    const reported = answer({ batchItemFailures: ['t-0-3', 't-0-1'] });
    const d = decide(
      batch([0, 1, 2, 3]),
      reported,
      policy({
        functionResponseTypes: ['ReportBatchItemFailures'],
        bisectBatchOnFunctionError: true,
      }),
    );
    expect(
      d.kind === 'retry' && [
        d.done.map((r) => r.offset),
        d.batch.records.map((r) => r.offset),
        d.reason,
      ],
    ).toEqual([[0], [1, 2, 3], 'partialBatch']);
  });

  it('treats a malformed partial response as a failure of the whole batch', () => {
    const d = decide(
      batch([0, 1]),
      answer({ invalidResponse: true }),
      policy({ functionResponseTypes: ['ReportBatchItemFailures'] }),
    );
    expect(d.kind === 'retry' && [d.batch.records.length, d.reason, d.done.length]).toEqual([
      2,
      'error',
      0,
    ]);
  });
});

describe('splitExpired', () => {
  it('gives up only records older than the maximum record age', () => {
    const records = [record(0, 0), record(1, 500), record(2, 900)];
    const { expired, fresh } = splitExpired(records, 1000, 400);
    expect([expired.map((r) => r.offset), fresh.map((r) => r.offset)]).toEqual([[0, 1], [2]]);
    expect(splitExpired(records, 1000, -1).expired).toEqual([]);
  });
});
