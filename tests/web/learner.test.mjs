// The learner's playground (issue: see inside every step, in Chinese or English), used as a
// person would: shapes with their dimension names moving when batch_first flips, PyTorch's
// print() beside the heat maps, hovering for exact values, stepping through time with the
// equation plugged in, the Linear head, the presets, the code panel, zh/en, shared links and a
// phone-sized screen. Values are checked against the PyTorch fixtures; screenshots go to
// tests/web/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { start, screenshotDir } from './browser.mjs';
import { clickCell, hoverCell, readCells } from './cells.mjs';

let browser, page;
const shot = (name) => page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8'));
const text = (sel) => page.textContent(sel);
const num = (v) => ({ nan: NaN, inf: Infinity, '-inf': -Infinity })[v] ?? v;
const cells = (sel) => readCells(page, sel);
// Row-major offset of an index in a tensor of `shape`.
const offset = (index, shape) => index.reduce((at, i, d) => at * shape[d] + i, 0);
const fmt4 = (v) => v.toFixed(4);
// Every drawn cell of #values-<name> within `tolerance` of the same index of `want`.
async function valuesMatch(name, want, tolerance = 1e-5) {
  const drawn = await cells(`#values-${name}`);
  assert.ok(drawn.length > 0, `#values-${name} draws no cells`);
  for (const { index, value } of drawn)
    assert.ok(Math.abs(value - want.data[offset(index, want.shape)]) <= tolerance, `${name}[${index}]`);
}
// Reading a file is asynchronous in the page: wait until the element says what is expected.
const waitText = (sel, pattern) =>
  page.waitForFunction(
    ([s, source]) => new RegExp(source).test(document.querySelector(s)?.textContent ?? ''),
    [sel, pattern.source],
  );

const open = (hash) => browser.open(hash);

before(async () => {
  browser = await start();
  page = browser.page;
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await browser.fresh();
});

after(async () => {
  await browser?.stop();
});

test('each dimension is named, and batch_first moves batch (animated) in x and output but not in h_n', async () => {
  const names = (id) => page.$$eval(`#shape-${id} .dim`, (d) => d.map((e) => e.dataset.name));
  assert.deepEqual(await names('x'), ['batch', 'seq_len', 'input_size']);
  assert.deepEqual(await names('h_n'), ['num_layers', 'batch', 'hidden_size']);
  await page.uncheck('#batch-first');
  // The dimensions glide to their new places (450 ms, once the worker's result is drawn).
  const moving = await page
    .waitForFunction(
      () => {
        const n = document.getAnimations().filter((a) => a.effect?.target?.classList.contains('dim')).length;
        return n >= 4 && n;
      },
      null,
      { polling: 'raf', timeout: 10000 },
    )
    .then(
      (n) => n.jsonValue(),
      () => 0,
    );
  assert.ok(moving >= 4, `${moving} dimensions animated`);
  assert.deepEqual(await names('x'), ['seq_len', 'batch', 'input_size']);
  assert.deepEqual(await names('output'), ['seq_len', 'batch', 'hidden_size']);
  assert.deepEqual(await names('h_n'), ['num_layers', 'batch', 'hidden_size']);
  assert.equal(await text('#shape-output'), 'torch.Size([3, 6, 4])');
  assert.match(await text('#shapes'), /batch_first=False: time steps first/);
  await page.check('#batch-first');
});

test('print() shows the results exactly as PyTorch printed them', async () => {
  const f = fixture('rnn_table');
  await page.click('label:has-text("print()")');
  assert.equal(await text('#print-output'), f.printed.output);
  assert.equal(await text('#print-h_n'), f.printed.h_n);
  assert.equal(await page.locator('#print-c_n').count(), 0);
  await shot('20-print');
  await page.click('label:has-text("heat map")');
  assert.equal((await cells('#values-output')).length, 72);
});

test("hovering a heat-map cell shows its index and exact value, which is PyTorch's", async () => {
  const f = fixture('rnn_table');
  await page.locator('#values-h_n .cell').nth(6).hover(); // h_n[0, 1, 2]
  const readout = await text('#values-readout');
  const [, l, b, k, v] = readout.match(/^h_n\[(\d+), (\d+), (\d+)\] = (.+)$/);
  assert.deepEqual([+l, +b, +k], [0, 1, 2]);
  assert.ok(Math.abs(Number(v) - f.h_n.data[offset([+l, +b, +k], f.h_n.shape)]) <= 1e-5);
  // One colour scale for output, h_n and c_n, with a legend.
  assert.equal(await page.locator('[data-panel="values"] .legend').count(), 1);
});

