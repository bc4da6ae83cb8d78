// Heat maps for a reader who cannot see them (issue 17): every heat map reads as a summary (its
// name, size, smallest and largest value and where they are), its values are reachable as a
// table (summarised as drawn for a big tensor), the pointed cell is announced, in English and
// Chinese. The numbers are checked against what the cells themselves hold and the JS API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { seen, start } from './browser.mjs';
import { hoverCell, readCells } from './cells.mjs';
import { loadRecur } from '../../dist/recur.mjs';
import { NOTEBOOK_TABLE } from '../../web/notebook.mjs';

let browser, page, recur;
const SUMMARY = /^(.+?): (.+?); min (\S+) at (\S.*?), max (\S+) at (\S.*)$/;

before(async () => {
  browser = await start();
  page = browser.page;
  recur = await loadRecur();
  await browser.fresh();
});

after(async () => {
  await browser?.stop();
});

// The smallest and largest of a tensor with the index of each, as the summary writes them.
function extremes(name, { data, shape }) {
  let lo = 0,
    hi = 0;
  data.forEach((v, k) => {
    if (v < data[lo]) lo = k;
    if (v > data[hi]) hi = k;
  });
  const index = (flat) =>
    `${name}[${shape
      .map((_, d) => Math.floor(flat / shape.slice(d + 1).reduce((a, b) => a * b, 1)) % shape[d])
      .join(', ')}]`;
  return { min: data[lo].toFixed(4), minAt: index(lo), max: data[hi].toFixed(4), maxAt: index(hi) };
}

test("every heat map on the page has a summary: the whole tensor's min and max and where, as the API computes them", async () => {
  const model = recur.createModel({ mode: 'RNN', input_size: 3, hidden_size: 4, batch_first: true, seed: 0 });
  const table = recur.parseTable(NOTEBOOK_TABLE, { batch_first: true });
  const { output, h_n } = model.forward(table.x);
  model.dispose();
  // The notebook's table draws output and h_n as tables of numbers: the summary is their caption.
  const captions = await page.$$eval('#values caption', (cs) => cs.map((c) => c.textContent));
  const expected = (name, t) => {
    const e = extremes(name, t);
    return `${name}: ${t.shape.join('×')}; min ${e.min} at ${e.minAt}, max ${e.max} at ${e.maxAt}`;
  };
  assert.deepEqual(captions, [expected('output', output), expected('h_n', h_n)]);
  // The table preview, the timeline, the gradient: each heat grid is one picture named by its
  // summary. Each is looked at first, as a person scrolls to it: a card is drawn when it comes
  // near the screen, and cards off screen take a reserved height, so how many are drawn at load
  // depends on their heights.
  for (const panel of ['table', 'steps', 'train']) await seen(page, `[data-panel="${panel}"] .heat-grid`);
  const grids = await page.$$eval('.heat-grid', (gs) =>
    gs.map((g) => [g.getAttribute('role'), g.getAttribute('aria-label')]),
  );
  assert.ok(grids.length >= 3, `${grids.length} heat grids`);
  for (const [role, label] of grids) {
    assert.equal(role, 'img');
    assert.match(label, SUMMARY);
  }
  assert.equal(grids[0][1], expected('x', table.x));
  // Each strip of coloured cells reads as its values.
  const strip = await page.getAttribute('#values-h_n .strip', 'aria-label');
  assert.equal(strip, Array.from(h_n.data.subarray(0, 4), (v, k) => `h_n[0, 0, ${k}] = ${v.toFixed(4)}`).join(', '));
});

