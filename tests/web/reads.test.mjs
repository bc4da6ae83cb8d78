// What the learner reads is right (issue #21, items 1-6), in English and in Chinese: the
// bidirectional code panel prints what the page says, the Values card pairs output with h_n as
// each direction does, the reverse direction's step view is labelled and played in its own
// order, the gradient-through-time summary is honest (and its numbers real), one numbering
// convention, the long-memory advice works as written, and the 128 x 28 x 12 preset shows its
// last step. Screenshots (reads-*.png) go to tests/web/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { start, screenshotDir } from './browser.mjs';
import { readCells } from './cells.mjs';

let browser, page;
const text = (sel) => page.textContent(sel);
const shot = (name, sel) =>
  sel
    ? page.locator(sel).screenshot({ path: `${screenshotDir}reads-${name}.png` })
    : page.screenshot({ path: `${screenshotDir}reads-${name}.png`, fullPage: true });

// A card is drawn when it is on screen (IntersectionObserver sets data-drawn on its article):
// scroll it into view and wait until it has been drawn since `since` (a data-drawn value).
async function seeCard(panel, since = null) {
  const card = page.locator(`[data-panel="${panel}"]`);
  await card.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    ([p, was]) => {
      const drawn = document.querySelector(`[data-panel="${p}"]`)?.dataset.drawn;
      return drawn && drawn !== was;
    },
    [panel, since],
  );
}
const drawnAt = (panel) => page.getAttribute(`[data-panel="${panel}"]`, 'data-drawn');
async function language(lang) {
  await page.selectOption('#language', lang);
  await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
}
// A fresh load of the page at this link (a new hash alone would not reload it).
async function open(hash, lang = 'en') {
  await page.goto('about:blank');
  await browser.open(`${hash}&language=${lang}`);
}
// Runs the code panel's Python where PyTorch is installed (Debian's python3-torch, which makes
// the fixtures); its standard output, or null without it.
let torchInstalled; // probed once: importing torch takes seconds
function python(code) {
  torchInstalled ??= spawnSync('/usr/bin/python3', ['-c', 'import torch']).status === 0;
  if (!torchInstalled) return null;
  const run = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

before(async () => {
  browser = await start();
  page = browser.page;
  await browser.fresh();
});

after(async () => {
  await browser?.stop();
});

test('1. bidirectional: the code prints the comparison the last-step card makes, and it is True True', async (t) => {
  for (const [batchFirst, lhs] of [
    ['true', ['output[:, -1, :4]', 'output[:, 0, 4:]']],
    ['false', ['output[-1, :, :4]', 'output[0, :, 4:]']],
  ]) {
    await open(`mode=LSTM&bidirectional=true&batch_first=${batchFirst}`);
    const verdict = await text('#last-step-check');
    assert.match(verdict, /^✓ equal: all 48 values/);
    for (const name of lhs) assert.ok(verdict.includes(name), `${name} in "${verdict}"`);
    assert.ok(verdict.includes('h_n[-2] and h_n[-1]'));
    const code = await text('#code');
    const line = `    print(torch.equal(${lhs[0]}, h_n[-2]), torch.equal(${lhs[1]}, h_n[-1]))`;
    assert.ok(code.includes(`\n${line}\n`), code);
    assert.match(code, /# True True: the forward half of the last step is h_n\[-2\]/);
    assert.match(code, /# bidirectional=True: h_n\[-1\] is the top layer's reverse direction only\n {4}logits/);
    assert.doesNotMatch(code, /torch\.equal\(output\[:, -1\], h_n\[-1\]\)/);
    const printed = python(code);
    if (printed === null) t.diagnostic('python3-torch is not installed: the Python was not run');
    else assert.equal(printed.split('\n')[1], 'True True', printed);
  }
  await open('mode=LSTM&bidirectional=true', 'zh');
  assert.match(await text('#code'), /# True True：最后一步的正向一半就是 h_n\[-2\]/);
  await shot('1-code-bidirectional-zh', '[data-panel="code"]');
  await open('mode=LSTM&bidirectional=true');
  await shot('1-code-bidirectional-en', '[data-panel="code"]');
  // One direction: the plain comparison, printed True.
  await open('mode=GRU');
  const plain = await text('#code');
  assert.match(plain, /\n {4}print\(torch\.equal\(output\[:, -1\], h_n\[-1\]\)\)\n/);
  const printed = python(plain);
  if (printed !== null) assert.equal(printed.split('\n')[1], 'True');
});

test('2. bidirectional Values: the forward half of the last step pairs with h_n[-2], the reverse half of t=0 with h_n[-1]', async () => {
  for (const lang of ['en', 'zh']) {
    await open('mode=LSTM&bidirectional=true', lang);
    await seeCard('values');
    const layer = lang === 'zh' ? '层' : 'layer';
    const marked = (sel) => page.$$eval(`${sel} .grid-head.mark`, (els) => els.map((e) => e.textContent));
    assert.deepEqual(await marked('#values-output'), ['t=0 (x1) ←', 't=2 (x3) →']);
    assert.deepEqual(await marked('#values-h_n'), [`${layer} 0 →`, `${layer} 0 ←`]);
    assert.match(
      await text('#values-meet'),
      lang === 'zh'
        ? /t=2 的正向一半（→，output 的第 0…3 个值）就是 h_n\[-2\]（→）.*t=0 的反向一半（←，第 4…7 个值）就是 h_n\[-1\]（←）/
        : /forward half of t=2 \(→, output's values 0…3\) is h_n\[-2\] \(→\).*reverse half of t=0 \(←, values 4…7\) is h_n\[-1\] \(←\)/,
    );
    await shot(`2-values-bidirectional-${lang}`, '[data-panel="values"]');
  }
  // The pairs the marks claim hold for every drawn value; the pair the old mark made does not.
  const out = new Map(),
    hn = new Map();
  for (const c of await readCells(page, '#values-output')) out.set(c.index.join(), c.value);
  for (const c of await readCells(page, '#values-h_n')) hn.set(c.index.join(), c.value);
  let differs = 0;
  for (let b = 0; b < 6; ++b)
    for (let k = 0; k < 4; ++k) {
      assert.equal(out.get(`${b},2,${k}`), hn.get(`0,${b},${k}`), `output[${b}, 2, ${k}] = h_n[0, ${b}, ${k}]`);
      assert.equal(out.get(`${b},0,${4 + k}`), hn.get(`1,${b},${k}`), `output[${b}, 0, ${4 + k}] = h_n[1, ${b}, ${k}]`);
      if (out.get(`${b},2,${4 + k}`) !== hn.get(`1,${b},${k}`)) differs += 1;
    }
  assert.ok(differs > 20, 'the reverse half of the last step is not h_n[-1]');
});

test('3. the reverse direction: h_{t+1}, and the arrows and Play walk t = 2, 1, 0; the note fits at 1280 px', async () => {
  await page.setViewportSize({ width: 1280, height: 4000 });
  for (const lang of ['en', 'zh']) {
    await open('mode=LSTM&bidirectional=true', lang);
    await seeCard('steps');
    await page.selectOption('#step-layer', '1'); // layer 0, reverse
    const names = await page.$$eval('#step-values th code', (els) => els.map((e) => e.textContent));
    assert.deepEqual(names, ['x_t', 'h_{t+1}', 'c_{t+1}']);
    assert.match(await text('#step-gates'), /W_hh h_\{t\+1\} \+ b_hh/);
    await page.waitForSelector('#step-equation annotation', { state: 'attached' }); // KaTeX loads after the first paint
    const tex = await page.$$eval('#step-equation annotation', (els) => els.map((e) => e.textContent).join(' '));
    assert.match(tex, /h_\{t\+1\}/);
    assert.match(tex, /c_\{t\+1\}/);
    assert.doesNotMatch(tex, /t-1/);
    // The first step of the reverse direction is t = 2; "next" is t - 1.
    await page.click('#step-first');
    assert.equal(await page.getAttribute('#step-values', 'data-step'), '2');
    assert.equal(await page.textContent('#step-first'), '▶|');
    assert.equal(await page.isDisabled('#step-back'), true, 'no step before the first');
    await page.click('#step-next');
    assert.equal(await page.getAttribute('#step-values', 'data-step'), '1');
    await page.click('#step-back');
    assert.equal(await page.getAttribute('#step-values', 'data-step'), '2');
    assert.match(
      await text('#step-where'),
      lang === 'zh'
        ? /^t = 2（读 x3 列）：反向从 t = 2 读到 t = 0$/
        : /^t = 2 of 2…0 \(x3\): the reverse direction reads from the end$/,
    );
    // Every note sits inside the card at 1280 px, wrapped, not cut off.
    const fits = await page.evaluate(() => {
      const card = document.querySelector('[data-panel="steps"]').getBoundingClientRect();
      const steps = document.querySelector('#steps');
      return {
        scrolls: steps.scrollWidth > steps.clientWidth,
        notes: [...document.querySelectorAll('#steps td.step-note')].map(
          (n) => n.getBoundingClientRect().right <= card.right,
        ),
      };
    });
    assert.equal(fits.scrolls, false, 'the step view does not scroll sideways');
    assert.ok(fits.notes.length >= 3 && fits.notes.every(Boolean), JSON.stringify(fits));
    await shot(`3-steps-reverse-${lang}`, '[data-panel="steps"]');
  }
  // Play records every step it shows: the reverse direction 2 -> 1 -> 0, the forward 0 -> 1 -> 2.
  const played = async (layer) => {
    await page.selectOption('#step-layer', layer);
    await page.click('#step-first');
    await page.evaluate(() => {
      window.seenSteps = [document.querySelector('#step-values').dataset.step];
      new MutationObserver(() => {
        const v = document.querySelector('#step-values')?.dataset.step;
        if (v !== undefined && v !== window.seenSteps.at(-1)) window.seenSteps.push(v);
      }).observe(document.querySelector('[data-panel="steps"]'), { subtree: true, attributes: true, childList: true });
    });
    await page.click('#step-play');
    await page.waitForFunction(
      () => document.querySelector('#step-play').getAttribute('aria-pressed') === 'false',
      null,
      {
        timeout: 10_000,
      },
    );
    return page.evaluate(() => window.seenSteps);
  };
  assert.deepEqual(await played('1'), ['2', '1', '0']);
  assert.deepEqual(await played('0'), ['0', '1', '2']);
  await page.setViewportSize({ width: 1360, height: 4000 });
});

test('4. the gradient summary: honest for bidirectional, real numbers after a run that learned, one numbering', async () => {
  // Bidirectional: the head reads the reverse direction only, and the summary says so.
  for (const lang of ['en', 'zh']) {
    await open('mode=LSTM&bidirectional=true', lang);
    await seeCard('train');
    await page.waitForSelector('#vanishing');
    const said = await text('#vanishing');
    assert.match(said, lang === 'zh' ? /只是最上层的反向/ : /the top layer's reverse direction only/);
    assert.doesNotMatch(said, /0\.0+e\+0|—/);
    const norms = [...said.matchAll(/= ([\d.]+e[-+]\d+)/g)].map((m) => Number(m[1]));
    assert.equal(norms.length, 2);
    assert.ok(
      norms.every((v) => v > 0),
      said,
    );
    await shot(`4-gradients-bidirectional-${lang}`, '[data-panel="train"]');
  }
  // Counted from 0, said once in the Sentences card; a table error names sentence 0 for the
  // first row, the gradient map's columns are t = 0, 1, ..., a label error names sentence 0.
  await open('mode=RNN');
  assert.match(
    await text('#sentences-sub'),
    /counted from 0, as PyTorch indexes: the first row is sentence 0 \(x\[0\]\), column x1 is step t = 0/,
  );
  await page.fill('#table', '| x1 | x2 | y |\n| 01 | 1a | 1 |\n| 10 | 01 | 0 |\n');
  assert.equal(
    await text('#table-status'),
    "sentence 0 (line 2), column x2: '1a' has 'a' at position 2; a cell is a string of 0s and 1s such as 010",
  );
  await page.fill('#table', '| x1 | x2 | y |\n| 01 | 10 | 1 |\n| 10 | 01 | 0 |\n');
  await page.fill('#out-features', '1');
  await seeCard('train');
  await page.waitForFunction(() => /sentence/.test(document.querySelector('#train-status')?.textContent));
  assert.equal(
    await text('#train-status'),
    'label 1 of sentence 0 is not a class of a head with out_features = 1 (classes 0 to 0)',
  );
  await page.fill('#out-features', '0');
  await page.waitForSelector('#gradients canvas');
  assert.deepEqual(await page.$$eval('#gradients .grid-head', (els) => els.map((e) => e.textContent).filter(Boolean)), [
    't=0',
    't=1',
  ]);
  assert.match(
    await text('#vanishing'),
    /^Top layer: ‖∂L\/∂h_0‖ = \S+ at t = 0, ‖∂L\/∂h_1‖ = \S+ at t = 1, the last step/,
  );
});

// The Train card's status after a run: { steps, loss, correct }.
async function trainToEnd(lang) {
  await page.click('#train');
  await page.waitForFunction(
    () =>
      document.querySelector('#train').getAttribute('aria-pressed') === 'false' &&
      /^(step 300 |第 300 步)/.test(document.querySelector('#train-status').textContent),
    null,
    { timeout: 60_000 },
  );
  const status = await text('#train-status');
  const m = status.match(
    lang === 'zh' ? /第 (\d+) 步 · 损失 ([\d.]+) · 准确率 (\d+)\/8/ : /step (\d+) · loss ([\d.]+) · accuracy (\d+)\/8/,
  );
  return { steps: Number(m[1]), loss: Number(m[2]), correct: Number(m[3]) };
}

test('5. the long-memory advice works as written: SGD stays at chance, the advice followed word for word learns', async () => {
  for (const lang of ['en', 'zh']) {
    await open('mode=RNN', lang);
    await page.selectOption('#preset', 'long-memory');
    await seeCard('train');
    const sgd = await trainToEnd(lang);
    assert.equal(sgd.steps, 300);
    assert.ok(sgd.loss >= 0.69, `SGD, lr 0.5: loss ${sgd.loss}`);
    // The advice, read off the card and done literally: the optimizer and lr it names.
    const note = await page.$$eval('#gradients .note', (els) => els.map((e) => e.textContent).join(' '));
    const advice = note.match(
      lang === 'zh'
        ? /把优化器换成 (\w+)、把 lr 改成 ([\d.]+)，就能学会/
        : /switch the optimizer to (\w+) and lr to ([\d.]+), and it does/,
    );
    assert.ok(advice, note);
    await page.selectOption('#optimizer', advice[1]);
    await page.fill('#lr', advice[2]);
    const learned = await trainToEnd(lang);
    assert.equal(learned.steps, 300);
    assert.ok(learned.loss < 0.01, `${advice[1]}, lr ${advice[2]}: loss ${learned.loss}`);
    assert.equal(learned.correct, 8);
    // After a run that learned, the summary's numbers are real: the first step's gradient is
    // tiny (about 1e-35 here) but not 0, and the heat map reads the same number.
    const said = await text('#vanishing');
    assert.doesNotMatch(said, /0\.0+e\+0|‖ = 0[,，:]/);
    const [first] = [...said.matchAll(/= ([\d.]+e[-+]\d+)/g)].map((m) => Number(m[1]));
    assert.ok(first > 0 && first < 1e-20, said);
    const cell = (await readCells(page, '#gradients')).find((c) => c.index.join() === '0,0,0');
    assert.ok(Math.abs(cell.value - first) <= first * 1e-2, `${cell.value} vs ${first}`);
    await shot(`5-long-memory-learned-${lang}`, '[data-panel="train"]');
  }
});

test('6. the 128 x 28 x 12 preset: the Values map reaches t=27 with a cue; the cards speak of torch.rand, not a table', async () => {
  await page.setViewportSize({ width: 1280, height: 4000 });
  for (const lang of ['en', 'zh']) {
    await open('mode=RNN', lang);
    await page.selectOption('#preset', 'notebook-rnn');
    await seeCard('values');
    const steps = [...new Set((await readCells(page, '#values-output')).map((c) => c.index[1]))];
    assert.deepEqual(steps, [0, 1, 2, 3, 4, 5, 22, 23, 24, 25, 26, 27]);
    assert.deepEqual(await page.$$eval('#values-output .grid-head.mark', (els) => els.map((e) => e.textContent)), [
      't=27 (x28)',
    ]);
    assert.match(
      await text('#values-meet'),
      lang === 'zh'
        ? /最后一步 t=27 的值就是 h_n\[-1\]（层 1）/
        : /output at t=27, the last step, is h_n\[-1\] \(layer 1\)/,
    );
    // The grid is wider than the card: a cue says so, and its button brings t=27 into view.
    assert.equal(await page.isVisible('#values-scroll'), true);
    assert.match(
      await text('#values-scroll'),
      lang === 'zh' ? /左右滚动可以看到最后一步 t=27/ : /scroll it sideways to the last step, t=27/,
    );
    await shot(`6-values-random-${lang}`, '[data-panel="values"]');
    await page.click('#values-scroll button');
    await page.waitForFunction(() => {
      const box = document.querySelector('#values-output');
      const mark = box.querySelector('.grid-head.mark').getBoundingClientRect();
      const seen = box.getBoundingClientRect();
      return mark.left >= seen.left && mark.right <= seen.right;
    });
    await shot(`6-values-random-scrolled-${lang}`, '[data-panel="values"]');
    // The Sentences and Train cards describe torch.rand's x.
    assert.match(
      await text('#sentences-sub'),
      lang === 'zh' ? /x 由 torch\.rand 生成，不是句子表/ : /x is torch\.rand's, not a table/,
    );
    await seeCard('train');
    assert.match(
      await text('#train-status'),
      lang === 'zh' ? /torch\.rand 生成的 x 没有标签/ : /torch\.rand's x has none/,
    );
    assert.equal(await page.isVisible('#train-readout'), false, 'no gradient map: nothing to point at');
    await shot(`6-sentences-random-${lang}`, '[data-panel="table"]');
    await shot(`6-train-random-${lang}`, '[data-panel="train"]');
  }
  await page.setViewportSize({ width: 1360, height: 4000 });
});

test('no errors in the console', () => {
  assert.deepEqual(browser.errors, []);
});
