// Every card and path of the page, as a learner takes them, in one engine: typing, an error that
// keeps the text, the step view, training, weights loaded and saved, a shared link, Chinese, the
// embed element and the iframe, and the single file from file://. Firefox and WebKit run it
// (tests/web/firefox.test.mjs, webkit.test.mjs); Chromium runs the full suite beside them.
//
// An engine (./firefox.mjs, ./webkit.mjs) gives: name, version, goto(url), evaluate(fn, ...args),
// $$eval(selector, fn, ...args), click(selector), typeAtEnd(selector, text), type(text) at the
// caret, press(...keyNames), fill(selector, value), select(selector, value), focus(selector),
// setFile(selector, path), screenshot(path), download(selector) -> { name, bytes },
// readClipboard(), errors(), close(), and screenshotsFileUrls: false where the driver cannot
// photograph a file:// page. Everything it types is keystrokes and every click a click.
//
// The window is an ordinary one (1360 x 1000), and the page draws a card only when it comes near
// the screen. So, as a person scrolls to what they look at, every read here first scrolls what
// it reads into view and waits for its card to be drawn (reader() below, P.show); a screenshot is
// the window with the card the test is about in view.
//
// Where an engine cannot do what a learner does, the test says what it checks instead:
// - a file dropped from a file manager: no WebDriver (classic or BiDi) can drag a file from
//   outside the page, so the drop event is dispatched with the file in its DataTransfer, through
//   the card's own handlers (as in the Chromium suite);
// - a saved file: Firefox saves it to a download folder the test reads; MiniBrowser saves
//   nothing under automation, so WebKit's is read from the Blob the page hands to the browser;
// - fonts: the Chinese glyphs come from the system's CJK font, which no script can see drawn;
//   the screenshots are what shows them (looked at for each engine when this suite was made);
// - canvas: the loss curve is read back pixel by pixel (getImageData), in every engine;
// - the clipboard: read back with navigator.clipboard.readText(), which a person's browser
//   answers with a Paste menu; each engine lets a test read it by a setting instead (Firefox's
//   dom.events.testing.asyncClipboard, MiniBrowser's --javascript-can-access-clipboard).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '../../../tools/serve.mjs';
import { readCells } from '../cells.mjs';
import * as P from './page.mjs';

