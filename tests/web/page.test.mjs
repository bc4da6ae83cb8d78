// The playground in Debian's Chromium, used as a learner would: read the shapes, type a row,
// break a cell and fix it, switch mode, batch_first and num_layers. Screenshots go to
// tests/web/screenshots/ (git-ignored). In an ordinary window (1360 x 1000): every read first
// scrolls to what it reads (seen()), as a person does, since the page draws a card only when it
// comes near the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { seen, start, screenshotDir } from './browser.mjs';
import { readCells } from './cells.mjs';

let browser, page;
/** What `selector` shows, scrolled into view first. */
const text = async (selector) => {
  await seen(page, selector);
  return page.textContent(selector);
};
const shape = (name) => text(`#shape-${name}`);
// The window, with `subject` in view.
const shot = async (name, subject) => {
  await seen(page, subject);
  await page.screenshot({ path: `${screenshotDir}${name}.png` });
};
const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8'));

before(async () => {
  browser = await start({ viewport: { width: 1360, height: 1000 } });
  page = browser.page;
  await page.goto(browser.url);
  await page.waitForSelector('body[data-ready="true"]');
});

after(async () => {
  await browser?.stop();
});

test("the page opens on the notebook's table with batch_first on", async () => {
  const typed = await page.inputValue('#table');
  assert.match(
    typed,
    /^\| x1 {2}\| x2 {2}\| x3 {2}\| y \|\n\| --- \| --- \| --- \| - \|\n\| 001 \| 010 \| 100 \| 1 \|/,
  );
  assert.equal(typed.trim().split('\n').length, 8);
  assert.equal(await page.isChecked('#batch-first'), true);
  assert.equal(await shape('x'), 'torch.Size([6, 3, 3])');
  assert.equal(await shape('output'), 'torch.Size([6, 3, 4])');
  assert.equal(await shape('h_n'), 'torch.Size([1, 6, 4])');
  assert.match(await text('#shape-c_n'), /—/);
  assert.match(
    await text('#last-step-check'),
    /^✓ equal: all 24 values of output\[:, -1\] are identical to h_n\[-1\]$/,
  );
  assert.match(await text('#engine'), /SIMD128/);
  await shot('01-default', '#shape-x');
});

test("the values on the page are PyTorch's (nn.RNN(3, 4), seed 0, the notebook table)", async () => {
  // Each cell's tooltip holds its exact value: compare every h_n and output cell with the fixture.
  const f = fixture('rnn_table');
  const read = async (sel) => {
    await seen(page, sel);
    return (await readCells(page, sel)).map((c) => c.text);
  };
  const hn = await read('#values-h_n');
  assert.equal(hn.length, 24);
  hn.forEach((title, k) => {
    const [, l, b, u, v] = title.match(/^h_n\[(\d+), (\d+), (\d+)\] = (.+)$/);
    assert.ok(Math.abs(Number(v) - f.h_n.data[(+l * 6 + +b) * 4 + +u]) <= 1e-5, title);
  });
  const out = await read('#values-output');
  assert.equal(out.length, 72);
  for (const title of out) {
    const [, b, t, u, v] = title.match(/^output\[(\d+), (\d+), (\d+)\] = (.+)$/);
    assert.ok(Math.abs(Number(v) - f.output.data[(+b * 3 + +t) * 4 + +u]) <= 1e-5, title);
  }
});

test('the JS API in the browser matches a PyTorch fixture (LSTM)', async () => {
  const f = fixture('lstm_table');
  const worst = await page.evaluate(async (f) => {
    const { loadRecur } = await import('./recur.mjs');
    const recur = await loadRecur();
    const model = recur.createModel({ ...f.config, seed: f.seed });
    const r = model.forward(recur.parseTable(f.table, { batch_first: true }).x);
    model.dispose();
    let m = 0;
    for (const key of ['output', 'h_n', 'c_n'])
      r[key].data.forEach((v, k) => {
        m = Math.max(m, Math.abs(v - f[key].data[k]));
      });
    return m;
  }, f);
  assert.ok(worst <= 1e-5, `max abs error ${worst}`);
});

test('typing a row adds a sentence', async () => {
  await page.click('#table');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('| 011 | 110 | 001 | 1 |\n');
  assert.equal(await shape('x'), 'torch.Size([7, 3, 3])');
  assert.equal(await shape('output'), 'torch.Size([7, 3, 4])');
  assert.match(await text('#table-status'), /^7 sentences × 3 time steps × 3 bits/);
  await shot('02-typed-row', '#table-status');
});

