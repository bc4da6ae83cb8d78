// Cost follows what is on screen (issue #13), in an ordinary window (1360 x 1000): a card below
// the fold is not drawn while the learner types, and is drawn, with the current values, when it
// scrolls into view; uPlot loads only when the Train card is first seen; a 200 x 40 table is
// drawn summarised as PyTorch prints it, on one canvas a tensor, every drawn value readable, and
// the sentence and step chosen in the step view drawn inside the summary's gap; KaTeX, loaded
// late, typesets the equations as they read when it arrives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { paste, start, screenshotDir } from './browser.mjs';
import { hoverCell, readCells } from './cells.mjs';

let browser, page;
const drawn = (panel) => page.getAttribute(`[data-panel="${panel}"]`, 'data-drawn');
const fetched = (name) =>
  page.evaluate((n) => performance.getEntriesByType('resource').some((e) => e.name.endsWith(`/${n}`)), name);

function table(batch, steps, bits) {
  const cell = (b, t) => ((b * 7 + t * 3) % (1 << bits)).toString(2).padStart(bits, '0');
  return Array.from(
    { length: batch },
    (_, b) => `${Array.from({ length: steps }, (_, t) => cell(b, t)).join(' ')} | ${b % 2}`,
  ).join('\n');
}

before(async () => {
  browser = await start({ viewport: { width: 1360, height: 1000 } });
  page = browser.page;
  await browser.fresh();
});

after(async () => {
  await browser?.stop();
});

test('a card below the fold is drawn when it scrolls into view, with what the learner typed since', async () => {
  assert.equal(await drawn('values'), null, 'the Values card is below the fold: not drawn yet');
  assert.ok(await drawn('shapes'), 'the Shapes card is on screen: drawn');
  assert.equal(await fetched('uplot.mjs'), false, 'uPlot waits for the Train card');
  await page.click('#table');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('| 011 | 110 | 001 | 1 |\n');
  assert.equal(await page.textContent('#shape-x'), 'torch.Size([7, 3, 3])');
  assert.equal(await drawn('values'), null, 'typing does not draw it');
  await page.locator('[data-panel="values"]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-panel="values"]').dataset.drawn);
  assert.match(await page.textContent('#values-output h3'), /\[batch=7, seq_len=3, hidden_size=4\]/);
  assert.equal((await readCells(page, '#values-h_n')).length, 7 * 4);
  await page.locator('[data-panel="train"]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/uplot.mjs')));
});

