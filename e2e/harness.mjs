/* global document, fetch, setTimeout */
// The browser-test harness: a static server for the built site (`vite preview`, one process,
// stopped by its PID), Debian's Chromium driven by playwright-core (never a downloaded browser),
// a fresh profile per run, and tests that fail on any console error or page error.

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Serves `build/` with vite preview; resolves once it answers. Returns its URL and a stop(). */
export async function startServer() {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  child.on('exit', (code, signal) => {
    if (!stopping)
      console.error(
        `vite preview stopped early (code ${code}, signal ${signal}): ${output.slice(-2000)}`,
      );
  });
  let stopping = false;
  const stopOnce = () => {
    stopping = true;
    stop();
  };
  // A loaded machine (two cores shared by many builds) can take tens of seconds to start Node.
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${output}`);
    try {
      const response = await fetch(url + '/');
      if (response.ok) return { url, stop: stopOnce, pid: child.pid };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stopOnce();
  throw new Error(`vite preview did not answer on ${url}: ${output}`);
}

/** Chromium with a fresh temporary profile (playwright's launch makes and removes one). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A new page that records console errors and page errors; `errors` is checked after each test. */
export async function openPage(browser, options = {}) {
  // The site's service worker precaches the whole site (8 MB) on a first visit: every test would
  // pay for it. It is blocked unless a test asks for it (`serviceWorkers: 'allow'`, the offline test).
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    serviceWorkers: 'block',
    ...options,
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    errors.push(`a dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  return { context, page, errors };
}

/** Goes to `url` and waits until the app has hydrated. */
export async function visit(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', null, {
    timeout: 15_000,
  });
}

/** Waits until the workbench has a trace; returns its event count. */
export async function waitForTrace(page, selector = '.workbench') {
  await page.waitForFunction(
    (sel) => Number(document.querySelector(sel)?.getAttribute('data-events') ?? 0) > 0,
    selector,
    { timeout: 20_000 },
  );
  return Number(await page.locator(selector).getAttribute('data-events'));
}

/** The workbench's playhead. */
export async function playhead(page) {
  return Number(await page.locator('.workbench').getAttribute('data-index'));
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export function assertEqual(actual, expected, message) {
  if (actual !== expected)
    throw new Error(
      `${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
    );
}

/** Replaces the exercise editor's whole text, as a learner pasting code would. */
export async function setCode(page, code) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(code);
}

/** Waits until the exercise page's run in progress has its result; returns the status line. */
export async function waitForRun(page) {
  await page.waitForFunction(
    () => {
      const button = document.querySelector('[data-testid=run-visible]');
      const status = document.querySelector('[data-testid=run-status]')?.textContent ?? '';
      return button && !button.disabled && /\(\d+\.\d s\)$/.test(status);
    },
    null,
    { timeout: 180_000, polling: 20 },
  );
  return page.getByTestId('run-status').textContent();
}

/** Clicks an exercise page's run button (`run-visible` or `run-all`) and waits for the result. */
export async function runAndWait(page, testId) {
  await page.getByTestId(testId).click();
  return waitForRun(page);
}

/** Every accessibility violation axe finds on the page, of any impact, one line each. */
export async function axeViolations(page, where = page.url()) {
  const { AxeBuilder } = await import('@axe-core/playwright');
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map(
    (v) =>
      `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
        .slice(0, 2)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
}
