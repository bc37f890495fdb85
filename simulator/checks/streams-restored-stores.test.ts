import { describe, expect, it } from 'vitest';
import type { Json } from '../core/types.ts';
import { TraceBuilder } from '../trace/test-helpers.ts';
import { restoredStoresMatchChangelog } from './streams-restored-stores.ts';

const CHANGELOG = 'app-counts-changelog';

/**
 * A changelog partition 1 holding a=1, b=2, a=3, a delete of b, and c=9 from an aborted
 * transaction; partition 0 holds z=1 (another task's).
 */
function changelog(): TraceBuilder {
  const t = new TraceBuilder().topic(CHANGELOG, 2, true);
  t.append(CHANGELOG, 0, 1, { key: 'z', value: 1 });
  t.append(CHANGELOG, 1, 2, { key: 'a', value: 1 }).append(CHANGELOG, 1, 3, { key: 'b', value: 2 });
  t.append(CHANGELOG, 1, 4, { key: 'a', value: 3 }).append(CHANGELOG, 1, 5, {
    key: 'b',
    value: null,
  });
  t.txnBegun('zombie', 9).append(CHANGELOG, 1, 6, {
    key: 'c',
    value: 9,
    producerId: 9,
    transactional: true,
  });
  t.marker(CHANGELOG, 1, 9, 'ABORT').txnAborted('zombie', 9);
  return t.hw(CHANGELOG, 0).hw(CHANGELOG, 1);
}

function restoring(t: TraceBuilder, instance = 's2'): TraceBuilder {
  return t.push({
    type: 'task.restoring',
    instance,
    task: '0_1',
    store: 'counts',
    topic: CHANGELOG,
    partition: 1,
  });
}

function restored(t: TraceBuilder, pairs: [string, Json][], instance = 's2'): TraceBuilder {
  for (const [key, value] of pairs) {
    t.push({ type: 'store.restored', instance, task: '0_1', store: 'counts', key, value });
  }
  return t.push({ type: 'task.restored', instance, task: '0_1', records: pairs.length });
}

/** What an instance replays from partition 1, in offset order, without the aborted record. */
const replay: [string, Json][] = [
  ['a', 1],
  ['b', 2],
  ['a', 3],
  ['b', null],
];

describe('restoredStoresMatchChangelog', () => {
  it('holds when the replayed records fold to the changelog, deletes and aborted writes included', () => {
    const t = restored(restoring(changelog()), replay);
    expect(restoredStoresMatchChangelog(t.events)).toEqual({ ok: true });
  });

  it('reports the task.restored of a store that missed a key', () => {
    const t = restoring(changelog());
    const end = restored(t, replay.slice(0, 1)).length - 1;
    const verdict = restoredStoresMatchChangelog(t.events);
    expect(verdict).toMatchObject({ ok: false, index: end });
    expect(verdict.ok || verdict.message).toMatch(
      /s2 restored store counts of task 0_1 with a as 1, but a is 3 in its changelog app-counts-changelog-1 as of the start/,
    );
  });

  it('reports a store that restored a write of an aborted transaction', () => {
    const t = restored(restoring(changelog()), [...replay, ['c', 9]]);
    const verdict = restoredStoresMatchChangelog(t.events);
    expect(verdict).toMatchObject({ ok: false, index: t.length - 1 });
    expect(verdict.ok || verdict.message).toMatch(
      /with c as 9, which is not in what a read_committed reader sees of its changelog/,
    );
  });

  it('accepts the changelog as of the start or as of the end of the restoration, not a mix', () => {
    const grown = () =>
      restoring(changelog()).append(CHANGELOG, 1, 7, { key: 'd', value: 4 }).hw(CHANGELOG, 1);
    expect(restoredStoresMatchChangelog(restored(grown(), replay).events)).toEqual({ ok: true });
    const late = restored(grown(), [...replay, ['d', 4]]);
    expect(restoredStoresMatchChangelog(late.events)).toEqual({ ok: true });
    const mixed = restored(grown(), [...replay.slice(0, 2), ['d', 4]]);
    expect(restoredStoresMatchChangelog(mixed.events)).toMatchObject({
      ok: false,
      index: mixed.length - 1,
    });
  });

  it('leaves a restoration cut short by a crash unchecked, and checks the next one', () => {
    const t = restoring(changelog());
    t.push({
      type: 'store.restored',
      instance: 's2',
      task: '0_1',
      store: 'counts',
      key: 'a',
      value: 1,
    });
    t.push({ type: 'actor.crashed', actor: 's2' });
    restored(restoring(t, 's3'), replay, 's3');
    expect(restoredStoresMatchChangelog(t.events)).toEqual({ ok: true });
    restored(restoring(t, 's3'), [['a', 7]], 's3');
    expect(restoredStoresMatchChangelog(t.events)).toMatchObject({
      ok: false,
      index: t.length - 1,
    });
  });
});
