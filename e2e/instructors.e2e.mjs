/* global document */
// Browser tests of the instructor's kit on the site: the instructors' page (reached from the
// exercises page), the exercise files and learner pack it links to, and a learner's "Download my
// solution", which gives the very file the grader reads.

import { unzipSync, strFromU8 } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, assertEqual, openPage, root, setCode, visit } from './harness.mjs';

const EXERCISE = '01-count-page-views';
const exerciseFile = (path) => readFileSync(join(root, 'exercises', path), 'utf8');

/** Clicks `locator` and returns the downloaded file's name and bytes. */
async function download(page, locator) {
  const [file] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** @type {{ name: string, run: (ctx: { browser: any, url: string, shots: string }) => Promise<void> }[]} */
export const tests = [
  {
    name: "the instructors' page, reached from the exercises page, says what each exercise tests and hands out its learner pack",
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser, {
        viewport: { width: 1280, height: 800 },
      });
      await visit(page, `${url}/exercises/`);
      await page.getByTestId('instructors-link').getByRole('link').click();
      await page.waitForURL(/\/instructors\/$/);
      assertEqual(
        (await page.getByRole('heading', { level: 1 }).textContent()).trim(),
        'For instructors',
        'the link leads to the instructors page',
      );
      const rows = page.getByTestId('instructor-exercise');
      const manifest = JSON.parse(exerciseFile('manifest.json'));
      assertEqual(await rows.count(), manifest.exercises.length, 'one row per exercise');
      const cases = JSON.parse(exerciseFile(`${EXERCISE}/cases.json`)).cases;
      const hidden = JSON.parse(exerciseFile(`${EXERCISE}/hidden-cases.json`)).cases;
      const row = page.locator(`[data-testid=instructor-exercise][data-id="${EXERCISE}"]`);
      const rowText = await row.textContent();
      assert(
        rowText.includes(`${cases.length} + ${hidden.length}`),
        `the row counts visible and hidden cases: ${rowText}`,
      );
      const points = [...cases, ...hidden].reduce((n, c) => n + c.weight, 0);
      assert(rowText.includes(String(points)), `the row gives the points: ${rowText}`);
      for (const hiddenCase of hidden)
        assert(
          !(await page.textContent('body')).includes(hiddenCase.name),
          `no hidden case is named on the page (${hiddenCase.name})`,
        );
      for (const word of [
        'Fault schedules',
        'Hidden cases',
        'Partial credit',
        'Reproducible by seed',
      ])
        assert(
          (await page.locator('dl.facts').textContent()).includes(word),
          `how grading works covers ${word}`,
        );
      await page.screenshot({ path: `${shots}/instructors-1280.png`, fullPage: true });

      const pack = await download(page, row.getByTestId('learner-pack'));
      assertEqual(pack.name, `${EXERCISE}-learner.zip`, 'the pack is named for the exercise');
      const files = unzipSync(new Uint8Array(pack.bytes));
      assertEqual(
        Object.keys(files).sort().join(' '),
        ['README.md', 'cases.json', 'hints.md', 'instructions.md', 'starter.ts']
          .map((f) => `exercises/${EXERCISE}/${f}`)
          .join(' '),
        'the learner pack holds the learner files and nothing of the reference or hidden cases',
      );
      assertEqual(
        strFromU8(files[`exercises/${EXERCISE}/starter.ts`]),
        exerciseFile(`${EXERCISE}/starter.ts`),
        'the starter in the pack is the repository file, byte for byte',
      );
      const starter = await download(page, row.getByRole('link', { name: 'starter.ts' }));
      assertEqual(
        starter.bytes.toString('utf8'),
        exerciseFile(`${EXERCISE}/starter.ts`),
        'each file link gives the repository file',
      );
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.screenshot({ path: `${shots}/instructors-1920.png` });
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'a learner downloads their solution as the .ts file the grader reads',
    async run({ browser, url }) {
      const { page, errors, context } = await openPage(browser);
      await visit(page, `${url}/exercises/${EXERCISE}/`);
      const code = `${exerciseFile(`${EXERCISE}/reference.ts`)}\n// mine, with <b>markup</b> & all\n`;
      await setCode(page, code);
      const solution = await download(page, page.getByTestId('download-solution'));
      assertEqual(solution.name, 'starter.ts', "the file has the exercise's solution file name");
      assertEqual(solution.bytes.toString('utf8'), code, 'the file is the code in the editor');
      const pack = await download(page, page.getByTestId('exercise-pack'));
      assertEqual(pack.name, `${EXERCISE}-learner.zip`, 'the exercise page offers its pack too');
      assert(
        (await page.evaluate(() => document.documentElement.dataset.hydrated)) === 'true',
        'the page is still there',
      );
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
];