test('stepping through time shows every gate of an LSTM step, equal to PyTorch step by step', async () => {
  const f = fixture('lstm_table');
  const m = f.intermediates; // [L, T, B, n], PyTorch recomputed step by step
  await page.click('.segmented label:has-text("nn.LSTM")');
  await page.selectOption('#step-sentence', '3');
  // Keyboard: focus the time slider and press the right arrow twice.
  await page.focus('#step-slider');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('#step-values', 'data-step'), '2');
  assert.match(await text('#step-where'), /^t = 2 of 0…2 \(x3\)$/);
  const H = 4,
    T = 3,
    B = 6,
    t = 2,
    b = 3;
  const step = (name) =>
    m[name].data.slice(((0 * T + t) * B + b) * m[name].shape[3], ((0 * T + t) * B + b + 1) * m[name].shape[3]).map(num);
  // h_{t-1}, c_{t-1}, c_t and h_t as drawn, against PyTorch.
  const drawn = await cells('#step-values, #step-state');
  const expect = {
    'h_{t-1}': m.h.data.slice(((0 * T + 1) * B + b) * H, ((0 * T + 1) * B + b + 1) * H),
    'c_{t-1}': m.c.data.slice(((0 * T + 1) * B + b) * H, ((0 * T + 1) * B + b + 1) * H),
    c_t: step('c'),
    h_t: step('h'),
  };
  let compared = 0;
  for (const { name, index, value } of drawn) {
    if (!expect[name]) continue;
    assert.ok(Math.abs(value - expect[name][index[0]]) <= 1e-5, `${name}[${index}] ${value}`);
    compared += 1;
  }
  assert.equal(compared, 16);
  // The gates: i, f, g, o after σ / tanh, every unit.
  const gates = (await cells('#step-gates')).filter((c) => c.name.endsWith(' gate'));
  assert.equal(gates.length, 16);
  const activated = step('gates');
  for (const { name, index, value } of gates) {
    const g = 'ifgo'.indexOf(name[0]);
    assert.ok(Math.abs(value - activated[g * H + index[0]]) <= 1e-5, `${name}[${index}]`);
  }
  // The equation for unit 2, numbers plugged in: point at one of its cells.
  await hoverCell(page, '#step-gates', 3, 1, 2); // the gate row, f_t, unit 2
  assert.match(await text('[data-panel="steps"] h3:nth-of-type(2)'), /unit j = 2/);
  const plugged = await text('#step-plugged');
  for (const v of [
    activated[2],
    activated[H + 2],
    activated[2 * H + 2],
    activated[3 * H + 2],
    step('c')[2],
    step('h')[2],
  ])
    assert.ok(plugged.includes(fmt4(v)), `${fmt4(v)} in the plugged equation`);
  assert.match(await text('#step-equation'), /σ|\\sigma/);
  await page.locator('[data-panel="steps"]').screenshot({ path: `${screenshotDir}21-steps-lstm.png` });
  await shot('21-steps-page');
});

test('play unrolls the steps one by one, and a click on the timeline jumps', async () => {
  await page.click('#step-first');
  assert.equal(await page.getAttribute('#step-values', 'data-step'), '0');
  await page.click('#step-play');
  assert.equal(await page.getAttribute('#step-play', 'aria-pressed'), 'true');
  await page.waitForFunction(() => document.querySelector('#step-values')?.dataset.step === '2', null, {
    timeout: 5000,
  });
  await page.waitForFunction(
    () => document.querySelector('#step-play').getAttribute('aria-pressed') === 'false',
    null,
    { timeout: 3000 },
  );
  await clickCell(page, '#step-timeline', 0, 1);
  assert.equal(await page.getAttribute('#step-values', 'data-step'), '1');
});

test("more layers: the layer picker shows the layer below as this layer's input", async () => {
  await page.fill('#num-layers', '2');
  await page.selectOption('#step-layer', '1');
  assert.match(await text('#step-values'), /x_t = h_t \(layer 0\)/);
  assert.match(
    await text('#last-step'),
    /num_layers=2, h_n has 2 rows \(one per layer\); only h_n\[-1\], the top layer, appears in output/,
  );
  await page.fill('#num-layers', '1');
  await page.click('.segmented label:has-text("nn.RNN")');
});

