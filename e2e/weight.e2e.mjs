/* global document */
// The chapter pages' weight: every chapter, opened by its plain URL as a reader arrives, loads at
// most CHAPTER_BUDGET_KB of gzipped JavaScript before any interaction, the simulation worker and
// the engine chunks it imports for the first scene included (see page-weight.mjs for what counts).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assert, assertEqual, openPage, root, visit, waitForTrace } from './harness.mjs';
import { CHAPTER_BUDGET_KB, describeFiles, scriptsBeforeInteraction } from './page-weight.mjs';

const chapters = readdirSync(join(root, 'chapters'))
  .filter((f) => /^\d\d-.*\.md$/.test(f))
  .map((f) => f.replace(/\.md$/, ''))
  .sort();

export const tests = [
  {
    name: `every chapter page loads at most ${CHAPTER_BUDGET_KB} KB of gzipped JavaScript before any interaction, its simulation worker included`,
    async run({ browser, url }) {
      const over = [];
      for (const slug of chapters) {
        const { files, kb } = await scriptsBeforeInteraction(browser, url, `/chapters/${slug}/`);
        if (!files.some((f) => f.path.includes('/workers/')))
          over.push(`${slug}: no simulation worker was loaded, so the figure would be incomplete`);
        console.log(`    ${slug}: ${kb.toFixed(1)} KB in ${files.length} files`);
        if (kb > CHAPTER_BUDGET_KB)
          over.push(
            `${slug}: ${kb.toFixed(1)} KB > ${CHAPTER_BUDGET_KB} KB\n${describeFiles(files)}`,
          );
      }
      if (over.length > 0) throw new Error(over.join('\n'));
    },
  },
];

tests.push({
  name: "a chapter's first run downloads no scenario loader, and a fault added by hand still runs (the loader comes then)",
  async run({ browser, url }) {
    const { page, errors, context } = await openPage(browser);
    const scripts = [];
    context.on('response', (r) => r.url().endsWith('.js') && scripts.push(r.url()));
    await visit(page, `${url}/chapters/03-the-log/`);
    const eventsBefore = await waitForTrace(page);
    await page.waitForLoadState('networkidle');
    const before = scripts.length;
    const actor = await page
      .getByTestId('actor-select')
      .evaluate((s) => [...s.options].map((o) => o.value).find((v) => v && v !== 'broker'));
    await page.getByTestId('actor-select').selectOption(actor);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('c');
    await page
      .locator('ul.added li', { hasText: `crash ${actor} at` })
      .waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => !document.querySelector('.faultbar [role=status]'));
    assertEqual(await page.getByTestId('scenario-errors').count(), 0, 'error lists shown');
    const eventsAfter = await waitForTrace(page);
    assert(
      eventsAfter !== eventsBefore,
      `the run with the crash has another trace (${eventsAfter} events)`,
    );
    assert(
      scripts.length > before,
      'the fault brought the loader chunk (the first run did without it)',
    );
    assert(errors.length === 0, errors.join('; '));
    await context.close();
  },
});
