// Browser tests of the reading experience: what a learner reads in the chapter list, on the home
// page and in a chapter's tab; the keys a keyboard user seeks with.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assert, assertEqual, openPage, root, visit } from './harness.mjs';

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
