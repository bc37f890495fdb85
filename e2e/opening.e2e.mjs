// Browser tests of the workbook's opening chapters (1 to 3): every scene is visited by its own
// URL at 1280×800, shows its number, its text and what its narration points at (a check's
// status, a view), and is photographed to test-results/ for people to look at; a few scenes are
// photographed at projector size (1920×1080) too.

import { assert, assertEqual, openPage, visit, waitForTrace } from './harness.mjs';

/**
 * Per chapter, per scene: what the reader must see there. `checks` are the checks panel's
 * statuses, `view` the view that must be open, `text` words of the scene's narration, `shows` a
 * selector in the workbench that must be drawn.
 */
export const OPENING = [
  {
    slug: '01-a-graph-of-functions',
    scenes: [
      { view: 'serverless-view', text: 'order-1', checks: { exactlyOnceCommitted: 'holdsSoFar' } },
      {
        view: 'serverless-view',
        text: 'nobody ships it',
        checks: { processedAtLeastOnce: 'broken', exactlyOnceCommitted: 'holdsSoFar' },
      },
      { view: 'logview', text: 'retries', checks: { exactlyOnceCommitted: 'broken' } },
      { view: 'logview', text: 'read_committed', shows: '.logview .cell.open' },
      {
        view: 'logview',
        text: 'hold',
        checks: { exactlyOnceCommitted: 'holds', processedAtLeastOnce: 'holds' },
        shows: '.logview .cell.aborted',
      },
      { view: 'network', text: 'Your turn' },
    ],
    projector: [2, 5],
  },
  {
    slug: '02-functions-and-serverless',
    scenes: [
      { view: 'serverless-view', text: 'cuts', shows: '[data-testid=serverless-view] li' },
      { view: 'serverless-view', text: 'cold start' },
      { view: 'serverless-view', text: 'two instances at once' },
      { view: 'serverless-view', text: 'Task timed out after 300 ms' },
      { view: 'serverless-view', text: 'TooManyRequestsException' },
      { view: 'logview', text: 'whole batch', checks: { exactlyOnceCommitted: 'broken' } },
      { view: 'serverless-view', text: 'GB-seconds' },
      {
        view: 'serverless-view',
        text: 'idempotency key',
        checks: { exactlyOnceCommitted: 'holds' },
      },
      { view: 'serverless-view', text: 'Your turn' },
    ],
    projector: [5, 6],
  },
  {
    slug: '03-the-log',
    scenes: [
      { view: 'logview', text: 'Twelve balances' },
      { view: 'logview', text: 'murmur2' },
      { view: 'groups', text: 'range assignor', shows: '.groups section' },
      { view: 'logview', text: 'committed offset 1' },
      { view: 'logview', text: 'latest value', shows: '.logview rect.gone.compacted' },
      { view: 'logview', text: 'offset 5', shows: '.logview rect.gone.deleted' },
      { view: 'groups', text: 'session timeout' },
      { view: 'groups', text: 'generation 2' },
      {
        view: 'logview',
        text: 'source of truth',
        checks: { processedAtLeastOnce: 'holds', processedAtMostOnce: 'holds' },
      },
      { view: 'network', text: 'Your turn' },
    ],
    projector: [2, 8],
  },
];

const VIEW_SELECTOR = {
  logview: '.logview',
  'serverless-view': '[data-testid=serverless-view]',
  network: 'figure.network',
  groups: '.groups',
  processor: '[data-testid=processor-view]',
  readModels: '[data-testid=read-models-view]',
};

/**
 * One browser test per chapter that visits every scene by its URL (the closing chapters use it too).
 * @returns {{ name: string, run: (ctx: { browser: any, url: string, shots: string }) => Promise<void> }[]}
 */
export const chapterSceneTests = (chapters) =>
  chapters.map((chapter) => ({
    name: `chapter ${chapter.slug}: every scene opens by its URL and shows what its narration says`,
    async run({ browser, url, shots }) {
      for (const [i, expected] of chapter.scenes.entries()) {
        const n = i + 1;
        const sizes = [{ width: 1280, height: 800 }];
        if (chapter.projector.includes(n)) sizes.push({ width: 1920, height: 1080 });
        for (const viewport of sizes) {
          const { page, errors, context } = await openPage(browser, { viewport });
          await visit(page, `${url}/chapters/${chapter.slug}/#scene-${n}`);
          await waitForTrace(page);
          assertEqual(
            await page.getByTestId('scene-counter').textContent(),
            `Scene ${n} of ${chapter.scenes.length}`,
            `scene ${n} opens by its URL`,
          );
          const scene = page.getByTestId(`scene-${n}`);
          assert(await scene.isVisible(), `scene ${n}'s text shows`);
          const words = await scene.textContent();
          assert(words.includes(expected.text), `scene ${n} says "${expected.text}": ${words}`);
          await page.locator(VIEW_SELECTOR[expected.view]).first().waitFor({ timeout: 10_000 });
          for (const [check, status] of Object.entries(expected.checks ?? {}))
            await page
              .locator(`[data-check=${check}][data-status=${status}]`)
              .waitFor({ timeout: 10_000 });
          if (expected.shows)
            await page.locator(expected.shows).first().waitFor({ timeout: 10_000 });
          // A scene's link opens with the scene's heading near the top of the window, its text in view.
          const top = await scene.evaluate((el) => el.getBoundingClientRect().top);
          assert(
            top >= -1 && top < 300,
            `scene ${n}'s text is at the top of the window (top ${top})`,
          );
          await page.screenshot({
            path: `${shots}/chapter-${chapter.slug.slice(0, 2)}-scene-${n}-${viewport.width}.png`,
          });
          assert(errors.length === 0, `scene ${n}: ${errors.join('; ')}`);
          await context.close();
        }
      }
    },
  }));

export const tests = chapterSceneTests(OPENING);

tests.push({
  name: 'a newcomer starts at chapter 1, and the chapter list names the exercise of each chapter that has one',
  async run({ browser, url, shots }) {
    const { page, errors, context } = await openPage(browser, {
      viewport: { width: 1280, height: 800 },
    });
    await visit(page, url + '/');
    const start = page.getByTestId('start-here').locator('a');
    assertEqual(
      await start.getAttribute('href'),
      '/chapters/01-a-graph-of-functions/',
      'home starts at chapter 1',
    );
    await page.screenshot({ path: `${shots}/opening-home.png` });
    await visit(page, url + '/chapters/');
    const exercises = await page.getByTestId('chapter-exercise').allTextContents();
    assert(exercises.length >= 2, `the list names exercises: ${exercises.join(' | ')}`);
    await page.screenshot({ path: `${shots}/opening-chapter-list.png`, fullPage: true });
    assert(errors.length === 0, errors.join('; '));
    await context.close();
  },
});
