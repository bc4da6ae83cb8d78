// The compute in a worker (issue #13, never freeze): the page starts one module Worker and its
// own thread holds no WebAssembly; text typed faster than it is computed is never lost and never
// shown out of order (the latest state wins); a paste over a selection is computed once, on what
// the text area holds; a training run goes on in the worker while the learner types; the
// single-file page opened from the disk computes on its own thread (no worker there) with the
// same numbers; and in the Values card every value of a wide layer can be brought into the
// drawing with the sentence, step and unit sliders, and reads PyTorch's value.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { paste, start, screenshotDir } from './browser.mjs';
import { readCells } from './cells.mjs';
import { loadRecur } from '../../dist/recur.mjs';

let browser, page, recur;

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
  recur = await loadRecur();
  await browser.fresh();
});

after(async () => {
  await browser?.stop();
});

test('the compute runs in one module worker', async () => {
  const workers = page.workers();
  assert.equal(workers.length, 1);
  assert.match(workers[0].url(), /\/compute-worker\.mjs$/);
  // The page's own thread never loaded the WebAssembly module.
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  assert.ok(!fetched.some((name) => /recur-core/.test(name)), fetched.join(', '));
  assert.match(await page.textContent('#engine'), /SIMD128/);
});

test('rows typed faster than computed: the last one wins, and no result is shown out of order', async () => {
  await page.fill('#table', table(40, 30, 8));
  await page.fill('#hidden-size', '64');
  // Every torch.Size the page shows from now on, in order.
  await page.evaluate(() => {
    window.shown = [];
    const el = document.querySelector('#shape-x');
    new MutationObserver(() => window.shown.push(el.textContent)).observe(el, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
  await page.click('#table');
  await page.keyboard.press('Control+End');
  // Ten rows, one keystroke after another with no pause: each adds a sentence.
  const row = `\n${table(1, 30, 8).replace(/ \| \d$/, ' | 1')}`;
  await page.keyboard.type(row.repeat(10), { delay: 0 });
  assert.equal(await page.textContent('#shape-x'), 'torch.Size([50, 30, 8])');
  assert.match(await page.inputValue('#table'), new RegExp(`(${row.slice(1).replace(/\|/g, '\\|')}\\n?){10}$`));
  const batches = (await page.evaluate(() => window.shown))
    .map((s) => s.match(/torch\.Size\(\[(\d+),/)?.[1])
    .filter(Boolean)
    .map(Number);
  assert.ok(batches.length >= 1);
  assert.deepEqual(
    batches,
    [...batches].sort((a, b) => a - b),
    `shown in the order typed: ${batches}`,
  );
  assert.equal(batches.at(-1), 50);
});

test('a paste over a selection, from a clipboard with Windows line endings: one compute, of what the text area holds', async () => {
  await browser.fresh();
  await page.click('#reset-table');
  await page.fill('#hidden-size', '4');
  const before = await page.inputValue('#table'); // the notebook's table: a header, a rule, six sentences
  const lines = before.split('\n');
  // Two sentences pasted over the first two, from a clipboard with Windows line endings.
  const start = lines[0].length + 1 + lines[1].length + 1,
    end = start + lines[2].length + 1 + lines[3].length;
  const pastedAt = await page.evaluate(() => {
    performance.clearMarks('recur:update'); // update() marks each state it sends to the compute
    return performance.now();
  });
  await paste(page, '#table', '| 010 | 010 | 010 | 1 |\r\n| 001 | 001 | 001 | 0 |', { select: [start, end] });
  const after = [...lines.slice(0, 2), '| 010 | 010 | 010 | 1 |', '| 001 | 001 | 001 | 0 |', ...lines.slice(4)].join(
    '\n',
  );
  assert.equal(await page.inputValue('#table'), after, 'the text area holds the paste');
  // One compute for the one input event.
  assert.equal(await page.evaluate(() => performance.getEntriesByName('recur:update', 'mark').length), 1);
  assert.equal(await page.textContent('#shape-x'), 'torch.Size([6, 3, 3])');
  // What the model read is what the text area holds: every drawn output value is nn.RNN(3, 4)'s
  // (seed 0, as the JS API computes it) on the text area's table.
  // (Drawn since the paste: it may be below the fold, drawn when it scrolls into view.)
  await page.locator('#values').scrollIntoViewIfNeeded();
  await page.waitForFunction((t) => document.querySelector('[data-panel="values"]').dataset.drawn > t, pastedAt);
  const cells = await readCells(page, '#values-output');
  assert.equal(cells.length, 6 * 3 * 4);
  const model = recur.createModel({ mode: 'RNN', input_size: 3, hidden_size: 4, batch_first: true, seed: 0 });
  const { output } = model.forward(recur.parseTable(after, { batch_first: true }).x);
  model.dispose();
  for (const {
    index: [b, t, k],
    value,
    text,
  } of cells)
    assert.ok(Math.abs(value - output.data[(b * 3 + t) * 4 + k]) <= 1e-6, text);
});

test('training goes on in the worker while the learner types, and pauses where it is', async () => {
  await browser.fresh();
  // A table large enough that 5000 steps take a good while on any machine.
  await page.fill('#table', table(64, 30, 8));
  await page.fill('#hidden-size', '48');
  await page.locator('[data-panel="train"]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !document.querySelector('#train')?.disabled);
  await page.fill('#epochs', '5000');
  await page.click('#train');
  const steps = () => page.textContent('#train-status').then((s) => Number(s.match(/step (\d+)/)?.[1] ?? 0));
  await page.waitForFunction(() => /step [1-9]/.test(document.querySelector('#train-status').textContent));
  // Typing while it runs: the run goes on (the epochs field does not decide the run).
  await page.fill('#epochs', '200');
  const during = await steps();
  await page.waitForFunction(
    (n) => Number(/step (\d+)/.exec(document.querySelector('#train-status').textContent)?.[1]) > n,
    during,
  );
  assert.equal(await page.getAttribute('#train', 'aria-pressed'), 'true', 'still running');
  await page.click('#train'); // pause
  await page.waitForFunction(() => document.querySelector('#train').getAttribute('aria-pressed') === 'false');
  const paused = await steps();
  assert.ok(paused > during && paused < 5000, `paused at ${paused}`);
  // The page's link carries the step count (the weights stay in the worker; a link replays them).
  await page.waitForFunction((n) => new RegExp(`trained=${n}\\b`).test(location.hash), paused);
});

test('Values: the sentence, step and unit sliders bring any value of a wide layer into the drawing', async () => {
  await browser.fresh();
  const text = table(30, 20, 8);
  await page.fill('#table', text);
  await page.fill('#hidden-size', '64');
  await page.locator('#values').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => /hidden_size=64/.test(document.querySelector('#values-output h3')?.textContent));
  assert.equal(await page.isVisible('#values-unit'), true);
  assert.equal(await page.isVisible('#values-sentence'), true);
  assert.equal(await page.isVisible('#values-step'), true);
  const drawnUnits = async () => new Set((await readCells(page, '#values-output')).map((c) => c.index[2]));
  assert.ok(!(await drawnUnits()).has(40), 'unit 40 is in the summary gap');
  // Dragging a slider: its value changes, then its input event.
  const slide = (id, value) =>
    page.evaluate(
      ([i, v]) => {
        const el = document.getElementById(i);
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      },
      [id, value],
    );
  await slide('values-unit', '40');
  await slide('values-sentence', '17');
  await slide('values-step', '9');
  await page.waitForFunction(() => document.querySelector('#values-step').value === '9');
  const cells = await readCells(page, '#values-output');
  const at = cells.find((c) => c.index.join() === '17,9,40');
  assert.ok(at, 'output[17, 9, 40] is drawn');
  const hn = (await readCells(page, '#values-h_n')).find((c) => c.index.join() === '0,17,40');
  assert.ok(hn, 'h_n[0, 17, 40] is drawn');
  // PyTorch's nn.RNN(8, 64) with seed 0, as the JS API computes it (tested against PyTorch).
  const model = recur.createModel({ mode: 'RNN', input_size: 8, hidden_size: 64, batch_first: true, seed: 0 });
  const { output, h_n } = model.forward(recur.parseTable(text, { batch_first: true }).x);
  model.dispose();
  assert.ok(Math.abs(at.value - output.data[(17 * 20 + 9) * 64 + 40]) <= 1e-6);
  assert.ok(Math.abs(hn.value - h_n.data[17 * 64 + 40]) <= 1e-6);
  await page.locator('[data-panel="values"]').screenshot({ path: `${screenshotDir}60-values-sliders.png` });
});

test('the single-file page from the disk computes on its own thread', async () => {
  const offline = await browser.context.newPage();
  const file = pathToFileURL(fileURLToPath(new URL('../../dist/examples/offline.html', import.meta.url))).href;
  await offline.goto(file);
  await offline.locator('#offline #shape-c_n').waitFor();
  assert.equal(offline.workers().length, 0, 'no worker from file://');
  assert.equal(await offline.textContent('#offline #shape-c_n'), 'torch.Size([1, 6, 4])');
  await offline.close();
});

test('no errors in the console', () => {
  assert.deepEqual(browser.errors, []);
});
