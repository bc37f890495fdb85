/* global document, localStorage, setTimeout, URL */
// Browser tests of the exercises: the learner's whole loop (write, run, see a failure, replay it,
// fix, pass, reload), the same grade as the command line, and hostile code contained in the page.
// Each test gets a fresh page; any console error or page error fails it.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assert,
  assertEqual,
  axeViolations,
  openPage,
  root,
  runAndWait,
  setCode,
  visit,
  waitForRun,
  waitForTrace,
} from './harness.mjs';

const EXERCISE = '01-count-page-views';
const file = (path) => join(root, 'exercises', path);
const text = (path) => readFileSync(file(path), 'utf8');

/** The grade the page offers as a download. */
async function savedResult(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('save-result').click(),
  ]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

/** The command line's grades of `paths` (one sandboxed child per submission). */
function cliGrades(exercise, paths) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'e2e/cli-grade.ts'), exercise, ...paths],
    { cwd: root, encoding: 'utf8', timeout: 300_000 },
  );
  if (r.status !== 0) throw new Error(`cli-grade failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

const withoutLabel = (result) => ({ ...result, submission: undefined });

/** Grades `path` in the page (every case) and checks the grade equals the command line's. */
async function assertGradedLikeTheCommandLine(page, path, expected) {
  await setCode(page, text(path));
  await runAndWait(page, 'run-all');
  assertEqual(
    JSON.stringify(withoutLabel(await savedResult(page))),
    JSON.stringify(withoutLabel(expected)),
    `the grade of ${path} in the page equals the command line's`,
  );
}

/** Opens the replay of a failed case and checks the requirement is broken at its playhead. */
async function assertReplayBroken(page, failedCase) {
  await failedCase.getByTestId('replay-link').click();
  await page.getByTestId('replay-run').click();
  await page.getByTestId('replay').waitFor();
  await waitForTrace(page);
  const requirement = page.locator('[data-check=exerciseRequirement]');
  await requirement.waitFor();
  assertEqual(
    await requirement.getAttribute('data-status'),
    'broken',
    'the requirement is broken at the playhead',
  );
}

/**
 * Whether the page's sandbox frame is out of process: Chromium lists a frame that runs in a
 * renderer process of its own as a target of type "iframe"; a frame in the page's process is none.
 */
