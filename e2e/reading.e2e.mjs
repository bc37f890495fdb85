/* global document, fetch, getComputedStyle, location, navigator */
// Browser tests of the reading experience: what a learner reads in the chapter list, on the home
// page and in a chapter's tab; the keys a keyboard user seeks with.

import LZString from 'lz-string';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  assert,
  assertEqual,
  openPage,
  playhead,
  root,
  startServer,
  visit,
  waitForTrace,
} from './harness.mjs';

/** Every chapter's file, title and summary, read from its markdown here, not through the site. */
export const CHAPTERS = readdirSync(join(root, 'chapters'))
  .filter((f) => /^\d.*\.md$/.test(f))
  .map((file) => {
    const text = readFileSync(join(root, 'chapters', file), 'utf8');
    const field = (name) => {
      const line = new RegExp(`^${name}:\\s*(.*?)\\s*$`, 'm').exec(text.split('\n---')[0]);
      if (!line) return undefined;
      const value = line[1];
      if (value.startsWith('"')) return JSON.parse(value);
      return value.startsWith("'") ? value.slice(1, -1).replace(/''/g, "'") : value;
    };
    return { slug: file.replace(/\.md$/, ''), title: field('title'), summary: field('summary') };
  });

/** A sandbox link (`#s=`) to the transactional-abort scenario with these fields changed. */
export function sandboxLink(over = {}) {
  const value = {
    v: 1,
    scenario: { id: 'txn-abort-on-crash' },
    seed: null,
    faults: [],
    index: 0,
    view: 'log',
    actor: null,
    ...over,
  };
  return '#s=' + LZString.compressToEncodedURIComponent(JSON.stringify(value));
}

