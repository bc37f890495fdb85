// Links that carry state (`#s=`) or a replay (`#r=`) are untrusted: a decompression bomb is read
// in a worker, never on the page's thread, and shows "too large" while the page keeps working.

import LZString from 'lz-string';
import { assert, openPage, visit, waitForTrace } from './harness.mjs';

/** A fragment of a few thousand characters that decompresses to 1.5 million: an LZ bomb. */
const bomb = (prefix) => prefix + LZString.compressToEncodedURIComponent('x'.repeat(1_500_000));

export const tests = ['#s=', '#r='].map((prefix) => ({
  name: `a decompression bomb in a ${prefix} link is read in a worker and shows "too large", and the page keeps answering`,
  async run({ browser, url }) {
    const { page, errors, context } = await openPage(browser);
    const workers = [];
    page.on('worker', (w) => workers.push(w.url()));
    await visit(page, `${url}/sandbox/${bomb(prefix)}`);
    const message = page.getByTestId('link-error');
    await message.waitFor({ timeout: 15_000 });
    const text = await message.textContent();
    assert(/too large/.test(text), `the message says the link is too large: ${text}`);
    assert(
      workers.some((w) => /link-worker/.test(w)),
      `the link was read by the link worker (workers: ${workers.join(', ')})`,
    );
    // The page still does what a visitor asks: another scenario runs and shows its trace.
    await page.getByTestId('scenario-select').selectOption('zombie-fenced');
    await waitForTrace(page);
    assert(!(await message.isVisible()), 'choosing a scenario clears the link message');
    assert(errors.length === 0, errors.join('; '));
    await context.close();
  },
}));
