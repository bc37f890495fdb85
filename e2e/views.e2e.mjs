/* global document */
// Browser tests of the stream-processor and serverless views and the comparison page. Each test
// gets a fresh page; any console error or page error fails it. Screenshots go to test-results/.

import LZString from 'lz-string';
import { assert, assertEqual, openPage, visit, waitForTrace } from './harness.mjs';

const link = (value) => '#s=' + LZString.compressToEncodedURIComponent(JSON.stringify(value));
const state = (over = {}) => ({
  v: 1,
  scenario: { id: 'streams-join-crash' },
  seed: null,
  faults: [],
  index: 0,
  view: 'log',
  actor: null,
  ...over,
});

/** A serverless scenario: the function platform (`lambda`) calls the database (`db`). */
const serverless = JSON.stringify({
  name: 'count-page-views-serverless',
  seed: 41,
  durationMs: 1500,
  network: { latencyMs: 2 },
  topics: [{ name: 'page-views', partitions: 2 }],
  producers: [
    {
      id: 'web',
      workload: {
        generators: [
          { topic: 'page-views', count: 60, intervalMs: 10, keys: ['ada', 'bob', 'cy'] },
        ],
      },
    },
  ],
  serverless: {
    database: { tables: [{ name: 'pageViewCounts' }] },
    functions: [{ name: 'countViews', handler: 'countPageViewsNaive', initDurationMs: 150 }],
    triggers: [{ function: 'countViews', topic: 'page-views', batchSize: 10 }],
  },
});

/** Waits until a re-run with one more fault has finished and the trace length changed. */
async function forked(page, eventsBefore, listed) {
  await page.locator('ul.added li', { hasText: listed }).waitFor({ timeout: 15_000 });
  await page.waitForFunction(() => !document.querySelector('.faultbar [role=status]'));
  await page.waitForFunction(
    (n) => Number(document.querySelector('.workbench')?.getAttribute('data-events')) !== n,
    eventsBefore,
    { timeout: 15_000 },
  );
  return Number(await page.locator('.workbench').getAttribute('data-events'));
}

/** @type {{ name: string, run: (ctx: { browser: any, url: string, shots: string }) => Promise<void> }[]} */
/** The dollar amounts in a cell such as "$0.000012 / $0.000000". */
const dollars = (text) => [...text.matchAll(/\$(\d+\.\d+)/g)].map((m) => Number(m[1]));

