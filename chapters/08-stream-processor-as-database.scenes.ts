import type { SceneScript } from '../site/lib/chapter/scenes.ts';

/**
 * The scenes of chapter 8: an order-status notifier as functions querying a database
 * (`order-status-functions`), then with a stream processor deriving the stream it needs
 * (`order-status-derived`: status-1 crashes and status-2 restores its stores).
 * `08-stream-processor-as-database.test.ts` checks that every scene lands where its narration says.
 */
const functions = 'order-status-functions';
const derived = 'order-status-derived';

export const scenes: SceneScript[] = [
  {
    n: 1,
    title: 'A notifier that reads four tables',
    scenario: functions,
    position: { after: { type: 'record.appended', topic: 'notifications' } },
    view: 'serverless',
  },
  {
    n: 2,
    title: 'Tables written at different moments',
    scenario: functions,
    position: { after: { type: 'record.appended', topic: 'notifications', offset: 3 } },
    view: 'serverless',
  },
  {
    n: 3,
    title: 'A crash, restored from the changelog',
    scenario: derived,
    position: { after: { type: 'task.restored', instance: 'status-2', task: '0_0' } },
    view: 'processor',
  },
  {
    n: 4,
    title: 'The use-case stream, derived',
    scenario: derived,
    position: { after: { type: 'record.appended', topic: 'order-status' } },
    view: 'processor',
  },
  {
    n: 5,
    title: 'The notifier, scaled from zero',
    scenario: derived,
    position: { after: { type: 'record.appended', topic: 'notifications' } },
    view: 'serverless',
  },
  {
    n: 6,
    title: 'Free play',
    scenario: derived,
    position: { start: true },
    view: 'network',
    actor: 'status-1',
  },
];
