import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultSpec, ScenarioInput } from '../scenario/schema.ts';
import { scenarioSchema } from '../scenario/schema.ts';
import { runScenario } from '../scenario/run.ts';
import { nothingFromAborted, transformedExactlyOnce } from '../checks/index.ts';
import { deriveRecordId } from '../runtime/derive-id.ts';
import { checkProperty } from './property.ts';

/**
 * The transactional consume–transform–produce loop under random crashes, restarts, pauses
 * (zombies, some outliving transaction.timeout.ms) and lost or slow messages between each client
 * and the broker: whatever happens, a read_committed reader of the output holds the transformed
 * record of each input the transform keeps, exactly once, and nothing else.
 */
const FILE = 'simulator/test/transactional-client.property.test.ts';
const CLIENTS = ['copier-1', 'copier-2'];

const time = (maxMs: number) => fc.integer({ min: 1, max: maxMs });

/** Crash-and-restart pairs and pauses for one client. */
function lifeFaults(target: string): fc.Arbitrary<FaultSpec[]> {
  const crash = fc
    .tuple(time(600), fc.integer({ min: 1, max: 400 }))
    .map(([at, downMs]): FaultSpec[] => [
      { at, kind: 'crash', target },
      { at: at + downMs, kind: 'restart', target },
    ]);
  const pause = fc
    .tuple(time(600), fc.integer({ min: 1, max: 900 }))
    .map(([at, durationMs]): FaultSpec[] => [{ at, kind: 'pause', target, durationMs }]);
  return fc.array(fc.oneof(crash, pause), { maxLength: 2 }).map((groups) => groups.flat());
}

/** Lost and slow messages between one client and the broker, for a while. */
function linkFaults(client: string): fc.Arbitrary<FaultSpec[]> {
  const between: [string, string] = [client, 'broker'];
  const loss = fc
    .tuple(time(600), fc.integer({ min: 10, max: 300 }), fc.integer({ min: 100_000, max: 700_000 }))
    .map(([at, durationMs, lossPerMillion]): FaultSpec => ({
      at,
      kind: 'messageLoss',
      between,
      lossPerMillion,
      oneWay: false,
      durationMs,
    }));
  const slow = fc
    .tuple(time(600), fc.integer({ min: 10, max: 300 }), fc.integer({ min: 5, max: 150 }))
    .map(([at, durationMs, extraLatencyMs]): FaultSpec => ({
      at,
      kind: 'slowLink',
      between,
      extraLatencyMs,
      oneWay: false,
      durationMs,
    }));
  return fc.array(fc.oneof(loss, slow), { maxLength: 2 });
}

function scenario(faults: FaultSpec[]): ScenarioInput {
  const client = (id: string) => ({
    id,
    group: 'copiers',
    topics: ['in'],
    outputTopic: 'out',
    transform: [
      { op: 'mapValues' as const, mapper: { fn: 'wrap' as const, field: 'amount' } },
      {
        op: 'filter' as const,
        predicate: { fn: 'fieldGreaterThan' as const, field: 'amount', value: 20 },
      },
    ],
    processingMs: 2,
    maxPollRecords: 6,
    sessionTimeoutMs: 200,
    heartbeatIntervalMs: 40,
    transactionTimeoutMs: 600,
  });
  return {
    name: 'transactional-client-property',
    seed: 0,
    durationMs: 7000,
    network: { latencyMs: 2, jitterMs: 1 },
    topics: [
      { name: 'in', partitions: 2 },
      { name: 'out', partitions: 2 },
    ],
    producers: [
      {
        id: 'src',
        workload: {
          generators: [{ topic: 'in', count: 40, intervalMs: 8, keys: 5, valueKind: 'amount' }],
        },
      },
    ],
    transactionalClients: CLIENTS.map(client),
    faults,
  };
}

describe('the transactional client under random faults', () => {
  const name =
    'with crashes, zombies and message loss, read_committed output holds the transform of each input exactly once';
  it(name, () => {
    const faults = fc
      .tuple(...CLIENTS.map(lifeFaults), ...CLIENTS.map(linkFaults))
      .map((groups) => groups.flat().sort((a, b) => a.at - b.at));
    checkProperty({ file: FILE, name }, fc.tuple(fc.nat(), faults), ([seed, schedule]) => {
      const result = runScenario(scenarioSchema.parse(scenario(schedule)), { seed });
      const inputs = result.readCommitted.in.flatMap((p) => p.records.map((v) => v.record));
      expect(inputs).toHaveLength(40);
      const expected = inputs
        .filter((r) => (r.value as number) > 20)
        .map((r) => deriveRecordId(r.id, 'out', 0));
      const visible = result.readCommitted.out.flatMap((p) => p.records.map((v) => v.record.id));
      expect(visible.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
      const verdicts = {
        exactlyOnce: transformedExactlyOnce(result.events),
        aborted: nothingFromAborted(result.events),
      };
      expect(verdicts).toEqual({ exactlyOnce: { ok: true }, aborted: { ok: true } });
    });
  });
});
