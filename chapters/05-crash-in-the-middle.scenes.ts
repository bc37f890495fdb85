import type { SceneScript } from '../site/lib/chapter/scenes.ts';

/**
 * The scenes of chapter 5, each a scripted position of a real example scenario. The engine has no
 * consume-process-produce application yet, so the chapter shows the loop's two halves:
 * `rebalance-commit-order` (consumers that process, then commit — or the reverse) and
 * `txn-abort-on-crash` (a transactional producer whose output and source position commit in one
 * transaction). `05-crash-in-the-middle.test.ts` checks that every scene lands where its
 * narration says.
 */
export const scenes: SceneScript[] = [
  {
    n: 1,
    title: 'The loop',
    scenario: 'rebalance-commit-order',
    position: { atMs: 300 },
    view: 'log',
  },
  {
    n: 2,
    title: 'A crash in the middle',
    scenario: 'rebalance-commit-order',
    position: { after: { type: 'actor.crashed', actor: 'after-1' } },
    view: 'log',
    actor: 'after-1',
  },
  {
    n: 3,
    title: 'Nobody notices, for a while',
    scenario: 'rebalance-commit-order',
    position: { after: { type: 'rebalance.completed', group: 'after', generation: 2 } },
    view: 'groups',
  },
  {
    n: 4,
    title: 'The duplicate',
    scenario: 'rebalance-commit-order',
    position: {
      after: { type: 'records.processed', consumer: 'after-2', topic: 'clicks', partition: 0 },
    },
    view: 'log',
  },
  {
    n: 5,
    title: 'Commit first, and lose instead',
    scenario: 'rebalance-commit-order',
    position: {
      after: { type: 'consumer.positioned', consumer: 'before-2', topic: 'clicks', partition: 0 },
    },
    view: 'log',
  },
  {
    n: 6,
    title: 'Output and position in one transaction',
    scenario: 'txn-abort-on-crash',
    position: { after: { type: 'txn.committed', transactionalId: 'orders-tx' } },
    view: 'transactions',
  },
  {
    n: 7,
    title: 'The crash, inside a transaction',
    scenario: 'txn-abort-on-crash',
    position: { after: { type: 'actor.crashed', actor: 'orders-app' } },
    view: 'log',
    actor: 'orders-app',
  },
  {
    n: 8,
    title: 'The restart aborts what was open',
    scenario: 'txn-abort-on-crash',
    position: { after: { type: 'txn.aborted', transactionalId: 'orders-tx' } },
    view: 'log',
  },
  {
    n: 9,
    title: 'Again, exactly once',
    scenario: 'txn-abort-on-crash',
    position: { end: true },
    view: 'log',
  },
  {
    n: 10,
    title: 'Free play',
    scenario: 'txn-abort-on-crash',
    position: { start: true },
    view: 'network',
    actor: 'orders-app',
  },
];