export const tests = [
  {
    name: 'a partition or a slow link between two non-broker actors, by shift-click or by the bar, changes the trace',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser);
      await visit(page, url + '/sandbox/' + link(state({ scenario: { text: serverless } })));
      const eventsBefore = await waitForTrace(page);
      await page.keyboard.press('2');
      await page.getByTestId('timeline').fill('300');
      await page.locator('[data-actor="lambda"]').click();
      await page.locator('[data-actor="db"]').click({ modifiers: ['Shift'] });
      await forked(page, eventsBefore, 'partition lambda ↔ db at 301 ms');
      await page.keyboard.press('Shift+ArrowRight');
      const twin = await page.getByTestId('event-twin').textContent();
      assert(twin.includes('fault.injected'), 'the partition is in the trace after the playhead');
      await page.screenshot({ path: `${shots}/sandbox-partition.png`, fullPage: true });
      // From the bar instead: only the database's replies to the platform are lost (its writes
      // happen, the platform never hears of them).
      await page.getByRole('button', { name: /Remove partition lambda ↔ db/ }).click();
      await page.waitForFunction(
        (n) => Number(document.querySelector('.workbench')?.getAttribute('data-events')) === n,
        eventsBefore,
        { timeout: 15_000 },
      );
      await page.getByTestId('actor-select').selectOption('db');
      await page.getByTestId('peer-select').selectOption('lambda');
      await page.getByTestId('one-way').check();
      assertEqual(
        await page.getByTestId('fault-partition').textContent(),
        'Lose messages to lambda 400 ms',
        'the button says what it will do',
      );
      await page.getByTestId('fault-partition').click();
      await forked(page, eventsBefore, 'partition db → lambda');
      // Slowing the same link instead: the replies arrive late rather than never.
      await page.getByRole('button', { name: /Remove partition db → lambda/ }).click();
      await page.waitForFunction(
        (n) => Number(document.querySelector('.workbench')?.getAttribute('data-events')) === n,
        eventsBefore,
        { timeout: 15_000 },
      );
      await page.getByTestId('fault-slow').click();
      // (Its trace can have as many events as before, shifted in time: look for the fault itself.)
      await page.locator('ul.added li', { hasText: 'slowLink db → lambda' }).waitFor();
      await page.waitForFunction(() => !document.querySelector('.faultbar [role=status]'));
      await page.getByTestId('timeline').fill('300');
      await page.keyboard.press('Shift+ArrowRight');
      await page
        .getByTestId('event-twin')
        .getByText('slow link between db and lambda')
        .first()
        .waitFor({ timeout: 15_000 });
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'the processor view shows instances, tasks, join buffers and a restore after the crash',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser);
      await visit(page, url + '/sandbox/' + link(state()));
      await waitForTrace(page);
      const tabs = await page.locator('.tabs [role=tab]').allTextContents();
      assertEqual(
        tabs.at(-1),
        '5 processor',
        'the processor tab is offered, the serverless one not',
      );
      await page.keyboard.press('5');
      const view = page.getByTestId('processor-view');
      await view.waitFor();
      // streams-1 crashes at 400 ms; streams-2 restores task 0_0 from its changelogs from 714 ms,
      // waiting on the second for streams-1's open transaction (aborted at 1373 ms): it runs at 1395.
      await page.getByTestId('timeline').fill('300');
      await page.locator('[data-instance="streams-1"] [data-task="0_0"]').waitFor();
      await view.getByTestId('last-match').waitFor();
      // The topology, drawn from the trace's topology.described: two sources, a sink, and the
      // node the event at the playhead touched marked (the event log's current row names it).
      const topology = view.getByTestId('topology');
      assertEqual(await topology.locator('g.node.source').count(), 2, 'a source per joined topic');
      assertEqual(await topology.locator('g.node.sink').count(), 1, 'one sink');
      const marked = topology.locator('g.node.processor[data-active=true]');
      for (let step = 0; step < 300 && (await marked.count()) === 0; step++)
        await page.keyboard.press('l');
      const node = await marked.first().getAttribute('data-node');
      const row = await page.locator('tr[aria-current=step]').first().textContent();
      assert(
        row.includes(node),
        `the marked node ${node} is the one the current event names: ${row}`,
      );
      await page.screenshot({ path: `${shots}/sandbox-processor.png`, fullPage: true });
      await page.getByTestId('timeline').fill('730');
      await view.getByTestId('restoring').waitFor({ timeout: 10_000 });
      assert(
        (await page.locator('[data-instance="streams-1"]').getAttribute('class')).includes(
          'crashed',
        ),
        'streams-1 is drawn as crashed',
      );
      await page.screenshot({ path: `${shots}/sandbox-processor-restore.png`, fullPage: true });
      await page.getByTestId('timeline').fill('1500');
      await page.locator('[data-instance="streams-2"] [data-task="0_0"].running').waitFor();
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'the comparison page draws cost and latency against load, and says where the designs cross',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser, {
        viewport: { width: 1280, height: 800 },
      });
      await visit(page, url + '/compare/');
      const sentence = page.getByTestId('crossover-sentence');
      await sentence.waitFor({ timeout: 30_000 });
      const said = await sentence.textContent();
      const crossing = said.match(
        /^serverless is cheapest up to (\d+) records\/s; stream-processor from (\d+) records\/s\.$/,
      );
      assert(crossing, `the crossover in words: ${said}`);
      assertEqual(
        await page.locator('[data-testid=crossover-cost] path[data-line]').count(),
        3,
        'one cost line per design',
      );
      assertEqual(
        await page.locator('[data-testid=crossover-latency] path[data-line]').count(),
        6,
        'p50 and p99 per design',
      );
      await page.getByText('The numbers').click();
      const rows = await page.locator('[data-testid=crossover-table] tbody tr').all();
      assertEqual(rows.length, 8, 'eight loads');
      for (const row of rows) {
        const rate = Number(await row.locator('th').textContent());
        const cells = await row.locator('td').allTextContents();
        const [fn, sp] = [dollars(cells[0])[0], dollars(cells[1])[0]];
        const cheapest = cells.at(-1);
        if (rate <= Number(crossing[1])) {
          assert(fn < sp, `at ${rate} records/s the function is cheaper: ${cells.join(' | ')}`);
          assertEqual(cheapest, 'serverless', `cheapest at ${rate}`);
        } else {
          assert(fn > sp, `at ${rate} records/s the processor is cheaper: ${cells.join(' | ')}`);
        }
      }
      await page.getByTestId('crossover').screenshot({ path: `${shots}/compare-crossover.png` });
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'the comparison page draws its table and charts, and a violation opens the serverless view',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser);
      await visit(page, url + '/compare/');
      const table = page.getByTestId('compare-table');
      await table.waitFor({ timeout: 20_000 });
      const heads = await table.locator('thead th').allTextContents();
      assertEqual(
        heads.slice(1).join(','),
        'serverless,stream-processor,stateful-functions',
        'one column per design',
      );
      const costCells = await table
        .locator('tr', { hasText: 'cost: functions / processor' })
        .locator('td')
        .allTextContents();
      const [fnServerless, procServerless] = dollars(costCells[0]);
      const [fnStreams, procStreams] = dollars(costCells[1]);
      assert(
        fnServerless > 0 && procServerless === 0,
        `serverless pays for functions: ${costCells[0]}`,
      );
      assert(
        fnStreams === 0 && procStreams > 0,
        `the stream processor's instances are priced: ${costCells[1]}`,
      );
      assertEqual(await page.getByTestId('compare-chart').count(), 5, 'five charts');
      assert(
        (await page.locator('[data-testid=compare-chart] rect').count()) > 0,
        'the charts have bars',
      );
      await page.screenshot({ path: `${shots}/compare.png`, fullPage: true });
      const violation = page.getByTestId('violation-link');
      assertEqual(await violation.count(), 1, 'only the serverless design breaks exactly-once');
      await violation.click();
      await waitForTrace(page);
      const view = page.getByTestId('serverless-view');
      await view.waitFor({ timeout: 10_000 });
      const tabs = await page.locator('.tabs [role=tab]').allTextContents();
      assertEqual(
        tabs.at(-1),
        '5 serverless',
        'the serverless tab is offered, the processor one not',
      );
      assert(
        (await view.getByTestId('cost').textContent()).startsWith('$0.0000'),
        'cost accumulated so far is shown',
      );
      assert((await view.locator('tbody tr').count()) > 0, 'the table has rows');
      await page.screenshot({ path: `${shots}/sandbox-serverless.png`, fullPage: true });
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'the log and network views draw a transactional client: its zombie transaction aborted, the output once',
    async run({ browser, url, shots }) {
      const scenario = { id: 'transactional-client' };
      const { page, errors, context } = await openPage(browser);
      await visit(page, url + '/sandbox/' + link(state({ scenario })));
      await waitForTrace(page);
      // copier-2 wakes at 1000 ms; its offsets are refused and its transaction aborted at 1006 ms.
      await page.getByTestId('timeline').fill('1010');
      const log = page.locator('.logview');
      await log.locator('.cell.aborted').first().waitFor();
      const text = await log.textContent();
      for (const who of ['copier-1', 'copier-2', 'shipping'])
        assert(text.includes(who), `the log view names ${who}: ${text.slice(0, 200)}`);
      const check = page.locator('[data-check=transformedExactlyOnce]');
      assertEqual(await check.getAttribute('data-status'), 'holds', 'the client check holds');
      assert(
        (await check.textContent()).includes('Exactly once through a transactional client'),
        'the check says what it promises',
      );
      assertEqual(
        await page.locator('[data-check=processedAtMostOnce]').getAttribute('data-status'),
        'broken',
        'the orders were processed twice all the same',
      );
      await page.screenshot({ path: `${shots}/sandbox-transactional-client-log.png` });
      await page.keyboard.press('2');
      const node = page.locator('[data-actor="copier-2"]');
      await node.waitFor();
      assertEqual(
        (await node.locator('text.sub').textContent()).trim(),
        'txn client · running',
        'the network view names the kind in words that fit',
      );
      assert(
        (await node.getAttribute('aria-label')).startsWith('transactional client copier-2'),
        'and in full for a screen reader',
      );
      await page.screenshot({ path: `${shots}/sandbox-transactional-client-network.png` });
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
];
