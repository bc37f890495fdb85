/* global document */
// Browser tests of the instructor's kit: the instructors' page (reached from the exercises page),
// the exercise files and learner pack it links to, a learner's "Download my solution", which gives
// the very file the grader reads, and the command line's class report read in Chromium.

import { unzipSync, strFromU8 } from 'fflate';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assert, assertEqual, openPage, root, setCode, visit, waitForTrace } from './harness.mjs';

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
  {
    name: "a class report reads without script, shows a hostile student's name as text, and links to a replay",
    async run({ browser, url, shots }) {
      const dir = mkdtempSync(join(tmpdir(), 'class-report-'));
      try {
        const hostile = `<img src=x onerror=alert(1)>`;
        for (const [student, file] of [
          ['ann', 'reference.ts'],
          ['bob', 'fixtures/naive.ts'],
          [hostile, 'starter.ts'],
        ]) {
          mkdirSync(join(dir, 'class', student), { recursive: true });
          copyFileSync(
            join(root, 'exercises', EXERCISE, file),
            join(dir, 'class', student, 'starter.ts'),
          );
        }
        const report = join(dir, 'report.html');
        const graded = spawnSync(
          process.execPath,
          [
            '--import',
            'tsx',
            join(root, 'exercises/cli/grade.ts'),
            EXERCISE,
            ...['ann', 'bob', hostile].map((s) => join(dir, 'class', s)),
            '--out',
            join(dir, 'out'),
            '--report',
            report,
            '--site',
            url,
            '--jobs',
            '2',
          ],
          { cwd: root, encoding: 'utf8', timeout: 300_000 },
        );
        assertEqual(graded.status, 0, `the class was graded: ${graded.stderr}`);

        // Read as a file, with script off: everything is there.
        const offline = await openPage(browser, {
          javaScriptEnabled: false,
          viewport: { width: 1280, height: 800 },
        });
        await offline.page.goto(pathToFileURL(report).href);
        const names = await offline.page.locator('tbody th[scope=row]').allTextContents();
        assertEqual(
          names.join(' | '),
          `ann | bob | ${hostile}`,
          "each student's row, the hostile name as text",
        );
        assertEqual(
          await offline.page.locator('img, script').count(),
          0,
          'no element came from a name',
        );
        assert(
          (await offline.page.locator('svg[role=img] title').first().textContent()).startsWith(
            'Students per score',
          ),
          'the score histogram is drawn',
        );
        const rates = await offline.page
          .locator('h2:has-text("Each case") + table tbody tr')
          .count();
        assertEqual(rates, 6, "each case's pass rate has a row");
        await offline.page.screenshot({ path: `${shots}/class-report-1280.png`, fullPage: true });
        assert(offline.errors.length === 0, offline.errors.join('; '));
        await offline.context.close();

        // The replay link opens the site's sandbox on bob's failing case.
        const { page, errors, context } = await openPage(browser);
        await page.goto(pathToFileURL(report).href);
        await page.getByRole('row', { name: /^bob/ }).getByRole('link').click();
        await page.getByTestId('replay-run').click();
        await page.getByTestId('replay').waitFor();
        assert((await waitForTrace(page)) > 0, 'the replay runs the case');
        assert(errors.length === 0, errors.join('; '));
        await context.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
