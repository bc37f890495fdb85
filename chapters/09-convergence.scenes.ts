import type { SceneScript } from '../site/lib/chapter/scenes.ts';

/**
 * The scenes of chapter 9: chapter 1's order workflow as one plain handler under durable
 * execution (`order-workflow-durable`: its process crashes in each of the four steps, once per
 * order), then the same handler without a journal (`order-workflow-unjournaled`).
 * `09-convergence.test.ts` checks that every scene lands where its narration says.
 */
const durable = 'order-workflow-durable';
const unjournaled = 'order-workflow-unjournaled';

export const scenes: SceneScript[] = [
  {
    n: 1,
    title: 'The workflow as one plain handler',
    scenario: durable,
    position: { after: { type: 'durable.completed', invocation: 'orders/0/0' } },
    view: 'log',
    actor: 'handler-1',
  },
  {
    n: 2,
    title: 'A crash in step 2: the journal replays step 1',
    scenario: durable,
    position: {
      after: { type: 'durable.stepStarted', invocation: 'orders/0/1', index: 1 },
      nth: 2,
    },
    view: 'log',
    actor: 'handler-1',
  },
  {
    n: 3,
    title: 'A crash in every step, every call made once',
    scenario: durable,
    position: { end: true },
    view: 'log',
  },
  {
    n: 4,
    title: 'Without the journal, the calls are made again',
    scenario: unjournaled,
    position: { violation: 'exactlyOnceCommitted' },
    view: 'log',
  },
  {
    n: 5,
    title: 'Free play',
    scenario: durable,
    position: { start: true },
    view: 'network',
    actor: 'handler-1',
  },
];
