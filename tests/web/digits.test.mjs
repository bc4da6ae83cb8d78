// The digits mode in Chromium, used as a person would: a link opens #input=digits on the
// notebook's LSTM(28, 64) + Linear(64, 10); Train runs the epochs live and the test accuracy is
// read off the page; the confusion matrix and the gallery of mistakes appear; a digit drawn with
// the pointer is read; the rows are stepped through. Screenshots go to tests/web/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, screenshotDir } from './browser.mjs';
import { loadRecur } from '../../dist/recur.mjs';

// Epochs trained here: the page's default, 10 (with its lr falling to 0 over them, the test
// accuracy passes 96 %: docs/contributing.md, The digits). The page's accuracy must also be the one
// the same WASM build reaches in Node, to the digit, in the same batch order.
const EPOCHS = Number(process.env.DIGITS_TEST_EPOCHS ?? 10);

// The test accuracy after EPOCHS epochs in Node: the page's defaults (Adam lr 0.02,
// CosineAnnealingLR with T_max = the epochs), its batch order.
async function nodeAccuracy() {
  const recur = await loadRecur({ simd: true });
  const digits = recur.readDigits(readFileSync(new URL('../../dist/digits.bin', import.meta.url)));
  const model = recur.createModel({ mode: 'LSTM', input_size: 28, hidden_size: 64, batch_first: true, seed: 0 });
  const trainer = recur.createTrainer(model, { out_features: 10, optimizer: 'adam', lr: 0.02 });
  for (let e = 0; e < EPOCHS; ++e) {
    trainer.lr = recur.cosineAnnealingLR({ lr: 0.02, T_max: EPOCHS }, e);
    const order = recur.randperm(digits.train, { seed: 0, epoch: e });
    for (let k = 0; k < order.length; k += 64) {
      const { x, y } = digits.batch(order.subarray(k, k + 64));
      trainer.step(x, y);
    }
  }
  const test = Int32Array.from({ length: digits.size - digits.train }, (_, i) => digits.train + i);
  let correct = 0;
  for (let k = 0; k < test.length; k += 200) {
    const { x, y } = digits.batch(test.subarray(k, k + 200));
    correct += trainer.evaluate(x, y).correct;
  }
  return correct / test.length;
}

let browser, page;
const requested = []; // the paths the page fetched
const shot = (name) => page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
const trainStatus = () => page.textContent('#digits-train-status');

before(async () => {
  browser = await start();
  page = browser.page;
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await browser.fresh();
});

after(async () => {
  await browser?.stop();
});

test('#input=digits opens the digits mode on the notebook LSTM(28, 64) + Linear(64, 10)', async () => {
  // The table's page never fetches the digits; the digits mode does, once.
  assert.equal(requested.filter((p) => p.endsWith('/digits.bin')).length, 0);
  await browser.open('input=digits');
  await page.waitForFunction(() => /10,000 MNIST digits/.test(document.querySelector('#digits-status')?.textContent));
  assert.equal(await page.isChecked('input[name=mode][value=LSTM]'), true);
  assert.equal(await page.inputValue('#hidden-size'), '64');
  assert.equal(await page.inputValue('#digits-lr'), '0.02');
  assert.equal(await page.inputValue('#digits-schedule'), 'cosine');
  assert.equal(requested.filter((p) => p.endsWith('/digits.bin')).length, 1);
  assert.equal(await page.isVisible('#table'), false); // the table card is the other modes' input
  assert.equal(await page.isVisible('#train'), false); // and the table's Train card
  assert.match(await page.textContent('#shapes'), /torch\.Size\(\[1, 28, 28\]\)/);
  await page.waitForFunction(() =>
    /Not trained yet: 125 steps an epoch/.test(document.querySelector('#digits-train-status')?.textContent),
  );
  // Untrained, the test digit is read at chance, and its probabilities are drawn.
  assert.equal(await page.locator('#digit-probabilities .digit-bar').count(), 10);
  assert.match(await page.textContent('#digit-about'), /Test digit 0, a \d\./);
});

test(`Train: ${EPOCHS} epochs live; the test accuracy read off the page is the WASM build's in Node`, async () => {
  await page.fill('#digits-epochs', String(EPOCHS));
  await page.click('#digits-train-button');
  // Live: the status moves through the steps, and keeps changing.
  await page.waitForFunction(() =>
    /Epoch 1 of \d+, step [1-9]\d* of 125, lr 0\.02\b/.test(
      document.querySelector('#digits-train-status')?.textContent,
    ),
  );
  const during = await trainStatus();
  await page.waitForFunction((s) => document.querySelector('#digits-train-status')?.textContent !== s, during);
  await page.waitForFunction(() => document.querySelector('#digits-chart canvas'));
  await page.waitForFunction(
    (n) =>
      /^Trained \d+ epochs?:/.test(document.querySelector('#digits-train-status')?.textContent) &&
      document.querySelector('#digits-train-status').dataset.epochs === String(n),
    EPOCHS,
    { timeout: 30 * 60 * 1000 },
  );
  const accuracy = Number(await page.getAttribute('#digits-train-status', 'data-test-accuracy'));
  const text = await trainStatus();
  console.log(`digits page: ${text}`);
  assert.equal(accuracy, await nodeAccuracy(), text);
  // The mark: 96 % within 10 epochs (docs/contributing.md: 96.40 % after 10, Node and page alike).
  assert.ok(accuracy >= (EPOCHS >= 10 ? 0.96 : EPOCHS >= 2 ? 0.85 : 0.7), text);
  assert.match(text, new RegExp(`test accuracy ${(100 * accuracy).toFixed(1)} %`));
  // The confusion matrix counts the 2 000 test digits; its diagonal is the accuracy. It is drawn
  // a frame after the status says the run ended.
  await page.waitForSelector(`#confusion[data-epochs="${EPOCHS}"]`);
  const cells = await page.$$eval('#confusion-matrix tr', (rows) =>
    rows.slice(1).map((r) => [...r.querySelectorAll('td')].map((td) => Number(td.textContent || 0))),
  );
  assert.equal(cells.length, 10);
  const total = cells.flat().reduce((a, b) => a + b, 0);
  const diagonal = cells.reduce((a, row, d) => a + row[d], 0);
  assert.equal(total, 2000);
  assert.equal(diagonal / total, accuracy);
  // The gallery holds misclassified test digits; clicking one reads it.
  const mistakes = page.locator('#mistakes .mistake');
  assert.ok((await mistakes.count()) > 0);
  const first = await mistakes.first().getAttribute('data-index');
  await mistakes.first().click();
  await page.waitForFunction((i) => document.querySelector('#digit').value === i, first);
  assert.match(await page.textContent('#digit-about'), new RegExp(`Test digit ${first},`));
  await page.locator('[data-panel="digits-train"]').screenshot({ path: `${screenshotDir}digits-training.png` });
  await shot('digits-trained');
});

