/* global document, location, innerHeight, window */
// Browser tests of a talk given from a chapter: presenter mode, the speaker window kept in step,
// a clicker's keys, a blank screen, scenes played as clips, and the text and figure kept in view.
// Screenshots through a whole chapter at 1920×1080 and 150 % / 200 % zoom go to test-results/.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, assertEqual, openPage, playhead, root, visit, waitForTrace } from './harness.mjs';

const SLUG = '05-crash-in-the-middle';
const CHAPTER = `/chapters/${SLUG}/`;
/** The speaker notes of each scene, read from the chapter's markdown. */
const NOTES = [
  ...readFileSync(join(root, `chapters/${SLUG}.md`), 'utf8').matchAll(
    /<Notes>\s*([\s\S]*?)\s*<\/Notes>/g,
  ),
].map((m) => m[1]);

const height = (page, selector) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => el.getBoundingClientRect().height);
const sceneCounter = (page) => page.getByTestId('scene-counter').textContent();

/** @type {{ name: string, run: (ctx: { browser: any, url: string, shots: string }) => Promise<void> }[]} */
export const tests = [
  {
    name: 'presenter mode: f makes the scene and figure large, hides the chrome, the fault bar and the event log until t asks',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser, {
        viewport: { width: 1920, height: 1080 },
      });
      await visit(page, url + CHAPTER);
      await waitForTrace(page);
      const heading = await height(page, '.scene.current h2');
      const label = await height(page, '.workbench svg text');
      await page.keyboard.press('f');
      await page.waitForFunction(() => document.documentElement.classList.contains('presenting'));
      assert(!(await page.locator('header.site').isVisible()), 'the site header is hidden');
      assertEqual(await page.locator('.faultbar').count(), 0, 'the fault bar is hidden');
      assertEqual(await page.getByTestId('event-twin').count(), 0, 'the event log is hidden');
      const width = await page.locator('main').evaluate((m) => m.getBoundingClientRect().width);
      assert(width > 1800, `no 1,240-pixel cap: main is ${width} px wide`);
      const bigHeading = await height(page, '.scene.current h2');
      const bigLabel = await height(page, '.workbench svg text');
      assert(bigHeading > heading * 1.3, `the scene's heading grows: ${heading} → ${bigHeading}`);
      assert(bigLabel > label * 1.3, `the figure's labels grow: ${label} → ${bigLabel}`);
      await page.screenshot({ path: `${shots}/presenter-1920.png` });
      await page.keyboard.press('t');
      await page.locator('.faultbar').waitFor();
      await page.getByTestId('event-twin').waitFor();
      await page.keyboard.press('t');
      assertEqual(await page.locator('.faultbar').count(), 0, 't hides them again');
      await page.keyboard.press('f');
      await page.waitForFunction(() => !document.documentElement.classList.contains('presenting'));
      await page.locator('.faultbar').waitFor();
      assert(await page.locator('header.site').isVisible(), 'the header is back');
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: "the speaker window shows the scene's notes, the next scene and a clock, and keeps in step with the audience both ways",
    async run({ browser, url, shots }) {
      assert(NOTES.length > 1, 'the chapter has speaker notes');
      const { page, errors, context } = await openPage(browser);
      await visit(page, url + CHAPTER);
      await waitForTrace(page);
      assert(
        !(await page.getByTestId('speaker-notes').first().isVisible()),
        'the audience sees no notes',
      );
      const opened = context.waitForEvent('page');
      await page.keyboard.press('w');
      const speaker = await opened;
      await speaker.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
      const notes = speaker.locator('.scene.current [data-testid=speaker-notes]');
      await notes.waitFor();
      assert((await notes.textContent()).includes(NOTES[0]), 'scene 1 notes show');
      assert(
        /^Next: scene 2, /.test(await speaker.getByTestId('speaker-next').textContent()),
        'the next scene is named',
      );
      assert(/\d\d:\d\d/.test(await speaker.getByTestId('speaker-clock').textContent()), 'a clock');
      await page.keyboard.press('PageDown');
      await speaker.waitForFunction(() => location.hash === '#scene-2');
      assertEqual(await sceneCounter(speaker), 'Scene 2 of 12', 'the speaker window follows');
      assert((await notes.textContent()).includes(NOTES[1]), 'scene 2 notes show');
      await speaker.screenshot({ path: `${shots}/speaker-window.png` });
      await speaker.keyboard.press('PageDown');
      await page.waitForFunction(() => location.hash === '#scene-3');
      assertEqual(await sceneCounter(page), 'Scene 3 of 12', 'the audience follows the speaker');
      await page.keyboard.press('PageUp');
      await speaker.waitForFunction(() => location.hash === '#scene-2');
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'b and . blank the screen while presenting, and a scene plays as a clip that stops at the next scene',
    async run({ browser, url }) {
      const { page, errors, context } = await openPage(browser);
      await visit(page, url + CHAPTER);
      await waitForTrace(page);
      await page.keyboard.press('b');
      const blank = page.getByTestId('blank');
      await blank.waitFor();
      const box = await blank.boundingBox();
      assert(box.width >= 1280 && box.height >= 900, 'the blank covers the screen');
      await page.keyboard.press('b');
      assertEqual(await blank.count(), 0, 'b again brings the slide back');
      await page.keyboard.press('f');
      await page.keyboard.press('.');
      await blank.waitFor();
      await page.keyboard.press('.');
      assertEqual(await blank.count(), 0, '. again brings it back');
      // The clip: play scene 1 fast; it stops where scene 2 begins.
      await page.getByTestId('speed-input').fill('4');
      await page.keyboard.press(' ');
      await page.waitForFunction(
        () => document.querySelector('.workbench')?.getAttribute('data-status') === 'paused',
        null,
        { timeout: 20_000 },
      );
      const stopped = await playhead(page);
      await page.keyboard.press('PageDown');
      await page.waitForFunction(() => location.hash === '#scene-2');
      assertEqual(await playhead(page), stopped, "the clip stopped at scene 2's moment");
      assert(stopped > 0, 'it played');
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: "changing scene brings the scene's text and the figure into view together, wide and narrow",
    async run({ browser, url }) {
      for (const viewport of [
        { width: 1920, height: 1080 },
        { width: 1280, height: 800 },
      ]) {
        const { page, errors, context } = await openPage(browser, { viewport });
        await visit(page, url + CHAPTER);
        await waitForTrace(page);
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction(() => location.hash === '#scene-2');
        const [text, bench] = await Promise.all(
          ['.scene.current h2', '.workbench'].map((s) =>
            page.locator(s).evaluate((el) => {
              const r = el.getBoundingClientRect();
              return { top: r.top, bottom: r.bottom, inner: innerHeight };
            }),
          ),
        );
        const where = `${viewport.width}: text ${text.top}, figure ${bench.top}`;
        assert(
          text.top >= 0 && text.bottom <= text.inner,
          `the scene's heading is in view (${where})`,
        );
        assert(bench.top < bench.inner - 100, `the figure is in view (${where})`);
        assert(errors.length === 0, errors.join('; '));
        await context.close();
      }
    },
  },
  {
    name: 'a whole chapter presented at 1920×1080, 150 % and 200 %: screenshots of every scene',
    async run({ browser, url, shots }) {
      for (const zoom of [1, 1.5, 2]) {
        const { page, errors, context } = await openPage(browser, {
          viewport: { width: Math.round(1920 / zoom), height: Math.round(1080 / zoom) },
          deviceScaleFactor: zoom,
        });
        await visit(page, url + CHAPTER);
        await waitForTrace(page);
        await page.keyboard.press('f');
        const total = Number(/of (\d+)/.exec(await sceneCounter(page))[1]);
        for (let n = 1; n <= total; n++) {
          if (n > 1) await page.keyboard.press('PageDown');
          await page.waitForFunction((k) => location.hash === `#scene-${k}` || k === 1, n);
          await waitForTrace(page);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          assert(
            overflow <= 0,
            `zoom ${zoom}, scene ${n}: the page scrolls sideways by ${overflow} px`,
          );
          await page.screenshot({ path: `${shots}/present-${zoom * 100}-scene-${n}.png` });
        }
        assert(errors.length === 0, errors.join('; '));
        await context.close();
      }
    },
  },
];