test('the Linear head: logits and softmax from h_n[-1], the predicted class beside y', async () => {
  const f = fixture('rnn_table');
  assert.match(
    await text('#head'),
    /head = nn\.Linear\(4, 2\) on h_n\[-1\] \(out_features auto: one class per label of y\)/,
  );
  const logits = await cells('#head');
  assert.equal(logits.length, 12);
  for (const { index, value } of logits)
    assert.ok(Math.abs(value - f.head.logits.data[offset(index, f.head.logits.shape)]) <= 1e-5);
  const predicted = await page.$$eval('#head td.predicted', (tds) =>
    tds.map((td) => Number(td.textContent.split(' ')[0])),
  );
  predicted.forEach((p, b) => {
    const row = f.head.logits.data.slice(b * 2, b * 2 + 2);
    assert.equal(p, row[1] > row[0] ? 1 : 0, `sentence ${b}`);
  });
  // ŷ beside y in the table the learner typed
  assert.deepEqual(
    await page.$$eval('#table-preview .predicted', (tds) => tds.map((td) => Number(td.textContent))),
    predicted,
  );
  assert.match(await text('#head-accuracy'), /^\d of 6 predictions equal y/);
  await page.fill('#out-features', '3');
  assert.equal((await cells('#head')).length, 18);
  assert.match(await text('#code'), /head = nn\.Linear\(4, 3\)/);
  await page.fill('#out-features', '0');
});

test("the notebook's random example: 128x28x12, RNN 2 layers, the notebook's shapes and PyTorch's values", async () => {
  const f = fixture('rnn_notebook_random');
  await page.selectOption('#preset', 'notebook-rnn');
  await page.locator('#random-form').waitFor();
  assert.equal(await text('#shape-x'), 'torch.Size([128, 28, 12])');
  assert.equal(await text('#shape-output'), 'torch.Size([128, 28, 64])');
  assert.equal(await text('#shape-h_n'), 'torch.Size([2, 128, 64])');
  await valuesMatch('h_n', f.h_n);
  // Hidden 64 is drawn on one canvas a table; pointing at a cell still reads it exactly.
  await hoverCell(page, '#values-h_n', 5, 1, 7); // sentence 5, layer 1, unit 7
  const [, l, b, k, v] = (await text('#values-readout')).match(/^h_n\[(\d+), (\d+), (\d+)\] = (.+)$/);
  assert.deepEqual([+l, +b, +k], [1, 5, 7]);
  assert.ok(Math.abs(Number(v) - f.h_n.data[offset([1, 5, 7], f.h_n.shape)]) <= 1e-5);
  assert.match(await text('#head'), /nn\.Linear\(64, 10\)/);
  assert.match(await text('#code'), /torch\.manual_seed\(0\)\nx = torch\.rand\(128, 28, 12\)/);
  await page.click('label:has-text("print()")');
  assert.equal(await text('#print-h_n'), f.printed.h_n);
  await shot('22-notebook-random');
  await page.uncheck('#batch-first');
  assert.equal(await text('#shape-x'), 'torch.Size([28, 128, 12])');
  assert.equal(await text('#shape-output'), 'torch.Size([28, 128, 64])');
  assert.equal(await text('#shape-h_n'), 'torch.Size([2, 128, 64])');
  await page.selectOption('#preset', 'notebook-lstm');
  assert.equal(await text('#shape-c_n'), 'torch.Size([1, 128, 64])');
  assert.equal(await text('#shape-output'), 'torch.Size([128, 28, 64])');
  // A bad shape is named and the form keeps it.
  await page.fill('#seq-len', '0');
  assert.match(await text('#random-status'), /^seq_len must be an integer from 1 to 256, got "0"$/);
  assert.equal(await page.inputValue('#seq-len'), '0');
  await page.fill('#seq-len', '5');
  assert.equal(await text('#shape-x'), 'torch.Size([128, 5, 12])');
  await page.click('label:has-text("heat map")');
});

test('the teaching presets load their tables', async () => {
  for (const [id, x] of [
    ['memory', 'torch.Size([8, 6, 3])'],
    ['parity', 'torch.Size([8, 4, 1])'],
    ['order', 'torch.Size([6, 3, 3])'],
    ['notebook', 'torch.Size([6, 3, 3])'],
  ]) {
    await page.selectOption('#preset', id);
    assert.equal(await text('#shape-x'), x, id);
    assert.equal(await page.getAttribute('#table', 'aria-invalid'), null, id);
  }
});

