import type { SceneScript } from '../site/lib/chapter/scenes.ts';

/**
 * The scenes of chapter 3, each a scripted position of `log-balances`: balances appended by
 * account to three partitions, a consumer group that loses a member, a compacted and a
 * retention-limited topic, and a new group that replays from offset zero.
 * `03-the-log.test.ts` checks that every scene lands where its narration says.
 */
const log = 'log-balances';

export const scenes: SceneScript[] = [
  {
    n: 1,
    title: 'Append-only partitions',
    scenario: log,
    position: { after: { type: 'record.appended', topic: 'balances' }, nth: 12 },
    view: 'log',
  },
  {
    n: 2,
    title: 'A key chooses its partition',
    scenario: log,
    position: { after: { type: 'record.appended', topic: 'balances' }, nth: 24 },
    view: 'log',
  },
  {
    n: 3,
    title: 'A consumer group shares the partitions',
    scenario: log,
    position: { after: { type: 'rebalance.completed', group: 'ledger' } },
    view: 'groups',
  },
  {
    n: 4,
    title: "Committed offsets: each group's bookmark",
    scenario: log,
    position: { after: { type: 'offset.committed', group: 'ledger' } },
    view: 'log',
  },
  {
    n: 5,
    title: 'Compaction keeps the latest per key',
    scenario: log,
    position: { after: { type: 'records.compacted', topic: 'addresses' }, nth: 3 },
    view: 'log',
  },
  {
    n: 6,
    title: 'Retention deletes the oldest',
    scenario: log,
    position: { after: { type: 'records.deleted', topic: 'clicks' } },
    view: 'log',
  },
  {
    n: 7,
    title: 'A member dies',
    scenario: log,
    position: { after: { type: 'actor.crashed', actor: 'ledger-1' } },
    view: 'groups',
    actor: 'ledger-1',
  },
  {
    n: 8,
    title: 'The rebalance',
    scenario: log,
    position: {
      after: { type: 'consumer.positioned', consumer: 'ledger-2', partition: 1, from: 'committed' },
    },
    view: 'groups',
  },
  {
    n: 9,
    title: 'A new group replays from offset zero',
    scenario: log,
    position: { end: true },
    view: 'log',
  },
  {
    n: 10,
    title: 'Free play',
    scenario: log,
    // Both ledger members are up, nothing has been written yet.
    position: { after: { type: 'actor.started', actor: 'ledger-2' } },
    view: 'network',
    actor: 'ledger-2',
  },
];
