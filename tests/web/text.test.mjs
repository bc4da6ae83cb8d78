// The text card (issue 15), used as a person would: pick the English sample, train until the
// validation loss falls below a stated value, read what the model writes, step the top-5 view,
// colour the text by a unit; then paste a Chinese text of one's own and do the same. Screenshots
// in tests/web/screenshots/text-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, screenshotDir, paste } from './browser.mjs';

let browser, page;
const shot = (name) => page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
const validation = async () => Number(await page.getAttribute('#text-status', 'data-validation'));
const steps = async () => Number(await page.getAttribute('#text-status', 'data-steps'));

before(async () => {
  browser = await start();
  page = browser.page;
  await browser.fresh();
});

after(async () => {
  await browser?.stop();
});

// Clicks Train until the validation loss is below `target` (or `clicks` clicks have run).
async function trainUntil(target, clicks) {
  for (let i = 0; i < clicks && (await validation()) >= target; ++i) {
    const before = await steps();
    await page.click('#text-train');
    await page.waitForFunction(
      (n) => {
        const s = document.querySelector('#text-status');
        return (
          Number(s?.dataset.steps) > n &&
          document.querySelector('#text-train')?.getAttribute('aria-pressed') === 'false'
        );
      },
      before,
      { timeout: 180000 },
    );
  }
}

test('the English sample: trains below validation loss 2.6, writes, steps the top 5 and colours by a unit', async () => {
  await page.locator('#text-status').scrollIntoViewIfNeeded();
  await page.waitForFunction(() =>
    /untrained · validation loss/.test(document.querySelector('#text-status')?.textContent ?? ''),
  );
  const untrained = await validation();
  assert.ok(untrained > 3.5, `untrained validation loss ${untrained} (ln 40 = 3.69)`);
  await trainUntil(2.6, 4);
  const trained = await validation();
  assert.ok(trained < 2.6, `validation loss ${trained} after ${await steps()} steps`);
  assert.match(
    await page.textContent('#text-status'),
    /step \d+ · training loss [\d.]+ · validation loss [\d.]+ \(perplexity [\d.]+\)/,
  );
  await page.waitForFunction(() => location.hash.includes('text_trained='));
  // What it writes: from the prime (the text's first character), 200 characters of its vocabulary.
  await page.fill('#text-prime', 'The ');
  await page.waitForFunction(() => document.querySelector('#text-sample')?.textContent.startsWith('The '));
  const sample = await page.textContent('#text-sample');
  assert.ok(sample.length > 150, sample);
  const english = readFileSync(new URL('../../web/texts/en.txt', import.meta.url), 'utf8');
  for (const c of sample) assert.ok(english.includes(c), `'${c}' is not in the text`);
  // Greedy is the same text every time, whatever the seed.
  await page.fill('#text-temperature', '0');
  await page.waitForFunction(() => document.querySelector('#text-sample')?.dataset.steps);
  const greedy = await page.textContent('#text-sample');
  await page.fill('#text-sample-seed', '7');
  await page.waitForTimeout(300);
  assert.equal(await page.textContent('#text-sample'), greedy);
  // The top-5 view: five characters with probabilities, stepping moves along the text.
  assert.equal(await page.locator('#text-top5 li').count(), 5);
  const first = await page.textContent('#text-top5 h3');
  await page.click('#text-next');
  await page.click('#text-next');
  assert.notEqual(await page.textContent('#text-top5 h3'), first);
  assert.match(await page.textContent('#text-top5 h3'), /\(3\)/);
  const percents = (await page.locator('#text-top5 li').allTextContents()).map((s) => parseFloat(s.split(' ').at(-2)));
  for (let i = 1; i < 5; ++i) assert.ok(percents[i] <= percents[i - 1], percents.join(', '));
  // Colouring by a unit: every character a span, coloured; another unit colours differently.
  const colours = () => page.$$eval('#text-coloured span', (s) => s.slice(0, 60).map((e) => e.style.background));
  const unit0 = await colours();
  assert.equal(unit0.length, 60);
  await page.fill('#text-unit', '5');
  await page.waitForFunction((c) => {
    const s = [...document.querySelectorAll('#text-coloured span')].slice(0, 60).map((e) => e.style.background);
    return s.join() !== c;
  }, unit0.join());
  await page.selectOption('#text-unit-kind', 'gate1');
  assert.match(await page.getAttribute('#text-coloured span', 'title'), /gate1\[5\] = [\d.]+/);
  // The code panel writes the whole run.
  await page.click('#text-code-panel summary');
  const code = await page.textContent('#text-code');
  assert.match(code, /for step in range\(\d+\):/);
  assert.match(code, /chars = sorted\(set\(text\)\)/);
  await shot('text-english');

  // The link holds the text, the model and the steps taken: opened afresh, it replays the run
  // from the seed to the same validation loss, bit for bit.
  const [hash, loss, taken] = [await page.evaluate(() => location.hash.slice(1)), await validation(), await steps()];
  await browser.open(hash);
  await page.locator('#text-status').scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (n) =>
      Number(document.querySelector('#text-status')?.dataset.steps) === n &&
      document.querySelector('#text-train')?.getAttribute('aria-pressed') === 'false',
    taken,
    { timeout: 180000 },
  );
  assert.equal(await validation(), loss);
  assert.equal(await page.inputValue('#text-prime'), 'The ');
});

