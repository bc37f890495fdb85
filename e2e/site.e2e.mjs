/* global document, fetch, location */
// Browser tests of the built site. Each test gets a fresh page; any console error or page error
// fails it. Screenshots of the main views go to test-results/ (gitignored) for people to look at.

import LZString from 'lz-string';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assert,
  assertEqual,
  axeViolations,
  openPage,
  playhead,
  root,
  visit,
  waitForTrace,
} from './harness.mjs';
import { CHAPTERS } from './reading.e2e.mjs';

const EXERCISES = JSON.parse(readFileSync(join(root, 'exercises/manifest.json'), 'utf8')).exercises;
const ROUTES = [
  '/',
  '/chapters/',
  '/chapters/01-a-graph-of-functions/',
  '/chapters/02-functions-and-serverless/',
  '/chapters/03-the-log/',
  '/chapters/04-buffering-and-joining/',
  '/chapters/05-crash-in-the-middle/',
  '/sandbox/',
  '/compare/',
  '/exercises/',
  ...EXERCISES.map((e) => `/exercises/${e.id}/`),
  '/glossary/',
  '/facts/',
  '/instructors/',
];
const CHAPTER = '/chapters/05-crash-in-the-middle/';
const link = (value) => '#s=' + LZString.compressToEncodedURIComponent(JSON.stringify(value));
const state = (over = {}) => ({
  v: 1,
  scenario: { id: 'txn-abort-on-crash' },
  seed: null,
  faults: [],
  index: 0,
  view: 'log',
  actor: null,
  ...over,
});

