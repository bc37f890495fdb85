#!/usr/bin/env node
// `npm test`: every check CI runs, as a list of named stages. Each stage runs with inherited
// output, is timed, and a failing stage does not stop the others (one run shows every problem).
// The last line is plain `N passed, N failed` (`, N skipped` when some were), counted from
// vitest's JSON report, so CI and people can read it; the exit code is non-zero if any stage
// failed or no test ran. Arguments are passed to vitest (`npm test -- simulator/log`).
//
// Formatting (prettier) is deliberately not a stage: format drift should not fail CI. `npm run
// check` runs it. The browser tests (scripts/e2e.mjs: build the site, serve it, drive Chromium)
// add their own counts to the last line; `SKIP_BROWSER=1` leaves them out on a machine without
// /usr/bin/chromium (CI installs it: .ci/run calls scripts/ensure-chromium.sh).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (path) => join(root, 'node_modules', path);
const reportDir = mkdtempSync(join(tmpdir(), 'streamworks-test-'));
const vitestReport = join(reportDir, 'vitest.json');
const browserReport = join(reportDir, 'browser.json');
const vitestArgs = process.argv.slice(2);

/**
 * @type {{ name: string, args: string[], before?: string[] }[]} Each runs as `node <args>` from
 * the repository root (after `node <before>`, when given).
 */
const stages = [
  { name: 'typecheck', args: [bin('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'lint', args: [bin('eslint/bin/eslint.js'), '.'] },
  {
    name: 'unit tests',
    args: [
      bin('vitest/vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestReport}`,
      ...vitestArgs,
    ],
  },
  {
    name: 'site check',
    // Kit writes the generated tsconfig the site's check extends.
    before: [bin('@sveltejs/kit/svelte-kit.js'), 'sync'],
    args: [
      bin('svelte-check/bin/svelte-check'),
      '--tsconfig',
      './site/tsconfig.check.json',
      '--fail-on-warnings',
      '--output',
      'human',
    ],
  },
];
// A filtered run (`npm test -- simulator/log`) is about unit tests; browser tests run in full runs.
if (vitestArgs.length === 0 && process.env.SKIP_BROWSER !== '1') {
  stages.push({
    name: 'browser tests',
    args: [join(root, 'scripts/e2e.mjs'), '--report', browserReport],
  });
}

/** Runs one stage; resolves to its exit code (1 if it could not start). */
async function run(stage) {
  if (stage.before) {
    const code = await spawnNode(stage.name, stage.before);
    if (code !== 0) return code;
  }
  return spawnNode(stage.name, stage.args);
}

function spawnNode(name, args) {
  const stage = { name, args };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, stage.args, { cwd: root, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`${stage.name}: could not start: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Counts from vitest's JSON report, or undefined if there is none. */
function testCounts() {
  if (!existsSync(vitestReport)) return undefined;
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
  const browser = existsSync(browserReport)
    ? JSON.parse(readFileSync(browserReport, 'utf8'))
    : { passed: 0, failed: 0 };
  return {
    passed: (report.numPassedTests ?? 0) + browser.passed,
    failed: (report.numFailedTests ?? 0) + browser.failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    failedFiles: report.numFailedTestSuites ?? 0,
  };
}

const results = [];
for (const stage of stages) {
  console.log(`\n── ${stage.name} ──`);
  const started = process.hrtime.bigint();
  const code = await run(stage);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  results.push({ name: stage.name, ok: code === 0, seconds });
}

const counts = testCounts();
rmSync(reportDir, { recursive: true, force: true });

console.log('\n── summary ──');
for (const r of results) {
  console.log(`${r.ok ? 'ok    ' : 'FAILED'} ${r.name.padEnd(14)} ${r.seconds.toFixed(1)} s`);
}
let ok = results.every((r) => r.ok);
if (counts === undefined) {
  console.log('no test report was written');
  ok = false;
} else {
  if (counts.failedFiles > 0)
    console.log(`${counts.failedFiles} test file(s) failed (failing tests or load errors)`);
  if (counts.passed + counts.failed === 0) {
    console.log('no test ran');
    ok = false;
  }
  if (counts.failed > 0 || counts.failedFiles > 0) ok = false;
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
  console.log(`${counts.passed} passed, ${counts.failed} failed${skipped}`);
}
process.exit(ok ? 0 : 1);