async function sandboxOutOfProcess(browserSession) {
  for (let i = 0; i < 100; i++) {
    const { targetInfos } = await browserSession.send('Target.getTargets');
    if (targetInfos.some((t) => t.type === 'iframe' && t.url === 'about:srcdoc')) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** @type {{ name: string, run: (ctx: { browser: any, url: string, shots: string }) => Promise<void> }[]} */
export const tests = [
  {
    name: 'a learner runs a wrong solution, replays its failure, fixes it, passes, and keeps it after a reload',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser);
      await visit(page, `${url}/exercises/${EXERCISE}/`);
      assertEqual(
        (await page.getByTestId('progress-state').textContent()).trim(),
        'Not graded yet.',
        'a fresh browser has no progress',
      );
      await setCode(page, text(`${EXERCISE}/fixtures/naive.ts`));
      const firstRun = await runAndWait(page, 'run-visible');
      const failed = page.locator('[data-testid=case][data-passed=false]');
      assert((await failed.count()) > 0, `the naive handler fails a visible case: ${firstRun}`);
      assert(
        (await failed.first().textContent()).includes('counted too often'),
        'the failure says it over-counted',
      );
      await page.screenshot({ path: `${shots}/exercise-failing.png`, fullPage: true });

      // The replay opens the sandbox on the failing case, at the write that counted twice. Its
      // link carries code, so nothing runs until the visitor has seen it and pressed the button.
      await failed.first().getByTestId('replay-link').click();
      const consent = page.getByTestId('replay-consent');
      await consent.waitFor();
      assert(
        (await consent.textContent()).includes('which may not be you'),
        'the page says the code may be someone else’s',
      );
      assertEqual(await page.locator('.workbench').count(), 0, 'no simulation before the click');
      await page.screenshot({ path: `${shots}/replay-consent.png` });
      await page.getByTestId('replay-run').click();
      await page.getByTestId('replay').waitFor();
      const events = await waitForTrace(page);
      const requirement = page.locator('[data-check=exerciseRequirement]');
      await requirement.waitFor();
      assertEqual(
        await requirement.getAttribute('data-status'),
        'broken',
        'the requirement is broken at the playhead',
      );
      const index = Number(await page.locator('.workbench').getAttribute('data-index'));
      assert(
        index > 0 && index < events,
        `the playhead opens inside the run (at ${index} of ${events})`,
      );
      await page.screenshot({ path: `${shots}/exercise-replay.png`, fullPage: true });
      await page.goBack();
      await page.getByTestId('run-visible').waitFor();

      // A runtime error is underlined on the learner's own line.
      const throwing = text(`${EXERCISE}/reference.ts`).replace(
        /for \(const record of event\.records\) \{\n/,
        (whole) => `${whole}    if (record.key === 'bob') throw new TypeError('no bob allowed');\n`,
      );
      assert(throwing.includes('no bob allowed'), 'the throwing variant was made');
      await setCode(page, throwing);
      await runAndWait(page, 'run-visible');
      const underlined = page.locator('.cm-lintRange-error');
      await underlined
        .first()
        .waitFor({ timeout: 30_000 })
        .catch(async (error) => {
          await page.screenshot({
            path: `${shots}/exercise-runtime-error-missing.png`,
            fullPage: true,
          });
          throw error;
        });
      assert(
        (await underlined.first().textContent()).includes('no bob allowed'),
        `the error is underlined on the throwing line: ${await underlined.first().textContent()}`,
      );
      await page.screenshot({ path: `${shots}/exercise-runtime-error.png`, fullPage: true });

      // The fix: the reference solution, graded on every case.
      await setCode(page, text(`${EXERCISE}/reference.ts`));
      const status = await runAndWait(page, 'run-all');
      assert(status.startsWith('All '), `the fix passes every case: ${status}`);
      await page.getByTestId('discussion').waitFor();
      await page.getByTestId('reveal-reference').click();
      // The revealed solution scrolls; a keyboard must reach it, and nothing else may break axe.
      const revealed = await axeViolations(page, 'after revealing the reference');
      assert(revealed.length === 0, revealed.join('\n'));

      await page.reload();
      await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
      await page.getByTestId('progress-state').waitFor();
      assert(
        (await page.getByTestId('progress-state').textContent()).startsWith('✓ Passed'),
        'the pass is kept after a reload',
      );
      // (The reference, revealed above, is a second read-only editor below it.)
      const editor = await page.getByRole('textbox', { name: /^Your solution/ }).textContent();
      assert(editor.includes('transactWrite'), 'the fixed code is kept after a reload');
      await visit(page, `${url}/exercises/`);
      assertEqual(
        await page
          .locator(`[data-id="${EXERCISE}"] [data-testid=exercise-state]`)
          .getAttribute('data-state'),
        'passing',
        'the exercise list shows the pass',
      );
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'the page and the command line give the same grade for the same code',
    async run({ browser, url }) {
      const paths = [
        `${EXERCISE}/fixtures/naive.ts`,
        `${EXERCISE}/fixtures/two-step.ts`,
        `${EXERCISE}/starter.ts`,
      ];
      const expected = cliGrades(EXERCISE, paths.map(file));
      const { page, errors, context } = await openPage(browser);
      await visit(page, `${url}/exercises/${EXERCISE}/`);
      for (const [i, path] of paths.entries()) {
        await setCode(page, text(path));
        await runAndWait(page, 'run-all');
        const inPage = await savedResult(page);
        assertEqual(
          JSON.stringify(withoutLabel(inPage)),
          JSON.stringify(withoutLabel(expected[i])),
          `the grade of ${path} in the page equals the command line's`,
        );
      }
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'damaged saved progress gets a message, is kept aside, and the exercises still work',
    async run({ browser, url }) {
      const { page, errors, context } = await openPage(browser);
      await visit(page, `${url}/exercises/`);
      const damaged = '{"version": 2, "exercises": {"01-count-page-views": {"code": "my work';
      await page.evaluate((text) => localStorage.setItem('streamworks.progress', text), damaged);
      await page.reload();
      await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
      const message = await page.getByTestId('progress-messages').textContent();
      assert(/progress/i.test(message), `the page says the saved progress was damaged: ${message}`);
      const kept = await page.evaluate(() =>
        Object.keys(localStorage)
          .filter((k) => k.startsWith('streamworks.progress.damaged-'))
          .map((k) => localStorage.getItem(k)),
      );
      assert(kept.includes(damaged), 'the damaged text is kept aside, byte for byte');
      await visit(page, `${url}/exercises/${EXERCISE}/`);
      await runAndWait(page, 'run-visible');
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'keep each account order: a member ignoring revoked partitions fails in the page as on the command line, and its replay opens at the commit that went back',
    async run({ browser, url, shots }) {
      const ledger = '07-keep-account-order';
      const paths = [`${ledger}/fixtures/ignores-revoked.ts`, `${ledger}/reference.ts`];
      const expected = cliGrades(ledger, paths.map(file));
      const { page, errors, context } = await openPage(browser);
      await visit(page, `${url}/chapters/03-the-log/`);
      const link = page.locator(`a[href$="/exercises/${ledger}/"]`).first();
      assert(await link.isVisible(), 'chapter 3 links its exercise');
      await visit(page, `${url}/exercises/${ledger}/`);
      assert(
        (await page.locator('main').textContent()).includes('Keep each account'),
        'the exercise page shows its title',
      );
      for (const [i, path] of paths.entries())
        await assertGradedLikeTheCommandLine(page, path, expected[i]);
      assertEqual(expected[1].state, 'passing', 'the reference passes');
      await setCode(page, text(paths[0]));
      await runAndWait(page, 'run-visible');
      const failed = page.locator('[data-testid=case][data-passed=false]');
      assert((await failed.count()) > 0, 'the member that ignores revoked partitions fails a case');
      assert(
        (await failed.first().textContent()).includes('a stale member moved the group back'),
        'the failure says the committed offset went back',
      );
      await page.screenshot({ path: `${shots}/exercise-ledger-failing.png`, fullPage: true });
      await assertReplayBroken(page, failed.first());
      await page.screenshot({ path: `${shots}/exercise-ledger-replay.png` });
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: "read your writes: a wrong query side and the reference get the command line's grade in the page, the score a reader reads, and a stale read replays in the read-models view",
    async run({ browser, url, shots }) {
      const ryw = '08-read-your-writes';
      const paths = [
        `${ryw}/fixtures/unbounded-wait.ts`,
        `${ryw}/fixtures/no-token.ts`,
        `${ryw}/reference.ts`,
      ];
      const expected = cliGrades(ryw, paths.map(file));
      const { page, errors, context } = await openPage(browser, {
        viewport: { width: 1280, height: 800 },
      });
      await visit(page, `${url}/chapters/07-cqrs-and-derived-views/`);
      await page.locator('nav[aria-label=Scenes] a', { hasText: 'Free play' }).click();
      const link = page.locator(`a[href$="/exercises/${ryw}/"]`).first();
      assert(await link.isVisible(), 'chapter 7 links its exercise in its free play');
      await visit(page, new URL(await link.getAttribute('href'), page.url()).href);
      const main = await page.locator('main').textContent();
      assert(main.includes('Read your writes'), 'the exercise page shows its title');
      assert(
        (await page.locator('a[href$="/chapters/07-cqrs-and-derived-views/"]').count()) > 0,
        'the exercise links chapter 7',
      );
      const points = ['4 of 12 points', '1 of 12 points', '12 of 12 points'];
      for (const [i, path] of paths.entries()) {
        await assertGradedLikeTheCommandLine(page, path, expected[i]);
        const summary = await page.getByTestId('results-summary').textContent();
        assert(
          summary.split(points[i]).length === 2,
          `${path}: the page says "${points[i]}" once (it says "${summary}")`,
        );
        if (i === 0) {
          const failed = page.locator(
            '[data-testid=case][data-passed=false][data-visibility=visible]',
          );
          const down = failed.filter({ hasText: 'stays down' });
          assert(
            (await down.textContent()).includes('left a client without an answer'),
            'the unbounded wait fails the case of a reader that stays down, for leaving a client without an answer',
          );
          await page.screenshot({ path: `${shots}/exercise-ryw-unbounded.png`, fullPage: true });
        }
      }
      assertEqual(
        await page.getByTestId('results').getAttribute('data-state'),
        'passing',
        'the reference passes',
      );
      await page.screenshot({ path: `${shots}/exercise-ryw-passing.png` });
      await setCode(page, text(paths[1]));
      await runAndWait(page, 'run-visible');
      const stale = page.locator('[data-testid=case][data-passed=false]').first();
      assert(
        (await stale.textContent()).includes('a stale read'),
        'ignoring the token fails with a stale read',
      );
      await assertReplayBroken(page, stale);
      await page.screenshot({ path: `${shots}/exercise-ryw-replay.png` });
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'hostile code is stopped in the page, which stays responsive and keeps its storage',
    async run({ browser, url }) {
      const { page, errors, context } = await openPage(browser);
      await visit(page, `${url}/exercises/${EXERCISE}/`);
      await page.evaluate(() => localStorage.setItem('streamworks.canary', 'untouched'));
      // Every hostile fixture the command line's tests use, each stopped and named for itself.
      const hostile = {
        'endless-loop.ts': /took too long/,
        'endless-microtasks.ts': /did not finish in time/,
        'memory-bomb.ts': /took too long|ran out of memory/,
        'deep-recursion.ts': /Maximum call stack size exceeded/,
        'worker-flood.ts': /took too long/,
        'escape-constructor.ts': /threw while loading/,
        'reach-fetch.ts': /threw while loading: ReferenceError: fetch is not defined/,
        'reach-files.ts': /threw while loading: .*cannot import modules/,
        'reach-process.ts': /threw while loading: ReferenceError: process is not defined/,
        'tamper-globals.ts': /Failing/,
        'tamper-iterators.ts': /Failing/,
        'throws-at-import.ts': /threw while loading: Error: boom at import/,
        'wrong-export.ts': /does not export countPageViews/,
      };
      const browserSession = await browser.newBrowserCDPSession();
      for (const [name, expected] of Object.entries(hostile)) {
        await setCode(page, text(`fixtures/hostile/${name}`));
        await page.getByTestId('run-visible').click();
        // The page answers while the sandbox works.
        const answered = await page.evaluate(() => 6 * 7);
        assertEqual(answered, 42, `the page answers while ${name} runs`);
        if (name === 'memory-bomb.ts')
          assert(
            await sandboxOutOfProcess(browserSession),
            'the sandbox frame runs in a renderer process of its own (an out-of-process frame)',
          );
        await waitForRun(page).catch(async () => {
          throw new Error(
            `${name}: no result (${await page.getByTestId('run-status').textContent()})`,
          );
        });
        const shown = await page.getByTestId('results').textContent();
        assert(
          expected.test(shown),
          `${name}: the result says what happened: ${shown.slice(0, 200)}`,
        );
        assertEqual(
          await page.locator('iframe[sandbox]').count(),
          0,
          `${name}: the run's frame (and the process with its workers) is gone after the run`,
        );
      }
      await browserSession.detach();
      // Code that reaches for the page's storage, document or the grader's channel gets nothing.
      await setCode(
        page,
        `${text(`${EXERCISE}/starter.ts`)}
const g = globalThis as any;
const seen: string[] = [];
for (const probe of [() => g.localStorage.setItem('streamworks.canary', 'taken'), () => g.document.title, () => g.postMessage('{"ok":true}'), () => g.parent.location.href]) {
  try { seen.push(String(probe())); } catch (e) { seen.push(String(e).slice(0, 40)); }
}
throw new Error('probes: ' + seen.join(' | '));
`,
      );
      await runAndWait(page, 'run-visible');
      const probes = await page.getByTestId('results').textContent();
      assert(probes.includes('probes:'), `the probes ran: ${probes.slice(0, 300)}`);
      console.log(`    probes: ${/probes:[^\n]*/.exec(probes)?.[0]}`);
      assert(
        !probes.includes('Streamworks'),
        `the document is out of reach: ${probes.slice(0, 300)}`,
      );
      assertEqual(
        await page.evaluate(() => localStorage.getItem('streamworks.canary')),
        'untouched',
        "the site's storage is out of reach",
      );
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'learner code in the page sandbox reaches no host global and tampers with no intrinsic',
    async run({ browser, url }) {
      const { page, errors, context } = await openPage(browser);
      await visit(page, `${url}/exercises/${EXERCISE}/`);
      // The probe reads each host global through globalThis (not by bare name) and tries to
      // replace `next` on every iterator prototype, the iterator helpers included (Chromium has them).
      await setCode(page, text('fixtures/hostile/probe-host.ts'));
      await runAndWait(page, 'run-visible');
      const shown = await page.getByTestId('results').textContent();
      const probe =
        /probe: [^|]*\|.*?IteratorHelper=(?:frozen|TAMPERED|absent)/.exec(shown)?.[0] ?? shown;
      console.log(`    ${probe.slice(0, 400)}`);
      // Every name the probe tried, with what it found: host globals gone, intrinsics frozen.
      const [host, intrinsics] = probe
        .split('|')
        .map((part) =>
          Object.fromEntries([...part.matchAll(/(\w+)=(\w+)/g)].map((m) => [m[1], m[2]])),
        );
      for (const [name, state] of Object.entries(host))
        assertEqual(state, 'gone', `${name} is out of learner code's reach`);
      for (const [name, state] of Object.entries(intrinsics))
        assertEqual(state, 'frozen', `${name} refuses a new next`);
      for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'importScripts', 'postMessage'])
        assert(name in host, `the probe tried ${name}`);
      assert(
        /IteratorHelper=frozen/.test(probe),
        'Chromium has iterator helpers, and they are frozen',
      );
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
];