/** @type {{ name: string, run: (ctx: { browser: any, url: string, shots: string }) => Promise<void> }[]} */
export const tests = [
  {
    name: 'every route loads without console errors and shows its content without JavaScript',
    async run({ browser, url }) {
      for (const route of ROUTES) {
        const html = await (await fetch(url + route)).text();
        assert(/<h1[^>]*>/.test(html), `${route}: the prerendered HTML has no heading`);
        const { page, errors, context } = await openPage(browser);
        await visit(page, url + route);
        assert(errors.length === 0, `${route}: ${errors.join('; ')}`);
        await context.close();
      }
      const chapter = await (await fetch(url + CHAPTER)).text();
      assert(
        chapter.includes('A transaction left hanging') && chapter.includes('id="scene-12"'),
        'the chapter scenes are in the prerendered HTML',
      );
    },
  },
  {
    name: 'the player plays, pauses, steps forward and back, seeks and changes speed',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser);
      await visit(page, url + '/sandbox/');
      const total = await waitForTrace(page);
      assertEqual(await playhead(page), 0, 'starts at the first event');
      await page.getByTestId('step-forward').click();
      await page.getByTestId('step-forward').click();
      assertEqual(await playhead(page), 2, 'two steps forward');
      await page.getByTestId('step-back').click();
      assertEqual(await playhead(page), 1, 'one step back');
      await page.keyboard.press('ArrowRight');
      assertEqual(await playhead(page), 2, '→ steps forward');
      await page.keyboard.press('ArrowLeft');
      assertEqual(await playhead(page), 1, '← steps back');
      await page.keyboard.press('+');
      await page.keyboard.press('+');
      assertEqual(await page.getByTestId('speed').textContent(), '4×', 'two + make 4×');
      await page.keyboard.press('-');
      await page.keyboard.press('-');
      await page.keyboard.press('-');
      await page.keyboard.press('-');
      assertEqual(await page.getByTestId('speed').textContent(), '¼×', 'down to ¼×');
      await page.getByTestId('speed-input').fill('4');
      assertEqual(
        await page.getByTestId('speed').textContent(),
        '16×',
        'the speed slider reaches 16×',
      );
      await page.getByTestId('play').click();
      await page.waitForFunction(
        () => document.querySelector('.workbench')?.getAttribute('data-status') === 'playing',
      );
      await page.waitForTimeout(400);
      await page.keyboard.press(' ');
      await page.waitForFunction(
        () => document.querySelector('.workbench')?.getAttribute('data-status') === 'paused',
      );
      const afterPlay = await playhead(page);
      assert(afterPlay > 1, `playing moved the playhead (at ${afterPlay})`);
      await page.getByTestId('timeline').fill('50');
      const clock = await page.getByTestId('clock').textContent();
      assert(clock.startsWith('t = 50 ms'), `seek to 50 ms shows ${clock}`);
      const atSeek = await playhead(page);
      assert(
        atSeek > 1 && atSeek < afterPlay,
        `seeking back moved the playhead to ${atSeek} (from ${afterPlay})`,
      );
      await page.getByTestId('timeline').fill('1200');
      const later = await playhead(page);
      assert(later > atSeek && later < total, `seeking forward moved the playhead to ${later}`);
      await page.keyboard.press('?');
      await page.locator('dialog[open]').waitFor({ timeout: 5_000 });
      await page.keyboard.press('Escape');
      await page.locator('dialog[open]').waitFor({ state: 'detached', timeout: 5_000 });
      await page.keyboard.press('End');
      assertEqual(await playhead(page), total, 'End goes to the last event');
      assertEqual(
        await page.locator('.workbench').getAttribute('data-status'),
        'ended',
        'the player says ended',
      );
      await page.screenshot({ path: `${shots}/sandbox-log.png`, fullPage: true });
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'a fault injected by keyboard forks the run at the playhead and keeps the past',
    async run({ browser, url }) {
      const { page, errors, context } = await openPage(browser);
      await visit(page, url + '/sandbox/');
      await waitForTrace(page);
      await page.getByTestId('timeline').fill('60');
      const before = await playhead(page);
      const pastBefore = await page.locator('[data-testid=event-twin] tr.past').allTextContents();
      await page.getByTestId('actor-select').selectOption('committed-reader');
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('c');
      await page
        .locator('ul.added li', { hasText: 'crash committed-reader at 61 ms' })
        .waitFor({ timeout: 15_000 });
      await page.waitForFunction(() => !document.querySelector('.faultbar [role=status]'));
      assertEqual(await playhead(page), before, 'the playhead stays where the fault was fired');
      const pastAfter = await page.locator('[data-testid=event-twin] tr.past').allTextContents();
      assertEqual(
        pastAfter.join('\n'),
        pastBefore.join('\n'),
        'the events before the playhead are the same',
      );
      await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.press('Shift+ArrowRight');
      const twin = await page.getByTestId('event-twin').textContent();
      assert(
        twin.includes('fault.injected') && twin.includes('actor.crashed'),
        'the crash is in the trace after the playhead',
      );
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'a fault injected by clicking an actor changes the trace, and its link reproduces the state',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser);
      await visit(page, url + '/sandbox/');
      const eventsBefore = await waitForTrace(page);
      await page.keyboard.press('2');
      await page.getByTestId('timeline').fill('80');
      await page.locator('[data-actor="orders-app"]').click();
      await page.getByTestId('fault-crash').click();
      await page
        .locator('ul.added li', { hasText: 'crash orders-app at 81 ms' })
        .waitFor({ timeout: 15_000 });
      await page.waitForFunction(
        (n) => Number(document.querySelector('.workbench')?.getAttribute('data-events')) !== n,
        eventsBefore,
      );
      await page.keyboard.press('Shift+ArrowRight');
      await page.screenshot({ path: `${shots}/sandbox-network.png`, fullPage: true });
      await page.waitForFunction(() => location.hash.startsWith('#s='));
      await page.waitForTimeout(300); // the URL follows the state after a short debounce
      const shared = page.url();
      const expected = {
        index: await playhead(page),
        events: await page.locator('.workbench').getAttribute('data-events'),
        twin: await page.getByTestId('event-twin').textContent(),
        checks: await page.locator('.checks').textContent(),
      };
      const fresh = await openPage(browser);
      await visit(fresh.page, shared);
      await waitForTrace(fresh.page);
      await fresh.page.waitForFunction(
        (i) => Number(document.querySelector('.workbench')?.getAttribute('data-index')) === i,
        expected.index,
        { timeout: 10_000 },
      );
      assertEqual(
        await fresh.page.locator('.workbench').getAttribute('data-events'),
        expected.events,
        'same trace length',
      );
      assertEqual(
        await fresh.page.getByTestId('event-twin').textContent(),
        expected.twin,
        'same events around the playhead',
      );
      assertEqual(
        await fresh.page.locator('.checks').textContent(),
        expected.checks,
        'same checks',
      );
      assertEqual(
        await fresh.page.locator('[role=tab][aria-selected=true]').textContent(),
        '2 network',
        'same view',
      );
      assert(
        await fresh.page
          .locator('ul.added li', { hasText: 'crash orders-app at 81 ms' })
          .isVisible(),
        'the fault is listed',
      );
      assert(
        fresh.errors.length === 0 && errors.length === 0,
        [...errors, ...fresh.errors].join('; '),
      );
      await fresh.context.close();
      await context.close();
    },
  },
  {
    name: 'malformed, truncated and hostile links show a clear message on an intact page',
    async run({ browser, url }) {
      const good = link(state({ index: 50 }));
      const cases = [
        ['garbage', '#s=%%%not-a-link', 'link-error'],
        ['truncated', good.slice(0, Math.floor(good.length / 2)), 'link-error'],
        ['unknown scenario', link(state({ scenario: { id: 'no-such-scenario' } })), 'link-error'],
        ['unknown field', link({ ...state(), script: 'alert(1)' }), 'link-error'],
        [
          'hostile scenario',
          link(state({ scenario: { text: '{"name":"<img src=x onerror=alert(1)>","seed":-1}' } })),
          'scenario-errors',
        ],
      ];
      for (const [what, hash, testid] of cases) {
        const { page, errors, context } = await openPage(browser);
        await visit(page, url + '/sandbox/' + hash);
        await page.getByTestId(testid).waitFor({ timeout: 10_000 });
        const text = await page.getByTestId(testid).textContent();
        assert(text.length > 20, `${what}: the message says something (${text})`);
        assertEqual(
          await page.locator('main img').count(),
          0,
          `${what}: nothing from the link became markup`,
        );
        assert(
          await page.locator('header.site nav').isVisible(),
          `${what}: the page around it is intact`,
        );
        await page.getByTestId('scenario-select').selectOption('zombie-fenced');
        await waitForTrace(page);
        assert(errors.length === 0, `${what}: ${errors.join('; ')}`);
        await context.close();
      }
    },
  },
  {
    name: "the chapter's scenes advance with ← and →, each with its own URL",
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser);
      await visit(page, url + CHAPTER);
      await waitForTrace(page);
      assertEqual(
        await page.getByTestId('scene-counter').textContent(),
        'Scene 1 of 12',
        'starts at scene 1',
      );
      assert(
        !(await page.getByTestId('scene-2').isVisible()),
        'scene 2 is hidden while scene 1 shows',
      );
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => location.hash === '#scene-2');
      assert(await page.getByTestId('scene-2').isVisible(), 'scene 2 shows');
      await page.keyboard.press('PageDown');
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => location.hash === '#scene-4');
      await page
        .locator('[data-check=exactlyOnceCommitted][data-status=broken]')
        .waitFor({ timeout: 10_000 });
      await page.keyboard.press('ArrowLeft');
      await page.waitForFunction(() => location.hash === '#scene-3');
      await page
        .locator('[data-check=exactlyOnceCommitted][data-status=holdsSoFar]')
        .waitFor({ timeout: 10_000 });
      const fresh = await openPage(browser);
      await visit(fresh.page, url + CHAPTER + '#scene-7');
      await waitForTrace(fresh.page);
      assertEqual(
        await fresh.page.getByTestId('scene-counter').textContent(),
        'Scene 7 of 12',
        'a scene URL opens that scene',
      );
      await fresh.page.locator('.logview .cell.open').first().waitFor({ timeout: 10_000 });
      await fresh.page.screenshot({ path: `${shots}/chapter-scene-7.png`, fullPage: true });
      // Scene 10: the transaction timeout aborted the crashed instance's records.
      for (let i = 0; i < 3; i++) await fresh.page.keyboard.press('ArrowRight');
      await fresh.page.waitForFunction(() => location.hash === '#scene-10');
      await fresh.page.locator('.logview .cell.aborted').first().waitFor({ timeout: 10_000 });
      for (let i = 0; i < 4; i++) await fresh.page.keyboard.press('ArrowLeft');
      await fresh.page.waitForFunction(() => location.hash === '#scene-6');
      await fresh.page.getByTestId('txn-state').waitFor();
      await fresh.page.screenshot({
        path: `${shots}/chapter-scene-6-transactions.png`,
        fullPage: true,
      });
      assert(
        errors.length === 0 && fresh.errors.length === 0,
        [...errors, ...fresh.errors].join('; '),
      );
      await fresh.context.close();
      await context.close();
    },
  },
  {
    name: 'chapter 4 opens its scenes on the processor view: an order waits, a payment joins, the buffers come back',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser);
      const chapter = url + '/chapters/04-buffering-and-joining/';
      await visit(page, chapter + '#scene-2');
      await waitForTrace(page);
      const view = page.getByTestId('processor-view');
      await view.waitFor({ timeout: 10_000 });
      // Scene 2: the order's buffer is the marked store, with one record waiting.
      await view
        .locator('[data-testid=topology] .store.active')
        .first()
        .waitFor({ timeout: 10_000 });
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => location.hash === '#scene-3');
      // Scene 3: the payment's join node is marked, and the match is shown.
      await view.locator('g.node.processor[data-active=true]').first().waitFor({ timeout: 10_000 });
      await view.getByTestId('last-match').waitFor();
      await page.screenshot({ path: `${shots}/chapter-4-scene-3.png`, fullPage: true });
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => location.hash === '#scene-5');
      await view
        .locator('[data-instance="streams-2"] [data-task="0_0"]')
        .waitFor({ timeout: 10_000 });
      const tags = await view
        .locator('[data-instance="streams-2"] [data-task="0_0"] .tag')
        .allTextContents();
      assert(
        tags.some((t) => /restored \d+ records/.test(t)),
        `the restore is shown: ${tags.join(', ')}`,
      );
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'the groups and transactions views draw, and a pasted scenario with errors names their paths',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser);
      await visit(
        page,
        url +
          '/sandbox/' +
          link(state({ scenario: { id: 'rebalance-commit-order' }, view: 'groups' })),
      );
      await waitForTrace(page);
      await page.getByTestId('timeline').fill('705'); // the session timeout ends at 700 ms
      await page.locator('.groups section.rebalancing').first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: `${shots}/sandbox-groups.png`, fullPage: true });
      await page.keyboard.press('4');
      await page.locator('.txnview').waitFor();
      await page.getByTestId('seed-input').fill('7');
      await page.getByTestId('seed-apply').click();
      await page.locator('.side .meta', { hasText: 'Seed 7 ·' }).waitFor({ timeout: 15_000 });
      await page.waitForFunction(() => location.hash.startsWith('#s='));
      await page.getByText('Paste or upload a scenario file').click();
      await page
        .getByTestId('paste-area')
        .fill('{\n  "name": "broken",\n  "seed": 1,\n  "durationMs": -5,\n  "topics": []\n}');
      await page.getByTestId('paste-run').click();
      await page.getByTestId('scenario-errors').waitFor({ timeout: 10_000 });
      const text = await page.getByTestId('scenario-errors').textContent();
      assert(
        text.includes('/durationMs') && text.includes('/topics'),
        `errors name their paths: ${text}`,
      );
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'axe finds no accessibility violations of any impact on any page',
    async run({ browser, url }) {
      const problems = [];
      for (const route of new Set([
        ...ROUTES,
        ...CHAPTERS.map((c) => `/chapters/${c.slug}/`),
        '/facts/',
        '/sandbox/' + link(state({ view: 'network' })),
        '/sandbox/' + link(state({ view: 'groups' })),
        '/sandbox/' + link(state({ view: 'transactions', index: 130 })),
      ])) {
        const { page, context } = await openPage(browser);
        await visit(page, url + route);
        if (route.includes('sandbox') || route.includes('chapters/0')) await waitForTrace(page);
        if (/^\/exercises\/\d/.test(route)) await page.locator('.cm-content').waitFor();
        if (route === '/compare/') {
          // The side-by-side replay, with something in every column.
          await page.getByTestId('synced-replay').waitFor({ timeout: 20_000 });
          await page.getByTestId('sync-timeline').fill('1200');
        }
        problems.push(...(await axeViolations(page, route)));
        if (route.includes('sandbox')) {
          // After an interaction: the keys' help open.
          await page.keyboard.press('?');
          await page.locator('dialog[open]').waitFor();
          problems.push(...(await axeViolations(page, `${route} with the help open`)));
        }
        await context.close();
      }
      assert(problems.length === 0, problems.join('\n'));
    },
  },
  {
    name: 'reduced motion keeps messages still and cells unanimated',
    async run({ browser, url }) {
      const { page, errors, context } = await openPage(browser, { reducedMotion: 'reduce' });
      await visit(page, url + '/sandbox/' + link(state({ view: 'network' })));
      await waitForTrace(page);
      assertEqual(
        await page.locator('.workbench').getAttribute('data-reduced-motion'),
        'true',
        'the workbench knows',
      );
      await page.getByTestId('speed-input').fill('-2');
      await page.getByTestId('play').click();
      await page.locator('.network .dot').first().waitFor({ timeout: 10_000 });
      await page.keyboard.press(' ');
      const progress = await page
        .locator('.network .dot')
        .evaluateAll((dots) => dots.map((d) => d.getAttribute('data-progress')));
      assert(
        progress.length > 0 && progress.every((p) => p === '0.5'),
        `messages sit halfway: ${progress.join(',')}`,
      );
      await page.keyboard.press('1');
      assertEqual(
        await page.evaluate(() => document.getAnimations().length),
        0,
        'nothing animates',
      );
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'the comparison page replays every design on one clock: play, pause, step, step back, seek',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser, {
        viewport: { width: 1400, height: 1000 },
      });
      await visit(page, url + '/compare/');
      const replay = page.getByTestId('synced-replay');
      await replay.waitFor({ timeout: 20_000 });
      const columns = page.getByTestId('synced-column');
      assertEqual(await columns.count(), 3, 'one column per design');
      const heads = async () =>
        await columns.evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-index'))));
      const moment = async () =>
        Number(/moment (\d+)/.exec(await page.getByTestId('sync-clock').textContent())[1]);
      assertEqual((await heads()).join(','), '0,0,0', 'nothing shown before the first moment');

      // Each step moves to the next moment any design acts: some column moves, none goes back.
      let before = await heads();
      for (let i = 0; i < 5; i++) {
        await page.getByTestId('sync-step-forward').click();
        const after = await heads();
        assert(
          after.every((a, d) => a >= before[d]),
          `a column went back: ${before} → ${after}`,
        );
        assert(
          after.some((a, d) => a > before[d]),
          `no column moved: ${before} → ${after}`,
        );
        before = after;
      }
      assertEqual(await moment(), 5, 'five steps, five moments');
      await page.getByTestId('sync-step-back').click();
      assertEqual(await moment(), 4, 'a step back');
      await page.keyboard.press('ArrowRight');
      assertEqual((await heads()).join(','), before.join(','), '→ steps like the button');

      // Seek on the shared timeline: every column shows its last event at or before the clock.
      await page.getByTestId('sync-timeline').fill('900');
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid=synced-replay]')?.getAttribute('data-clock') ===
          '900',
      );
      const lasts = await columns.evaluateAll((cs) =>
        cs.map((c) => Number(/at (\d+) ms/.exec(c.querySelector('.last')?.textContent ?? '')?.[1])),
      );
      assert(
        lasts.every((t) => t <= 900 && t > 0),
        `a column past the clock: ${lasts}`,
      );

      // Play: the one clock moves every column, then pause holds them.
      await page.getByTestId('sync-speed').waitFor();
      await page.getByTestId('sync-play').click();
      await page.waitForTimeout(1200);
      assertEqual(await replay.getAttribute('data-status'), 'playing', 'playing');
      const clockPlaying = Number(await replay.getAttribute('data-clock'));
      assert(clockPlaying > 900, `the clock moved on while playing (${clockPlaying} ms)`);
      const phase = await page.getByTestId('instance-chart').first().getAttribute('data-phase');
      assert(phase !== '', 'the serverless column follows an instance on its lifecycle chart');
      await page.screenshot({ path: `${shots}/compare-playing.png`, fullPage: true });
      await page.getByTestId('sync-play').click();
      assertEqual(await replay.getAttribute('data-status'), 'paused', 'paused');
      const held = await heads();
      await page.waitForTimeout(300);
      assertEqual((await heads()).join(','), held.join(','), 'paused columns hold still');
      await page
        .locator('[data-design=serverless] [data-testid=instance-chart]')
        .screenshot({ path: `${shots}/instance-chart.png` });
      await page.getByTestId('sync-stacked').check();
      const [first, second] = await columns.evaluateAll((cs) =>
        cs.map((c) => c.getBoundingClientRect().top),
      );
      assert(second > first, 'one design per row stacks the columns');

      // A design's first violation opens in the replay: the shared clock at its time.
      const jump = page.getByTestId('violation-replay');
      const at = /at (\d+) ms/.exec(await jump.textContent())[1];
      await jump.click();
      assertEqual(await replay.getAttribute('data-clock'), at, 'the clock at the violation');
      const last = await page.locator('[data-design=serverless] .last').textContent();
      assert(last.endsWith(`at ${at} ms`), `the serverless column shows that moment: ${last}`);
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: "a chapter's claim links to its fact, which names the Kafka source it was checked against",
    async run({ browser, url, shots }) {
      const { page, context, errors } = await openPage(browser);
      await visit(page, url + CHAPTER + '#scene-9');
      await waitForTrace(page);
      await page.getByTestId('scene-9').locator('a[href$="facts/#process-id"]').click();
      await page.waitForFunction(
        () => location.pathname.endsWith('/facts/') && location.hash === '#process-id',
      );
      const fact = page.locator('li', { has: page.locator('#process-id') });
      const text = await fact.textContent();
      assert(
        text.includes('new at every start') && text.includes('StateDirectory.java:184-188'),
        `the fact names the claim and its source: ${text}`,
      );
      assert(await fact.isVisible(), 'the fact is on screen');
      await page.screenshot({ path: `${shots}/facts-process-id.png` });
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
];