/** @type {{ name: string, run: (ctx: { browser: any, url: string, shots: string }) => Promise<void> }[]} */
export const tests = [
  {
    name: 'the chapter list and the home page show every chapter by its title and summary, and a chapter tab by its title',
    async run({ browser, url, shots }) {
      assert(CHAPTERS.length > 0, 'there are chapters to list');
      const { page, errors, context } = await openPage(browser);
      await visit(page, url + '/chapters/');
      const items = await page.locator('.chapter-list li').allTextContents();
      assertEqual(items.length, CHAPTERS.length, 'one list item per chapter');
      for (const chapter of CHAPTERS) {
        assert(chapter.title && chapter.summary, `${chapter.slug} has a title and a summary`);
        const link = page.locator(`.chapter-list a[href$="/chapters/${chapter.slug}/"]`);
        assertEqual(await link.textContent(), chapter.title, `${chapter.slug}: the link's text`);
        const item = await link.locator('xpath=..').textContent();
        assert(item.includes(chapter.summary), `${chapter.slug}: its summary is listed: ${item}`);
      }
      await page.screenshot({ path: `${shots}/chapter-list.png`, fullPage: true });
      await visit(page, url + '/');
      const home = await page.locator('main').textContent();
      assert(home.includes(CHAPTERS[0].title), `the home page names the first chapter: ${home}`);
      await page.screenshot({ path: `${shots}/home.png`, fullPage: true });
      for (const chapter of CHAPTERS) {
        await visit(page, `${url}/chapters/${chapter.slug}/`);
        assertEqual(
          await page.title(),
          `${chapter.title} · Streamworks`,
          `${chapter.slug}: tab title`,
        );
        await page.screenshot({ path: `${shots}/chapter-${chapter.slug}.png` });
      }
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
];

tests.push({
  name: 'on a chapter page ← and → seek inside a focused slider instead of changing scene, and Shift+L / Shift+J jump between notable events',
  async run({ browser, url }) {
    const { page, errors, context } = await openPage(browser);
    await visit(page, `${url}/chapters/${CHAPTERS[0].slug}/`);
    await waitForTrace(page);
    const counter = page.getByTestId('scene-counter');
    const scene = await counter.textContent();
    const clock = () => page.getByTestId('clock').textContent();
    const before = await clock();
    await page.getByTestId('timeline').focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    assertEqual(await counter.textContent(), scene, '→ on the timeline keeps the scene');
    assert((await clock()) !== before, `→ on the timeline moves the clock: ${before}`);
    await page.keyboard.press('ArrowLeft');
    assertEqual(await counter.textContent(), scene, '← on the timeline keeps the scene');
    const speed = await page.getByTestId('speed').textContent();
    await page.getByTestId('speed-input').focus();
    await page.keyboard.press('ArrowRight');
    assertEqual(await counter.textContent(), scene, '→ on the speed slider keeps the scene');
    assert((await page.getByTestId('speed').textContent()) !== speed, '→ changes the speed');
    await page.getByTestId('speed-input').blur();
    await page.keyboard.press('Home');
    assertEqual(await playhead(page), 0, 'Home goes to the start');
    await page.keyboard.press('Shift+L');
    const notable = await playhead(page);
    assert(notable > 0, 'Shift+L jumps forward to the next notable event');
    await page.keyboard.press('Shift+L');
    const second = await playhead(page);
    assert(second > notable, `a second Shift+L jumps further: ${notable} then ${second}`);
    await page.keyboard.press('Shift+J');
    assertEqual(await playhead(page), notable, 'Shift+J jumps back to the previous notable event');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => location.hash === '#scene-2');
    assert(errors.length === 0, errors.join('; '));
    await context.close();
  },
});

tests.push({
  name: 'the network view draws a cut link and a slow link differently from a healthy one, and messages big enough to read',
  async run({ browser, url, shots }) {
    const { page, errors, context } = await openPage(browser);
    const faults = [
      { at: 100, kind: 'partition', between: ['orders-app', 'broker'], durationMs: 400 },
      {
        at: 100,
        kind: 'slowLink',
        between: ['broker', 'committed-reader'],
        extraLatencyMs: 60,
        durationMs: 400,
      },
    ];
    await visit(page, url + '/sandbox/' + sandboxLink({ faults, view: 'network' }));
    await waitForTrace(page);
    const links = () =>
      page
        .locator('.network .link-label')
        .evaluateAll((gs) =>
          gs.map((g) => `${g.getAttribute('data-link-state')} ${g.textContent.trim()}`),
        );
    assertEqual((await links()).length, 0, 'no link is marked before the faults');
    await page.getByTestId('timeline').fill('200');
    const marked = await links();
    assert(
      marked.some((l) => /^cut .*cut/.test(l)),
      `the partitioned link says cut: ${marked}`,
    );
    assert(
      marked.some((l) => /^slow .*slow \+60 ms/.test(l)),
      `the slow link says so: ${marked}`,
    );
    const style = (selector) =>
      page
        .locator(selector)
        .first()
        .evaluate((line) => {
          const s = getComputedStyle(line);
          return `${s.stroke} ${s.strokeDasharray} ${s.strokeWidth}`;
        });
    const [cut, slow, healthy] = [
      await style('.network line.link.cut'),
      await style('.network line.link.slow'),
      await style('.network line.link:not(.cut):not(.slow)'),
    ];
    assert(
      new Set([cut, slow, healthy]).size === 3,
      `three different lines: ${cut} / ${slow} / ${healthy}`,
    );
    await page.getByTestId('timeline').fill('150');
    await page.locator('.network .dot').first().waitFor({ timeout: 10_000 });
    const sizes = await page
      .locator('.network .dot')
      .evaluateAll((dots) => dots.map((d) => d.getBoundingClientRect().width));
    assert(
      sizes.every((w) => w >= 14),
      `messages are at least 14 px across: ${sizes}`,
    );
    const glyphs = await page.locator('.network .dot text').allTextContents();
    assert(
      glyphs.length > 0 && glyphs.every((g) => /^[PFGT·]$/.test(g)),
      `each shows its family: ${glyphs}`,
    );
    await page.screenshot({ path: `${shots}/network-faults.png` });
    await page.getByTestId('timeline').fill('600');
    assertEqual((await links()).length, 0, 'both links heal when the faults end');
    assert(errors.length === 0, errors.join('; '));
    await context.close();
  },
});

tests.push({
  name: 'after a first visit the site works with the network cut: reload, pages not yet visited, workers and views loaded on demand',
  async run({ browser, shots }) {
    // A server of its own, stopped once the first page is in: no request can reach the network.
    const server = await startServer();
    const { page, errors, context } = await openPage(browser, { serviceWorkers: 'allow' });
    try {
      const manifest = await (await fetch(server.url + '/manifest.webmanifest')).json();
      assert(manifest.name && manifest.icons.length > 0, 'the web app manifest names the app');
      await visit(page, server.url + '/');
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
        timeout: 30_000,
      });
      server.stop();
      await context.setOffline(true);
      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      // A page not yet visited, by a link: the router needs that page's code.
      await page.getByRole('link', { name: 'Chapters', exact: true }).first().click();
      await page.getByRole('heading', { name: 'Chapters', level: 1 }).waitFor();
      await page.getByRole('link', { name: CHAPTERS[0].title }).click();
      await waitForTrace(page);
      // By address, with the simulation worker and a view loaded on demand (transactions).
      await visit(
        page,
        server.url + '/sandbox/' + sandboxLink({ view: 'transactions', index: 130 }),
      );
      await waitForTrace(page);
      await page.locator('.txnview').waitFor({ timeout: 15_000 });
      await page.screenshot({ path: `${shots}/offline-sandbox.png` });
      await visit(page, server.url + '/compare/');
      await page.getByTestId('synced-replay').waitFor({ timeout: 20_000 });
      const exercise = JSON.parse(readFileSync(join(root, 'exercises/manifest.json'), 'utf8'))
        .exercises[0].id;
      await visit(page, `${server.url}/exercises/${exercise}/`);
      await page.locator('.cm-content').waitFor({ timeout: 20_000 });
      await visit(page, server.url + '/glossary/');
      assert(errors.length === 0, errors.join('; '));
    } finally {
      server.stop();
      await context.close();
    }
  },
});

