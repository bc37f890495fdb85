import type { SceneScript } from '../site/lib/chapter/scenes.ts';

/**
 * The scenes of chapter 1: a shop's order flow as four functions (`order-flow-functions`: a
 * retried email batch and a given-up stock batch), then the same four steps as Kafka Streams
 * applications on the log under exactly-once (`order-flow-log`: two of them crash and restart).
 * `01-a-graph-of-functions.test.ts` checks that every scene lands where its narration says.
 */
const functions = 'order-flow-functions';
const onTheLog = 'order-flow-log';

export const scenes: SceneScript[] = [
  {
    n: 1,
    title: 'A shop as a graph of functions',
    scenario: functions,
    position: { after: { type: 'function.succeeded', function: 'sendEmail' } },
    view: 'serverless',
  },
  {
    n: 2,
    title: 'A lost message: paid, never shipped',
    scenario: functions,
    position: { violation: 'processedAtLeastOnce' },
    view: 'serverless',
  },
  {
    n: 3,
    title: 'A retry sends the email twice',
    scenario: functions,
    position: { violation: 'exactlyOnceCommitted' },
    view: 'log',
  },
  {
    n: 4,
    title: 'The same graph on the log',
    scenario: onTheLog,
    position: { after: { type: 'actor.crashed', actor: 'send-email-1' } },
    view: 'log',
    actor: 'send-email-1',
  },
  {
    n: 5,
    title: 'What the checks say',
    scenario: onTheLog,
    position: { end: true },
    view: 'log',
  },
  {
    n: 6,
    title: 'Free play',
    scenario: onTheLog,
    // Every actor is up (and on the network view), nothing has happened yet.
    position: { after: { type: 'actor.started', actor: 'send-email-1' } },
    view: 'network',
    actor: 'ship-1',
  },
];
