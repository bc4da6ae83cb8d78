// Embedding: two <recur-playground> elements on a tutorial page, attribute changes, the iframe
// page with its _hide flags, the "Copy embed code" round trip, and the classic single-file build
// opened from file://. Screenshots go to tests/web/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { start, screenshotDir } from './browser.mjs';
import { iframeOptions, pages } from './engines/page.mjs';

let browser, page;
const shot = (name) => page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
// Playwright's CSS selectors pierce open shadow roots: '#first #shape-x' is inside the element.
const text = (selector) => page.locator(selector).textContent();
const waitText = (selector, expected) =>
  page.waitForFunction(
    ([sel, want]) => {
      const find = (root) =>
        root.querySelector(sel) ??
        [...root.querySelectorAll('*')].map((e) => e.shadowRoot && find(e.shadowRoot)).find(Boolean);
      return find(document)?.textContent === want;
    },
    [selector, expected],
    { timeout: 5000 },
  );

before(async () => {
  browser = await start();
  page = browser.page;
});

after(async () => {
  await browser?.stop();
});

test('two playgrounds on a tutorial page, each with its own table, options and panels', async () => {
  await page.goto(`${browser.url}examples/tutorial.html`);
  await page.locator('#first #shape-output').waitFor();
  await page.locator('#second #shape-output').waitFor();
  assert.equal(await text('#first #shape-x'), 'torch.Size([3, 3, 3])', 'the table written inside the element');
  assert.equal(await text('#first #shape-output'), 'torch.Size([3, 3, 3])');
  assert.equal(
    await text('#second #shape-output'),
    'torch.Size([3, 6, 4])',
    'LSTM, batch_first=false, the notebook table',
  );
  assert.equal(await text('#second #shape-h_n'), 'torch.Size([2, 6, 4])');
  assert.equal(await text('#second #shape-c_n'), 'torch.Size([2, 6, 4])');
  // panels="table,shapes,last-step" and panels="model,shapes,values,code"
  assert.equal(await page.locator('#first [data-panel="values"]').count(), 0);
  assert.equal(await page.locator('#first #last-step-check').count(), 1);
  assert.equal(await page.locator('#second [data-panel="table"]').isVisible(), false);
  assert.equal(await page.locator('#second #values-c_n').count(), 1);
  assert.match(await text('#second #code'), /nn\.LSTM\(input_size=3, hidden_size=4, num_layers=2, batch_first=False\)/);
  // language="zh"
  assert.equal(await text('#second [data-panel="shapes"] h2'), '形状');
  assert.equal(await text('#first [data-panel="shapes"] h2'), 'Shapes');
  await shot('10-tutorial');
});

test('typing in one playground leaves the other alone', async () => {
  const before = await text('#second #values');
  await page.locator('#first #table').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('| 111 | 000 | 010 | 0 |\n');
  assert.equal(await text('#first #shape-x'), 'torch.Size([4, 3, 3])');
  assert.equal(await text('#second #shape-output'), 'torch.Size([3, 6, 4])');
  assert.equal(await text('#second #values'), before);
});

test('changing an attribute re-renders the element', async () => {
  await page.evaluate(() => document.querySelector('#first').setAttribute('hidden-size', '5'));
  await waitText('#shape-h_n', 'torch.Size([1, 4, 5])');
  assert.equal(await text('#first #shape-h_n'), 'torch.Size([1, 4, 5])');
  await page.evaluate(() => document.querySelector('#second').setAttribute('panels', 'shapes'));
  assert.equal(await page.locator('#second #values').count(), 0);
  await page.evaluate(() => document.querySelector('#second').setAttribute('mode', 'RNN'));
  assert.equal(await text('#second #shape-c_n'), '—', 'nn.RNN has no c_n');
});

test('the iframe page follows its URL hash, and _hide flags strip panels', async () => {
  await page.goto(`${browser.url}${pages.iframe}#${new URLSearchParams(iframeOptions)}`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.locator('[data-panel="shapes"]').count(), 0);
  assert.equal(await page.locator('#code').count(), 0);
  assert.match(await text('#values-output h3'), /\[seq_len=2, batch=3, hidden_size=2\]/);
  assert.equal(await page.inputValue('#table'), iframeOptions.table);
  await shot('11-iframe-hidden');
  await page.evaluate(() => {
    location.hash = 'mode=RNN&hidden_size=3&table_hide=true&model_hide=true';
  });
  await page.locator('#shape-output').waitFor();
  assert.equal(await text('#shape-output'), 'torch.Size([6, 3, 3])', 'defaults: the notebook table, batch_first');
  assert.equal(await page.locator('[data-panel="table"]').isVisible(), false);
});

test('"Copy embed code" gives both snippets for the current state, and they reproduce it', async () => {
  await page.goto(browser.url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('.segmented label:has-text("nn.LSTM")');
  await page.fill('#hidden-size', '3');
  await page.click('#embed');
  const element = await page.inputValue('#embed-element');
  const iframe = await page.inputValue('#embed-iframe');
  assert.match(
    element,
    /^<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/recur-playground\.mjs"><\/script>\n<recur-playground mode="LSTM" hidden-size="3">\n\| x1  \| x2/,
  );
  assert.match(iframe, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html#mode=LSTM&amp;/);
  await shot('12-embed-dialog');
  const src = iframe.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
  await page.goto(src);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await text('#shape-c_n'), 'torch.Size([1, 6, 3])');
  // The element snippet, pasted into a page, gives the same playground.
  await page.setContent(`<!doctype html><body>${element}</body>`);
  await page.locator('recur-playground #shape-c_n').waitFor();
  assert.equal(await text('recur-playground #shape-c_n'), 'torch.Size([1, 6, 3])');
});

test('the single-file build runs from file://', async () => {
  const file = pathToFileURL(fileURLToPath(new URL('../../dist/examples/offline.html', import.meta.url))).href;
  await page.goto(file);
  await page.locator('#offline #shape-c_n').waitFor();
  assert.equal(await text('#offline #shape-c_n'), 'torch.Size([1, 6, 4])');
  assert.match(await text('#offline #last-step-check'), /^✓ equal: all 24 values/);
  await shot('13-file-url');
});

test('no errors in the console', () => {
  assert.deepEqual(browser.errors, []);
});
