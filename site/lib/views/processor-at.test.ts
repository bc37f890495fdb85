import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../simulator/trace/events.ts';
import { libraryScenario } from '../sim/library.ts';
import { runRequest } from '../sim/prepare.ts';
import { FLASH_EVENTS, processorAt } from './processor-at.ts';

const assigned = (instance: string, task: string, at = 0): TraceEvent => ({
  type: 'task.assigned',
  at,
  instance,
  task,
  partitions: [{ topic: 'orders', partition: Number(task.slice(2)) }],
});
const buffered = (key: string, task = '0_0'): TraceEvent => ({
  type: 'join.buffered',
  at: 1,
  task,
  processor: 'W',
  store: 'this-store',
  side: 'left',
  key,
  value: 1,
  timestampMs: 1,
});
const expired = (key: string, task = '0_0'): TraceEvent => ({
  type: 'join.expired',
  at: 2,
  task,
  store: 'this-store',
  key,
  value: 1,
  timestampMs: 1,
  streamTimeMs: 99,
});

describe('processorAt', () => {
  it('places each task on the instance it was last assigned to', () => {
    const events = [assigned('a', '0_0'), assigned('b', '0_1'), assigned('b', '0_0', 5)];
    expect(processorAt(events, 2).instances.map((i) => [i.id, i.tasks.map((t) => t.id)])).toEqual([
      ['a', ['0_0']],
      ['b', ['0_1']],
    ]);
    expect(processorAt(events, 3).instances.map((i) => [i.id, i.tasks.map((t) => t.id)])).toEqual([
      ['a', []],
      ['b', ['0_1', '0_0']],
    ]);
  });

  it('takes every task away from a crashed instance', () => {
    const events: TraceEvent[] = [
      assigned('a', '0_0'),
      assigned('a', '0_1'),
      { type: 'actor.crashed', at: 3, actor: 'a' },
    ];
    const view = processorAt(events, 3);
    expect(view.instances[0]).toEqual({ id: 'a', crashed: true, tasks: [] });
    expect(processorAt(events, 2).instances[0].tasks).toHaveLength(2);
  });

  it('counts join records waiting as buffered minus expired, listing the newest keys', () => {
    const events = [
      assigned('a', '0_0'),
      buffered('k1'),
      buffered('k2'),
      buffered('k3'),
      expired('k1'),
    ];
    const store = processorAt(events, 5).instances[0].tasks[0].stores[0];
    expect(store).toMatchObject({ name: 'this-store', waiting: 2, recentKeys: ['k2', 'k3'] });
    expect(processorAt(events, 4).instances[0].tasks[0].stores[0].waiting).toBe(3);
  });

  it('flashes a match only while it is within a few events of the playhead', () => {
    const match: TraceEvent = {
      type: 'join.matched',
      at: 3,
      task: '0_0',
      processor: 'J',
      key: 'k',
      left: 1,
      right: 2,
      timestampMs: 3,
    };
    const filler = Array.from({ length: FLASH_EVENTS }, () => buffered('x'));
    const events = [assigned('a', '0_0'), match, ...filler];
    expect(processorAt(events, 1).lastMatch).toBeNull();
    expect(processorAt(events, 2).lastMatch).toMatchObject({ index: 1, key: 'k', fresh: true });
    expect(processorAt(events, events.length).lastMatch?.fresh).toBe(false);
  });

  it('shows a restore after the crash in streams-join-crash, record by record, until the task runs', () => {
    const run = runRequest({
      scenarioText: libraryScenario('streams-join-crash')!.text,
      seed: null,
      faults: [],
    });
    if (!run.ok) throw new Error(JSON.stringify(run.errors));
    const events = run.events;
    const crash = events.findIndex((e) => e.type === 'actor.crashed');
    const restoredAt = events.findIndex((e, i) => i > crash && e.type === 'task.restored');
    const firstRecord = events.findIndex((e, i) => i > crash && e.type === 'store.restored');
    const moved = (i: number) =>
      processorAt(events, i)
        .instances.flatMap((inst) => inst.tasks.map((t) => ({ inst: inst.id, ...t })))
        .find((t) => t.id === '0_0');
    const during = moved(firstRecord + 1)!;
    expect(during).toMatchObject({ status: 'restoring', restored: 1, restoreTotal: null });
    const done = moved(restoredAt + 1)!;
    const total = (events[restoredAt] as { records: number }).records;
    expect(done).toMatchObject({ status: 'running', restored: total, restoreTotal: total });
    expect(done.inst).not.toBe((events[crash] as { actor: string }).actor);
    expect(done.stores.reduce((n, s) => n + s.entries, 0)).toBeGreaterThan(0);
    expect(during.stores.reduce((n, s) => n + s.waiting, 0)).toBe(1);
  });
});
