// Tables of words in the page (issue 14), used as a learner would: type sentences of different
// lengths, read the vocabulary (<pad> at 0, then first appearance) and the ids' shapes, switch
// pack_padded_sequence off to see the classic mistake and on again, read Chinese one character a
// token and the Vocabulary card in Chinese, put nn.Embedding in front, train, save the weights as
// .json and load them back, reopen the link, and put the head on torch.cat((h_n[-2], h_n[-1])).
// In an ordinary window (1360 x 1000): every read first scrolls to what it reads (seen()).
// Screenshots: words-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seen, start, screenshotDir, waitForText } from './browser.mjs';

// Four sentences of 3, 4, 1 and 2 words: the vocabulary is <pad>, I, love, you, hate, me.
const TABLE = 'I love you | 1\nyou hate me me | 0\nme | 1\nI love | 0';

let browser, page, downloads;
/** What `selector` shows, scrolled into view first. */
const text = async (selector, on = page) => {
  await seen(on, selector);
  return on.textContent(selector);
};
// The window, with `subject` in view.
const shot = async (name, subject) => {
  await seen(page, subject);
  await page.screenshot({ path: `${screenshotDir}${name}.png` });
};
// Selects everything in the table and types `table` over it, as a person replaces a table.
async function typeTable(table) {
  await seen(page, '#table');
  await page.click('#table');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(table);
}
// The Vocabulary card's rows: [id, token, count, one-hot].
const vocabulary = async (on = page) => {
  await seen(on, '#vocabulary');
  return on.$$eval('#vocabulary tbody tr', (rows) =>
    rows.map((r) => [...r.querySelectorAll('th, td')].slice(0, 4).map((c) => c.textContent)),
  );
};
// The PyTorch code panel's text.
const code = () => text('#code');
// Looks at the Train card until it says `pattern` (browser.mjs).
const waitStatus = (pattern, timeout) => waitForText(page, '#train-status', pattern, timeout);
// "step 200 · loss 0.0001 · accuracy 4/4 (100 %)" -> { steps, loss, correct, total }
async function readStatus() {
  const [, steps, loss, correct, total] = (await text('#train-status')).match(
    /step (\d+) · loss ([\d.]+) · accuracy (\d+)\/(\d+)/,
  );
  return { steps: Number(steps), loss: Number(loss), correct: Number(correct), total: Number(total) };
}
// The head's logits and probabilities as the Linear head card prints them, one row a sentence.
const headRows = async () => {
  await seen(page, '#head');
  return page.$$eval('#head tbody tr', (rows) => rows.map((r) => r.textContent));
};

before(async () => {
  browser = await start({ viewport: { width: 1360, height: 1000 } });
  page = browser.page;
  downloads = mkdtempSync(join(tmpdir(), 'recur-words-'));
  await browser.fresh();
});

