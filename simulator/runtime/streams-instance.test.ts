import { describe, expect, it } from 'vitest';
import { exactlyOnceCommitted } from '../checks/index.ts';
import { runScenario } from '../scenario/run.ts';
import { scenarioSchema, type Scenario } from '../scenario/schema.ts';
import type { EventOf, TraceEvent } from '../trace/events.ts';
import { exampleScenarios } from '../test/run-scenarios.ts';

const example = (name: string): Scenario =>
  exampleScenarios().find((s) => s.name === name)!.scenario;
const visible = (result: ReturnType<typeof runScenario>, topic: string) =>
  result.readCommitted[topic].flatMap((p) => p.records.map((r) => r.record.id));
const ofType = <T extends TraceEvent['type']>(events: readonly TraceEvent[], type: T) =>
  events.filter((e): e is EventOf<T> => e.type === type);

function withGuarantee(
  name: string,
  guarantee: Scenario['applications'][number]['guarantee'],
  faults?: Scenario['faults'],
): Scenario {
  const base = example(name);
  return scenarioSchema.parse({
    ...base,
    applications: base.applications.map((a) => ({ ...a, guarantee })),
    ...(faults ? { faults } : {}),
  });
}

describe('stream-processing instances', () => {
  it('under at_least_once, re-process what a crashed instance had output but not committed: duplicates downstream', () => {
    const result = runScenario(example('crash-in-the-middle-at-least-once'));
    const ids = visible(result, 'enriched-views');
    expect(ids.length).toBeGreaterThan(new Set(ids).size);
    expect(exactlyOnceCommitted(result.events).ok).toBe(false);
  });

  it("under exactly_once_v2, abort the crashed instance's transaction: every input has exactly one output", () => {
    const result = runScenario(example('crash-in-the-middle-exactly-once'));
    const ids = visible(result, 'enriched-views');
    expect(ids.length).toBe(40);
    expect(new Set(ids).size).toBe(40);
    expect(exactlyOnceCommitted(result.events)).toEqual({ ok: true });
    expect(ofType(result.events, 'txn.aborted').length).toBeGreaterThan(0);
  });

  it("under exactly_once_v2, a restarted instance has a new transactional id and leaves its predecessor's transaction to the timeout", () => {
    const result = runScenario(example('crash-in-the-middle-exactly-once'));
    const inits = ofType(result.events, 'producer.initialized').filter(
      (e) => e.producer === 'enricher-1',
    );
    expect(inits).toHaveLength(2); // the start, and the restart at 900 ms
    for (const init of inits)
      expect(init.transactionalId).toMatch(
        /^enricher-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-1$/,
      );
    const [before, after] = inits.map((e) => e.transactionalId);
    expect(after).not.toBe(before);
    const aborts = ofType(result.events, 'txn.aborted').filter((e) => e.transactionalId === before);
    expect(aborts.map((e) => e.reason)).toEqual(['timeout']);
    expect(aborts[0].at).toBeGreaterThan(inits[1].at);
  });

  it('under exactly_once_v2, an instance that starts over after being fenced keeps its process, so its transactional id', () => {
    // Frozen past its session, enricher-1 comes back a zombie: its commit is refused and it starts
    // over with a fresh producer, but it is the same process, so the same transactional id.
    const pause = [
      { at: 330, kind: 'pause', target: 'enricher-1', durationMs: 500 },
    ] as Scenario['faults'];
    const result = runScenario(
      withGuarantee('crash-in-the-middle-exactly-once', 'exactly_once_v2', pause),
    );
    expect(
      ofType(result.events, 'instance.commitFailed').some((e) => e.instance === 'enricher-1'),
    ).toBe(true);
    const inits = ofType(result.events, 'producer.initialized').filter(
      (e) => e.producer === 'enricher-1',
    );
    expect(inits.length).toBeGreaterThan(1);
    expect(new Set(inits.map((e) => e.transactionalId)).size).toBe(1);
    expect(inits.at(-1)!.producerEpoch).toBeGreaterThan(inits[0].producerEpoch);
  });

  it('under at_most_once, lose what a crashed instance had fetched and committed but not yet written', () => {
    const base = withGuarantee('crash-in-the-middle-at-least-once', 'at_most_once');
    // Records take time to process, so the crash lands after the early commit and before some outputs.
    const result = runScenario(
      scenarioSchema.parse({
        ...base,
        applications: base.applications.map((a) => ({
          ...a,
          processingMs: 10,
          maxPollRecords: 20,
        })),
      }),
    );
    const ids = visible(result, 'enriched-views');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeLessThan(40);
  });

  it.each(['at_least_once', 'exactly_once_v2'] as const)(
    'under %s, commit nothing once its tasks are idle: one last commit for the last work, then no transaction or offset commit',
    (guarantee) => {
      const result = runScenario(withGuarantee('crash-in-the-middle-at-least-once', guarantee, []));
      const instances = new Set(ofType(result.events, 'record.processed').map((e) => e.instance));
      expect(instances.size).toBeGreaterThan(0);
      for (const instance of instances) {
        const lastWork = result.events.reduce(
          (last, e, i) => (e.type === 'record.processed' && e.instance === instance ? i : last),
          -1,
        );
        const commitsAfter = result.events.flatMap((e, i) =>
          i > lastWork && e.type === 'instance.committed' && e.instance === instance ? [i] : [],
        );
        expect(commitsAfter).toHaveLength(1);
        const idleTransactions = result.events.filter(
          (e, i) => i > commitsAfter[0] && e.type === 'txn.begun' && e.producer === instance,
        );
        expect(idleTransactions).toEqual([]);
        // The run goes on long after: idle commit intervals did pass.
        const quietMs =
          result.events[result.events.length - 1].at - result.events[commitsAfter[0]].at;
        expect(quietMs).toBeGreaterThan(
          5 * example('crash-in-the-middle-at-least-once').applications[0].commitIntervalMs,
        );
      }
    },
  );

  it("restore a moved task's stores from the changelog, record by record, before processing", () => {
    const result = runScenario(example('streams-join-crash'));
    const restored = ofType(result.events, 'task.restored').find(
      (e) => e.instance === 'streams-2' && e.task === '0_0',
    )!;
    expect(restored.records).toBeGreaterThan(0);
    const replayed = ofType(result.events, 'store.restored').filter(
      (e) => e.instance === 'streams-2' && e.task === '0_0',
    );
    expect(replayed.length).toBe(restored.records);
    const firstProcessed = result.events.findIndex(
      (e) => e.type === 'record.processed' && e.instance === 'streams-2' && e.task === '0_0',
    );
    expect(firstProcessed).toBeGreaterThan(result.events.indexOf(restored));
  });

  it('fences a paused instance under exactly_once_v2: its commit is refused and nothing it wrote since is visible', () => {
    const scenario = withGuarantee('crash-in-the-middle-at-least-once', 'exactly_once_v2', [
      { at: 330, kind: 'pause', target: 'enricher-1', durationMs: 900 },
    ]);
    const result = runScenario(scenario);
    const failed = ofType(result.events, 'instance.commitFailed').filter(
      (e) => e.instance === 'enricher-1',
    );
    expect(failed.length).toBeGreaterThan(0);
    const ids = visible(result, 'enriched-views');
    expect(ids.length).toBe(40);
    expect(new Set(ids).size).toBe(40);
  });

  it('lets a paused instance under at_least_once write duplicates before its commit is refused', () => {
    const scenario = withGuarantee('crash-in-the-middle-at-least-once', 'at_least_once', [
      { at: 330, kind: 'pause', target: 'enricher-1', durationMs: 900 },
    ]);
    const result = runScenario(scenario);
    expect(
      ofType(result.events, 'instance.commitFailed').some((e) => e.instance === 'enricher-1'),
    ).toBe(true);
    const ids = visible(result, 'enriched-views');
    expect(new Set(ids).size).toBe(40);
    expect(ids.length).toBeGreaterThan(40);
  });
});
