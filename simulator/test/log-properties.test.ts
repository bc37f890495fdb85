import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultSpec, ScenarioInput } from '../scenario/schema.ts';
import { scenarioSchema } from '../scenario/schema.ts';
import { runScenario } from '../scenario/run.ts';
import type { TraceEvent } from '../trace/events.ts';
import {
  exactlyOnceCommitted,
  nothingFromAborted,
  orderPerPartition,
  processedAtLeastOnce,
  processedAtMostOnce,
} from '../checks/index.ts';
import { checkProperty } from './property.ts';
import { transactionsScenario } from './transactions-scenario.ts';

/**
 * Properties of the log under random fault schedules drawn by fast-check: whatever goes wrong, the
 * guarantees Kafka documents hold, and the anomalies it documents for weaker settings are the only
 * ones that appear.
 */
const FILE = 'simulator/test/log-properties.test.ts';

const time = (maxMs: number) => fc.integer({ min: 1, max: maxMs });

/** Faults on the path between one client and the broker: lost replies, cuts, slow and lossy links, broker restarts. */
function linkFaults(client: string, horizonMs: number): fc.Arbitrary<FaultSpec[]> {
  const fault: fc.Arbitrary<FaultSpec[]> = fc.oneof(
    time(horizonMs).map((at) => [{ at, kind: 'lostAck', target: client, count: 1 } as FaultSpec]),
    fc
      .tuple(time(horizonMs), fc.integer({ min: 10, max: 400 }), fc.boolean())
      .map(([at, durationMs, oneWay]) => [
        { at, kind: 'partition', between: [client, 'broker'], oneWay, durationMs } as FaultSpec,
      ]),
    fc
      .tuple(time(horizonMs), fc.integer({ min: 10, max: 300 }), fc.integer({ min: 5, max: 200 }))
      .map(([at, durationMs, extraLatencyMs]) => [
        {
          at,
          kind: 'slowLink',
          between: [client, 'broker'],
          extraLatencyMs,
          oneWay: false,
          durationMs,
        } as FaultSpec,
      ]),
    fc
      .tuple(
        time(horizonMs),
        fc.integer({ min: 10, max: 300 }),
        fc.integer({ min: 100_000, max: 900_000 }),
      )
      .map(([at, durationMs, lossPerMillion]) => [
        {
          at,
          kind: 'messageLoss',
          between: [client, 'broker'],
          lossPerMillion,
          oneWay: false,
          durationMs,
        } as FaultSpec,
      ]),
    fc
      .tuple(time(horizonMs), fc.integer({ min: 5, max: 300 }))
      .map(([at, downMs]) => [
        { at, kind: 'crash', target: 'broker' } as FaultSpec,
        { at: at + downMs, kind: 'restart', target: 'broker' } as FaultSpec,
      ]),
  );
  return fc.array(fault, { maxLength: 4 }).map((groups) => groups.flat());
}

/** Crash-and-restart (or pause) pairs for one actor. */
function lifeFaults(
  target: string,
  horizonMs: number,
  withPause: boolean,
): fc.Arbitrary<FaultSpec[]> {
  const crash = fc
    .tuple(time(horizonMs), fc.integer({ min: 1, max: 400 }))
    .map(([at, downMs]) => [
      { at, kind: 'crash', target } as FaultSpec,
      { at: at + downMs, kind: 'restart', target } as FaultSpec,
    ]);
  const pause = fc
    .tuple(time(horizonMs), fc.integer({ min: 1, max: 600 }))
    .map(([at, durationMs]) => [{ at, kind: 'pause', target, durationMs } as FaultSpec]);
  return fc
    .array(withPause ? fc.oneof(crash, pause) : crash, { maxLength: 3 })
    .map((groups) => groups.flat());
}

function run(input: ScenarioInput, seed: number): TraceEvent[] {
  return runScenario(scenarioSchema.parse(input), { seed }).events;
}

/** The record views a read_committed reader of `topic` ends with, all partitions. */
function readCommitted(input: ScenarioInput, seed: number, topic: string) {
  const result = runScenario(scenarioSchema.parse(input), { seed });
  return { events: result.events, visible: result.readCommitted[topic].flatMap((p) => p.records) };
}

function expectOk(
  verdict: { ok: true } | { ok: false; index: number; message: string },
  what: string,
): void {
  if (!verdict.ok) throw new Error(`${what}: event ${verdict.index}: ${verdict.message}`);
}

