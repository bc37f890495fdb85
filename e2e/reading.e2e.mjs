/* global location */
// Browser tests of the reading experience: what a learner reads in the chapter list, on the home
// page and in a chapter's tab; the keys a keyboard user seeks with.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assert, assertEqual, openPage, playhead, root, visit, waitForTrace } from './harness.mjs';

/** Every chapter's file, title and summary, read from its markdown here, not through the site. */
export const CHAPTERS = readdirSync(join(root, 'chapters'))
  .filter((f) => /^\d.*\.md$/.test(f))
  .map((file) => {
    const text = readFileSync(join(root, 'chapters', file), 'utf8');
    const field = (name) => {
      const line = new RegExp(`^${name}:\\s*'(.*)'\\s*$`, 'm').exec(text.split('\n---')[0]);
      return line ? line[1].replace(/''/g, "'") : undefined;
    };
    return { slug: file.replace(/\.md$/, ''), title: field('title'), summary: field('summary') };
  });

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