test('the PyTorch code panel shows runnable code for the setup and copies it', async () => {
  const code = await text('#code');
  assert.match(code, /^import torch\nimport torch\.nn as nn\n/);
  assert.match(code, /x = torch\.tensor\(\[\[\[0\., 0\., 1\.\], \[0\., 1\., 0\.\], \[1\., 0\., 0\.\]\],/);
  assert.match(code, /y = torch\.tensor\(\[1, 0, 1, 1, 0, 0\]\)/);
  assert.match(
    code,
    /rnn = nn\.RNN\(input_size=3, hidden_size=4, num_layers=1, batch_first=True\)\nhead = nn\.Linear\(4, 2\)/,
  );
  assert.match(code, /print\(torch\.equal\(output\[:, -1\], h_n\[-1\]\)\)/);
  await page.click('#copy-code');
  await page.waitForFunction(() => document.querySelector('[data-panel="code"] [role="status"]').textContent !== '');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
});

test("中文: every heading switches, the notebook's terms appear, and the choice is remembered", async () => {
  await page.selectOption('#language', 'zh');
  assert.equal(await text('[data-panel="shapes"] h2'), '形状');
  assert.match(await text('[data-panel="steps"] h2'), /^按时间步展开/);
  assert.match(await text('[data-panel="table"]'), /序列长度 seq_len/);
  assert.deepEqual(await page.$$eval('#shape-x .dim', (d) => d.map((e) => e.dataset.gloss)), [
    '批大小',
    '序列长度',
    '输入维度',
  ]);
  assert.match(await text('#head'), /权重还没有训练，在模型学会之前，预测与随机猜测无异/);
  // The page around the playground too: header, button, footer.
  assert.equal(await text('#embed'), '复制嵌入代码');
  assert.match(await text('.tagline'), /^nn\.RNN、nn\.LSTM 与 nn\.GRU，实时运行/);
  assert.match(await text('#engine'), /就绪$/);
  assert.match(await text('footer'), /由 Recur 的 C\+\+ 核心/);
  await shot('23-zh');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.inputValue('#language'), 'zh');
  assert.equal(await text('[data-panel="shapes"] h2'), '形状');
  await page.selectOption('#language', 'en');
});

test('a shared link restores the whole setup exactly, typed text included', async () => {
  await page.click('.segmented label:has-text("nn.LSTM")');
  await page.fill('#hidden-size', '3');
  await page.click('#table');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('| 011 | 110 | 001 | 1 |\n');
  await page.selectOption('#step-sentence', '6');
  await page.click('#step-next');
  await page.selectOption('#language', 'zh');
  // The address follows once typing pauses (a quarter second).
  await page.waitForFunction(() => location.hash.includes('mode=LSTM') && location.hash.includes('language=zh'));
  const link = await page.evaluate(() => location.href);
  const table = await page.inputValue('#table');
  const other = await browser.context.newPage();
  await other.goto(link);
  await other.waitForSelector('body[data-ready="true"]');
  assert.equal(await other.inputValue('#table'), table);
  assert.equal(await other.textContent('#shape-c_n'), 'torch.Size([1, 7, 3])');
  assert.equal(await other.inputValue('#step-sentence'), '6');
  assert.equal(await other.getAttribute('#step-values', 'data-step'), '1');
  assert.equal(await other.inputValue('#language'), 'zh');
  // The equation, once typeset as on the first page: KaTeX loads when the steps card is first
  // seen, so it is looked at first, as a person scrolls to it.
  for (const p of [page, other]) {
    await p.locator('#step-plugged').scrollIntoViewIfNeeded();
    await p.waitForSelector('#step-plugged annotation', { state: 'attached' });
  }
  assert.equal(await other.textContent('#step-plugged'), await text('#step-plugged'));
  await other.close();
  // A link with a value Recur cannot use says so and opens anyway.
  await open('mode=SRU&hidden_size=5&colour=red&language=en');
  assert.match(await text('#link-status'), /colour \(unknown\), mode \(invalid value\)/);
  assert.equal(await text('#shape-h_n'), 'torch.Size([1, 6, 5])');
});

test('a phone-sized screen: one column, nothing wider than the screen', async () => {
  await open('step=1');
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than the screen`);
  await shot('24-phone');
  await page.setViewportSize(size);
});

test('a browser that prefers Chinese opens in Chinese', async () => {
  const zh = await start({ locale: 'zh-CN' });
  try {
    await zh.page.goto(zh.url);
    await zh.page.waitForSelector('body[data-ready="true"]');
    assert.equal(await zh.page.inputValue('#language'), 'zh');
    assert.equal(await zh.page.textContent('[data-panel="shapes"] h2'), '形状');
    assert.deepEqual(zh.errors, []);
  } finally {
    await zh.stop();
  }
});

test('nn.GRU: gates r, z, n step by step, equal to PyTorch; no c_n', async () => {
  const f = fixture('gru_table');
  const m = f.intermediates; // [L, T, B, n]
  await open('mode=GRU&sentence=4&step=1&language=en');
  assert.equal(await text('#shape-h_n'), 'torch.Size([1, 6, 4])');
  assert.equal(await text('#shape-c_n'), '—');
  assert.match(await text('#shapes'), /nn\.GRU has no cell state/);
  assert.equal(await page.isVisible('#nonlinearity'), false, 'nonlinearity is an RNN option');
  assert.match(await text('#code'), /gru = nn\.GRU\(input_size=3, hidden_size=4, num_layers=1, batch_first=True\)\n/);
  assert.match(await text('#code'), /output, h_n = gru\(x\)/);
  const H = 4,
    T = 3,
    B = 6,
    t = 1,
    b = 4;
  const step = (name) =>
    m[name].data.slice((t * B + b) * m[name].shape[3], (t * B + b + 1) * m[name].shape[3]).map(num);
  const drawn = await cells('#step-gates');
  assert.equal(drawn.length, 4 * 3 * H);
  const want = {
    'W_ih x_t + b_ih': step('input_term'),
    'W_hh h_{t-1} + b_hh': step('hidden_term'),
    sum: step('preactivation'),
    gate: step('gates'),
  };
  for (const { name, index, value } of drawn) {
    const [gate, quantity] = [name[0], name.slice(4)];
    const expected = want[quantity]['rzn'.indexOf(gate) * H + index[0]];
    assert.ok(Math.abs(value - expected) <= 1e-5, `${name}[${index}] ${value} vs ${expected}`);
  }
  const plugged = await text('#step-plugged');
  for (const v of [...step('gates').filter((_, k) => k % H === 0), step('h')[0]])
    assert.ok(plugged.includes(fmt4(v)), `${fmt4(v)} in the plugged equation`);
  assert.match(await text('#step-equation'), /n_t/);
  await page.locator('[data-panel="steps"]').screenshot({ path: `${screenshotDir}25-steps-gru.png` });
});

test('dropout: checked like PyTorch, its warning shown, and the forward is the eval-mode one', async () => {
  await open('language=en');
  // The Values card is drawn once it is seen (a card below the first screen waits for that).
  await page.locator('#values').scrollIntoViewIfNeeded();
  await page.waitForSelector('#values-output .cell[title], #values-output canvas.heat-canvas');
  const before = (await readCells(page, '#values-output')).map((c) => c.text).join();
  assert.notEqual(before, '');
  await page.fill('#dropout', '0.5');
  assert.match(
    await text('#model-status'),
    /^UserWarning: dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=0\.5 and num_layers=1\n/,
  );
  assert.match(await text('#model-status'), /eval-mode forward/);
  assert.equal(
    (await readCells(page, '#values-output')).map((c) => c.text).join(),
    before,
    'dropout changes nothing in eval mode',
  );
  assert.match(
    await text('#code'),
    /nn\.RNN\(input_size=3, hidden_size=4, num_layers=1, dropout=0\.5, batch_first=True\)/,
  );
  assert.match(await text('#code'), /\nrnn\.eval\(\)/);
  await page.fill('#num-layers', '2');
  assert.doesNotMatch(await text('#model-status'), /UserWarning/);
  await page.fill('#dropout', '1.5');
  assert.equal(
    await text('#model-status'),
    'dropout should be a number in range [0, 1] representing the probability of an element being zeroed',
  );
  await page.fill('#dropout', '0');
  await page.fill('#num-layers', '1');
  assert.equal(await text('#model-status'), '');
});

test("LSTM proj_size: h, output and h_n are proj_size wide, c_n hidden_size, values PyTorch's", async () => {
  const f = fixture('lstm_proj_table'); // nn.LSTM(3, 5, proj_size=2), seed 14
  await open('mode=LSTM&hidden_size=5&proj_size=2&seed=14&step=2&language=en');
  assert.equal(await text('#shape-output'), 'torch.Size([6, 3, 2])');
  assert.equal(await text('#shape-h_n'), 'torch.Size([1, 6, 2])');
  assert.equal(await text('#shape-c_n'), 'torch.Size([1, 6, 5])');
  assert.deepEqual(await page.$$eval('#shape-h_n .dim', (d) => d.map((e) => e.dataset.name)), [
    'num_layers',
    'batch',
    'proj_size',
  ]);
  for (const name of ['h_n', 'c_n']) await valuesMatch(name, f[name]);
  assert.match(
    await text('#code'),
    /nn\.LSTM\(input_size=3, hidden_size=5, num_layers=1, proj_size=2, batch_first=True\)\nhead = nn\.Linear\(2, 2\)/,
  );
  assert.match(await text('#step-state'), /W_hr \(o_t ⊙ tanh\(c_t\)\)/);
  await page.click('.segmented label:has-text("nn.GRU")');
  assert.equal(await page.isVisible('#proj-size'), false, 'proj_size is an LSTM option');
  assert.equal(await text('#shape-h_n'), 'torch.Size([1, 6, 5])');
});

test('bidirectional: output holds both directions, h_n a row each, and the page says why output[-1] is not h_n[-1]', async () => {
  const f = fixture('lstm_bidirectional_table'); // nn.LSTM(3, 4, bidirectional=True), seed 17
  await open('mode=LSTM&bidirectional=true&seed=17&language=en');
  assert.equal(await text('#shape-output'), 'torch.Size([6, 3, 8])');
  assert.equal(await text('#shape-h_n'), 'torch.Size([2, 6, 4])');
  assert.deepEqual(await page.$$eval('#shape-output .dim', (d) => d.map((e) => e.dataset.name)), [
    'batch',
    'seq_len',
    '2*hidden_size',
  ]);
  for (const name of ['h_n', 'c_n']) await valuesMatch(name, f[name]);
  assert.equal(
    await text('#last-step-check'),
    '✓ equal: all 48 values of output[:, -1, :4] and output[:, 0, 4:] are identical to h_n[-2] and h_n[-1]',
  );
  assert.match(await text('#last-step'), /output\[-1\] is not h_n\[-1\]/);
  assert.match(await text('#code'), /bidirectional=True/);
  // The reverse row of the step view starts from the end: its state before t = 2 is h0.
  await page.selectOption('#step-layer', '1');
  await page.focus('#step-slider');
  await page.keyboard.press('End');
  assert.match(await text('#step-values'), /h0: zeros/);
  const m = f.intermediates,
    T = 3,
    B = 6,
    H = 4,
    row = 1,
    t = 2;
  const want = m.h.data.slice((row * T + t) * B * H, ((row * T + t) * B + 1) * H);
  const drawn = (await cells('#step-state')).filter((c) => c.name === 'h_t');
  drawn.forEach(({ index, value }) => assert.ok(Math.abs(value - want[index[0]]) <= 1e-5));
  assert.equal(drawn.length, H);
});

test('weights: a state_dict trained in PyTorch loads from .safetensors, the page offers its configuration, reproduces PyTorch, and saves both formats', async () => {
  const dir = new URL('../fixtures/weights/', import.meta.url);
  const expected = JSON.parse(readFileSync(new URL('trained_lstm_expected.json', dir), 'utf8'));
  await open('language=en');
  assert.match(await text('#weights-status'), /^Weights: torch\.manual_seed\(0\)/);
  await page.setInputFiles('#weights-file', fileURLToPath(new URL('trained_lstm.safetensors', dir)));
  await page.locator('#switch-config').waitFor();
  assert.match(
    await text('#weights-status'),
    /^trained_lstm\.safetensors was made by nn\.LSTM\(3, 8\), not by this setup\./,
  );
  assert.match(await text('#model-status'), /The loaded weights \(trained_lstm\.safetensors\) do not fit this setup/);
  await page.click('#switch-config');
  assert.equal(await text('#shape-c_n'), 'torch.Size([1, 6, 8])');
  assert.match(await text('#weights-status'), /^Weights: trained_lstm\.safetensors \(loaded/);
  for (const name of ['h_n', 'c_n']) await valuesMatch(name, expected.f32[name]);
  // Trained: the head is still untrained, but the LSTM's state now separates the labels.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-safetensors')]);
  const saved = readFileSync(await download.path());
  assert.deepEqual(
    saved,
    readFileSync(new URL('trained_lstm.safetensors', dir)),
    "saved byte for byte as PyTorch's side wrote it",
  );
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('#save-json')]);
  const json = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8'));
  assert.deepEqual(Object.keys(json), ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']);
  assert.deepEqual(json.weight_hh_l0.shape, [32, 8]);
  // A JSON state_dict loads the same way, and a broken file is named.
  await page.setInputFiles('#weights-file', {
    name: 'broken.safetensors',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from([1, 2, 3]),
  });
  await waitText('#weights-status', /^broken\.safetensors: safetensors: the file has 3 bytes/);
  await page.setInputFiles('#weights-file', fileURLToPath(new URL('trained_lstm.json', dir)));
  await waitText('#weights-status', /^Weights: trained_lstm\.json \(loaded/);
  await shot('26-weights');
  // Dropped on the model card, as from a file manager: a real drop event with the file in its
  // DataTransfer, through the card's own handlers.
  await open('language=en');
  const bytes = [...readFileSync(new URL('trained_lstm.safetensors', dir))];
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], 'dropped.safetensors'));
    const card = document.querySelector('[data-panel=model]');
    for (const type of ['dragenter', 'dragover', 'drop'])
      card.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, bytes);
  await page.locator('#switch-config').waitFor();
  assert.match(await text('#weights-status'), /^dropped\.safetensors was made by nn\.LSTM\(3, 8\)/);
});

test("h0 = torch.rand and one sentence unbatched: the shapes, the step view starting from h0, the API's numbers, the code", async () => {
  await page.goto('about:blank'); // a fresh page: no weights file from the test before
  await open('language=en&mode=LSTM&num_layers=2&bidirectional=true&h0=rand&h0_seed=7&unbatched=true&sentence=3');
  assert.equal(await text('#shape-h0'), 'torch.Size([4, 6, 4])');
  assert.equal(await text('#shape-c0'), 'torch.Size([4, 6, 4])');
  assert.equal(await text('#shape-x-alone'), 'torch.Size([3, 3])');
  assert.equal(await text('#shape-output-alone'), 'torch.Size([3, 8])');
  assert.equal(await text('#shape-h_n-alone'), 'torch.Size([4, 4])');
  assert.equal(await text('#shape-c_n-alone'), 'torch.Size([4, 4])');
  assert.match(await text('#unbatched-verdict'), /^✓ 40 of 40 values of output and h_n equal sentence 3/);
  // The page's h_n is the API's with h0 = torch.rand after manual_seed(7), c0 after manual_seed(8).
  const { loadRecur } = await import('../../dist/recur.mjs');
  const recur = await loadRecur();
  const model = recur.createModel({
    mode: 'LSTM',
    input_size: 3,
    hidden_size: 4,
    num_layers: 2,
    bidirectional: true,
    batch_first: true,
  });
  const table = recur.parseTable(
    readFileSync(new URL('../../web/notebook.mjs', import.meta.url), 'utf8').match(/`([^`]*)`/)[1],
    { batch_first: true },
  );
  const h0 = recur.rand([4, 6, 4], { seed: 7 }),
    c0 = recur.rand([4, 6, 4], { seed: 8 });
  const want = model.forward(table.x, { h0, c0 }).h_n;
  await valuesMatch('h_n', want, 1e-7);
  model.dispose();
  // Step 0 of layer 0 reads h0[0, 3] as h_{t-1}.
  const start = (await cells('#step-values')).filter((c) => c.name === 'h_{t-1}');
  assert.equal(start.length, 4);
  for (const { index, value } of start) assert.ok(Math.abs(value - h0.data[(0 * 6 + 3) * 4 + index[0]]) <= 1e-7);
  assert.match(await text('#step-values'), /h0: torch\.rand \(seed 7\)/);
  const code = await text('#code');
  assert.match(code, /torch\.manual_seed\(7\)\nh0 = torch\.rand\(4, 6, 4\)/);
  assert.match(code, /lstm\(x, \(h0, c0\)\)/);
  assert.match(code, /lstm\(x\[3\], \(h0\[:, 3\], c0\[:, 3\]\)\)/);
  await page.locator('[data-panel=shapes]').screenshot({ path: `${screenshotDir}27-h0-unbatched.png` });
});

test('no errors in the console', () => {
  assert.deepEqual(browser.errors, []);
});
