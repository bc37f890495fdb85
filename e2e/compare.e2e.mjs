/* global document, getComputedStyle, location, URL */
// Browser tests of the comparison page as a reader meets it: its charts fit their columns at a
// laptop's, a projector's and a phone's width; the chosen comparison is in the address, so the
// address shares it; the note about join buffers sits only under a topology that has a join.

import { assert, assertEqual, openPage, visit } from './harness.mjs';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
];
/** The smallest type a reader is asked to read in a chart, px on the screen. */
const READABLE_PX = 9;

/** Opens a comparison by its address and waits for its runs and the replay at its end. */
async function openComparison(page, url, id) {
  await visit(page, `${url}/compare/?comparison=${id}`);
  await page.getByTestId('compare-table').waitFor({ timeout: 60_000 });
  await page.getByTestId('synced-replay').scrollIntoViewIfNeeded();
  await page.keyboard.press('End');
  await page
    .locator('[data-testid=synced-column][data-index]:not([data-index="0"])')
    .first()
    .waitFor();
}

/**
 * For every column of the replay: the boxes of the sinks, of every chart label, and of the
 * column, and each label's size on the screen (its font size times the drawing's scale).
 */
function measureColumns() {
  const rect = (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  };
  return [...document.querySelectorAll('[data-testid=synced-column]')].map((column) => {
    const labels = [];
    for (const svg of column.querySelectorAll(
      '[data-testid=topology] svg, [data-testid=instance-chart] svg',
    )) {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      for (const text of svg.querySelectorAll('text')) {
        if (text.textContent.trim() === '') continue;
        labels.push({
          text: text.textContent.trim(),
          px: parseFloat(getComputedStyle(text).fontSize) * scale,
          box: rect(text),
          // A drawing clips what it draws past its edges, and one that scrolls hides the rest.
          drawing: rect(svg.closest('.sub') ?? svg),
        });
      }
    }
    return {
      design: column.dataset.design,
      box: rect(column),
      sinks: [...column.querySelectorAll('[data-testid=topology] .node.sink')].map((s) => ({
        name: s.dataset.node,
        box: rect(s),
        drawing: rect(s.closest('.sub')),
      })),
      labels,
    };
  });
}

const inside = (inner, outer) => inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5;

export const tests = [
  {
    name: 'compare: the topology and lifecycle charts fit their columns, sink and labels in view and readable, at 1280, 1920 and 390 px',
    async run({ browser, url, shots }) {
      for (const viewport of SIZES) {
        const { page, errors, context } = await openPage(browser, { viewport });
        await openComparison(page, url, 'orders-payments');
        const columns = await page.evaluate(measureColumns);
        const where = `at ${viewport.width}px`;
        const sinks = columns.flatMap((c) => c.sinks.map((s) => ({ ...s, column: c })));
        assert(
          sinks.length >= 2,
          `${where}: the stream designs draw their sinks (${sinks.length})`,
        );
        for (const { name, box, drawing, column } of sinks)
          assert(
            inside(box, column.box) && inside(box, drawing),
            `${where}: the sink ${name} is inside ${column.design}'s column (${JSON.stringify(box)} in ${JSON.stringify(column.box)})`,
          );
        const labels = columns.flatMap((c) => c.labels.map((l) => ({ ...l, column: c })));
        assert(
          labels.some((l) => l.text === 'WarmIdle'),
          `${where}: the lifecycle chart is drawn`,
        );
        for (const { text, px, box, drawing, column } of labels) {
          assert(
            px >= READABLE_PX,
            `${where}: "${text}" in ${column.design}'s column is ${px.toFixed(1)} px on the screen`,
          );
          assert(
            inside(box, column.box) && inside(box, drawing),
            `${where}: "${text}" is inside ${column.design}'s column and its drawing`,
          );
        }
        await page
          .getByTestId('synced-replay')
          .screenshot({ path: `${shots}/compare-columns-${viewport.width}.png` });
        assert(errors.length === 0, errors.join('; '));
        await context.close();
      }
    },
  },
  {
    name: 'compare: the chosen comparison is in the address, a shared address shows it, a bad one says so and shows the default',
    async run({ browser, url, shots }) {
      const { page, errors, context } = await openPage(browser);
      await openComparison(page, url, 'orders-payments');
      const select = page.getByTestId('compare-select');
      assertEqual(
        await select.inputValue(),
        'orders-payments',
        'the shared address chose the comparison',
      );
      const designs = await page.getByTestId('compare-table').locator('thead th').allTextContents();
      assert(designs.length > 1, 'its table is drawn');
      assert(
        (await page.locator('.description').textContent()).includes('payment'),
        'the description is the orders-payments one',
      );
      await select.selectOption('page-views');
      await page.waitForFunction(
        () => new URL(location.href).searchParams.get('comparison') === 'page-views',
      );
      await page.reload();
      await page.getByTestId('compare-table').waitFor({ timeout: 60_000 });
      assertEqual(
        await page.getByTestId('compare-select').inputValue(),
        'page-views',
        'a reload keeps the choice',
      );
      assertEqual(
        await page.getByTestId('compare-address-problem').count(),
        0,
        'a good address has no complaint',
      );

      await visit(page, `${url}/compare/?comparison=no-such-thing`);
      const problem = page.getByTestId('compare-address-problem');
      await problem.waitFor();
      const said = await problem.textContent();
      assert(
        said.includes('There is no comparison called “no-such-thing”'),
        `it names the bad value: ${said}`,
      );
      assert(
        said.includes('showing page-views instead') && said.includes('orders-payments'),
        `it says what it shows and what there is: ${said}`,
      );
      await page.getByTestId('compare-table').waitFor({ timeout: 60_000 });
      assertEqual(
        await page.getByTestId('compare-select').inputValue(),
        'page-views',
        'it falls back to the default',
      );
      await page.screenshot({ path: `${shots}/compare-bad-address.png` });
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
  {
    name: 'compare: the note about join buffers is under the topology with a join (orders-payments), not under page-views',
    async run({ browser, url }) {
      const { page, errors, context } = await openPage(browser);
      await openComparison(page, url, 'page-views');
      const notes = page.locator('[data-testid=processor-view] > p.note');
      assert((await notes.count()) >= 2, 'the stream designs have their notes');
      for (const text of await notes.allTextContents())
        assert(!/join/i.test(text), `no word of joins under a count: ${text}`);
      await openComparison(page, url, 'orders-payments');
      const streams = page.locator('[data-testid=synced-column][data-design=stream-processor]');
      const note = await streams.locator('[data-testid=processor-view] > p.note').textContent();
      assert(
        note.includes('join records buffered and not yet expired'),
        `the join's buffers are explained: ${note}`,
      );
      assert(errors.length === 0, errors.join('; '));
      await context.close();
    },
  },
];
