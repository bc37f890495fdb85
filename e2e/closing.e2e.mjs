// Browser tests of the workbook's closing chapters (8 and 9): every scene is visited by its own
// URL at 1280×800 (and a few at 1920×1080), shows its number, its text and what its narration
// points at, and is photographed to test-results/ for people to look at.

import { chapterSceneTests } from './opening.e2e.mjs';

const CLOSING = [
  {
    slug: '08-stream-processor-as-database',
    scenes: [
      {
        view: 'serverless-view',
        text: 'four reads for one',
        shows: '[data-testid=serverless-view] li',
      },
      { view: 'serverless-view', text: 'shipment: null' },
      { view: 'processor', text: 'restores their stores', shows: '[data-testid=processor-view]' },
      { view: 'processor', text: 'made for one use' },
      { view: 'serverless-view', text: 'scaled from zero' },
      { view: 'network', text: 'Your turn' },
    ],
    projector: [4],
  },
  {
    slug: '09-convergence',
    scenes: [
      { view: 'logview', text: 'reads its journal back', shows: '.logview' },
      { view: 'logview', text: 'replayed' },
      { view: 'logview', text: 'sixteen calls', checks: { exactlyOnceCommitted: 'holds' } },
      { view: 'logview', text: 'second charge', checks: { exactlyOnceCommitted: 'broken' } },
      { view: 'network', text: 'Your turn' },
    ],
    projector: [3],
  },
];

export const tests = chapterSceneTests(CLOSING);