// The Chinese sample alone (1 024 characters, 270 different) is too short for its held-out tenth
// to be predicted: its validation loss stays near ln 270 = 5.6 and then rises as the model learns
// the rest by heart. So the pasted text is the sample three times over: its last tenth is text the
// model has trained on, and a validation loss below 3.0 says it learned it.
test('a Chinese text pasted: trains below validation loss 3.0 and writes Chinese', async () => {
  const chinese = readFileSync(new URL('../../web/texts/zh.txt', import.meta.url), 'utf8').repeat(3);
  await page.selectOption('#text-source', 'own');
  await paste(page, '#text-own', chinese);
  await page.waitForFunction(() => /untrained/.test(document.querySelector('#text-status')?.textContent ?? ''));
  assert.match(await page.textContent('#text-info'), /3072 characters, 270 different/);
  await page.fill('#text-prime', '河水');
  await trainUntil(3.0, 3);
  const trained = await validation();
  assert.ok(trained < 3.0, `validation loss ${trained} after ${await steps()} steps (ln 270 = 5.60)`);
  await page.fill('#text-temperature', '0.8');
  await page.waitForFunction(() => document.querySelector('#text-sample')?.textContent.startsWith('河水'));
  const sample = await page.textContent('#text-sample');
  assert.ok([...sample].filter((c) => /\p{Script=Han}/u.test(c)).length > 50, sample);
  await page.click('#text-next');
  assert.equal(await page.locator('#text-top5 li').count(), 5);
  await shot('text-chinese');
});

// A pasted text past 64 KiB stays out of the address (a link of megabytes is refused or cut), the
// page says so, and this browser keeps it: a reload opens on it. A short one is in the link.
test('a long text of ones own is kept by the browser, not put in the link; a short one is', async () => {
  const long = readFileSync(new URL('../../web/texts/en.txt', import.meta.url), 'utf8').repeat(40);
  assert.ok(long.length > 64 * 1024);
  await page.selectOption('#text-source', 'own');
  await paste(page, '#text-own', long);
  await page.waitForFunction(() =>
    /too long for a link/.test(document.querySelector('#link-status')?.textContent ?? ''),
  );
  assert.match(await page.textContent('#link-status'), /^The text card's own text \([\d,]+ characters\)/);
  assert.ok(!(await page.evaluate(() => new URLSearchParams(location.hash.slice(1)).has('text_own'))));
  assert.equal(await page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('text_source')), 'own');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal((await page.inputValue('#text-own')).length, long.length, 'kept by this browser');
  await page.fill('#text-own', 'a short text of my own, short enough for a link.');
  await page.waitForFunction(() =>
    new URLSearchParams(location.hash.slice(1)).get('text_own')?.startsWith('a short text'),
  );
  assert.equal(await page.isHidden('#link-status'), true);
});