test('the values of a heat map are a table under it, opened from the keyboard, still open and current after a keystroke', async () => {
  const summary = page.locator('#table-preview details.heat-table > summary');
  assert.equal(await summary.textContent(), 'Values as a table');
  assert.equal(await page.locator('#table-preview details table').count(), 0, 'built when opened');
  await summary.focus();
  await page.keyboard.press('Enter');
  await page.locator('#table-preview details table').waitFor(); // built on the toggle event
  const rows = () => page.$$eval('#table-preview details table tr', (trs) => trs.map((tr) => tr.innerText.split('\t')));
  const before = await rows();
  assert.deepEqual(before[0], ['x', 'x1', 'x2', 'x3', 'y', 'ŷ']);
  assert.equal(before.length, 7);
  // Row 0 is the notebook's "001 010 100 | 1"; the predicted class follows y.
  assert.deepEqual(before[1].slice(0, 5), [
    '0',
    '0.0000 0.0000 1.0000',
    '0.0000 1.0000 0.0000',
    '1.0000 0.0000 0.0000',
    '1',
  ]);
  await page.click('#table');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('| 111 | 000 | 111 | 0 |\n');
  await page.locator('#shape-x', { hasText: 'torch.Size([7, 3, 3])' }).waitFor();
  assert.equal(await page.locator('#table-preview details').getAttribute('open'), '', 'still open');
  const after = await rows();
  assert.equal(after.length, 8);
  assert.deepEqual(after[7].slice(0, 5), [
    '6',
    '1.0000 1.0000 1.0000',
    '0.0000 0.0000 0.0000',
    '1.0000 1.0000 1.0000',
    '0',
  ]);
});

test("a big tensor's table is summarised as drawn, its summary covers every value, and the pointed cell is announced", async () => {
  await browser.open('mode=LSTM&input=random&hidden_size=64&sentence=60');
  await page.locator('[data-panel="values"]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-panel="values"]').dataset.drawn);
  const label = await page.getAttribute('#values-output .heat-grid', 'aria-label');
  const [, name, dims, min, minAt, max, maxAt] = label.match(SUMMARY);
  assert.deepEqual([name, dims], ['output', '128×28×64']);
  // Over every value, not only the drawn ones: the API's forward of the same setup.
  const x = recur.rand([128, 28, 12], { seed: 0 });
  const model = recur.createModel({ mode: 'LSTM', input_size: 12, hidden_size: 64, batch_first: true, seed: 0 });
  const e = extremes('output', model.forward(x).output);
  model.dispose();
  assert.deepEqual({ min, minAt, max, maxAt }, e);
  const summary = page.locator('#values-output details.heat-table > summary');
  assert.equal(await summary.textContent(), 'Values as a table (summarised as drawn)');
  await summary.click();
  await page.locator('#values-output details table').waitFor();
  const rows = await page.$$eval('#values-output details table tbody tr', (trs) =>
    trs.map((tr) => tr.querySelector('th').textContent),
  );
  assert.deepEqual(rows, ['0', '1', '2', '3', '4', '5', '⋮', '60', '⋮', '122', '123', '124', '125', '126', '127']);
  const cells = await page.$$eval('#values-output details table tbody tr:first-child td', (tds) =>
    tds.map((td) => td.textContent.split(' ')),
  );
  assert.equal(cells.length, 13, 'twelve steps and the gap');
  assert.equal(cells[0].length, 17, 'sixteen units and the gap');
  const drawn = await readCells(page, '#values-output');
  assert.equal(cells[0][0], drawn[0].value.toFixed(4));
  // Pointing at a cell: the readout says it, and a screen reader is told (a polite live region).
  assert.equal(await page.getAttribute('#values-readout', 'aria-live'), 'polite');
  await hoverCell(page, '#values-output', 0, 0, 1);
  assert.match(await page.textContent('#values-readout'), /^output\[0, 0, 1\] = -?\d\.\d+/);
});

test('in Chinese', async () => {
  await browser.open('language=zh');
  const label = await page.getAttribute('#table-preview .heat-grid', 'aria-label');
  assert.match(label, /^x：6×3×3；最小值 0\.0000，位于 x\[0, 0, 0\]；最大值 1\.0000，位于 x\[0, 0, 2\]$/);
  assert.equal(await page.textContent('#table-preview details > summary'), '以表格查看数值');
});

test('no errors in the console', () => {
  assert.deepEqual(browser.errors, []);
});
