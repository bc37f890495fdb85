import { describe, expect, it } from 'vitest';
import { balanceNeverNegative, eventsAppendedOnce, readModelMatchesFold } from '../checks/index.ts';
import { eventHistory } from '../checks/accounts-history.ts';
import { runScenario } from '../scenario/run.ts';
import { exampleScenario } from '../test/engine-helpers.ts';
import type { TraceEvent } from '../trace/events.ts';
import { evolve, type AccountState } from './domain.ts';
import { restoreTimes } from './restore-times.ts';

const withChangelog = runScenario(exampleScenario('accounts-snapshot')).events;
const withoutChangelog = runScenario(exampleScenario('accounts-snapshot-refold')).events;
const movedTask = (events: readonly TraceEvent[]) =>
  restoreTimes(events).find((r) => r.instance === 'accounts-2' && r.task === '0_0')!;

/** What accounts-2's store holds for each account once the moved task is restored. */
function restoredState(events: readonly TraceEvent[]): Map<string, unknown> {
  const { restoredAtMs } = movedTask(events);
  const state = new Map<string, unknown>();
  for (const e of events)
    if (
      e.type === 'store.restored' &&
      e.instance === 'accounts-2' &&
      e.task === '0_0' &&
      e.at <= restoredAtMs
    )
      state.set(e.key, e.value);
  return state;
}

/** The fold of partition 0's committed events appended before the crash, per account. */
function foldBeforeCrash(events: readonly TraceEvent[]): Map<string, AccountState> {
  const crash = events.findIndex((e) => e.type === 'actor.crashed');
  const state = new Map<string, AccountState>();
  for (const h of eventHistory(events, 'account-events')[0])
    if (h.appendedAt < crash)
      state.set(h.event.account, evolve(state.get(h.event.account) ?? null, h.event));
  return state;
}

describe('the changelog as a snapshot', () => {
  it('a moved task restores from the compacted changelog reading fewer records, sooner, than folding the events from offset zero', () => {
    const snapshot = movedTask(withChangelog);
    const refold = movedTask(withoutChangelog);
    expect(snapshot.topics).toEqual(['accounts-accounts-changelog']);
    expect(refold.topics).toEqual(['account-events']);
    expect(snapshot.startedAtMs).toBe(refold.startedAtMs);
    expect(snapshot.records).toBeLessThan(refold.records);
    expect(snapshot.durationMs).toBeLessThan(refold.durationMs);
    console.log(
      `restore of accounts-2/0_0: changelog ${snapshot.records} records in ${snapshot.durationMs} ms; refold ${refold.records} events in ${refold.durationMs} ms`,
    );
  });

  it('folding the events from offset zero reads every event of the partition', () => {
    const refold = movedTask(withoutChangelog);
    expect(refold.records).toBe(
      eventHistory(withoutChangelog, 'account-events')[0].filter(
        (h) => withoutChangelog[h.appendedAt].at < refold.startedAtMs,
      ).length,
    );
  });

  it('both restores give each account the state the fold of its committed events gives', () => {
    for (const events of [withChangelog, withoutChangelog]) {
      const expected = foldBeforeCrash(events);
      expect(Object.fromEntries(restoredState(events))).toEqual(Object.fromEntries(expected));
    }
  });

  it('both runs keep the invariant and append every command’s events once', () => {
    for (const events of [withChangelog, withoutChangelog]) {
      expect(balanceNeverNegative(events)).toEqual({ ok: true });
      expect(eventsAppendedOnce(events)).toEqual({ ok: true });
      expect(readModelMatchesFold(events)).toEqual({ ok: true });
    }
  });

  it('the two scenarios differ only in the changelog setting', () => {
    const a = structuredClone(exampleScenario('accounts-snapshot'));
    const b = structuredClone(exampleScenario('accounts-snapshot-refold'));
    expect(a.accounts!.processor.changelog).toBe(true);
    expect(b.accounts!.processor.changelog).toBe(false);
    for (const s of [a, b]) {
      s.name = '';
      s.description = '';
      s.accounts!.processor.changelog = true;
    }
    expect(b).toEqual(a);
  });
});
