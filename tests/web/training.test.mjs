// Training in the page (issue: watch it learn), used as a person would: Train, Step, Reset, the
// optimizer and lr, the loss and accuracy read off the page, predictions turning green, the
// gradient-through-time heat map (its cells compared with the JS API's own numbers), a link
// that replays the run, and the long-memory preset where SGD stalls and Adam learns. In an
// ordinary window (1360 x 1000): every read first scrolls to what it reads (seen()), as a person
// does, since the page draws a card only when it comes near the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { seen, start, screenshotDir, waitForText } from './browser.mjs';
import { readCells } from './cells.mjs';
import { loadRecur } from '../../dist/recur.mjs';
import { NOTEBOOK_TABLE } from '../../web/notebook.mjs';

let browser, page;
// The window, with `subject` in view.
const shot = async (name, subject) => {
  await seen(page, subject);
  await page.screenshot({ path: `${screenshotDir}${name}.png` });
};
const status = async () => {
  await seen(page, '#train-status');
  return page.textContent('#train-status');
};
/** What `selector` shows, scrolled into view first. */
const text = async (selector, on = page) => {
  await seen(on, selector);
  return on.textContent(selector);
};
const cells = async (selector, on = page) => {
  await seen(on, selector);
  return readCells(on, selector);
};
// Looks at the Train card until it says `pattern` (browser.mjs).
const waitStatus = (pattern, timeout) => waitForText(page, '#train-status', pattern, timeout);
// "step 200 · loss 0.0001 · accuracy 6/6 (100 %)" -> { steps, loss, correct, total }
async function readStatus() {
  const [, steps, loss, correct, total] = (await status()).match(/step (\d+) · loss ([\d.]+) · accuracy (\d+)\/(\d+)/);
  return { steps: Number(steps), loss: Number(loss), correct: Number(correct), total: Number(total) };
}

const open = (hash) => browser.open(hash);

before(async () => {
  browser = await start({ viewport: { width: 1360, height: 1000 } });
  page = browser.page;
  await browser.fresh();
});

after(async () => {
  await browser?.stop();
});

test('the notebook table trains to 100 % accuracy: the loss falls and the predictions turn green', async () => {
  await waitStatus(/step 0 ·/);
  const before = await readStatus();
  assert.equal(before.total, 6);
  assert.ok(before.loss > 0.3, `untrained loss ${before.loss}`);

  // The gradient-through-time cells are the API's hiddenGradNorms for the same model.
  const recur = await loadRecur();
  const model = recur.createModel({ mode: 'RNN', input_size: 3, hidden_size: 4, batch_first: true, seed: 0 });
  const trainer = recur.createTrainer(model, { out_features: 2, optimizer: 'adam', lr: 0.05 });
  const table = recur.parseTable(NOTEBOOK_TABLE, { batch_first: true });
  const expected = trainer.lossAndGrad(table.x, table.y);
  assert.ok(Math.abs(expected.loss - before.loss) < 1e-4);
  const gradients = await cells('#gradients');
  assert.equal(gradients.length, 3); // one layer, three steps, sentence 0
  for (const c of gradients)
    assert.equal(c.value, Number(expected.hiddenGradNorms.data[c.index[1] * 6].toPrecision(8)), c.text);

  await page.click('#train');
  await waitStatus(/step 200 ·/);
  const after = await readStatus();
  assert.ok(after.loss < before.loss / 100, `loss ${before.loss} -> ${after.loss}`);
  assert.equal(after.correct, 6);
  assert.match(await status(), /\(100 %\)/);
  await seen(page, '#head .predicted');
  assert.equal(await page.locator('#head .predicted.ok').count(), 6);
  assert.match(await text('#head-accuracy'), /6 of 6 predictions equal y \(after 200 training steps\)/);
  // The curve holds every step's loss; the link holds the steps taken.
  await seen(page, '#loss-chart');
  assert.equal(await page.getAttribute('#loss-chart', 'data-points'), '201');
  assert.ok((await page.locator('#loss-chart canvas').count()) >= 1);
  await page.waitForFunction(() => /trained=200/.test(location.hash));

  // The page's weights are the trainer's: the same 200 steps in Node give the same loss.
  for (let i = 0; i < 200; ++i) trainer.step(table.x, table.y);
  assert.equal(Number(trainer.lossAndGrad(table.x, table.y).loss.toFixed(4)), after.loss);
  trainer.dispose();
  model.dispose();
  await seen(page, '#loss-chart');
  await page.locator('[data-panel=train]').screenshot({ path: `${screenshotDir}training-card.png` });
  await shot('training', '#loss-chart');
});

