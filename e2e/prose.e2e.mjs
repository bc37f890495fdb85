/* global document */
// Browser tests of what a reader reads in words: the event log's sentences on chapter scenes (no
// JSON, no float noise, records by name, details on expand) and a replay link whose faults are
// bad, which names the fault and the field instead of dumping the validation.

import LZString from 'lz-string';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assert,
  assertEqual,
  axeViolations,
  openPage,
  root,
  visit,
  waitForTrace,
} from './harness.mjs';

/** What the event log must never show a reader. */
const UNREADABLE = [/\{"/, /\[\{/, /\d\.\d{6,}/, /\[object Object\]/, /\bundefined\b/, /\bNaN\b/];

/** The sentences of the event log's rows, as a reader reads them (without the event names). */
async function logSentences(page) {
  return page
    .locator('[data-testid=event-prose]')
    .evaluateAll((cells) =>
      cells.map((cell) => cell.firstChild?.textContent?.trim() ?? cell.textContent.trim()),
    );
}

/** The event log's sentence on the row the playhead has just passed. */
async function currentSentence(page) {
  return (
    await page
      .locator('[data-testid=event-twin] tr.current [data-testid=event-prose]')
      .textContent()
  ).trim();
}

function assertReadable(lines, where) {
  for (const line of lines)
    for (const pattern of UNREADABLE)
      assert(!pattern.test(line), `${where}: "${line}" shows ${pattern}`);
}

/** Open a chapter at the scene with this title (scenes get renumbered) and wait for its run. */
async function openScene(page, url, chapter, title) {
  await visit(page, `${url}/chapters/${chapter}/`);
  const link = page.locator('.scene-list a', { hasText: title });
  const scene = Number(/#scene-(\d+)$/.exec(await link.getAttribute('href'))[1]);
  await link.click();
  await page
    .getByTestId('scene-counter')
    .filter({ hasText: `Scene ${scene} of` })
    .waitFor();
  await waitForTrace(page);
  await page.locator('[data-testid=event-twin] tr.current').waitFor();
}

/** A replay link (`#r=`) for exercise 01 with the reference solution and these faults. */
function replayLink(faults) {
  const cases = JSON.parse(
    readFileSync(join(root, 'exercises/01-count-page-views/cases.json'), 'utf8'),
  );
  const state = {
    v: 1,
    exercise: '01-count-page-views',
    caseName: cases.cases[0].name,
    code: readFileSync(join(root, 'exercises/01-count-page-views/reference.ts'), 'utf8'),
    workload: cases.cases[0].workload,
    faults,
    seed: 1,
    index: null,
    view: 'serverless',
  };
  return '#r=' + LZString.compressToEncodedURIComponent(JSON.stringify(state));
}

/** @type {{ name: string, run: (ctx: { browser: any, url: string, shots: string }) => Promise<void> }[]} */
export const tests = [
  {
    name: 'the event log reads as prose: accounts with commands by name and money in two decimals, details on expand',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser, {
        viewport: { width: 1280, height: 800 },
      });
      await openScene(page, url, '06-event-sourcing', 'A command, an event, a state');
      const current = await currentSentence(page);
      assert(
        /^Command bob-2 of bob is accepted after \d+ ms: its events are at account-events-\d offset \d+\./.test(
          current,
        ),
        `the playhead's row says the command was accepted: "${current}"`,
      );
      const sentences = await logSentences(page);
      assertReadable(sentences, 'chapter 6, a command, an event, a state');
      assert(
        sentences.some((s) =>
          /\baccount command [a-z]+-\d+ of \S+ from account-commands-\d/.test(s),
        ),
        `a command is named by its command id: ${sentences.join(' | ')}`,
      );
      assert(
        sentences.some((s) => /\bto store accounts: balance \d+\.\d\d, version \d+\.$/.test(s)),
        `a balance is money with two decimals: ${sentences.join(' | ')}`,
      );
      // A committed transaction lists its records by name under Details.
      await page.getByTestId('timeline').fill('0');
      const details = page.locator('[data-testid=event-twin] details').first();
      await details.waitFor();
      await details.locator('summary').click();
      const listed = await details.locator('li').allTextContents();
      assert(listed.length > 0, 'the details list something');
      assertReadable(listed, 'the details');
      await page.locator('.twin').screenshot({ path: `${shots}/event-log-prose-1280.png` });
      const violations = await axeViolations(page);
      assertEqual(violations.length, 0, violations.join('\n'));
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'the event log reads as prose: page views and clicks by name, batches as ranges, on a phone too',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser, {
        viewport: { width: 390, height: 844 },
      });
      await openScene(page, url, '03-the-log', 'Append-only partitions');
      const current = await currentSentence(page);
      assert(
        /^\S+ appends balance \d+ of \S+ to balances-\d at offset \d+ \(value -?\d+\)\./.test(
          current,
        ),
        `the playhead's row names the record it appends: "${current}"`,
      );
      const sentences = await logSentences(page);
      assertReadable(sentences, 'chapter 3, append-only partitions');
      const twin = page.locator('.twin');
      await twin.scrollIntoViewIfNeeded();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(wide <= 390, `the page does not scroll sideways at 390 px (${wide})`);
      await twin.screenshot({ path: `${shots}/event-log-prose-390.png` });
      const violations = await axeViolations(page);
      assertEqual(violations.length, 0, violations.join('\n'));
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'a replay link with a bad fault names the fault and the field, not a validation dump',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser);
      const faults = [
        { at: 300, kind: 'dbThrottle', target: 'db', count: 2 },
        { at: -5, kind: 'dbThrottle', target: 'db', count: 2 },
      ];
      await visit(page, `${url}/sandbox/${replayLink(faults)}`);
      await page.getByTestId('replay-run').click();
      const shown = page.getByTestId('scenario-errors');
      await shown.waitFor({ timeout: 60_000 });
      const text = (await shown.textContent()).replace(/\s+/g, ' ');
      assert(
        text.includes(
          `This link's fault 2 of 2 has a bad "at": expected a non-negative integer (virtual ms), got -5.`,
        ),
        `the page names the fault and its field: ${text}`,
      );
      assert(text.includes('/faults/1/at'), `and where it is: ${text}`);
      assert(!/ZodError|"code"|\[\s*\{|too_small/.test(text), `no validation dump: ${text}`);
      await page.getByText('The fault schedule').click();
      assertEqual(
        (await page.getByTestId('replay-faults').locator('li').allTextContents()).join(' | '),
        'db throttle on db at 300 ms (count 2) | db throttle on db at -5 ms (count 2)',
        'the schedule reads as words',
      );
      await page.screenshot({ path: `${shots}/replay-bad-fault.png` });
      const violations = await axeViolations(page);
      assertEqual(violations.length, 0, violations.join('\n'));
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
];