describe('log properties under random faults', () => {
  it('an idempotent producer never writes a record twice, whatever the link and the broker do', () => {
    const name =
      'an idempotent producer never writes a record twice, whatever the link and the broker do';
    checkProperty(
      { file: FILE, name },
      fc.tuple(fc.nat(), linkFaults('app', 400)),
      ([seed, faults]) => {
        const events = run(
          {
            name: 'idempotence-property',
            seed: 0,
            durationMs: 6000,
            network: { latencyMs: 2, jitterMs: 2 },
            topics: [{ name: 'out', partitions: 2 }],
            producers: [
              {
                id: 'app',
                idempotent: true,
                requestTimeoutMs: 60,
                batchSize: 4,
                workload: { generators: [{ topic: 'out', count: 40, intervalMs: 7, keys: 5 }] },
              },
            ],
            faults,
          },
          seed,
        );
        expectOk(exactlyOnceCommitted(events), 'exactly once');
        expectOk(orderPerPartition(events), 'order per partition');
        const appended = events.filter(
          (e) => e.type === 'record.appended' && e.topic === 'out',
        ).length;
        expect(appended).toBe(40);
      },
    );
  });

  it('with transactions and crashes, read_committed holds every committed transaction exactly once and nothing else', () => {
    const name =
      'with transactions and crashes, read_committed holds every committed transaction exactly once and nothing else';
    const faults = fc
      .tuple(lifeFaults('app', 300, false), linkFaults('app', 300))
      .map(([a, b]) => [...a, ...b]);
    checkProperty({ file: FILE, name }, fc.tuple(fc.nat(), faults), ([seed, schedule]) => {
      const { events, visible } = readCommitted(transactionsScenario(schedule), seed, 'out');
      expectOk(exactlyOnceCommitted(events), 'exactly once');
      expectOk(nothingFromAborted(events), 'nothing from aborted transactions');
      // Every record of the workload ends up committed, once: the application resends what was aborted.
      const ids = visible.map((v) => v.record.id).sort((a, b) => a - b);
      expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    });
  });

  it('a fenced producer never gets a write into what read_committed readers see', () => {
    const name = 'a fenced producer never gets a write into what read_committed readers see';
    const arb = fc.tuple(
      fc.nat(),
      fc.integer({ min: 1, max: 200 }),
      fc.integer({ min: 50, max: 800 }),
      fc.integer({ min: 0, max: 400 }),
    );
    checkProperty({ file: FILE, name }, arb, ([seed, pauseAt, pauseMs, secondStartMs]) => {
      const producer = (id: string, startAtMs: number, keys: string[]) => ({
        id,
        startAtMs,
        transactionalId: 'shared-tx',
        transactions: { recordsPerTransaction: 4, transactionTimeoutMs: 5000 },
        batchSize: 1,
        workload: { generators: [{ topic: 'ledger', count: 12, startAtMs, intervalMs: 9, keys }] },
      });
      const { events, visible } = readCommitted(
        {
          name: 'fencing-property',
          seed: 0,
          durationMs: 4000,
          network: { latencyMs: 2 },
          topics: [{ name: 'ledger', partitions: 1 }],
          producers: [producer('first', 0, ['a']), producer('second', secondStartMs, ['b'])],
          consumers: [
            {
              id: 'reader',
              group: 'readers',
              topics: ['ledger'],
              isolationLevel: 'read_committed',
            },
          ],
          faults: [{ at: pauseAt, kind: 'pause', target: 'first', durationMs: pauseMs }],
        },
        seed,
        'ledger',
      );
      expectOk(nothingFromAborted(events), 'nothing from aborted transactions');
      // A write appended with an epoch older than the newest one initialised by then is never read.
      let newest = -1;
      const stale = new Set<number>();
      for (const e of events) {
        if (e.type === 'producer.initialized') newest = Math.max(newest, e.producerEpoch);
        if (e.type === 'record.appended' && e.topic === 'ledger' && e.producerEpoch < newest)
          stale.add(e.offset);
      }
      expect(visible.filter((v) => stale.has(v.offset))).toEqual([]);
      expect(events.some((e) => e.type === 'producer.initialized' && e.producer === 'second')).toBe(
        true,
      );
    });
  });

  for (const commitOrder of ['at-least-once', 'at-most-once'] as const) {
    const name =
      commitOrder === 'at-least-once'
        ? 'committing after processing loses nothing when consumers crash, restart and pause'
        : 'committing before processing processes nothing twice when consumers crash, restart and pause';
    it(name, () => {
      const faults = fc
        .tuple(lifeFaults('c1', 800, true), lifeFaults('c2', 800, true))
        .map(([a, b]) => [...a, ...b]);
      checkProperty({ file: FILE, name }, fc.tuple(fc.nat(), faults), ([seed, schedule]) => {
        const consumer = (id: string) => ({
          id,
          group: 'g',
          topics: ['in'],
          commitOrder,
          processingMs: 2,
          maxPollRecords: 10,
          sessionTimeoutMs: 150,
          heartbeatIntervalMs: 30,
        });
        const events = run(
          {
            name: 'commit-order-property',
            seed: 0,
            durationMs: 5000,
            network: { latencyMs: 2, jitterMs: 1 },
            topics: [{ name: 'in', partitions: 3 }],
            producers: [
              {
                id: 'source',
                workload: { generators: [{ topic: 'in', count: 120, intervalMs: 4, keys: 9 }] },
              },
            ],
            consumers: [consumer('c1'), consumer('c2')],
            faults: schedule,
          },
          seed,
        );
        if (commitOrder === 'at-least-once') expectOk(processedAtLeastOnce(events), 'nothing lost');
        else expectOk(processedAtMostOnce(events), 'nothing processed twice');
      });
    });
  }
});
