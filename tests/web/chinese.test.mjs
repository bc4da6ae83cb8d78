// The Chinese page (issue #21, items 7 and 8): every error it shows is in Chinese, with the same
// row, line, column and values as the English page shows; the text on screen follows the
// glossary (docs/glossary-zh.md). Each error is typed as a learner types it, read in English,
// then the language is switched and the same error read in Chinese. Screenshots (zh-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, screenshotDir } from './browser.mjs';

let browser, page;
const text = (sel) => page.textContent(sel);
const numbers = (s) => (s.match(/-?\d+(\.\d+)?/g) ?? []).sort();
async function language(lang) {
  await page.selectOption('#language', lang);
  await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
}
// The status line `sel` in English and in Chinese, for the state the page is in.
async function both(sel) {
  await language('en');
  await page.waitForFunction((s) => document.querySelector(s)?.classList.contains('error'), sel);
  const en = await text(sel);
  await language('zh');
  await page.waitForFunction((s) => /[\u4e00-\u9fff]/.test(document.querySelector(s)?.textContent), sel);
  const zh = await text(sel);
  return { en, zh };
}
// Chinese apart from PyTorch's names, the quoted cells and the numbers.
function assertChinese(zh, what) {
  assert.match(zh, /[\u4e00-\u9fff]/, what);
  const rest = zh.replace(/'[^']*'|"[^"]*"|[\w.]*_[\w.]*|\b(x\d+|y|lr|dropout|seed|NaN)\b/g, '');
  assert.doesNotMatch(rest, /\b[a-z]{3,}\b/i, `${what}: ${zh}`);
}

before(async () => {
  browser = await start();
  page = browser.page;
  await browser.fresh();
});

after(async () => {
  await browser?.stop();
});

test('table errors: Chinese, with the same sentence, line and column', async () => {
  const cases = [
    [
      '| x1 | x2 | y |\n| 01 | 10 | 1 |\n| 10 | 1a | 0 |\n',
      "句子 1（第 3 行），x2 列：'1a' 的第 2 位是 'a'；单元格只能由 0 和 1 组成，例如 010",
    ],
    [
      '01 10 | 1\n10 011 | 0\n',
      "句子 1（第 2 行），x2 列：'011' 有 3 位，应与句子 0 的 x1 一样是 2 位（每个单元格是一个 input_size 位的输入向量）",
    ],
    ['| x1 | x2 | y |\n| 01 | 10 | z |\n', "句子 0（第 2 行），y 列：'z' 不是整数标签"],
    [
      '| x1 | x3 | y |\n| 01 | 10 | 1 |\n',
      "表头（第 1 行），x2 列：第 2 列名为 'x3'，应为 'x2'（先是时间步 x1、x2……，最后可以有一列 y）",
    ],
    [
      '| x1 | x2 | y |\n| 01 | 10 | 1 |\n| 10 | 01 |\n',
      '句子 1（第 3 行），y 列：缺少单元格：这一行有 2 个单元格，应为 3 个（x1..x2 和 y）',
    ],
    ['\n\n', '表格是空的：每行输入一个句子，例如 001 010 100 | 1'],
  ];
  for (const [table, want] of cases) {
    await language('en');
    await page.fill('#table', table);
    const { en, zh } = await both('#table-status');
    assert.equal(zh, want);
    assert.deepEqual(numbers(zh), numbers(en), `${en} / ${zh}`);
    if (table.includes('1a')) {
      assert.match(en, /^sentence 1 \(line 3\), column x2: /);
      await page.locator('[data-panel="table"]').screenshot({ path: `${screenshotDir}zh-table-error.png` });
      await language('en');
      await page.locator('[data-panel="table"]').screenshot({ path: `${screenshotDir}zh-table-error-en.png` });
    }
  }
  await language('en');
  await page.click('#reset-table');
});