test('a broken cell names its row and column, keeps the text and the last good result', async () => {
  await page.keyboard.type('| 010 | 0a1 | 100 | 0 |');
  const status = await text('#table-status');
  assert.equal(
    status,
    "sentence 7 (line 10), column x2: '0a1' has 'a' at position 2; a cell is a string of 0s and 1s such as 010",
  );
  assert.equal(await page.getAttribute('#table', 'aria-invalid'), 'true');
  assert.match(await page.inputValue('#table'), /\| 010 \| 0a1 \| 100 \| 0 \|$/);
  assert.equal(await shape('x'), 'torch.Size([7, 3, 3])', 'the last good result stays');
  assert.ok(await page.$eval('#results', (el) => el.classList.contains('stale')));
  await shot('03-error', '#table-status');

  // Fix it as a person would: move back to the 'a' and replace it.
  for (let k = 0; k < 13; ++k) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('1');
  assert.match(await page.inputValue('#table'), /\| 010 \| 011 \| 100 \| 0 \|$/);
  assert.equal(await page.getAttribute('#table', 'aria-invalid'), null);
  assert.equal(await shape('x'), 'torch.Size([8, 3, 3])');
  assert.ok(!(await page.$eval('#results', (el) => el.classList.contains('stale'))));
  assert.match(await text('#table-status'), /^8 sentences/);
});

test('a width error and a bad label are named too', async () => {
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n001 01 100 | 1');
  assert.equal(
    await text('#table-status'),
    "sentence 8 (line 11), column x2: '01' has 2 bits, expected 3 like sentence 0's x1 (every cell is one input of input_size bits)",
  );
  for (let k = 0; k < 8; ++k) await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('0');
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('z');
  assert.equal(await text('#table-status'), "sentence 8 (line 11), column y: 'z' is not an integer label");
  await page.keyboard.press('Backspace');
  await page.keyboard.type('0');
  assert.equal(await shape('x'), 'torch.Size([9, 3, 3])');
});

test('switching to LSTM adds c_n', async () => {
  await page.click('.segmented label:has-text("nn.LSTM")');
  assert.equal(await shape('c_n'), 'torch.Size([1, 9, 4])');
  assert.equal(await shape('h_n'), 'torch.Size([1, 9, 4])');
  assert.equal(await page.isVisible('#nonlinearity'), false, 'nonlinearity is an RNN option');
  assert.match(await text('#code'), /nn\.LSTM\(input_size=3, hidden_size=4, num_layers=1, batch_first=True\)/);
  assert.match(await text('#code'), /output, \(h_n, c_n\) = lstm\(x\)/);
  await shot('04-lstm', '#shape-c_n');
});

test('batch_first off moves batch in x and output, never in h_n', async () => {
  await page.uncheck('#batch-first');
  assert.equal(await shape('x'), 'torch.Size([3, 9, 3])');
  assert.equal(await shape('output'), 'torch.Size([3, 9, 4])');
  assert.equal(await shape('h_n'), 'torch.Size([1, 9, 4])');
  assert.equal(await shape('c_n'), 'torch.Size([1, 9, 4])');
  assert.match(await text('#last-step-check'), /^✓ equal: all 36 values of output\[-1\] are identical to h_n\[-1\]$/);
  await shot('05-seq-first', '#last-step-check');
});

test('more layers and a wider hidden state', async () => {
  await page.fill('#num-layers', '2');
  await page.fill('#hidden-size', '8');
  assert.equal(await shape('h_n'), 'torch.Size([2, 9, 8])');
  assert.equal(await shape('output'), 'torch.Size([3, 9, 8])');
  assert.match(await text('#last-step'), /num_layers=2, h_n has 2 rows \(one per layer\)/);
  await page.fill('#hidden-size', '');
  assert.match(await text('#model-status'), /hidden_size must be an integer, got NaN/);
  assert.equal(await shape('h_n'), 'torch.Size([2, 9, 8])', 'the last good result stays');
  await page.fill('#hidden-size', '5');
  assert.equal(await shape('h_n'), 'torch.Size([2, 9, 5])');
  assert.equal(await text('#model-status'), '');
});

test('RNN relu, no bias, another seed', async () => {
  await page.click('.segmented label:has-text("nn.RNN")');
  await page.selectOption('#nonlinearity', 'relu');
  await page.uncheck('#bias');
  const titles = async () => {
    await seen(page, '#values-h_n');
    return (await readCells(page, '#values-h_n')).map((c) => c.text).join();
  };
  const before = await titles();
  await page.fill('#seed', '42');
  const after = await titles();
  assert.notEqual(before, after);
  assert.match(
    await text('#code'),
    /torch\.manual_seed\(42\)\nrnn = nn\.RNN\(input_size=3, hidden_size=5, num_layers=2, nonlinearity='relu', bias=False, batch_first=False\)/,
  );
  assert.equal(await shape('c_n'), '—');
  await shot('06-rnn-relu', '#values-h_n');
});

test('no errors in the console', () => {
  assert.deepEqual(browser.errors, []);
});
