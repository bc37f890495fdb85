// What a chapter page costs in JavaScript, measured as a browser pays it: every script response
// the page and the workers it starts receive (the simulation worker and the chunks it imports
// included), from navigation until the first scene's trace is on screen and the network has been
// quiet for a moment, each gzipped at level 9. Scripts fetched later, on an interaction (another
// view, another scene's scenario), do not count; nor does the service worker's background
// precache (blocked in tests, and it runs nothing).

import { gzipSync } from 'node:zlib';
import { openPage, visit, waitForTrace } from './harness.mjs';

/** The budget for a chapter page, KB (1,024 bytes) of gzipped JavaScript. */
export const CHAPTER_BUDGET_KB = 200;

/** Whether a response carries JavaScript. */
function isScript(response) {
  const type = response.headers()['content-type'] ?? '';
  return type.includes('javascript') || /\.m?js(\?|$)/.test(response.url());
}

/**
 * The scripts `path` loads before any interaction: `{ files: [{ path, gzip }], kb }`, files
 * largest first. Workers' requests are reported on the browser context, so that is where it listens.
 */
export async function scriptsBeforeInteraction(browser, url, path) {
  const { page, context } = await openPage(browser);
  const bodies = [];
  context.on('response', (response) => {
    if (!isScript(response)) return;
    bodies.push(
      response
        .body()
        .then((b) => ({
          path: response.url().replace(url, ''),
          gzip: gzipSync(b, { level: 9 }).length,
        }))
        .catch(() => null),
    );
  });
  await visit(page, url + path);
  await waitForTrace(page);
  await page.waitForLoadState('networkidle');
  const files = (await Promise.all(bodies)).filter((f) => f !== null);
  await context.close();
  files.sort((a, b) => b.gzip - a.gzip || (a.path < b.path ? -1 : 1));
  return { files, kb: files.reduce((n, f) => n + f.gzip, 0) / 1024 };
}

/** One line per file, `  12.3 KB  /_app/…`, for a report. */
export function describeFiles(files) {
  return files.map((f) => `  ${(f.gzip / 1024).toFixed(1).padStart(6)} KB  ${f.path}`).join('\n');
}
