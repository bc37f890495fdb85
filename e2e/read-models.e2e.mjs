// Browser tests of the read-models view (event sourcing and CQRS) in the sandbox. Screenshots go to
// test-results/.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import LZString from 'lz-string';
import { assert, assertEqual, openPage, root, visit, waitForTrace } from './harness.mjs';
import { chapterSceneTests } from './opening.e2e.mjs';

const link = (value) => '#s=' + LZString.compressToEncodedURIComponent(JSON.stringify(value));
const state = (over = {}) => ({
  v: 1,
  scenario: { id: 'accounts-cqrs-rebuild' },
  seed: null,
  faults: [],
  index: 0,
  view: 'readModels',
  actor: null,
  ...over,
});

/** The trace index of the first event of `type` in a scenario's golden log (the run is deterministic). */
function goldenIndex(scenario, type) {
  const log = readFileSync(join(root, 'simulator/test/golden', `${scenario}.log`), 'utf8');
  const line = log.split('\n').find((l) => l.slice(20, 45).trim() === type);
  if (!line) throw new Error(`no ${type} in the golden log of ${scenario}`);
  return Number(line.slice(0, 6).trim());
}

/** Chapters 6 and 7, scene by scene: what the reader must see there (see opening.e2e.mjs). */
const CHAPTERS = [
  {
    slug: '06-event-sourcing',
    scenes: [
      { view: 'serverless-view', text: 'handleCommand', checks: { changesPublished: 'broken' } },
      {
        view: 'logview',
        text: 'eventId',
        checks: { changesPublished: 'holds', eventsAppendedOnce: 'broken' },
      },
      { view: 'logview', text: 'no conditional append', checks: { balanceNeverNegative: 'holds' } },
      { view: 'logview', text: 'insufficientFunds', checks: { balanceNeverNegative: 'holds' } },
      { view: 'processor', text: 'restores the' },
      {
        view: 'readModels',
        text: 'offset zero',
        checks: { readModelMatchesFold: 'holds' },
        shows: '[data-readmodel="balances@v2"]',
      },
      {
        view: 'readModels',
        text: 'retention',
        checks: { readModelMatchesFold: 'broken' },
        shows: '[data-testid=skipped]',
      },
      { view: 'logview', text: '44 events in 232 ms' },
      { view: 'readModels', text: 'Your turn' },
    ],
    projector: [6],
  },
  {
    slug: '07-cqrs-and-derived-views',
    scenes: [
      { view: 'readModels', text: 'Three readers', shows: '[data-readmodel=totals]' },
      { view: 'readModels', text: 'stale read', checks: { readYourWrites: 'broken' } },
      { view: 'readModels', text: 'consistency token' },
      { view: 'readModels', text: 'ignores' },
      { view: 'readModels', text: 'progress', shows: '[data-testid=rebuild-progress]' },
      { view: 'readModels', text: 'blue/green' },
      {
        view: 'readModels',
        text: 'interactive query',
        shows: '[data-readmodel=balanceRows]',
      },
      {
        view: 'readModels',
        text: 'PARTITIONS_ASSIGNED, not RUNNING',
        shows: '[data-readmodel=balanceTable].restoring',
      },
      { view: 'readModels', text: 'Your turn' },
    ],
    projector: [1, 8],
  },
];

