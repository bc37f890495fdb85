import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queueDelivery, queueNothingLost } from '../../checks/queue-delivery.ts';
import type { TraceEvent } from '../../trace/events.ts';
import { checkProperty } from '../../test/property.ts';
import { scenarioWith, serverlessWorld } from '../test-helpers.ts';

/**
 * A queue under random workloads, batch settings, handler behaviour, instance crashes and outages
 * of the queue service or the mapping: no message is lost. Each message is processed successfully
 * at least once, or it is in the dead-letter queue after exactly maxReceiveCount receives; a delete
 * never takes a message no invocation succeeded with. With a partial batch response and no crash,
 * a message that never fails never reaches the dead-letter queue, whatever its batch-mates do.
 */

const FILE = 'simulator/serverless/queue/queue.property.test.ts';
const VISIBILITY_TIMEOUT_MS = 1000;
/**
 * Long enough for every message to finish: a receive lost in an outage of the queue service is
 * asked again only after its 20 s long poll and a 1 s margin, then up to 4 receives 1 s apart.
 */
const RUN_MS = 40_000;

const messageArb = fc.oneof(
  fc.constant({ n: 0 }),
  fc.constant({ poison: true }),
  fc.integer({ min: 1, max: 3 }).map((failTimes) => ({ failTimes })),
);

const caseArb = fc.record({
  messages: fc.array(fc.tuple(messageArb, fc.integer({ min: 0, max: 400 })), {
    minLength: 1,
    maxLength: 16,
  }),
  maxReceiveCount: fc.integer({ min: 1, max: 4 }),
  batchSize: fc.integer({ min: 1, max: 10 }),
  windowMs: fc.constantFrom(0, 50, 200),
  concurrency: fc.integer({ min: 2, max: 4 }),
  mode: fc.constantFrom('report', 'reportIgnored', 'throw'),
  crashes: fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 3 }),
  outages: fc.array(
    fc.record({
      who: fc.constantFrom('sqs', 'esm-work-jobs'),
      at: fc.integer({ min: 0, max: 3000 }),
      forMs: fc.integer({ min: 1, max: 2000 }),
    }),
    { maxLength: 2 },
  ),
  seed: fc.integer({ min: 0, max: 1000 }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function runCase(c: Case) {
  const run = serverlessWorld({
    scenario: {
      ...scenarioWith([{ name: 'unused' }], [], { seed: c.seed, durationMs: RUN_MS }),
      // The queue service or the mapping crashes and comes back: SQS keeps its messages.
      faults: c.outages.flatMap((o) => [
        { at: o.at, kind: 'crash' as const, target: o.who },
        { at: o.at + o.forMs, kind: 'restart' as const, target: o.who },
      ]),
    },
    serverless: {
      database: { tables: [{ name: 'processed' }] },
      functions: [
        {
          name: 'work',
          handler: 'processMessages',
          handlerOptions: { onFailure: c.mode === 'throw' ? 'throw' : 'report' },
          timeoutMs: 300,
          initDurationMs: 50,
        },
      ],
      queues: [
        {
          name: 'jobs',
          visibilityTimeoutMs: VISIBILITY_TIMEOUT_MS,
          redrivePolicy: { deadLetterTargetQueue: 'jobs-dlq', maxReceiveCount: c.maxReceiveCount },
          messages: c.messages.map(([body, atMs]) => ({ atMs, body })),
        },
        { name: 'jobs-dlq' },
      ],
      queueTriggers: [
        {
          function: 'work',
          queue: 'jobs',
          batchSize: c.batchSize,
          maximumBatchingWindowMs: c.windowMs,
          maximumConcurrency: c.concurrency,
          functionResponseTypes: c.mode === 'report' ? ['ReportBatchItemFailures'] : [],
        },
      ],
    },
    faults: c.crashes.map((at) => ({ at, kind: 'instanceCrash', target: 'work' })),
  });
  run.runUntil(RUN_MS);
  return run.world.trace;
}

/** Per message: successful processings, receives, and the receive count it reached the dead-letter queue with. */
function fates(trace: readonly TraceEvent[]) {
  const fate = new Map<string, { ok: number; receives: number; dlqAt: number | null }>();
  const of = (id: string) => {
    if (!fate.has(id)) fate.set(id, { ok: 0, receives: 0, dlqAt: null });
    return fate.get(id)!;
  };
  for (const e of trace) {
    if (e.type === 'queue.messageSent' && e.queue === 'jobs') of(e.messageId);
    if (e.type === 'queue.messagesReceived' && e.queue === 'jobs')
      for (const id of e.messageIds) of(id).receives++;
    if (e.type === 'queueTrigger.batchSettled') for (const id of e.deleted) of(id).ok++;
    if (e.type === 'queue.movedToDeadLetterQueue') of(e.messageId).dlqAt = e.receiveCount;
  }
  return fate;
}

describe('a queue read by a function', () => {
  it('loses no message: each is processed at least once or in the dead-letter queue after maxReceiveCount receives', () => {
    checkProperty(
      {
        file: FILE,
        name: 'loses no message: each is processed at least once or in the dead-letter queue after maxReceiveCount receives',
      },
      caseArb,
      (c) => {
        const trace = runCase(c);
        const verdict = queueNothingLost(trace);
        expect(verdict.ok ? '' : verdict.message).toBe('');
        const fate = fates(trace);
        expect(fate.size).toBe(c.messages.length);
        for (const [id, f] of fate) {
          const inDlq = f.dlqAt !== null;
          expect({ id, done: f.ok > 0 || inDlq }).toEqual({ id, done: true });
          if (inDlq) {
            expect({ id, dlqAt: f.dlqAt, receives: f.receives }).toEqual({
              id,
              dlqAt: c.maxReceiveCount,
              receives: c.maxReceiveCount,
            });
          }
          // Only a delete lost while the queue service was down lets a message that succeeded
          // come back, and so reach the dead-letter queue too.
          if (inDlq && !c.outages.some((o) => o.who === 'sqs'))
            expect({ id, okBeforeDlq: f.ok }).toEqual({ id, okBeforeDlq: 0 });
        }
        const counts = queueDelivery(trace);
        expect(counts.pending).toBe(0);
        expect(counts.processedOnce + counts.processedMoreThanOnce + counts.inDeadLetterQueue).toBe(
          c.messages.length,
        );
        if (c.mode !== 'reportIgnored') {
          // A poison message fails every time; only an ignored partial response lets it through.
          const poison = trace.flatMap((e) =>
            e.type === 'queue.messageSent' && 'poison' in (e.body as object) ? [e.messageId] : [],
          );
          for (const id of poison) expect({ id, ok: fate.get(id)!.ok }).toEqual({ id, ok: 0 });
        }
        if (c.mode === 'report' && c.crashes.length === 0 && c.outages.length === 0) {
          const healthy = trace.flatMap((e) =>
            e.type === 'queue.messageSent' && 'n' in (e.body as object) ? [e.messageId] : [],
          );
          for (const id of healthy)
            expect({ id, dlq: fate.get(id)!.dlqAt }).toEqual({ id, dlq: null });
        }
      },
      { numRuns: 40 },
    );
  });
});
