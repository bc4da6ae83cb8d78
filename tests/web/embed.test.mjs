// Embedding: two <recur-playground> elements on a tutorial page, attribute changes, the iframe
// page with its _hide flags, the "Copy embed code" round trip, and the classic single-file build
// opened from file://. Screenshots go to tests/web/screenshots/. In an ordinary window (1360 x
// 1000): every read first scrolls to what it reads (seen()), as a person does, since a playground
// draws a card only when it comes near the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { seen, start, screenshotDir } from './browser.mjs';
import { iframeOptions, pages } from './engines/page.mjs';

let browser, page;
// Playwright's CSS selectors pierce open shadow roots: '#first #shape-x' is inside the element.
// seen() steps into an element's shadow root with ' >>> ': '#first >>> #shape-x'.
const inside = (selector) => selector.replace(/^(#first|#second|#offline|recur-playground) /, '$1 >>> ');
const show = (selector) => seen(page, inside(selector));
/** What `selector` shows, scrolled into view first. */
const text = async (selector) => {
  await show(selector);
  return page.locator(selector).textContent();
};
const count = async (selector) => {
  await show(selector);
  return page.locator(selector).count();
};
/** Scrolls to `selector` (again) until it is on the page: a playground computes once WebAssembly is ready. */
const appear = async (selector, timeout = 30000) => {
  for (const end = Date.now() + timeout; !(await show(selector));)
    if (Date.now() > end) throw new Error(`${selector} never appeared`);
};
// The window, with `subject` in view.
const shot = async (name, subject) => {
  await show(subject);
  await page.screenshot({ path: `${screenshotDir}${name}.png` });
};
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
  browser = await start({ viewport: { width: 1360, height: 1000 } });
  page = browser.page;
});

after(async () => {
  await browser?.stop();
});

test('two playgrounds on a tutorial page, each with its own table, options and panels', async () => {
  await page.goto(`${browser.url}examples/tutorial.html`);
  await appear('#first #shape-output');
  await appear('#second #shape-output');
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
  assert.equal(await count('#first [data-panel="values"]'), 0);
  assert.equal(await count('#first #last-step-check'), 1);
  assert.equal(await page.locator('#second [data-panel="table"]').isVisible(), false);
  assert.equal(await count('#second #values-c_n'), 1);
  assert.match(await text('#second #code'), /nn\.LSTM\(input_size=3, hidden_size=4, num_layers=2, batch_first=False\)/);
  // language="zh"
  assert.equal(await text('#second [data-panel="shapes"] h2'), '形状');
  assert.equal(await text('#first [data-panel="shapes"] h2'), 'Shapes');
  await shot('10-tutorial', '#second [data-panel="shapes"] h2');
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
  await show('#first #shape-h_n');
  await waitText('#shape-h_n', 'torch.Size([1, 4, 5])');
  assert.equal(await text('#first #shape-h_n'), 'torch.Size([1, 4, 5])');
  await page.evaluate(() => document.querySelector('#second').setAttribute('panels', 'shapes'));
  assert.equal(await count('#second #values'), 0);
  await page.evaluate(() => document.querySelector('#second').setAttribute('mode', 'RNN'));
  assert.equal(await text('#second #shape-c_n'), '—', 'nn.RNN has no c_n');
});

test('the iframe page follows its URL hash, and _hide flags strip panels', async () => {
  await page.goto(`${browser.url}${pages.iframe}#${new URLSearchParams(iframeOptions)}`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await count('[data-panel="shapes"]'), 0);
  assert.equal(await count('#code'), 0);
  assert.match(await text('#values-output h3'), /\[seq_len=2, batch=3, hidden_size=2\]/);
  assert.equal(await page.inputValue('#table'), iframeOptions.table);
  await shot('11-iframe-hidden', '#values-output');
  await page.evaluate(() => {
    location.hash = 'mode=RNN&hidden_size=3&table_hide=true&model_hide=true';
  });
  await appear('#shape-output');
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
  await shot('12-embed-dialog', '#embed-element');
  const src = iframe.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
  await page.goto(src);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await text('#shape-c_n'), 'torch.Size([1, 6, 3])');
  // The element snippet, pasted into a page, gives the same playground.
  await page.setContent(`<!doctype html><body>${element}</body>`);
  await appear('recur-playground #shape-c_n');
  assert.equal(await text('recur-playground #shape-c_n'), 'torch.Size([1, 6, 3])');
});

test('the single-file build runs from file://', async () => {
  const file = pathToFileURL(fileURLToPath(new URL('../../dist/examples/offline.html', import.meta.url))).href;
  await page.goto(file);
  await appear('#offline #shape-c_n');
  assert.equal(await text('#offline #shape-c_n'), 'torch.Size([1, 6, 4])');
  assert.match(await text('#offline #last-step-check'), /^✓ equal: all 24 values/);
  await shot('13-file-url', '#offline #last-step-check');
});

test('no errors in the console', () => {
  assert.deepEqual(browser.errors, []);
});