// A stroke through the pad's points (fractions of its size), with the pointer, as a hand draws.
async function draw(strokes) {
  const box = await page.locator('#digit-pad').boundingBox();
  for (const points of strokes) {
    const [x0, y0] = points[0];
    await page.mouse.move(box.x + x0 * box.width, box.y + y0 * box.height);
    await page.mouse.down();
    for (const [x, y] of points.slice(1))
      await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 8 });
    await page.mouse.up();
  }
}

test('a digit drawn with the pointer is read as it is drawn', async () => {
  await page.click('#digit-clear');
  // A one: a stroke down the middle, slightly slanted.
  await draw([
    [
      [0.52, 0.15],
      [0.47, 0.85],
    ],
  ]);
  await page.waitForFunction(() => /Your drawing/.test(document.querySelector('#digit-about')?.textContent));
  assert.match(await page.textContent('#digit-prediction'), /^It reads 1 \(/);
  await page.locator('[data-panel="draw"]').screenshot({ path: `${screenshotDir}digits-drawn-1.png` });
  // A zero: an oval.
  await page.click('#digit-clear');
  const oval = Array.from({ length: 25 }, (_, k) => {
    const a = (2 * Math.PI * k) / 24;
    return [0.5 + 0.22 * Math.sin(a), 0.5 - 0.32 * Math.cos(a)];
  });
  await draw([oval]);
  await page.waitForFunction(() => /^It reads 0 \(/.test(document.querySelector('#digit-prediction')?.textContent));
  // The ten probabilities sum to 1 and the largest is the one read.
  const bars = await page.$$eval('#digit-probabilities .digit-bar-value', (els) =>
    els.map((e) => parseFloat(e.textContent)),
  );
  assert.equal(bars.length, 10);
  assert.ok(Math.abs(bars.reduce((a, b) => a + b, 0) - 100) < 0.1);
  assert.equal(bars.indexOf(Math.max(...bars)), 0);
  // The other cards read the drawing: x is the drawn digit, [1, 28, 28].
  assert.match(await page.textContent('#shapes'), /torch\.Size\(\[1, 28, 28\]\)/);
  await page.locator('[data-panel="draw"]').screenshot({ path: `${screenshotDir}digits-drawn-0.png` });
});

test('read it row by row: the rows are stepped through and the guess forms', async () => {
  // Back to a test digit, picked with the keyboard.
  await page.fill('#digit', '3');
  await page.waitForFunction(() => /Test digit 3,/.test(document.querySelector('#digit-about')?.textContent));
  const label = Number((await page.textContent('#digit-about')).match(/a (\d)\./)[1]);
  await page.focus('#digit-row');
  await page.keyboard.press('Home');
  await page.waitForFunction(() => /^After 1 of 28 rows/.test(document.querySelector('#rows-says')?.textContent));
  const seen = [];
  for (let t = 0; t < 27; ++t) {
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((n) => document.querySelector('#rows-canvas')?.dataset.row === String(n), t + 1);
    seen.push(await page.textContent('#rows-says'));
  }
  assert.match(seen.at(-1), /^After 28 of 28 rows it is a \d/);
  // After the last row the guess is the model's answer, the same as the draw card's.
  const top = Number(await page.getAttribute('#rows-says', 'data-top'));
  assert.match(await page.textContent('#digit-prediction'), new RegExp(`^It reads ${top} \\(`));
  console.log(`digits page: test digit 3 is a ${label}; after 28 rows the model reads ${top}`);
  // The step-through card follows the row: its step is 27 (x_t is row 28).
  assert.equal(await page.inputValue('#step-slider'), '27');
  assert.equal(await page.locator('#rows-plot polyline').count(), 10);
  await page.locator('[data-panel="rows"]').screenshot({ path: `${screenshotDir}digits-rows.png` });
  await page.keyboard.press('Home');
  await page.waitForFunction(() => /^After 1 of 28 rows/.test(document.querySelector('#rows-says')?.textContent));
  await shot('digits-rows-page');
  assert.deepEqual(browser.errors, []);
});
