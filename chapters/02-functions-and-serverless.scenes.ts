import type { SceneScript } from '../site/lib/chapter/scenes.ts';

/**
 * The scenes of chapter 2, on `serverless-counts-retried` (a function that counts page views in a
 * database and emits each new count: batches, cold starts, scaling, the concurrency limit, a
 * timeout and a retried batch) and `serverless-counts-idempotent` (the same with an idempotency
 * key). `02-functions-and-serverless.test.ts` checks that every scene lands where its narration
 * says.
 */
const retried = 'serverless-counts-retried';
const idempotent = 'serverless-counts-idempotent';

export const scenes: SceneScript[] = [
  {
    n: 1,
    title: 'A trigger cuts batches',
    scenario: retried,
    position: { after: { type: 'trigger.batchBuilt' } },
    view: 'serverless',
  },
  {
    n: 2,
    title: 'A cold start',
    scenario: retried,
    position: { after: { type: 'function.succeeded' } },
    view: 'serverless',
  },
  {
    n: 3,
    title: 'Scaling out, one batch per partition',
    scenario: retried,
    // The first invocation of the burst starting on a warm instance, while another still runs.
    position: { after: { type: 'function.warmStarted', invocationId: 'countViews:7' } },
    view: 'serverless',
  },
  {
    n: 4,
    title: 'A timeout',
    scenario: retried,
    position: { after: { type: 'function.retried', reason: 'timeout' } },
    view: 'serverless',
  },
  {
    n: 5,
    title: 'The concurrency limit',
    scenario: retried,
    position: { after: { type: 'function.retried', reason: 'throttled', partition: 0 } },
    view: 'serverless',
  },
  {
    n: 6,
    title: 'The whole batch, again',
    scenario: retried,
    position: { violation: 'exactlyOnceCommitted' },
    view: 'log',
  },
  {
    n: 7,
    title: 'What it cost',
    scenario: retried,
    position: { end: true },
    view: 'serverless',
  },
  {
    n: 8,
    title: 'An idempotency key',
    scenario: idempotent,
    position: { end: true },
    view: 'serverless',
  },
  {
    n: 9,
    title: 'Free play',
    scenario: retried,
    // The platform and its trigger are up, nothing has happened yet.
    position: { after: { type: 'actor.started', actor: 'esm-countViews-page-views' } },
    view: 'serverless',
    actor: 'lambda',
  },
];