const screenshotDir = fileURLToPath(new URL('../screenshots/', import.meta.url));
const fixture = (name) => JSON.parse(readFileSync(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8'));
const weightsDir = new URL('../../fixtures/weights/', import.meta.url);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// An ordinary laptop's window. The page draws a card only when it comes near the screen, so the
// reader below scrolls to what it reads, as a person does (P.show), in every engine.
export const viewport = { width: 1360, height: 1000 };

/** Reads until `check` passes (the page updates asynchronously in some engines), at most `timeout` ms. */
export async function eventually(read, check, timeout = 10000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await read();
    try {
      check(value);
      return value;
    } catch (error) {
      if (Date.now() > end) throw error;
    }
    await sleep(50);
  }
}

/**
 * The page's reading helpers over one engine. Each first brings what it reads into view and waits
 * for its card to be drawn (P.show), then reads it.
 */
export function reader(browser) {
  const show = (selector) => browser.evaluate(P.show, selector, P.eagerCards);
  const read = async (selector, what) => {
    await show(selector);
    return browser.evaluate(P.inPage, selector, what);
  };
  const text = (selector) => read(selector, 'text');
  /** Every drawn heat-map cell under `selector` (../cells.mjs), once it is in view. */
  const cells = async (selector) => {
    await show(selector);
    return readCells(browser, selector);
  };
  return {
    show,
    read,
    text,
    cells,
    textIs: (selector, want, timeout) =>
      eventually(
        () => text(selector),
        (t) => assert.equal(t, want, selector),
        timeout,
      ),
    textMatches: (selector, pattern, timeout) =>
      eventually(
        () => text(selector),
        (t) => assert.match(t ?? '', pattern, selector),
        timeout,
      ),
    /** Every drawn cell of `selector` within 1e-5 of `want` (a fixture tensor) at the same index. */
    async cellsMatch(selector, want, tolerance = 1e-5) {
      const drawn = await cells(selector);
      assert.ok(drawn.length > 0, `${selector} draws no cells`);
      for (const { index, value, text: t } of drawn) {
        const at = index.reduce((o, i, d) => o * want.shape[d] + i, 0);
        assert.ok(Math.abs(value - want.data[at]) <= tolerance, `${t} vs ${want.data[at]}`);
      }
      return drawn;
    },
  };
}

/** Registers the suite for one engine. */
export function enginePaths(launch) {
  let browser, server, url, r;
  // What a person sees in the window with `subject` scrolled into view (and its card drawn).
  const shot = async (name, subject) => {
    await r.show(subject);
    await browser.screenshot(`${screenshotDir}${browser.name.toLowerCase()}-${name}.png`);
  };
  const ready = () =>
    eventually(
      () => browser.evaluate((s) => Boolean(document.querySelector(s)), P.ready),
      (ok) => assert.ok(ok, 'the page never became ready'),
      30000,
    );
  const open = async (hash = '') => {
    await browser.goto(`${url}${hash ? `#${hash}` : ''}`);
    await ready();
  };
  // The page as a first visit sees it: nothing remembered from an earlier test. The storage is
  // cleared from a file of the same site that runs no script (the page itself would first
  // compute whatever an earlier test left in it).
  const fresh = async (hash = 'language=en') => {
    await browser.goto(`${url}favicon.svg`);
    await browser.evaluate(() => localStorage.clear());
    await open(hash);
  };

  before(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    server = await serve(0);
    url = `http://127.0.0.1:${server.address().port}/`;
    browser = await launch({ viewport });
    r = reader(browser);
    // A person scrolls to what they click and looks before clicking: a jump straight to it
    // (as the driver's own scrollIntoView) draws the cards around it, which can move it away.
    for (const name of ['click', 'download', 'select']) {
      const act = browser[name];
      browser[name] = async (selector, ...rest) => {
        await r.show(selector);
        return act(selector, ...rest);
      };
    }
    console.log(`# ${browser.name}: ${browser.version}`);
  });

  after(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done) ?? done());
  });

  test("the page opens on the notebook's table with the SIMD128 module, and its values are PyTorch's", async () => {
    await fresh('');
    await r.textIs(P.shape('x'), 'torch.Size([6, 3, 3])');
    assert.equal(await r.text(P.shape('output')), 'torch.Size([6, 3, 4])');
    assert.equal(await r.text(P.shape('h_n')), 'torch.Size([1, 6, 4])');
    assert.match(await r.text(P.engine), /SIMD128/);
    assert.match(
      await r.text(P.lastStepCheck),
      /^✓ equal: all 24 values of output\[:, -1\] are identical to h_n\[-1\]$/,
    );
    const f = fixture('rnn_table');
    assert.equal((await r.cellsMatch(P.values('h_n'), f.h_n)).length, 24);
    assert.equal((await r.cellsMatch(P.values('output'), f.output)).length, 72);
    await shot('01-default', P.shape('x'));
  });

  // Rows are typed in the table's short form (cells split by spaces, then | y): fewer keys.
  test('typing a row adds a sentence', async () => {
    await browser.typeAtEnd(P.table, '011 110 001 | 1\n');
    await r.textIs(P.shape('x'), 'torch.Size([7, 3, 3])');
    assert.equal(await r.text(P.shape('output')), 'torch.Size([7, 3, 4])');
    assert.match(await r.text(P.tableStatus), /^7 sentences × 3 time steps × 3 bits/);
  });

  test('a broken cell names its row and column, keeps the text and the last good result', async () => {
    await browser.type('010 0a1 100 | 0');
    await r.textIs(
      P.tableStatus,
      "sentence 7 (line 10), column x2: '0a1' has 'a' at position 2; a cell is a string of 0s and 1s such as 010",
    );
    assert.equal(await r.read(P.table, 'attribute:aria-invalid'), 'true');
    assert.match(await r.read(P.table, 'value'), /\n010 0a1 100 \| 0$/);
    assert.equal(await r.text(P.shape('x')), 'torch.Size([7, 3, 3])', 'the last good result stays');
    assert.ok((await r.read(P.results, 'classes')).includes('stale'));
    await shot('02-error', P.tableStatus);
    // Fixed as a person would: back to the 'a', delete it, type a 1.
    await browser.press(...Array(9).fill('ArrowLeft'), 'Backspace');
    await browser.type('1');
    await r.textIs(P.shape('x'), 'torch.Size([8, 3, 3])');
    assert.match(await r.read(P.table, 'value'), /\n010 011 100 \| 0$/);
    assert.equal(await r.read(P.table, 'attribute:aria-invalid'), null);
    assert.ok(!(await r.read(P.results, 'classes')).includes('stale'));
  });

  test("the step view: every gate of an LSTM step, equal to PyTorch step by step, and a unit's equation with its numbers", async () => {
    const m = fixture('lstm_table').intermediates; // [L, T, B, n], PyTorch recomputed step by step
    await fresh();
    await browser.click(P.mode('LSTM'));
    await r.textIs(P.shape('c_n'), 'torch.Size([1, 6, 4])');
    await browser.select(P.steps.sentence, '3');
    await browser.focus(P.steps.slider);
    await browser.press('ArrowRight', 'ArrowRight');
    await eventually(
      () => r.read(P.steps.values, 'attribute:data-step'),
      (s) => assert.equal(s, '2'),
    );
    assert.match(await r.text(P.steps.where), /^t = 2 of 0…2 \(x3\)$/);
    const H = 4,
      T = 3,
      B = 6,
      t = 2,
      b = 3;
    const at = (name, step) =>
      m[name].data.slice((step * B + b) * m[name].shape[3], (step * B + b + 1) * m[name].shape[3]);
    const expect = { 'h_{t-1}': at('h', 1), 'c_{t-1}': at('c', 1), c_t: at('c', t), h_t: at('h', t) };
    let compared = 0;
    for (const { name, index, value } of await r.cells(`${P.steps.values}, ${P.steps.state}`)) {
      if (!expect[name]) continue;
      assert.ok(Math.abs(value - expect[name][index[0]]) <= 1e-5, `${name}[${index}] ${value}`);
      compared += 1;
    }
    assert.equal(compared, 4 * H);
    const activated = at('gates', t);
    const gates = (await r.cells(P.steps.gates)).filter((c) => c.name.endsWith(' gate'));
    assert.equal(gates.length, 4 * H);
    for (const { name, index, value } of gates)
      assert.ok(Math.abs(value - activated['ifgo'.indexOf(name[0]) * H + index[0]]) <= 1e-5, `${name}[${index}]`);
    // Unit 2's equation with its numbers plugged in, picked in the unit menu.
    await browser.select(P.steps.unit, '2');
    await r.textMatches(P.steps.plugged, new RegExp(activated[2 * H + 2].toFixed(4).replace('.', '\\.')));
    const plugged = await r.text(P.steps.plugged);
    for (const v of [activated[2], activated[H + 2], activated[3 * H + 2], at('c', t)[2], at('h', t)[2]])
      assert.ok(plugged.includes(v.toFixed(4)), `${v.toFixed(4)} in the plugged equation`);
    assert.match(await r.text(P.steps.equation), /σ|\\sigma/);
    await shot('03-steps', P.steps.plugged);
  });

  test("中文: the headings switch and the notebook's terms appear", async () => {
    await browser.select(P.language, 'zh');
    await r.textIs(P.heading('shapes'), '形状');
    assert.match(await r.text(P.heading('steps')), /^按时间步展开/);
    assert.equal(await r.text(P.embedButton), '复制嵌入代码');
    await r.show(P.shape('x'));
    assert.deepEqual(await browser.$$eval(`${P.shape('x')} .dim`, (d) => d.map((e) => e.dataset.gloss)), [
      '批大小',
      '序列长度',
      '输入维度',
    ]);
    await shot('04-zh', P.shape('x'));
    await browser.select(P.language, 'en');
    await r.textIs(P.heading('shapes'), 'Shapes');
  });

  // Issue 14: a table of words typed as Chinese is typed, one token a character, sentences of
  // different lengths fed padded: the vocabulary, the shapes and the classic mistake beside the
  // packed answer.
  test('a table of Chinese characters: its vocabulary, and padded beside packed', async () => {
    const hash = new URLSearchParams({
      language: 'en',
      table: '我爱你 | 1\n你不爱我 | 0\n爱 | 1\n',
      tokens: 'characters',
      packed: 'false',
    });
    await open(hash.toString());
    await r.textMatches(P.tableStatus, /^3 sentences of 1 to 4 characters, a vocabulary of 5 \(<pad> included\)/);
    assert.equal(await r.text(P.shape('ids')), 'torch.Size([3, 4])');
    assert.equal(await r.text(P.shape('x')), 'torch.Size([3, 4, 5])');
    assert.match(await r.text('#vocabulary'), /0<pad>4.*1我2.*2爱3.*3你2.*4不1/s);
    await r.textMatches('#padded-check', /^✗ the classic mistake: for 2 shorter sentences/);
    assert.match(await r.text(P.lastStepCheck), /^✓ equal: all 12 values of output\[i, len_i - 1\]/);
    await shot('words', '#vocabulary');
  });

  test("a shared link restores the whole setup, the table's text included", async () => {
    await fresh();
    await browser.click(P.mode('LSTM'));
    await browser.fill(P.model.hiddenSize, '3');
    await browser.typeAtEnd(P.table, '011 110 001 | 1\n');
    await r.textIs(P.shape('c_n'), 'torch.Size([1, 7, 3])');
    await browser.select(P.steps.sentence, '5');
    await browser.click(P.steps.next);
    await browser.select(P.language, 'zh');
    // The address follows once typing pauses.
    const link = await eventually(
      () => browser.evaluate(() => location.href),
      (h) => assert.match(h, /mode=LSTM.*language=zh|language=zh.*mode=LSTM/),
    );
    const typed = await r.read(P.table, 'value');
    // Opened with nothing remembered, so everything comes from the link.
    await browser.evaluate(() => localStorage.clear());
    await browser.goto('about:blank');
    await browser.goto(link);
    await ready();
    assert.equal(await r.read(P.table, 'value'), typed);
    await r.textIs(P.shape('c_n'), 'torch.Size([1, 7, 3])');
    assert.equal(await r.read(P.steps.sentence, 'value'), '5');
    assert.equal(await r.read(P.steps.values, 'attribute:data-step'), '1');
    assert.equal(await r.read(P.language, 'value'), 'zh');
  });

  test('training: the notebook table trains to 100 %, and the loss falls', async () => {
    await fresh();
    const status = () => r.text(P.training.status);
    const before = P.readTrainStatus(await eventually(status, (s) => assert.match(s, /step 0 ·/)));
    assert.equal(before.total, 6);
    assert.ok(before.loss > 0.3, `untrained loss ${before.loss}`);
    await browser.click(P.training.train);
    const after = P.readTrainStatus(await eventually(status, (s) => assert.match(s, /step 200 ·/), 120000));
    assert.ok(after.loss < before.loss / 100, `loss ${before.loss} -> ${after.loss}`);
    assert.equal(after.correct, 6);
    assert.equal(await r.read(P.training.predictedRight, 'count'), 6);
    assert.equal(await r.read(P.training.chart, 'attribute:data-points'), '201');
    await shot('05-trained', P.training.chart);
  });

  test('the loss curve is drawn: its canvas read back pixel by pixel', async () => {
    await eventually(
      async () => {
        await r.show(P.training.chartCanvas);
        return browser.evaluate(P.canvasInk, P.training.chartCanvas);
      },
      (ink) => assert.ok(ink.inked > 500 && ink.colours >= 2, `the loss curve's canvas: ${JSON.stringify(ink)}`),
    );
  });

  test('weights: a PyTorch state_dict loads from .safetensors, reproduces PyTorch, and saves both formats', async () => {
    const expected = JSON.parse(readFileSync(new URL('trained_lstm_expected.json', weightsDir), 'utf8'));
    await fresh();
    await browser.setFile(P.weights.file, fileURLToPath(new URL('trained_lstm.safetensors', weightsDir)));
    await eventually(
      () => r.read(P.weights.switchConfig, 'count'),
      (n) => assert.equal(n, 1),
    );
    assert.match(
      await r.text(P.weights.status),
      /^trained_lstm\.safetensors was made by nn\.LSTM\(3, 8\), not by this setup\./,
    );
    await browser.click(P.weights.switchConfig);
    await r.textIs(P.shape('c_n'), 'torch.Size([1, 6, 8])');
    assert.match(await r.text(P.weights.status), /^Weights: trained_lstm\.safetensors \(loaded/);
    for (const name of ['h_n', 'c_n']) await r.cellsMatch(P.values(name), expected.f32[name]);
    const saved = await browser.download(P.weights.saveSafetensors);
    assert.equal(saved.name, 'recur_lstm.safetensors');
    assert.deepEqual(
      saved.bytes,
      readFileSync(new URL('trained_lstm.safetensors', weightsDir)),
      "saved byte for byte as PyTorch's side wrote it",
    );
    const json = await browser.download(P.weights.saveJson);
    assert.equal(json.name, 'recur_lstm.json');
    assert.deepEqual(JSON.parse(json.bytes.toString('utf8')).weight_hh_l0.shape, [32, 8]);
    await shot('06-weights', P.weights.status);
    // Dropped on the model card (see the top of this file for why the event is dispatched).
    await fresh();
    const bytes = [...readFileSync(new URL('trained_lstm.safetensors', weightsDir))];
    await browser.evaluate(
      (data, card) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(data)], 'dropped.safetensors'));
        for (const type of ['dragenter', 'dragover', 'drop'])
          document
            .querySelector(card)
            .dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      bytes,
      P.model.card,
    );
    await r.textMatches(P.weights.status, /^dropped\.safetensors was made by nn\.LSTM\(3, 8\)/);
  });

  test('the code panel copies its code to the clipboard', async () => {
    await fresh();
    await browser.click(P.code.copy);
    await eventually(
      () => r.text(P.code.status),
      (s) => assert.notEqual(s, ''),
    );
    assert.equal(await browser.readClipboard(), await r.text(P.code.text));
  });

  test('"Copy embed code": the element and the iframe snippets, pasted into a page, give the same playground', async () => {
    await browser.click(P.mode('LSTM'));
    await browser.fill(P.model.hiddenSize, '3');
    await r.textIs(P.shape('c_n'), 'torch.Size([1, 6, 3])');
    await browser.click(P.embedButton);
    const element = await eventually(
      () => r.read(P.embedSnippets.element, 'value'),
      (v) =>
        assert.match(
          v,
          /^<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/recur-playground\.mjs"><\/script>\n<recur-playground mode="LSTM" hidden-size="3">\n/,
        ),
    );
    const iframe = await r.read(P.embedSnippets.iframe, 'value');
    assert.match(iframe, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html#mode=LSTM&amp;/);
    await eventually(
      () => r.text(P.embedSnippets.status),
      (s) => assert.notEqual(s, ''),
    );
    assert.equal(await browser.readClipboard(), `${element}\n\n${iframe}`);
    await shot('07-embed-dialog', P.embedSnippets.element);
    // Both snippets on one tutorial page of the same site (so the test can look into the iframe).
    await browser.evaluate((html) => {
      document.open();
      document.write(html);
      document.close();
    }, `<!doctype html><body>${element}\n${iframe}</body>`);
    await r.textIs('recur-playground >>> #shape-c_n', 'torch.Size([1, 6, 3])', 30000);
    await r.textIs('iframe >>> #shape-c_n', 'torch.Size([1, 6, 3])', 30000);
    await shot('08-embedded', 'iframe >>> #shape-c_n');
  });

  test('two <recur-playground> elements on a tutorial page, each with its own options and language', async () => {
    await browser.goto(`${url}${P.pages.tutorial}`);
    await r.textIs('#first >>> #shape-x', 'torch.Size([3, 3, 3])', 30000);
    await r.textIs('#second >>> #shape-output', 'torch.Size([3, 6, 4])');
    assert.equal(await r.text('#second >>> #shape-c_n'), 'torch.Size([2, 6, 4])');
    assert.equal(await r.text(`#second >>> ${P.heading('shapes')}`), '形状');
    assert.equal(await r.text(`#first >>> ${P.heading('shapes')}`), 'Shapes');
    await browser.evaluate(() => document.querySelector('#first').setAttribute('hidden-size', '5'));
    await r.textIs('#first >>> #shape-h_n', 'torch.Size([1, 3, 5])');
    await shot('09-tutorial', `#second >>> ${P.heading('shapes')}`);
  });

  test('the iframe page follows its URL hash, and _hide flags strip cards', async () => {
    await browser.goto(`${url}${P.pages.iframe}#${new URLSearchParams(P.iframeOptions)}`);
    await ready();
    assert.equal(await r.read(P.card('shapes'), 'count'), 0);
    assert.equal(await r.read(P.code.text, 'count'), 0);
    assert.match(await r.text(`${P.values('output')} h3`), /\[seq_len=2, batch=3, hidden_size=2\]/);
    assert.equal(await r.read(P.table, 'value'), P.iframeOptions.table);
    await shot('11-iframe-hidden', P.values('output'));
  });

  test('the single-file build runs from file://', async () => {
    await browser.goto(P.pages.offline);
    await r.textIs('#offline >>> #shape-c_n', 'torch.Size([1, 6, 4])', 30000);
    assert.match(await r.text(`#offline >>> ${P.lastStepCheck}`), /^✓ equal: all 24 values/);
    if (browser.screenshotsFileUrls !== false) await shot('10-file-url', `#offline >>> ${P.lastStepCheck}`);
  });

  test('no script errors', async () => {
    assert.deepEqual(await browser.errors(), []);
  });
}
