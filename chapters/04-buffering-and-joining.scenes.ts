import type { SceneScript } from '../site/lib/chapter/scenes.ts';

/**
 * The scenes of chapter 4, each a scripted position of `streams-join-crash`: a Kafka Streams
 * application joining orders with payments in a 200 ms window, whose first instance crashes at
 * 400 ms. `04-buffering-and-joining.test.ts` checks that every scene lands where its narration
 * says.
 */
const join = 'streams-join-crash';

export const scenes: SceneScript[] = [
  {
    n: 1,
    title: 'Two streams, one key',
    scenario: join,
    position: { after: { type: 'topology.described' } },
    view: 'processor',
  },
  {
    n: 2,
    title: 'An order waits',
    scenario: join,
    position: { after: { type: 'join.buffered' } },
    view: 'processor',
  },
  {
    n: 3,
    title: 'A payment finds its orders',
    scenario: join,
    position: { after: { type: 'join.matched' }, nth: 2 },
    view: 'processor',
  },
  {
    n: 4,
    title: 'A crash with full buffers',
    scenario: join,
    position: { after: { type: 'actor.crashed', actor: 'streams-1' } },
    view: 'processor',
    actor: 'streams-1',
  },
  {
    n: 5,
    title: 'The buffers come back from their changelogs',
    scenario: join,
    position: { after: { type: 'task.restored', instance: 'streams-2', task: '0_0' } },
    view: 'processor',
  },
  {
    n: 6,
    title: 'Out of the window',
    scenario: join,
    position: { after: { type: 'join.expired', instance: 'streams-2', task: '0_0' } },
    view: 'processor',
  },
  { n: 7, title: 'Joined exactly once', scenario: join, position: { end: true }, view: 'log' },
  {
    n: 8,
    title: 'Free play',
    scenario: join,
    position: { start: true },
    view: 'processor',
    actor: 'streams-2',
  },
];
