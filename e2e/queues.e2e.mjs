// Browser tests of the serverless view drawing an SQS queue (simulator/scenarios/queue-poison-message.json):
// what a reader reads at three moments of the run. Screenshots go to test-results/.

import LZString from 'lz-string';
import { assert, assertEqual, openPage, visit, waitForTrace } from './harness.mjs';

const link = (value) => '#s=' + LZString.compressToEncodedURIComponent(JSON.stringify(value));
const sandbox = (scenarioId) =>
  '/sandbox/' +
  link({
    v: 1,
    scenario: { id: scenarioId },
    seed: null,
    faults: [],
    index: 0,
    view: 'serverless',
    actor: null,
  });

/** Moves the playhead to `ms` of virtual time and returns the queue row of `name`. */
async function at(page, ms, name = 'orders') {
  await page.getByTestId('timeline').fill(String(ms));
  return page.locator(`[data-queue="${name}"]`);
}

/** The sandbox at 1280x800 with a library scenario run and its serverless view open. */
async function openServerless(browser, url, scenarioId) {
  const opened = await openPage(browser, { viewport: { width: 1280, height: 800 } });
  await visit(opened.page, url + sandbox(scenarioId));
  await waitForTrace(opened.page);
  const view = opened.page.getByTestId('serverless-view');
  await view.waitFor({ timeout: 10_000 });
  return { ...opened, view };
}

const text = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ').trim();

/** @type {{ name: string, run: (ctx: { browser: any, url: string, shots: string }) => Promise<void> }[]} */
export const tests = [
  {
    name: 'the serverless view draws a queue: what a partial batch response deleted, a message in flight again, the poison message in the dead-letter queue',
    async run({ browser, url, shots }) {
      const { page, errors, context, view } = await openServerless(
        browser,
        url,
        'queue-poison-message',
      );

      // t=380: the first batch has settled; the handler named orders:3, so only it went back.
      await at(page, 380);
      const settled = await text(view.getByTestId('settled'));
      assertEqual(
        settled,
        'orders: partial batch response · deleted #0 #4 #6 · returned #3',
        'the first settled batch',
      );

      // t=1200: the poison message (#1) and the order that failed once (#3) came back after their
      // 1 s visibility timeout and are in flight again, each received a second time.
      let orders = await at(page, 1200);
      const chips = (await orders.getByTestId('in-flight').locator('.chip').allTextContents()).map(
        (t) => t.replace(/\s+/g, ' ').trim(),
      );
      assertEqual(
        chips.join(' | '),
        '#1 ×2 until 2.12 s | #3 ×2 until 2.14 s',
        'in flight at 1.2 s: received twice, hidden until 2.12 s and 2.14 s',
      );
      await view.getByTestId('queues').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/serverless-queue-in-flight-1280.png` });

      // t=3200: received three times (maxReceiveCount 3), it moved to the dead-letter queue.
      orders = await at(page, 3200);
      assertEqual(
        await text(orders.getByTestId('queue-summary')),
        '0 visible · 0 in flight · 1 moved to the dead-letter queue · 13 deleted · 3 redeliveries · 0 processed more than once',
        'the orders queue at the end',
      );
      assertEqual(
        await text(orders.getByTestId('dead-letter')),
        '#1 → orders-dlq after 3 receives',
        'the dead-letter lane',
      );
      const dlq = page.locator('[data-queue="orders-dlq"]');
      assertEqual(await text(dlq.getByTestId('visible')), '#1', 'the dead-letter queue holds it');
      const check = page.locator('[data-check="queueNothingLost"]');
      assertEqual(await check.getAttribute('data-status'), 'holds', 'nothing lost from the queue');
      assert(
        (await text(check.locator('.label'))).startsWith('Nothing lost from a queue'),
        'the check says what it promises',
      );
      await view.getByTestId('queues').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/serverless-queue-dlq-1280.png` });
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.screenshot({ path: `${shots}/serverless-queue-dlq-1920.png` });
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'the serverless view shows a stream batch after a partial batch response: done up to the failed record, retried from it',
    async run({ browser, url, shots }) {
      const { page, errors, context, view } = await openServerless(
        browser,
        url,
        'stream-partial-batch',
      );
      // t=350: the first invocation answered at 314 naming payments-0-2; the retry runs at 418.
      await page.getByTestId('timeline').fill('350');
      assertEqual(
        await text(view.getByTestId('partial-response')),
        'partial batch response: 0–1 done, retrying from offset 2',
        'the batch after the partial response',
      );
      assert(
        (await text(view.locator('.batch'))).startsWith('p0 offsets 2–4 · attempt 2'),
        'the batch carries offsets 2 to 4, attempt 2',
      );
      await view.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/serverless-stream-partial-1280.png` });
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
];