tests.push({
  name: 'on a phone (390×844) no page scrolls sideways, and the help dialog lists every view',
  async run({ browser, url }) {
    const exercises = JSON.parse(
      readFileSync(join(root, 'exercises/manifest.json'), 'utf8'),
    ).exercises.map((e) => `/exercises/${e.id}/`);
    const routes = [
      '/',
      '/chapters/',
      ...CHAPTERS.map((c) => `/chapters/${c.slug}/`),
      '/compare/',
      '/exercises/',
      ...exercises,
      '/glossary/',
      '/facts/',
      ...['log', 'network', 'groups', 'transactions'].map(
        (view) => '/sandbox/' + sandboxLink({ view, index: 300 }),
      ),
    ];
    const wide = [];
    for (const route of routes) {
      const { page, errors, context } = await openPage(browser, {
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      });
      await visit(page, url + route);
      if (route.includes('chapters/0') || route.includes('sandbox')) await waitForTrace(page);
      if (route.includes('/exercises/0')) await page.locator('.cm-content').waitFor();
      const [scroll, client] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      if (scroll > client) wide.push(`${route}: ${scroll} px wide in ${client}`);
      assert(errors.length === 0, `${route}: ${errors.join('; ')}`);
      await context.close();
    }
    assert(wide.length === 0, wide.join('\n'));
    const { page, context } = await openPage(browser);
    await visit(page, url + '/sandbox/');
    await waitForTrace(page);
    await page.keyboard.press('?');
    const help = await page.locator('dialog[open]').textContent();
    for (const view of [
      'log',
      'network',
      'groups',
      'transactions',
      'processor',
      'serverless',
      'read models',
    ])
      assert(help.includes(view), `the help names the ${view} view: ${help}`);
    await context.close();
  },
});