test('a pasted 200 x 40 table: its tensors summarised as PyTorch prints them, one canvas each, every drawn value exact', async () => {
  await page.evaluate(() => scrollTo(0, 0));
  await page.fill('#table', table(200, 40, 8));
  assert.equal(await page.textContent('#shape-x'), 'torch.Size([200, 40, 8])');
  await page.fill('#hidden-size', '64');
  await page.locator('#values').scrollIntoViewIfNeeded();
  await page.waitForFunction(() =>
    /batch=200, seq_len=40, hidden_size=64/.test(document.querySelector('#values-output h3')?.textContent),
  );
  // The first and last six sentences and steps, the first and last eight units.
  const cells = await readCells(page, '#values-output');
  const sentences = [...new Set(cells.map((c) => c.index[0]))];
  const steps = [...new Set(cells.map((c) => c.index[1]))];
  const units = [...new Set(cells.map((c) => c.index[2]))];
  assert.deepEqual(sentences, [0, 1, 2, 3, 4, 5, 194, 195, 196, 197, 198, 199]);
  assert.deepEqual(steps, [0, 1, 2, 3, 4, 5, 34, 35, 36, 37, 38, 39]);
  assert.deepEqual(units, [0, 1, 2, 3, 4, 5, 6, 7, 56, 57, 58, 59, 60, 61, 62, 63]);
  assert.equal(cells.length, 12 * 12 * 16);
  assert.equal(await page.locator('#values canvas').count(), 2, 'output and h_n: one canvas each');
  assert.ok((await page.locator('#values *').count()) < 200, 'no element a value');
  // The ellipsis row between them, and the last sentence's last value read by pointing at it.
  assert.match(await page.textContent('#values-output .heat-grid'), /⋮/);
  await hoverCell(page, '#values-output', 12, 12, 16); // row 12: sentence 199; column 12: step 39; cell 16: unit 63
  const [, b, t, k] = (await page.textContent('#values-readout')).match(/^output\[(\d+), (\d+), (\d+)\] = /);
  assert.deepEqual([+b, +t, +k], [199, 39, 63]);
  // A sentence and a step chosen in the step view are drawn in the summary's gap.
  await page.selectOption('#step-sentence', '100');
  await page.$eval('#step-slider', (el) => {
    el.value = '20';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.locator('#values').scrollIntoViewIfNeeded();
  await page.waitForFunction(() =>
    document
      .querySelector('#values-output canvas')
      ?.heat.all()
      .some((t) => t.startsWith('output[100, 20, 0] = ')),
  );
  const focused = await readCells(page, '#values-output');
  assert.deepEqual([...new Set(focused.map((c) => c.index[0]))], [0, 1, 2, 3, 4, 5, 100, 194, 195, 196, 197, 198, 199]);
  assert.deepEqual([...new Set(focused.map((c) => c.index[1]))], [0, 1, 2, 3, 4, 5, 20, 34, 35, 36, 37, 38, 39]);
  await page.locator('[data-panel="values"]').screenshot({ path: `${screenshotDir}30-values-200x40.png` });
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot({ path: `${screenshotDir}31-table-200x40.png` });
});

test('a table at the 1 MiB limit with LSTM 64: its shapes show while the forward runs, the other cards marked until it ends', async () => {
  await page.evaluate(() => scrollTo(0, 0));
  await page.click('.segmented label:has-text("nn.LSTM")');
  await page.fill('#hidden-size', '64');
  await page.fill('#table', '001 010 100 | 1');
  // What the page shows the moment x's new shape is drawn, read in the page by an observer.
  await page.evaluate(() => {
    window.firstShapes = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (document.querySelector('#shape-x')?.textContent !== 'torch.Size([1000, 116, 8])') return;
        observer.disconnect();
        const results = document.querySelector('#results');
        const text = (id) => document.querySelector(`#${id}`).textContent;
        resolve({
          computing: results.classList.contains('computing'),
          previewComputing: document.querySelector('#table-preview').classList.contains('computing'),
          busy: results.getAttribute('aria-busy'),
          shapes: ['shape-output', 'shape-h0', 'shape-h_n', 'shape-c_n'].map(
            (id) => document.querySelector(`#${id}`)?.textContent ?? null,
          ),
          status: text('table-status'),
          lastStep: text('last-step'),
        });
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  });
  const lastStepBefore = await page.textContent('#last-step');
  await paste(page, '#table', table(1000, 116, 8)); // 1 000 x 116 cells of 8 bits: 1 MiB of text
  const first = await page.evaluate(() => window.firstShapes);
  // The forward's shapes, from the model itself before it ran, beside x's: one consistent set.
  assert.deepEqual(first.shapes, [
    'torch.Size([1000, 116, 64])',
    null, // h0 is zeros unless asked for: no row
    'torch.Size([1, 1000, 64])',
    'torch.Size([1, 1000, 64])',
  ]);
  assert.match(first.status, /1000/);
  // The cards that need the forward still show the last result, marked as being computed.
  assert.equal(first.computing, true);
  assert.equal(first.previewComputing, true, "the table's preview waits for the head's ŷ");
  assert.equal(first.busy, 'true');
  assert.equal(first.lastStep, lastStepBefore);
  // The paste's keypress returns once the page has settled (tests/web/browser.mjs).
  assert.equal(await page.getAttribute('#results', 'class'), 'column outputs', 'no longer marked');
  assert.equal(await page.getAttribute('#results', 'aria-busy'), 'false');
  assert.equal(await page.getAttribute('#table-preview', 'class'), 'preview-wrap');
  assert.equal(await page.textContent('#shape-output'), 'torch.Size([1000, 116, 64])');
  assert.notEqual(await page.textContent('#last-step'), lastStepBefore, "the forward's result drawn");
});

test('an equation redrawn while KaTeX is still on its way is typeset as it reads when KaTeX arrives', async () => {
  // KaTeX held at the network until the step view has been redrawn for the reverse direction.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/katex.mjs', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('about:blank');
  await browser.open('mode=LSTM&bidirectional=true');
  await page.locator('[data-panel="steps"]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-panel="steps"]').dataset.drawn);
  assert.match(await page.textContent('#step-equation'), /h_\{t-1\}/, 'the TeX source shows until KaTeX comes');
  await page.selectOption('#step-layer', '1'); // layer 0, reverse: the state comes from t+1
  assert.match(await page.textContent('#step-equation'), /h_\{t\+1\}/);
  release();
  await page.waitForSelector('#step-equation annotation', { state: 'attached' });
  const tex = await page.$$eval('#step-equation annotation', (els) => els.map((e) => e.textContent).join(' '));
  assert.match(tex, /h_\{t\+1\}/);
  assert.doesNotMatch(tex, /t-1/);
  await page.unroute('**/katex.mjs');
});

test('no errors in the console', () => {
  assert.deepEqual(browser.errors, []);
});