test('a link replays the run from the seed: same steps, same loss, same outputs', async () => {
  const url = page.url();
  const trainedStatus = await status();
  const outputs = await cells('#values');
  const second = await browser.context.newPage();
  await second.goto(url);
  await second.waitForSelector('body[data-ready="true"]');
  await seen(second, '#train-status');
  await second.waitForFunction((s) => document.querySelector('#train-status')?.textContent === s, trainedStatus, {
    timeout: 60000,
  });
  const again = await cells('#values', second);
  assert.deepEqual(
    again.map((c) => c.text),
    outputs.map((c) => c.text),
  );
  await second.close();
});

test('trained weights are saved with the head, and loading the file predicts as trained', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-safetensors')]);
  const path = await download.path();
  const recur = await loadRecur();
  const saved = recur.readSafetensors(readFileSync(path));
  assert.deepEqual(Object.keys(saved), [
    'weight_ih_l0',
    'weight_hh_l0',
    'bias_ih_l0',
    'bias_hh_l0',
    'head.weight',
    'head.bias',
  ]);
  await page.click('#train-reset');
  await waitStatus(/step 0 · .* accuracy 3\/6/);
  await page.setInputFiles('#weights-file', path);
  await waitStatus(/step 0 · loss 0\.000\d · accuracy 6\/6/);
  await seen(page, '#head .predicted');
  assert.equal(await page.locator('#head .predicted.ok').count(), 6);
  // The loaded weights are the starting point until another file or a reload: back to the seed.
  await open();
  await waitStatus(/step 0 · .* accuracy 3\/6/);
});

test('Step takes one step, Reset goes back to the seed, and changing lr starts over', async () => {
  await page.click('#train-reset');
  await waitStatus(/step 0 ·/);
  await page.click('#train-step');
  await waitStatus(/step 1 ·/);
  await page.click('#train-step');
  await waitStatus(/step 2 ·/);
  await page.fill('#lr', '0.1');
  await waitStatus(/step 0 ·/);
  await page.waitForFunction(() => !/trained=/.test(location.hash)); // the link forgets the steps
  // A learning rate the optimizer refuses is named, and the typed text stays.
  await page.fill('#lr', '-1');
  await waitStatus(/lr|learning rate/i);
  assert.equal(await page.inputValue('#lr'), '-1');
  assert.ok(await page.isDisabled('#train'));
  await page.fill('#lr', '0.05');
  await waitStatus(/step 0 ·/);
  assert.ok(!(await page.isDisabled('#train')));
});

test("long memory: the gradient reaching x1 is ~1e-4 of the last step's; SGD stalls, Adam learns", async () => {
  await page.selectOption('#preset', 'long-memory');
  await waitStatus(/step 0 ·/);
  assert.equal(await page.inputValue('#optimizer'), 'sgd');
  const ratio = Number((await text('#vanishing')).match(/gets ([\d.e+-]+) of/)[1]);
  assert.ok(ratio < 1e-3, `x1 gets ${ratio} of the last step's gradient`);
  await page.click('#train');
  await waitStatus(/step 300 ·/);
  assert.equal((await readStatus()).correct, 4); // chance: the label is never learned
  await page.selectOption('#optimizer', 'adam');
  await page.fill('#lr', '0.02');
  await waitStatus(/step 0 ·/);
  await page.click('#train');
  await waitStatus(/step 300 ·/);
  const adam = await readStatus();
  assert.equal(adam.correct, 8);
  await shot('training-long-memory', '#vanishing');
});

test('a label the head has no class for is named in the Train card, and the rest of the page works', async () => {
  await open('language=en&out_features=2');
  await page.fill('#table', '| x1 | x2 | y |\n| -- | -- | - |\n| 1 | 0 | 3 |\n| 0 | 1 | 0 |');
  await waitStatus(/label 3 of sentence 0 is not a class of a head with out_features = 2/);
  assert.ok(await page.isDisabled('#train'));
  assert.equal(await text('#shape-output'), 'torch.Size([2, 2, 4])');
  await page.fill('#out-features', '4');
  await waitStatus(/step 0 · .* accuracy \d\/2/);
});

test('a table without labels says training needs y', async () => {
  await page.fill('#table', '| x1 | x2 |\n| -- | -- |\n| 1 | 0 |\n| 0 | 1 |');
  await waitStatus(/needs labels/);
  assert.ok(await page.isDisabled('#train'));
});

test('no errors in the console', () => {
  assert.deepEqual(browser.errors, []);
});
