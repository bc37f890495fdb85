/* global document, location */
// The speaker window (`w` on a chapter page) as a speaker reads it, through whole chapters at a
// projector's size: each scene's notes, as the chapter's markdown wrote them, beside that scene.
// Screenshots of every scene's speaker window go to test-results/.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, assertEqual, openPage, root, visit, waitForTrace } from './harness.mjs';

/** The speaker notes of each scene of a chapter, read from its markdown. */
function notesOf(slug) {
  const markdown = readFileSync(join(root, `chapters/${slug}.md`), 'utf8');
  return [...markdown.matchAll(/<Notes>\s*([\s\S]*?)\s*<\/Notes>/g)].map((m) => m[1]);
}

/** Text as a reader sees it: markdown's code and emphasis marks gone, quotes straight, spaces single. */
const plain = (text) =>
  text
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(^|\W)_([^_]+)_(?=\W|$)/g, '$1$2')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

const CHAPTERS = ['01-a-graph-of-functions', '03-the-log', '07-cqrs-and-derived-views'];

export const tests = CHAPTERS.map((slug) => ({
  name: `speaker window: every scene of ${slug} shows its own notes at 1920×1080, walked with the clicker's Page Down`,
  async run({ browser, url, shots }) {
    const notes = notesOf(slug);
    const { page, errors, context } = await openPage(browser, {
      viewport: { width: 1920, height: 1080 },
    });
    await visit(page, `${url}/chapters/${slug}/`);
    await waitForTrace(page);
    const scenes = await page.locator('.scene').count();
    assertEqual(notes.length, scenes, 'one note per scene in the markdown');
    assert(
      !(await page.getByTestId('speaker-notes').first().isVisible()),
      'the audience sees no notes',
    );
    const opened = context.waitForEvent('page');
    await page.keyboard.press('w');
    const speaker = await opened;
    await speaker.setViewportSize({ width: 1920, height: 1080 });
    await speaker.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
    const shown = speaker.locator('.scene.current [data-testid=speaker-notes]');
    for (let n = 1; n <= scenes; n++) {
      if (n > 1) {
        await speaker.keyboard.press('PageDown');
        await speaker.waitForFunction((at) => location.hash === `#scene-${at}`, n);
        await page.waitForFunction((at) => location.hash === `#scene-${at}`, n);
      }
      await shown.waitFor();
      const said = plain(await shown.textContent());
      assert(
        said.includes(plain(notes[n - 1])),
        `scene ${n}: the speaker reads its notes\n  shown:    ${said}\n  expected: ${plain(notes[n - 1])}`,
      );
      await speaker.screenshot({ path: `${shots}/speaker-${slug}-${n}.png` });
    }
    assert(errors.length === 0, errors.join('; '));
    await context.close();
  },
}));