export const tests = [
  ...chapterSceneTests(CHAPTERS),
  {
    name: 'chapter 7 scene 8: the table is labelled with its home, restoring, and bob’s interactive query is refused with InvalidStateStoreException',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser, {
        viewport: { width: 1280, height: 800 },
      });
      await visit(page, `${url}/chapters/07-cqrs-and-derived-views/#scene-8`);
      await waitForTrace(page);
      const view = page.getByTestId('read-models-view');
      await view.waitFor({ timeout: 10_000 });
      const table = view.locator('[data-readmodel=balanceTable]');
      await table.waitFor({ timeout: 10_000 });
      assertEqual(await table.getByTestId('home').textContent(), 'Kafka Streams table', 'its home');
      assertEqual(
        await table.getByTestId('status').textContent(),
        'restoring from its changelog: queries refused',
        'its status',
      );
      assertEqual(
        await view.locator('[data-readmodel=balances]').getByTestId('home').textContent(),
        'in memory',
        'the in-memory read model is labelled too',
      );
      assertEqual(
        await view.locator('[data-readmodel=balanceRows]').getByTestId('home').textContent(),
        'database table',
        'and the one in a database table',
      );
      const last = view.locator('table.queries tbody tr').last();
      const row = await last.textContent();
      assert(row.includes('bob'), `the last query is bob's: ${row}`);
      assert(row.includes('refused: InvalidStateStoreException'), `it was refused: ${row}`);
      const title = await last.locator('span.bad').getAttribute('title');
      assert(
        title.includes('because the stream thread is PARTITIONS_ASSIGNED, not RUNNING'),
        `the whole message is there: ${title}`,
      );
      await table.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/chapter-07-scene-8-view-1280.png` });
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'the read-models view shows a rebuild beside the serving read model, then the switch, with lag and queries',
    async run({ browser, url, shots }) {
      const switched = goldenIndex('accounts-cqrs-rebuild', 'projection.switched');
      for (const [size, name] of [
        [{ width: 1280, height: 800 }, 'sandbox-read-models.png'],
        [{ width: 1920, height: 1080 }, 'sandbox-read-models-1920.png'],
      ]) {
        const { page, errors, context } = await openPage(browser, { viewport: size });
        await visit(page, url + '/sandbox/' + link(state({ index: switched - 3 })));
        await waitForTrace(page);
        const view = page.getByTestId('read-models-view');
        await view.waitFor({ timeout: 10_000 });
        const tabs = await page.locator('.tabs [role=tab]').allTextContents();
        assert(
          tabs.some((t) => t.endsWith('readModels')),
          `a read-models tab is offered: ${tabs}`,
        );
        const v2 = view.locator('[data-readmodel="balances@v2"]');
        assert((await v2.textContent()).includes('rebuilding'), 'version 2 is rebuilding');
        assert(
          /Rebuilding from offset 0: \d+% of the log applied/.test(
            await v2.getByTestId('rebuild-progress').textContent(),
          ),
          'its progress is given',
        );
        assertEqual(
          await view.locator('[data-readmodel="balances"]').count(),
          1,
          'version 1 still serves',
        );
        const lag = await view
          .locator('[data-readmodel="totals"]')
          .getByTestId('lag')
          .textContent();
        assert(/^\d+ events behind · \d+ ms$/.test(lag), `lag in events and ms: ${lag}`);
        assert(
          (await view.locator('table.queries tbody tr').count()) > 1,
          'the query timeline has queries',
        );
        await page.screenshot({ path: `${shots}/${name}`, fullPage: true });
        assert(errors.length === 0, errors.join('; '));
        await context.close();
      }
      const { page, errors, context } = await openPage(browser);
      await visit(page, url + '/sandbox/' + link(state({ index: switched + 2 })));
      await waitForTrace(page);
      const view = page.getByTestId('read-models-view');
      await view.waitFor({ timeout: 10_000 });
      assertEqual(
        await view.locator('[data-readmodel="balances"]').count(),
        0,
        'version 1 is gone after the switch',
      );
      assert(
        (await view.locator('[data-readmodel="balances@v2"]').textContent()).includes('serving'),
        'version 2 serves',
      );
      await page.keyboard.press('l');
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'compare: the accounts workload shows the three designs with their stale reads, lost and duplicated events',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser, {
        viewport: { width: 1280, height: 800 },
      });
      await visit(page, `${url}/compare/?comparison=accounts`);
      const table = page.getByTestId('compare-table');
      await table.waitFor({ timeout: 60_000 });
      const designs = await table.locator('thead th').allTextContents();
      assertEqual(
        designs.slice(1).join(', '),
        'crud-dual-write, outbox, event-sourced',
        'one column per design',
      );
      const row = async (label) =>
        await table
          .locator('tbody tr', { has: page.locator(`th:text-is("${label}")`) })
          .locator('td')
          .allTextContents();
      assertEqual(
        (await row('source of truth')).join(' | '),
        'database rows | database rows | events topic',
        'source of truth',
      );
      const lost = await row('lost');
      assert(
        Number(lost[0]) > 0 && lost[1] === '0' && lost[2] === '0',
        `the dual write loses events, the others none: ${lost}`,
      );
      const duplicates = await row('duplicates');
      assert(
        Number(duplicates[1]) > 0 && duplicates[2] === '0',
        `the outbox duplicates, event sourcing does not: ${duplicates}`,
      );
      for (const cell of await row('stale reads'))
        assert(/^\d+ of \d+$/.test(cell), `stale reads read "n of m": ${cell}`);
      for (const cell of await row('read-model lag p50 / p99 (ms)'))
        assert(/^\d+ \/ \d+$/.test(cell), `lag reads "p50 / p99": ${cell}`);
      await table.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/compare-accounts-1280.png` });
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
];
