import type { SceneScript } from '../site/lib/chapter/scenes.ts';

/**
 * The scenes of chapter 5, each a scripted position of a real example scenario: the
 * consume-process-produce loop `crash-in-the-middle-at-least-once` / `-exactly-once` (the same
 * application, workload and crash under the two guarantees), and `rebalance-commit-order` for the
 * commit-first contrast. `05-crash-in-the-middle.test.ts` checks that every scene lands where its
 * narration says.
 */
const alo = 'crash-in-the-middle-at-least-once';
const eos = 'crash-in-the-middle-exactly-once';

export const scenes: SceneScript[] = [
  {
    n: 1,
    title: 'The loop',
    scenario: alo,
    position: { after: { type: 'instance.committed', instance: 'enricher-1' } },
    view: 'log',
  },
  {
    n: 2,
    title: 'A crash between output and commit',
    scenario: alo,
    position: { after: { type: 'actor.crashed', actor: 'enricher-1' } },
    view: 'log',
    actor: 'enricher-1',
  },
  {
    n: 3,
    title: 'The takeover',
    scenario: alo,
    position: { after: { type: 'consumer.positioned', consumer: 'enricher-2' } },
    view: 'groups',
  },
  {
    n: 4,
    title: 'The duplicate',
    scenario: alo,
    position: { violation: 'exactlyOnceCommitted' },
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
    title: 'Output and offsets in one transaction',
    scenario: eos,
    position: { after: { type: 'txn.committed' } },
    view: 'transactions',
  },
  {
    n: 7,
    title: 'The crash, inside a transaction',
    scenario: eos,
    position: { after: { type: 'actor.crashed', actor: 'enricher-1' } },
    view: 'log',
    actor: 'enricher-1',
  },
  {
    n: 8,
    title: 'A transaction left hanging',
    scenario: eos,
    position: { after: { type: 'instance.committed', instance: 'enricher-2' } },
    view: 'log',
  },
  {
    n: 9,
    title: 'The restart does not end it',
    scenario: eos,
    position: { after: { type: 'producer.initialized', producer: 'enricher-1' }, nth: 2 },
    view: 'transactions',
    actor: 'enricher-1',
  },
  {
    n: 10,
    title: 'The timeout ends it',
    scenario: eos,
    position: { after: { type: 'txn.aborted', reason: 'timeout' } },
    view: 'log',
  },
  { n: 11, title: 'Exactly once', scenario: eos, position: { end: true }, view: 'log' },
  {
    n: 12,
    title: 'Free play',
    scenario: eos,
    position: { start: true },
    view: 'network',
    actor: 'enricher-2',
  },
];