after(async () => {
  await browser?.stop();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

test('a table of words: the status, the vocabulary in first-appearance order, the ids [B, T]', async () => {
  await typeTable(TABLE);
  assert.equal(
    await text('#table-status'),
    '4 sentences of 1 to 4 words, a vocabulary of 6 (<pad> included), labels y → ids: torch.Size([4, 4])',
  );
  assert.equal(await page.inputValue('#tokens'), 'auto', 'auto reads words when the cells are not bits');
  // The table as the module reads it: a token a step, <pad> past each sentence's end.
  await seen(page, '#words-preview');
  const preview = await page.$$eval('#words-preview tbody tr', (rows) =>
    rows.map((r) => [...r.querySelectorAll('td.token')].map((c) => c.textContent)),
  );
  assert.deepEqual(preview, [
    ['I', 'love', 'you', '<pad>'],
    ['you', 'hate', 'me', 'me'],
    ['me', '<pad>', '<pad>', '<pad>'],
    ['I', 'love', '<pad>', '<pad>'],
  ]);
  assert.equal(
    await page.getAttribute('#words-preview tbody tr:nth-child(3) td.token >> nth=1', 'title'),
    'ids[2, 1] = 0',
  );
  assert.equal(await page.locator('#words-preview td.token.pad').count(), 6);

  // <pad> at id 0 (its count: the 6 padding steps), then each word where it first appears.
  assert.deepEqual(await vocabulary(), [
    ['0', '<pad>', '6', '1 0 0 0 0 0'],
    ['1', 'I', '2', '0 1 0 0 0 0'],
    ['2', 'love', '2', '0 0 1 0 0 0'],
    ['3', 'you', '2', '0 0 0 1 0 0'],
    ['4', 'hate', '1', '0 0 0 0 1 0'],
    ['5', 'me', '3', '0 0 0 0 0 1'],
  ]);
  assert.match(await text('#vocabulary'), /x = F\.one_hot\(ids, 6\)\.float\(\): .* so input_size = 6\./);
  assert.match(
    await text('[data-panel=vocabulary] .sub'),
    /^<pad> is id 0, then every word in the order it first appears/,
  );

  assert.equal(await text('#shape-ids'), 'torch.Size([4, 4])');
  assert.equal(await text('#shape-lengths'), 'torch.Size([4])');
  assert.equal(await text('#shape-x'), 'torch.Size([4, 4, 6])', 'one-hot: input_size = V = 6');
  assert.equal(await text('#shape-h_n'), 'torch.Size([1, 4, 4])');
  // The words' controls appear with a table of words; the head's input only when bidirectional.
  assert.ok(await page.isVisible('#encoding'));
  assert.ok(await page.isChecked('#packed'));
  assert.ok(!(await page.isVisible('#embedding-dim')), 'embedding_dim is an nn.Embedding option');
  assert.ok(!(await page.isVisible('#head-input')), 'h_n[-2] is the other direction: bidirectional only');
  await shot('words-table', '#table-status');
  await page.locator('[data-panel=vocabulary]').screenshot({ path: `${screenshotDir}words-vocabulary.png` });
});

test('packed, output[i, len_i - 1] is h_n[-1][i]; padded, the page names the classic mistake', async () => {
  assert.ok(await page.isChecked('#packed'));
  const check = await text('#last-step-check');
  assert.match(
    check,
    /^✓ equal: all 16 values of output\[i, len_i - 1\] are identical to h_n\[-1\]\[i\]: packed, h_n holds each sentence's state at its own last word$/,
  );
  assert.equal(await page.getAttribute('#last-step-check', 'class'), 'verdict ok');
  // Packed, the classic mistake is named beside it as what padding would give, not as this run's fault.
  assert.match(await text('#padded-check'), /^✗ the classic mistake: for 3 shorter sentences/);
  assert.equal(await page.getAttribute('#padded-check', 'class'), 'verdict');
  assert.ok((await code()).includes('pack_padded_sequence'), 'the PyTorch code packs as the page does');

  await page.uncheck('#packed');
  const mistake = await text('#padded-check');
  assert.match(
    mistake,
    /^✗ the classic mistake: for 3 shorter sentences, h_n\[-1\] is the state after the <pad> steps, not after the last word: (\d+) of 16 values differ from the packed answer\./,
  );
  assert.ok(Number(mistake.match(/: (\d+) of 16/)[1]) > 0);
  assert.equal(await page.getAttribute('#padded-check', 'class'), 'verdict bad');
  // The three shorter sentences' rows are marked; the longest (sentence 1) is the same both ways.
  assert.deepEqual(
    await page.$$eval('#last-step-values tbody tr', (rows) => rows.map((r) => r.classList.contains('after-pad'))),
    [true, false, true, true],
  );
  // Fed padded, output[:, -1] still equals h_n[-1]: why the mistake goes unnoticed.
  assert.match(await text('#last-step'), /✓ output\[:, -1\] equals h_n\[-1\] \(all 16 values\)/);
  assert.equal(await text('#shape-x'), 'torch.Size([4, 4, 6])', 'the same padded x, fed as it is');
  await shot('words-padded', '#padded-check');

  await page.check('#packed');
  assert.match(await text('#last-step-check'), /^✓ equal: all 16 values of output\[i, len_i - 1\]/);
  assert.equal(await page.getAttribute('#padded-check', 'class'), 'verdict');
  assert.doesNotMatch(await text('#last-step'), /output\[:, -1\] equals h_n\[-1\]/);
});

test('Chinese: one token a character, and the Vocabulary card in Chinese', async () => {
  await seen(page, '#preset');
  await page.selectOption('#preset', 'words-zh');
  assert.equal(await page.inputValue('#tokens'), 'characters');
  assert.match(
    await text('#table-status'),
    /^6 sentences of 3 to 8 characters, a vocabulary of \d+ \(<pad> included\)/,
  );
  const rows = await vocabulary();
  assert.deepEqual(
    rows.slice(0, 4).map((r) => r[1]),
    ['<pad>', '我', '很', '喜'],
  );
  for (const [, token] of rows.slice(1))
    if (token !== '⋮') assert.equal([...token].length, 1, `'${token}' is one character`);
  assert.match(await text('[data-panel=vocabulary] .sub'), /every character in the order it first appears/);

  // Typed by hand: rows without spaces, read one token a character (the preset's nn.Embedding(V, 4) stays).
  await typeTable('我爱你 | 1\n你爱我 | 0\n我 | 1');
  assert.deepEqual(
    (await vocabulary()).map((r) => r.slice(0, 3)),
    [
      ['0', '<pad>', '2'],
      ['1', '我', '3'],
      ['2', '爱', '2'],
      ['3', '你', '2'],
    ],
  );
  assert.equal(await text('#shape-ids'), 'torch.Size([3, 3])');
  assert.equal(await text('#shape-x'), 'torch.Size([3, 3, 4])');

  await page.selectOption('#language', 'zh');
  await page.waitForFunction(() => document.documentElement.lang.startsWith('zh'));
  assert.equal(await text('[data-panel=vocabulary] h2'), '词表');
  assert.match(
    await text('[data-panel=vocabulary] .sub'),
    /^<pad> 的编号是 0，其余每个字按第一次出现的顺序编号（逐行、从左到右）/,
  );
  assert.deepEqual(await page.$$eval('#vocabulary thead th', (cells) => cells.map((c) => c.textContent)), [
    '编号',
    '词元',
    '次数',
    'one-hot 向量',
    '嵌入的一行',
  ]);
  assert.match(
    await text('#vocabulary'),
    /^x = nn\.Embedding\(4, 4, padding_idx=0\)\(ids\)：编号为 i 的词元读取嵌入权重的第 i 行，所以 input_size = 4。第 0 行（<pad>）全是 0，不接收梯度/,
  );
  assert.match(await text('#vocabulary'), /<pad> 填充句子结束之后的时间步。/);
  assert.match(await text('#table-status'), /^3 个句子，每个 1 到 3 个字，词表共 4 个（含 <pad>）/);
  assert.match(await text('#last-step-check'), /^✓ 相等：/);
  await page.locator('[data-panel=vocabulary]').screenshot({ path: `${screenshotDir}words-zh.png` });
  await page.selectOption('#language', 'en');
  await page.waitForFunction(() => document.documentElement.lang.startsWith('en'));
});

test('nn.Embedding: input_size = embedding_dim, training lowers the loss, and the saved .json loads back', async () => {
  // The notebook's preset puts the model back (nn.RNN(·, 4)); the menu says the cells are words.
  await seen(page, '#preset');
  await page.selectOption('#preset', 'notebook');
  assert.equal(await page.inputValue('#encoding'), 'one_hot');
  await seen(page, '#tokens');
  await page.selectOption('#tokens', 'words');
  await typeTable(TABLE);
  await seen(page, '#encoding');
  await page.selectOption('#encoding', 'embedding');
  assert.ok(await page.isVisible('#embedding-dim'));
  await page.fill('#embedding-dim', '3');
  assert.equal(await text('#shape-x'), 'torch.Size([4, 4, 3])', 'x: a row of the embedding a token');
  assert.match(
    await text('#vocabulary'),
    /^x = nn\.Embedding\(6, 3, padding_idx=0\)\(ids\): token i reads row i of the embedding's weight, so input_size = 3\./,
  );
  assert.match(await text('#shapes'), /nn\.Embedding\(V, 3\)\(ids\)/);
  // The <pad> row of the embedding is zeros.
  await seen(page, '#vocabulary');
  const padRow = await page.$$eval('#vocabulary tbody tr.pad [title]', (cells) => cells.map((c) => c.title));
  assert.equal(padRow.length, 3);
  for (const title of padRow) assert.match(title, /^embedding\.weight\[0, \d\] = -?0(\.0+)?$/);
  const written = await code();
  assert.ok(written.includes('nn.Embedding'), 'the PyTorch code builds the embedding');
  assert.ok(written.includes('pack_padded_sequence'));

  await waitStatus(/step 0 ·/);
  const untrained = await readStatus();
  assert.equal(untrained.total, 4);
  await page.click('#train');
  await waitStatus(/step 200 ·/);
  const trained = await readStatus();
  assert.ok(trained.loss < untrained.loss / 10, `loss ${untrained.loss} -> ${trained.loss}`);
  assert.equal(trained.correct, 4);
  const trainedHead = await headRows();
  const trainedValues = await text('#last-step-values');
  await shot('words-trained', '#train-status');

  // Save .json: PyTorch's state_dict of the module with nn.Embedding in front, and the head.
  await seen(page, '#save-json');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-json')]);
  const file = join(downloads, download.suggestedFilename());
  assert.match(file, /\.json$/);
  await download.saveAs(file);
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(saved['embedding.weight'].shape, [6, 3]);
  assert.deepEqual(saved['embedding.weight'].data.slice(0, 3), [0, 0, 0], '<pad> (padding_idx=0) gets no gradient');
  assert.ok(saved['embedding.weight'].data.slice(3).some((v) => v !== 0));
  assert.deepEqual(saved['rnn.weight_ih_l0'].shape, [4, 3]);
  assert.deepEqual(saved['rnn.weight_hh_l0'].shape, [4, 4]);
  assert.deepEqual(saved['head.weight'].shape, [2, 4]);
  assert.deepEqual(saved['head.bias'].shape, [2]);

  // Reset goes back to the seed; loading the file gives the trained numbers back.
  await seen(page, '#train-reset');
  await page.click('#train-reset');
  await waitStatus(/step 0 ·/);
  assert.notDeepEqual(await headRows(), trainedHead);
  await page.setInputFiles('#weights-file', file);
  await page.waitForFunction(
    (name) => document.querySelector('#weights-status')?.textContent.includes(name),
    download.suggestedFilename(),
  );
  assert.equal(
    await text('#weights-status'),
    `Weights: ${download.suggestedFilename()} (loaded; not part of the link).`,
  );
  await waitStatus(/step 0 · .*accuracy 4\/4/);
  assert.equal((await readStatus()).loss, trained.loss);
  assert.deepEqual(await headRows(), trainedHead);
  assert.equal(await text('#last-step-values'), trainedValues);
  // The head card names the file's weights instead of calling them untrained.
  const name = download.suggestedFilename();
  assert.match(await text('#head'), new RegExp(`The weights are ${name.replace('.', '\\.')}'s\\.`));
  assert.match(
    await text('#head-accuracy'),
    new RegExp(`4 of 4 predictions equal y \\(the weights of ${name.replace('.', '\\.')}\\)`),
  );
  await shot('words-loaded', '#weights-status');
});

test('the link holds the words, the encoding and packing; reopening it restores them', async () => {
  await seen(page, '#packed');
  await page.uncheck('#packed');
  await page.waitForFunction(() => /packed=false/.test(location.hash) && /encoding=embedding/.test(location.hash));
  const link = page.url();
  const params = new URLSearchParams(new URL(link).hash.slice(1));
  assert.equal(params.get('table'), TABLE);
  assert.equal(params.get('tokens'), 'words');
  assert.equal(params.get('encoding'), 'embedding');
  assert.equal(params.get('embedding_dim'), '3');
  assert.equal(params.get('packed'), 'false');
  const mistake = await text('#padded-check');
  // Another table on this page (what the page remembers), so the second page has only the link.
  await page.selectOption('#preset', 'notebook');
  await page.waitForFunction(() => !/encoding=/.test(location.hash));

  const second = await browser.context.newPage();
  await second.goto(link);
  await second.waitForSelector('body[data-ready="true"]');
  assert.equal(await second.inputValue('#table'), TABLE);
  assert.equal(await second.inputValue('#tokens'), 'words');
  assert.equal(await second.inputValue('#encoding'), 'embedding');
  assert.equal(await second.inputValue('#embedding-dim'), '3');
  assert.equal(await second.isChecked('#packed'), false);
  assert.equal(await text('#shape-x', second), 'torch.Size([4, 4, 3])');
  assert.equal((await vocabulary(second)).map((r) => r[1]).join(' '), '<pad> I love you hate me');
  assert.equal(await text('#padded-check', second), mistake);
  await second.close();
  // Back to the link in this tab, reloaded: the loaded file is gone, the seed's weights are back
  // (a link that only changes the hash keeps a loaded file, which no longer fits a bidirectional model).
  await page.goto(link);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.match(await text('#weights-status'), /^Weights: torch\.manual_seed\(0\), then the module\./);
});

test('bidirectional: the head reads torch.cat((h_n[-2], h_n[-1]), dim=1)', async () => {
  await seen(page, '#bidirectional');
  await page.check('#packed');
  await page.check('#bidirectional');
  assert.ok(await page.isVisible('#head-input'));
  assert.equal(await page.inputValue('#head-input'), 'last');
  assert.match(await text('#head'), /^head = nn\.Linear\(4, 2\) on h_n\[-1\]/);
  await page.selectOption('#head-input', 'cat');
  const head = await text('#head');
  assert.match(head, /^head = nn\.Linear\(8, 2\) on torch\.cat\(\(h_n\[-2\], h_n\[-1\]\), dim=1\)/);
  assert.equal(head.split('torch.cat').length, 2, 'said once');
  assert.equal(await text('#shape-h_n'), 'torch.Size([2, 4, 4])');
  assert.equal(await text('#shape-output'), 'torch.Size([4, 4, 8])');
  // Packed, the forward half at each sentence's own last word is h_n[-2].
  assert.match(
    await text('#last-step-check'),
    /^✓ equal: all 16 values of output\[i, len_i - 1, :4\] are identical to h_n\[-2\]\[i\]/,
  );
  await page.waitForFunction(() => /head_input=cat/.test(location.hash));
  await page.locator('[data-panel=head]').screenshot({ path: `${screenshotDir}words-cat.png` });
  await shot('words-bidirectional', '#last-step-check');
});

test('no errors in the console', () => {
  assert.deepEqual(browser.errors, []);
});