test('size and option checks, dropout, lr and out_features: Chinese, with the same values', async () => {
  const cases = [
    ['#hidden-size', '0', '#model-status', 'hidden_size 必须是正整数，收到的是 0'],
    ['#hidden-size', '', '#model-status', 'hidden_size 必须是整数，但输入的不是数字（或为空）'],
    ['#hidden-size', '5000', '#model-status', 'hidden_size 是 5000，超过上限 4096'],
    ['#num-layers', '65', '#model-status', 'num_layers 是 65，超过上限 64'],
    ['#dropout', '2', '#model-status', 'dropout 必须是 [0, 1] 区间内的数，表示一个元素被置零的概率'],
    ['#out-features', '5000', '#model-status', 'out_features 是 5000，超过上限 4096'],
    ['#lr', '-1', '#train-status', '无效的学习率 lr：-1（必须大于或等于 0）'],
  ];
  for (const [field, value, status, want] of cases) {
    await language('en');
    const before = await page.inputValue(field);
    await page.fill(field, value);
    if (status === '#train-status') await page.locator('[data-panel="train"]').scrollIntoViewIfNeeded();
    const { en, zh } = await both(status);
    assert.equal(zh, want, `${field}=${value}`);
    assertChinese(zh, `${field}=${value}`);
    for (const n of numbers(en)) assert.ok(numbers(zh).includes(n), `${n} of "${en}" in "${zh}"`);
    if (field === '#dropout')
      await page.locator('[data-panel="model"]').screenshot({ path: `${screenshotDir}zh-model-error.png` });
    if (value === '-1')
      await page.locator('[data-panel="train"]').screenshot({ path: `${screenshotDir}zh-lr-error.png` });
    await language('en');
    await page.fill(field, before);
  }
  // proj_size: LSTM only, smaller than hidden_size.
  await page.click('.segmented label:has-text("nn.LSTM")');
  await page.fill('#proj-size', '4');
  const { en, zh } = await both('#model-status');
  assert.equal(en, 'proj_size has to be smaller than hidden_size (proj_size=4, hidden_size=4)');
  assert.equal(zh, 'proj_size 必须小于 hidden_size（proj_size=4，hidden_size=4）');
  await language('en');
  await page.fill('#proj-size', '0');
  // PyTorch's dropout warning for one layer, in Chinese.
  await page.fill('#dropout', '0.5');
  await language('zh');
  assert.match(
    await text('#model-status'),
    /^UserWarning: dropout 只加在除最后一层以外的每个循环层之后.*dropout=0\.5，num_layers=1/,
  );
  await language('en');
  await page.fill('#dropout', '0');
  await page.click('.segmented label:has-text("nn.RNN")');
});

test('the text on the Chinese page follows the glossary', async () => {
  await language('zh');
  await page.click('.segmented label:has-text("nn.LSTM")');
  await page.check('#bidirectional');
  const shown = await page.evaluate(() => document.body.innerText);
  assert.ok(!shown.includes('笔记本'), 'the tutorial is 教程');
  assert.ok(!shown.replace(/单元格|隐藏单元|循环单元/g, '').includes('单元'), '单元 only in its compounds');
  for (const word of ['输入门', '遗忘门', '输出门', '优化器', '学习率', '隐藏单元', '循环单元', '教程'])
    assert.ok(shown.includes(word), word);
  for (const phrase of ['预测只是随机水平', '，共 0…', 'σ 压缩到 0…1（多少）'])
    assert.ok(!shown.includes(phrase), phrase);
  await page.screenshot({ path: `${screenshotDir}zh-page.png`, fullPage: true });
  await page.click('.segmented label:has-text("nn.GRU")');
  assert.match(await text('#step-gates'), /重置门 r：.*更新门 z：/);
  await page.uncheck('#bidirectional');
  await page.click('.segmented label:has-text("nn.RNN")');
  await language('en');
});

test('no errors in the console', () => {
  assert.deepEqual(browser.errors, []);
});
