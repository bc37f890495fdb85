import { describe, expect, it } from 'vitest';
import { serverlessAt } from '../site/lib/views/serverless-at.ts';
import type { TraceEvent } from '../simulator/trace/events.ts';
import { scenes } from './02-functions-and-serverless.scenes.ts';
import { expectWellFormedDeck, ofType, sceneRuns } from './scene-runs.ts';

const { at } = sceneRuns(scenes);

/** Page views per user, as the producer wrote them. */
function viewsPerUser(events: readonly TraceEvent[]): Map<string, number> {
  const views = new Map<string, number>();
  for (const e of ofType(events, 'record.appended'))
    if (e.topic === 'page-views') views.set(e.record.key!, (views.get(e.record.key!) ?? 0) + 1);
  return views;
}

/** The counts in pageViewCounts at the end of a run. */
function countsAtEnd(events: readonly TraceEvent[]): Map<string, number> {
  const table = serverlessAt(events, events.length).tables.find(
    (t) => t.name === 'pageViewCounts',
  )!;
  return new Map(table.rows.map((r) => [r.key, (r.item as { count: number }).count]));
}

describe('chapter 2: functions and serverless', () => {
  it('numbers its scenes 1..n, every scene lands on an event, and free play is last', () => {
    expectWellFormedDeck(scenes, at);
  });

  it('scene 1: the trigger is a consumer group of its own and its first batch is one record of partition 2', () => {
    const { events, all, index } = at(1);
    expect(ofType(events, 'member.joined').map((e) => e.group)).toEqual([
      'esm-countViews-page-views',
    ]);
    expect(ofType(all, 'topic.created').find((e) => e.topic === 'page-views')?.partitions).toBe(3);
    expect(events.at(-1)).toMatchObject({ type: 'trigger.batchBuilt', partition: 2, offsets: [0] });
    expect(serverlessAt(all, index).triggers[0].batches).toHaveLength(1);
    // Batches never exceed 10 records, all of one partition.
    expect(Math.max(...ofType(all, 'trigger.batchBuilt').map((b) => b.offsets.length))).toBe(10);
  });

  it('scene 2: the first instance cold-started for 150 ms and ran the handler for 12 ms; a second partition got a second cold instance', () => {
    const { events, all, index } = at(2);
    const cold = ofType(events, 'function.coldStarted');
    expect(cold.map((c) => [c.instance, c.initDurationMs])).toEqual([
      ['countViews#1', 150],
      ['countViews#2', 150],
    ]);
    const partitionOf = (id: string) =>
      ofType(events, 'function.invoked').find((e) => e.invocationId === id)!.partition;
    expect(partitionOf(cold[1].invocationId)).not.toBe(partitionOf(cold[0].invocationId));
    expect(events.at(-1)).toMatchObject({
      type: 'function.succeeded',
      instance: 'countViews#1',
      durationMs: 12,
    });
    expect(serverlessAt(all, index).instances.find((i) => i.id === 'countViews#1')?.state).toBe(
      'warm',
    );
    expect(ofType(all, 'function.warmStarted').length).toBeGreaterThan(0);
  });

  it('scene 3: in the burst, a batch of partition 0 starts on #1 while #2 still runs one of partition 1', () => {
    const { events, all, index } = at(3);
    const warm = events.at(-1)!;
    expect(warm).toMatchObject({ type: 'function.warmStarted', instance: 'countViews#1' });
    const started = ofType(events, 'function.invoked').at(-1)!;
    expect(started).toMatchObject({ instance: 'countViews#1', partition: 0 });
    expect(started.at).toBeGreaterThanOrEqual(700);
    const view = serverlessAt(all, index);
    expect(
      view.instances
        .filter((i) => i.state === 'busy')
        .map((i) => i.id)
        .sort(),
    ).toEqual(['countViews#1', 'countViews#2']);
    const running = view.triggers[0].batches.filter((b) => b.state === 'running');
    expect(running.map((b) => b.partition).sort()).toEqual([0, 1]);
  });

  it('scene 4: the first invocation after 500 ms hung, timed out after 300 ms having written nothing, and its batch is retried', () => {
    const { events } = at(4);
    const timedOut = ofType(events, 'function.failed').find((e) => e.reason === 'timeout')!;
    expect(timedOut).toMatchObject({
      error: 'Task timed out after 300 ms',
      durationMs: 300,
      instance: 'countViews#2',
    });
    const hang = ofType(events, 'fault.injected').find((e) => e.fault.kind === 'invocationTimeout');
    expect(hang?.at).toBe(500);
    const firstAfter = ofType(events, 'function.invoked').find((e) => e.at >= 500)!;
    expect(firstAfter.invocationId).toBe(timedOut.invocationId);
    expect(events.at(-1)).toMatchObject({
      type: 'function.retried',
      partition: 1,
      offsets: [1],
      attempt: 2,
    });
    expect(
      ofType(events, 'db.written').filter((e) => e.invocationId === timedOut.invocationId),
    ).toEqual([]);
  });

  it('scene 5: at the limit of two, partition 0 is throttled, again and again, until 1800 ms', () => {
    const { events, all } = at(5);
    for (const t of ofType(events, 'functionInstance.throttled'))
      expect(t).toMatchObject({ concurrency: 2, limit: 2 });
    expect(ofType(events, 'function.failed').at(-1)).toMatchObject({
      reason: 'throttled',
      error: 'TooManyRequestsException',
    });
    expect(events.at(-1)).toMatchObject({ type: 'function.retried', partition: 0, offsets: [8] });
    const refusedAgain = ofType(all, 'function.retried').filter(
      (e) => e.reason === 'throttled' && e.partition === 0 && e.at > events.at(-1)!.at,
    );
    expect(refusedAgain.length).toBeGreaterThan(0);
    const nextRun = ofType(all, 'function.invoked').find(
      (e) => e.partition === 0 && e.at > events.at(-1)!.at,
    );
    expect(nextRun?.at).toBe(1800);
  });

  it('scene 6: a crash after counting and emitting ten views retries the whole batch; counts and events twice, for good', () => {
    const { events, checks, all } = at(6);
    const crash = ofType(events, 'function.failed').find((e) => e.reason === 'crash')!;
    expect(crash.at).toBeGreaterThan(1500);
    const crashed = ofType(events, 'function.invoked').find(
      (e) => e.invocationId === crash.invocationId,
    )!;
    expect(crashed).toMatchObject({ partition: 1 });
    expect(crashed.recordIds).toHaveLength(10);
    expect(
      ofType(events, 'function.emitted').filter((e) => e.invocationId === crash.invocationId),
    ).toHaveLength(10);
    const retry = ofType(events, 'function.invoked').find(
      (e) => e.attempt === 2 && e.at > crash.at,
    )!;
    expect(retry.recordIds).toEqual(crashed.recordIds);
    expect(checks.exactlyOnceCommitted).toBe('broken');
    const keyOf = new Map(ofType(all, 'record.appended').map((e) => [e.record.id, e.record.key!]));
    const views = viewsPerUser(all);
    const over = new Map<string, number>();
    for (const id of crashed.recordIds)
      over.set(keyOf.get(id)!, (over.get(keyOf.get(id)!) ?? 0) + 1);
    for (const [user, count] of countsAtEnd(all))
      expect(count, user).toBe(views.get(user)! + (over.get(user) ?? 0));
  });

  it('scene 7: every invocation that ran was billed, throttled ones were not, and the database cost more than the function', () => {
    const { events, all, index } = at(7);
    const costs = ofType(events, 'cost.accrued');
    const fnCosts = costs.filter((c) => c.source === 'function');
    // A throttled invocation is refused before it runs: it has no function.invoked and no bill.
    const ran = ofType(events, 'function.invoked');
    const throttled = ofType(events, 'function.failed').filter((e) => e.reason === 'throttled');
    expect(throttled.length).toBeGreaterThan(0);
    expect(ran.some((e) => throttled.some((t) => t.invocationId === e.invocationId))).toBe(false);
    expect(fnCosts.reduce((n, c) => n + c.requests, 0)).toBe(ran.length);
    const fnUsd = fnCosts.reduce((n, c) => n + c.usd, 0);
    const dbUsd = costs.filter((c) => c.source === 'database').reduce((n, c) => n + c.usd, 0);
    expect(fnUsd).toBeLessThan(dbUsd);
    expect(serverlessAt(all, index).costUsd).toBeCloseTo(fnUsd + dbUsd, 12);
  });

  it('scene 8: with the idempotency key the retry does nothing again: exactly once holds and every count is right', () => {
    const { events, checks } = at(8);
    const crash = ofType(events, 'function.failed').find((e) => e.reason === 'crash')!;
    const retry = ofType(events, 'function.invoked').find(
      (e) => e.attempt === 2 && e.at > crash.at,
    )!;
    // The retry is of the crashed batch: the same records again.
    const crashed = ofType(events, 'function.invoked').find(
      (e) => e.invocationId === crash.invocationId,
    )!;
    expect(retry.recordIds).toEqual(crashed.recordIds);
    expect(
      ofType(events, 'function.emitted').filter((e) => e.invocationId === retry.invocationId),
    ).toEqual([]);
    expect(checks.exactlyOnceCommitted).toBe('holds');
    expect(countsAtEnd(events)).toEqual(viewsPerUser(events));
    const keys = ofType(events, 'db.written')
      .filter((e) => e.table === 'processedEvents')
      .map((e) => e.key);
    expect(keys).toContain('page-views-2-4');
    const views = ofType(events, 'record.appended').filter((e) => e.topic === 'page-views');
    expect(keys).toHaveLength(views.length);
    expect(new Set(keys).size).toBe(views.length);
  });
});
