import { describe, expect, it } from 'vitest';
import { resolvePosition } from '../site/lib/chapter/scenes.ts';
import { libraryScenario } from '../site/lib/sim/library.ts';
import { runRequest } from '../site/lib/sim/prepare.ts';
import { checksAt } from '../site/lib/views/checks-at.ts';
import { processorAt } from '../site/lib/views/processor-at.ts';
import { describedTopologies, topologyActivityAt } from '../site/lib/views/topology-at.ts';
import type { EventOf, TraceEvent } from '../simulator/trace/events.ts';
import { scenes } from './04-buffering-and-joining.scenes.ts';

const outcome = runRequest({
  scenarioText: libraryScenario('streams-join-crash')!.text,
  seed: null,
  faults: [],
});
if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
const run = outcome;

/** The scene's playhead, the event just before it, the processor view and the checks there. */
function at(n: number) {
  const scene = scenes[n - 1];
  const index = resolvePosition(run.events, scene.position, run.verdicts);
  if (index === null) throw new Error(`scene ${n} names no event of ${scene.scenario}`);
  const last = run.events[index - 1] as TraceEvent | undefined;
  const checks = Object.fromEntries(checksAt(run.verdicts, index).map((c) => [c.name, c.status]));
  return { index, last, view: processorAt(run.events, index), checks };
}

const ofType = <T extends TraceEvent['type']>(type: T, upTo = run.events.length) =>
  run.events.slice(0, upTo).filter((e): e is EventOf<T> => e.type === type);

describe('chapter 4: buffering and joining streams', () => {
  it('numbers its scenes 1..n and every scene lands on an event of its scenario', () => {
    expect(scenes.map((s) => s.n)).toEqual(scenes.map((_, i) => i + 1));
    for (const s of scenes) expect(() => at(s.n), `scene ${s.n}`).not.toThrow();
  });

  it('scene 1: the topology has a source per topic and a buffer per side, before any record', () => {
    const { index } = at(1);
    const [topology] = describedTopologies(run.events);
    const nodes = topology.subtopologies.flatMap((s) => s.nodes);
    expect(
      nodes
        .filter((n) => n.type === 'source')
        .flatMap((n) => n.topics)
        .sort(),
    ).toEqual(['orders', 'payments']);
    expect(new Set(nodes.flatMap((n) => (n.type === 'processor' ? n.stores : []))).size).toBe(2);
    expect(ofType('record.processed', index)).toEqual([]);
  });

  it('scene 2: an order is the first record in a buffer, waiting for its payment', () => {
    const { last, view, index } = at(2);
    expect(last).toMatchObject({ type: 'join.buffered', side: 'left' });
    const e = last as EventOf<'join.buffered'>;
    const task = view.instances
      .find((i) => i.id === e.instance)!
      .tasks.find((t) => t.id === e.task)!;
    expect(task.stores.find((s) => s.name === e.store)).toMatchObject({
      waiting: 1,
      recentKeys: [e.key],
    });
    expect(ofType('join.matched', index)).toEqual([]);
    expect(topologyActivityAt(run.events, index)?.stores).toEqual([e.store]);
  });

  it('scene 3: one payment joined two orders of its key, one joined record for each pair', () => {
    const { last, index } = at(3);
    const matches = ofType('join.matched', index);
    expect(matches).toHaveLength(2);
    const [a, b] = matches;
    expect(last).toBe(b);
    expect(a.key).toBe(b.key);
    expect(a.right).toEqual(b.right);
    expect(a.left).not.toEqual(b.left);
    expect(ofType('record.emitted', index + 4).length).toBeGreaterThanOrEqual(1);
  });

  it('scene 4: the crashed instance had records waiting in its buffers', () => {
    const { view, index } = at(4);
    const before = processorAt(run.events, index - 1);
    const waiting = before.instances
      .find((i) => i.id === 'streams-1')!
      .tasks.flatMap((t) => t.stores)
      .reduce((n, s) => n + s.waiting, 0);
    expect(waiting).toBeGreaterThan(0);
    expect(view.instances.find((i) => i.id === 'streams-1')?.crashed).toBe(true);
  });

  it('scene 5: the survivor replayed the changelogs, record by record, before going on', () => {
    const { last, index } = at(5);
    const restored = last as EventOf<'task.restored'>;
    expect(restored.records).toBeGreaterThan(0);
    const replayed = ofType('store.restored', index).filter(
      (e) => e.instance === 'streams-2' && e.task === '0_0',
    );
    expect(replayed).toHaveLength(restored.records);
  });

  it('scene 6: a record leaves its buffer once stream time passes its timestamp + 450 ms', () => {
    const { last } = at(6);
    const e = last as EventOf<'join.expired'>;
    expect(e.type).toBe('join.expired');
    expect(e.timestampMs + 450).toBeLessThanOrEqual(e.streamTimeMs);
  });

  it('scene 7: every pair is joined exactly once, and the crashed transaction was aborted by its timeout', () => {
    const { checks } = at(7);
    expect(checks.exactlyOnceCommitted).toBe('holds');
    const [crashedId] = ofType('producer.initialized')
      .filter((e) => e.producer === 'streams-1')
      .map((e) => e.transactionalId);
    expect(crashedId).toMatch(/^order-payments-[0-9a-f-]{36}-1$/);
    expect(ofType('txn.aborted')).toEqual([
      expect.objectContaining({ transactionalId: crashedId, reason: 'timeout' }),
    ]);
  });
});
