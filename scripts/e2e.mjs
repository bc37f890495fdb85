#!/usr/bin/env node
// Browser tests (`npm run test:e2e`): builds the site unless `--no-build`, serves `build/` with
// vite preview, drives Debian's Chromium with playwright-core through e2e/*.e2e.mjs, and prints
// one plain `N passed, N failed` line. `--report FILE` also writes the counts as JSON (for
// scripts/test.mjs); other arguments filter tests by name.
//
// Needs /usr/bin/chromium (scripts/ensure-chromium.sh installs it). Screenshots: test-results/.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, launchBrowser, root, startServer } from '../e2e/harness.mjs';
import { tests as siteTests } from '../e2e/site.e2e.mjs';
import { tests as viewTests } from '../e2e/views.e2e.mjs';
import { tests as exerciseTests } from '../e2e/exercises.e2e.mjs';
import { tests as instructorTests } from '../e2e/instructors.e2e.mjs';
import { tests as readingTests } from '../e2e/reading.e2e.mjs';
import { tests as presenterTests } from '../e2e/presenter.e2e.mjs';
import { tests as openingTests } from '../e2e/opening.e2e.mjs';
import { tests as readModelTests } from '../e2e/read-models.e2e.mjs';
import { tests as closingTests } from '../e2e/closing.e2e.mjs';
import { tests as weightTests } from '../e2e/weight.e2e.mjs';
import { tests as compareTests } from '../e2e/compare.e2e.mjs';
import { tests as speakerNotesTests } from '../e2e/speaker-notes.e2e.mjs';
import { tests as linkTests } from '../e2e/links.e2e.mjs';
import { tests as queueTests } from '../e2e/queues.e2e.mjs';
import { tests as proseTests } from '../e2e/prose.e2e.mjs';

const tests = [
  ...siteTests,
  ...viewTests,
  ...exerciseTests,
  ...readingTests,
  ...openingTests,
  ...instructorTests,
  ...readModelTests,
  ...closingTests,
  ...compareTests,
  ...presenterTests,
  ...speakerNotesTests,
  ...weightTests,
  ...linkTests,
  ...queueTests,
  ...proseTests,
];

const args = process.argv.slice(2);
const reportAt = args.indexOf('--report');
const report = reportAt >= 0 ? args[reportAt + 1] : undefined;
const filters = args.filter((a, i) => !a.startsWith('--') && (reportAt < 0 || i !== reportAt + 1));

// `npm test` alone must work on a fresh Debian machine: install the browser when it is missing.
if (!existsSync(CHROMIUM)) {
  spawnSync('bash', [join(root, 'scripts/ensure-chromium.sh')], { cwd: root, stdio: 'inherit' });
  if (!existsSync(CHROMIUM)) {
    console.error(
      `e2e: no browser at ${CHROMIUM}; install Debian's chromium or set SKIP_BROWSER=1`,
    );
    finish(0, 1);
  }
}

if (!args.includes('--no-build')) {
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0) {
    console.error('e2e: the site did not build');
    finish(0, 1);
  }
}

const shots = join(root, 'test-results');
mkdirSync(shots, { recursive: true });
const selected = tests.filter(
  (t) => filters.length === 0 || filters.some((f) => t.name.includes(f)),
);
let passed = 0;
let failed = 0;
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const test of selected) {
    const started = Date.now();
    try {
      await test.run({ browser, url: server.url, shots });
      passed++;
      console.log(`  ✓ ${test.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(
        `  ✗ ${test.name} (${Date.now() - started} ms)\n    ${String(error?.stack ?? error)
          .split('\n')
          .slice(0, 6)
          .join('\n    ')}`,
      );
    }
  }
} finally {
  await browser.close();
  server.stop();
}
if (selected.length === 0) console.log('no browser test matched');
finish(passed, selected.length === 0 ? 1 : failed);

function finish(p, f) {
  if (report) writeFileSync(report, JSON.stringify({ passed: p, failed: f }));
  console.log(`${p} passed, ${f} failed`);
  process.exit(f > 0 ? 1 : 0);
}
