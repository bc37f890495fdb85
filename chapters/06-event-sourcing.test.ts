import { describe, expect, it } from 'vitest';
import { readModelsAt } from '../site/lib/views/read-models-at.ts';
import { restoreTimes } from '../simulator/eventsourcing/restore-times.ts';
import { exampleScenario } from '../simulator/test/engine-helpers.ts';
import { ofType, sceneRuns } from './scene-runs.ts';
import { scenes } from './06-event-sourcing.scenes.ts';

const { at, runOf } = sceneRuns(scenes);
const movedTask = (events: Parameters<typeof restoreTimes>[0]) =>
  restoreTimes(events).find((r) => r.instance === 'accounts-2' && r.task === '0_0')!;
const valueOf = (v: unknown) =>
  v as { type?: string; commandId?: string; amount?: number; balance?: number };

describe('chapter 6: event sourcing', () => {
  it('numbers its scenes 1..n, every scene lands on an event, and the last is free play', () => {
    expect(scenes.map((s) => s.n)).toEqual(scenes.map((_, i) => i + 1));
    for (const s of scenes) expect(() => at(s.n), `scene ${s.n}`).not.toThrow();
    expect(scenes.at(-1)!.title).toBe('Free play');
  });

  it("scene 1: bob-3 changed b2's row in one transaction, the invocation crashed before publishing, and the event never reached the log", () => {
    const { events, all, checks } = at(1);
    const failed = events.at(-1)!;
    expect(failed).toMatchObject({ type: 'function.failed', reason: 'crash', at: 489 });
    expect(ofType(events, 'fault.injected')[0]).toMatchObject({
      at: 300,
      fault: { target: 'handleCommand' },
    });
    const id = 'handleCommand:6';
    const written = ofType(events, 'db.written').filter((e) => e.invocationId === id);
    const row = written.find((e) => e.table === 'accounts')!;
    expect(row).toMatchObject({ key: 'b2', transactional: true });
    expect(valueOf(row.item).balance).toBe(83);
    expect(written.find((e) => e.table === 'processed-commands')?.key).toBe('bob-3');
    // The write was conditioned on the version read: the row's version moved by exactly one.
    const read = ofType(events, 'db.read').filter((e) => e.invocationId === id && e.key === 'b2');
    expect(read.length).toBe(1);
    expect(row.version).toBe(2);
    const sent = ofType(events, 'command.sent').find((e) => e.commandId === 'bob-3')!;
    expect(sent.command).toMatchObject({ type: 'deposit', account: 'b2', amount: 83 });
    expect(
      ofType(all, 'function.emitted').filter(
        (e) => e.invocationId === id && e.topic === 'account-events',
      ),
    ).toEqual([]);
    expect(
      ofType(all, 'record.appended').filter(
        (e) => e.topic === 'account-events' && valueOf(e.record.value).commandId === 'bob-3',
      ),
    ).toEqual([]);
    expect(ofType(all, 'function.invoked').filter((e) => e.attempt > 1)).toEqual([]);
    expect(checks.changesPublished).toBe('broken');
    expect(ofType(all, 'command.timedOut').find((e) => e.commandId === 'bob-3')?.at).toBe(1402);
    // Later, the log's fold takes a1 below zero; its row never goes there.
    expect(
      runOf('accounts-crud-dual-write').verdicts.find((v) => v.name === 'balanceNeverNegative')
        ?.verdict,
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^MoneyWithdrawn of a1 .* takes its balance to -\d+\.\d\d$/),
    });
    for (const e of ofType(all, 'db.written').filter((w) => w.table === 'accounts'))
      expect(valueOf(e.item).balance).toBeGreaterThanOrEqual(0);
    const conflicts = ofType(all, 'command.rejected').filter((e) => e.reason === 'versionConflict');
    expect(conflicts.length).toBe(3);
    expect(conflicts.every((e) => e.at > failed.at)).toBe(true);
  });

  it('scene 2: the outbox loses nothing; the relay crashed between publish and delete, so one event is in the log twice with one eventId', () => {
    const { events, all, checks } = at(2);
    const run = runOf('accounts-outbox');
    const failures = ofType(all, 'function.failed').filter((e) => e.reason === 'crash');
    expect(failures.map((e) => [e.function, e.error])).toEqual([
      ['handleCommand', expect.stringContaining('afterDbWriteBeforeEmit')],
      ['handleCommand', expect.stringContaining('afterDbWriteBeforeEmit')],
      ['relay', expect.stringContaining('beforeDbWrite')],
      ['relay', expect.stringContaining('beforeDbWrite')],
    ]);
    expect(ofType(all, 'fault.injected').map((e) => [e.at, e.fault.target])).toEqual([
      [300, 'handleCommand'],
      [700, 'relay'],
    ]);
    // One transaction holds the row, the command's record and the outbox entry.
    const tx = ofType(all, 'db.written').filter((e) => e.transactional);
    expect(new Set(tx.map((e) => e.table))).toEqual(
      new Set(['accounts', 'processed-commands', 'outbox']),
    );
    expect(exampleScenario('accounts-outbox').serverless?.schedules).toEqual([
      { function: 'relay', rateMs: 20 },
    ]);
    const dup = events.at(-1)!;
    if (dup.type !== 'record.appended') throw new Error('not at the duplicate');
    expect(dup).toMatchObject({ topic: 'account-events', partition: 1, offset: 2 });
    expect(valueOf(dup.record.value)).toMatchObject({
      type: 'MoneyDeposited',
      commandId: 'alice-6',
    });
    expect(dup.record.value).toMatchObject({ account: 'a1' });
    const first = ofType(events, 'record.appended').find(
      (e) => e.topic === 'account-events' && e.partition === 1 && e.offset === 1,
    )!;
    expect(first.record.value).toEqual(dup.record.value);
    // The relay publishes each outbox entry with its id as the record id and the eventId header.
    expect(dup.record.headers?.eventId).toBe(String(dup.record.id));
    expect(first.record.headers?.eventId).toBe(dup.record.headers?.eventId);
    expect(checks.eventsAppendedOnce).toBe('broken');
    // The crashed batches were retried; each retry skipped its done command and processed the rest.
    expect(ofType(all, 'function.retried').length).toBe(2);
    expect(run.verdicts.find((v) => v.name === 'processedAtLeastOnce')?.verdict).toEqual({
      ok: true,
    });
    expect(ofType(all, 'command.timedOut')).toEqual([]);
    // The log's exactly-once check is broken by a rejection the retry sent again.
    expect(checks.exactlyOnceCommitted).toBe('broken');
    const once = run.verdicts.find((v) => v.name === 'exactlyOnceCommitted')!.verdict;
    expect(once.ok ? '' : once.message).toMatch(/appended a second time to command-rejections-/);
    expect(run.verdicts.find((v) => v.name === 'changesPublished')?.verdict).toEqual({ ok: true });
  });

  it('scene 3: bob-2 is a command in account-commands, its event is at the offset bob was told, the store holds the new state', () => {
    const { events } = at(3);
    const accepted = events.at(-1)!;
    if (accepted.type !== 'command.accepted') throw new Error('not at the acceptance');
    const commands = ofType(events, 'record.appended').filter(
      (e) => e.topic === 'account-commands' && valueOf(e.record.value).commandId === 'bob-2',
    );
    expect(commands.length).toBe(1);
    const event = ofType(events, 'record.appended').find(
      (e) =>
        e.topic === accepted.topic &&
        e.partition === accepted.partition &&
        e.offset === accepted.offset,
    )!;
    expect(valueOf(event.record.value)).toMatchObject({
      type: 'MoneyDeposited',
      commandId: 'bob-2',
      amount: 5,
    });
    const state = ofType(events, 'record.appended')
      .filter((e) => e.topic === 'accounts-accounts-changelog' && e.record.key === 'b2')
      .at(-1)!;
    expect(valueOf(state.record.value).balance).toBe(5);
    expect(event.transactional && state.transactional).toBe(true);
    const b2Partitions = new Set(
      ofType(events, 'record.appended')
        .filter((e) => e.topic === 'account-commands' && e.record.key === 'b2')
        .map((e) => e.partition),
    );
    expect(b2Partitions.size).toBe(1);
  });

  it('scene 4: the refused withdrawal has a reason and no event, and no balance goes below zero', () => {
    const { events, all, checks } = at(4);
    const rejected = events.at(-1)!;
    if (rejected.type !== 'command.rejected') throw new Error('not at a rejection');
    expect(rejected.reason).toBe('insufficientFunds');
    expect(
      ofType(all, 'record.appended').filter(
        (e) =>
          e.topic === 'account-events' && valueOf(e.record.value).commandId === rejected.commandId,
      ),
    ).toEqual([]);
    expect(checks.balanceNeverNegative).toBe('holds');
  });

  it('scene 5: accounts-1 crashed at 600 ms owning task 0_0; accounts-2 restored that store before processing', () => {
    const { events, checks } = at(5);
    expect(ofType(events, 'actor.crashed')).toMatchObject([{ actor: 'accounts-1', at: 600 }]);
    expect(
      ofType(events, 'task.assigned').some((e) => e.instance === 'accounts-1' && e.task === '0_0'),
    ).toBe(true);
    expect(events.at(-1)).toMatchObject({
      type: 'task.restored',
      instance: 'accounts-2',
      task: '0_0',
    });
    expect((events.at(-1) as { records: number }).records).toBeGreaterThan(0);
    expect(checks.nothingFromAborted).not.toBe('broken');
    const crash = events.findIndex((e) => e.type === 'actor.crashed');
    const pid = ofType(events, 'producer.initialized').find(
      (e) => e.producer === 'accounts-1',
    )!.producerId;
    const lastTxn = events
      .slice(0, crash)
      .filter((e) => (e.type === 'txn.begun' || e.type === 'txn.committed') && e.producerId === pid)
      .at(-1);
    expect(lastTxn?.type, 'a transaction is open at the crash').toBe('txn.begun');
  });

  it('scene 6: version 2 folded the log from offset zero while version 1 answered, and both equal the fold of the log', () => {
    const { events, checks } = at(6);
    const started = events.findIndex(
      (e) => e.type === 'projection.reset' && e.reason === 'rebuild',
    );
    expect(events[started]).toMatchObject({ readModel: 'balances@v2', at: 1200 });
    const v2 = ofType(events, 'projection.applied').filter((e) => e.readModel === 'balances@v2');
    expect(v2[0].offset).toBe(0);
    expect(ofType(events.slice(started), 'query.answered').length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({
      type: 'projection.switched',
      from: 'balances',
      to: 'balances@v2',
    });
    expect(checks.readModelMatchesFold).toBe('holds');
  });

  it('scene 7: the rebuild after retention never saw offset zero, shows a balance below zero, and the check names it', () => {
    const { events, all, checks } = at(7);
    expect(events.at(-1)).toMatchObject({
      type: 'projection.skipped',
      readModel: 'balances@v2',
      fromOffset: 0,
    });
    expect(checks.readModelMatchesFold).toBe('broken');
    const rebuilt = ofType(all, 'projection.applied').filter((e) => e.readModel === 'balances@v2');
    expect(rebuilt.some((e) => (valueOf(e.row).balance ?? 0) < 0)).toBe(true);
  });

  it('scene 8: accounts-2 restored task 0_0 from 11 compacted changelog records in 67 ms; without the changelog it folds all 44 events of partition 0 in 232 ms', () => {
    const { events, all } = at(8);
    const restored = events.at(-1)!;
    expect(restored).toMatchObject({ type: 'task.restored', instance: 'accounts-2', task: '0_0' });
    expect(ofType(events, 'actor.crashed')).toMatchObject([{ actor: 'accounts-1', at: 2600 }]);
    const commands = ofType(events, 'command.sent').filter(
      (e) => (e.command as { type: string }).type !== 'open',
    );
    expect(commands.length).toBe(72);
    const snapshot = movedTask(all);
    expect(snapshot).toMatchObject({
      topics: ['accounts-accounts-changelog'],
      records: 11,
      durationMs: 67,
    });
    expect(
      ofType(events, 'records.compacted').some(
        (e) => e.topic === 'accounts-accounts-changelog' && e.partition === 0,
      ),
    ).toBe(true);
    const keys = new Set(
      ofType(events, 'record.appended')
        .filter((e) => e.topic === 'accounts-accounts-changelog' && e.partition === 0)
        .map((e) => e.record.key),
    );
    expect(snapshot.records).toBeGreaterThan(keys.size);
    const refoldRun = runOf('accounts-snapshot-refold').events;
    const refold = movedTask(refoldRun);
    expect(refold).toMatchObject({ topics: ['account-events'], records: 44, durationMs: 232 });
    const partition0 = ofType(refoldRun, 'record.appended').filter(
      (e) => e.topic === 'account-events' && e.partition === 0 && e.at < refold.startedAtMs,
    );
    expect(partition0.filter((e) => e.record.key !== null).length).toBeGreaterThanOrEqual(
      refold.records,
    );
    const processed = ofType(refoldRun, 'record.processed').filter(
      (e) => e.instance === 'accounts-2' && e.task === '0_0',
    );
    expect(processed.every((e) => e.at >= refold.restoredAtMs)).toBe(true);
  });

  it('scene 9: free play starts at the beginning, on the read-models view', () => {
    expect(at(9).index).toBe(0);
    expect(readModelsAt(at(9).all, 0).readModels).toEqual([]);
  });
});
