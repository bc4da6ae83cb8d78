// The scalar fallback in a browser: engines started without WebAssembly SIMD (Chromium as on a
// processor without SSE4.1, WebKit with JavaScriptCore's SIMD switched off) load the page, which
// picks the scalar module, and give PyTorch's numbers, the same as the SIMD module's, forward
// and training. Firefox is not among them: SpiderMonkey has no switch for SIMD (no pref or
// flag; it follows the processor), and every processor it runs on here has SIMD.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '../../tools/serve.mjs';
import { loadRecur } from '../../dist/recur.mjs';
import { NOTEBOOK_TABLE } from '../../web/notebook.mjs';
import { launchChromium } from './engines/chromium.mjs';
import { launchWebKit } from './engines/webkit.mjs';
import { eventually, reader, viewport } from './engines/paths.mjs';
import * as P from './engines/page.mjs';

const screenshotDir = fileURLToPath(new URL('./screenshots/', import.meta.url));
const rnnTable = JSON.parse(readFileSync(new URL('../fixtures/rnn_table.json', import.meta.url), 'utf8'));
// The smallest module with a SIMD128 instruction, as wasm/recur.mjs probes with.
const SIMD_PROBE = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11,
];

let server, url, builds;

before(async () => {
  server = await serve(0);
  url = `http://127.0.0.1:${server.address().port}/`;
  builds = { simd: await loadRecur({ simd: true }), scalar: await loadRecur({ simd: false }) };
});

after(() => new Promise((done) => server.close(done)));

/** What the notebook table's default model (nn.RNN(3, 4), seed 0) gives in a build. */
function forward(recur) {
  const model = recur.createModel({ mode: 'RNN', input_size: 3, hidden_size: 4, batch_first: true, seed: 0 });
  const result = model.forward(recur.parseTable(NOTEBOOK_TABLE, { batch_first: true }).x);
  model.dispose();
  return result;
}

/** The loss after 200 steps of the page's training (Adam, lr 0.05, the head on h_n[-1]) in a build. */
function trainedLoss(recur) {
  const model = recur.createModel({ mode: 'RNN', input_size: 3, hidden_size: 4, batch_first: true, seed: 0 });
  const trainer = recur.createTrainer(model, { out_features: 2, optimizer: 'adam', lr: 0.05 });
  const table = recur.parseTable(NOTEBOOK_TABLE, { batch_first: true });
  for (let k = 0; k < 200; ++k) trainer.step(table.x, table.y);
  const { loss } = trainer.lossAndGrad(table.x, table.y);
  trainer.dispose();
  model.dispose();
  return loss;
}

for (const [name, launch] of [
  ['Chromium', launchChromium],
  ['WebKit', launchWebKit],
]) {
  test(`${name} without WebAssembly SIMD runs the scalar module, with the same numbers`, async (t) => {
    const browser = await launch({ viewport, simd: false });
    const r = reader(browser);
    try {
      await t.test('the engine has no SIMD, and the page says it runs the scalar module', async () => {
        await browser.goto(url);
        assert.equal(await browser.evaluate((bytes) => WebAssembly.validate(new Uint8Array(bytes)), SIMD_PROBE), false);
        await eventually(
          () => browser.evaluate((s) => document.querySelectorAll(s).length, P.ready),
          (n) => assert.equal(n, 1),
          30000,
        );
        assert.match(await r.text(P.engine), /scalar/);
        await browser.screenshot(`${screenshotDir}${name.toLowerCase()}-scalar.png`);
      });

      await t.test("its values are PyTorch's, and the SIMD module's", async () => {
        const simd = forward(builds.simd),
          scalar = forward(builds.scalar);
        for (const key of ['output', 'h_n']) {
          await r.cellsMatch(P.values(key), rnnTable[key]);
          // Both builds sum in the same order: the page shows the SIMD module's numbers exactly
          // (its 8 significant digits), and the scalar module's.
          const drawn = (await r.cells(P.values(key))).map((c) => c.value);
          const digits = (data) => Array.from(data, (v) => Number(v.toPrecision(8)));
          assert.deepEqual(drawn, digits(scalar[key].data), `${key}: the scalar build in Node`);
          assert.deepEqual(drawn, digits(simd[key].data), `${key}: the SIMD build in Node`);
        }
      });

      await t.test("training runs on it and reaches the SIMD module's loss", async () => {
        await browser.click(P.training.train);
        const status = await eventually(
          () => r.text(P.training.status),
          (s) => assert.match(s, /step 200 ·/),
          120000,
        );
        const { loss, correct } = P.readTrainStatus(status);
        assert.equal(correct, 6);
        assert.equal(loss, Number(trainedLoss(builds.scalar).toFixed(4)));
        assert.equal(loss, Number(trainedLoss(builds.simd).toFixed(4)));
      });

      await t.test('no script errors', async () => assert.deepEqual(await browser.errors(), []));
    } finally {
      await browser.close();
    }
  });
}
