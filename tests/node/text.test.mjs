// Text in, chunks out, and the model writing, in WebAssembly against PyTorch (tests/fixtures/text,
// tools/make_text_fixtures.py): recur.textDataset's vocabulary and chunks, the whole stateful
// training loop's losses, greedy and seeded samples, the top-5 view, in both builds; then errors.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { loadRecur } from '../../dist/recur.mjs';

const dir = new URL('../fixtures/text/', import.meta.url);
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();
const sampleText = (file) => readFileSync(new URL(`../../web/texts/${file}`, import.meta.url), 'utf8');
const tensors = (o) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { data: Float32Array.from(v.data), shape: v.shape }]));

const builds = {};
before(async () => {
  builds.simd = await loadRecur({ simd: true });
  builds.scalar = await loadRecur({ simd: false });
});

test('the text fixtures are there: English and Chinese', () => {
  assert.ok(names.some((n) => n.startsWith('english')));
  assert.ok(names.some((n) => n.startsWith('chinese')));
});

for (const build of ['simd', 'scalar'])
  for (const name of names) {
    test(`${build} build, text/${name}: vocabulary, chunks, training losses, samples and top 5 match PyTorch`, () => {
      const recur = builds[build];
      const f = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
      const text = recur.textDataset(sampleText(f.text_file), {
        seq_len: f.seq_len,
        batch: f.batch,
        batch_first: true,
      });
      assert.deepEqual(text.vocabulary, f.vocabulary);
      assert.equal(text.info.chunks, f.chunks);
      assert.equal(text.info.validation_rows, f.validation_rows);
      const first = text.chunk(0);
      assert.deepEqual(Array.from(first.y.data), f.first_chunk_y);
      assert.deepEqual(first.y.shape, [f.batch, f.seq_len]);
      assert.deepEqual(first.x.shape, [f.batch, f.seq_len, f.vocabulary.length]);
      assert.deepEqual(Array.from(text.validation().y.data), f.validation_y);

      const model = recur.createModel({ ...f.config, seed: f.seed });
      const trainer = recur.createTrainer(model, { out_features: f.vocabulary.length, per_step: true, lr: f.lr });
      let state = {},
        worst = 0;
      for (const [step, expected] of f.losses.entries()) {
        const i = step % text.info.chunks;
        if (!f.stateful || i === 0) state = {};
        const { x, y } = text.chunk(i);
        const r = trainer.stepAndGrad(x, y, state);
        worst = Math.max(worst, Math.abs(r.loss - expected));
        assert.ok(
          Math.abs(r.loss - expected) <= 1e-4 * Math.max(1, expected),
          `step ${step}: ${r.loss} vs ${expected}`,
        );
        state = { h0: r.h_n, c0: r.c_n };
      }
      const val = text.validation();
      assert.ok(Math.abs(trainer.lossAndGrad(val.x, val.y).loss - f.validation_loss) <= 1e-4, 'validation loss');

      // Sampling from PyTorch's own trained weights: every character the same.
      const heads = Object.fromEntries(Object.entries(tensors(f.head_after)).map(([k, v]) => [`head.${k}`, v]));
      trainer.loadStateDict({ ...tensors(f.after), ...heads });
      const prime = text.encode(f.prime);
      for (const s of f.samples) {
        const ids = trainer.sample(prime, {
          length: s.length,
          temperature: s.temperature,
          top_k: s.top_k,
          seed: s.seed,
        });
        assert.deepEqual(Array.from(ids), s.ids, `temperature ${s.temperature}, top_k ${s.top_k}`);
        assert.equal(text.decode(ids), s.text);
      }
      const next = trainer.nextCharacters(prime, { k: 5 });
      assert.deepEqual(Array.from(next.top.data), f.top5);
      assert.deepEqual(next.top.shape, [prime.length, 5]);
      for (let i = 0; i < f.top5.length; ++i)
        assert.ok(Math.abs(next.probabilities.data[i] - f.top5_probabilities.data[i]) <= 1e-5);
      assert.ok(next.intermediates.h, 'the forward that saw the text is recorded for the unit colouring');
      trainer.dispose();
      model.dispose();
      text.dispose();
    });
  }

test('text errors name the limit or the character', () => {
  const recur = builds.simd;
  assert.throws(() => recur.textDataset('far too short', { seq_len: 8, batch: 4 }), {
    name: 'RecurError',
    message: /the text is too short: its first nine tenths \(12 characters\) must hold batch x seq_len \+ 1 = 33/,
  });
  assert.throws(() => recur.textDataset('abc', { seq_len: 8 }), { name: 'RecurError', message: /batch is required/ });
  assert.throws(() => recur.textDataset('abc', { seq_len: 8, batch: 1, bacth_first: true }), {
    name: 'RecurError',
    message: /unknown option 'bacth_first' \(options: seq_len, batch, batch_first\)/,
  });
  assert.throws(() => recur.textDataset(42, { seq_len: 8, batch: 1 }), /text must be a string, got number/);
  const big = 'x'.repeat(2 * recur.limits.max_text_characters + 1);
  assert.throws(() => recur.textDataset(big, { seq_len: 8, batch: 1 }), /more than the maximum 1000000 characters/);
  const text = recur.textDataset('河水流过小城，'.repeat(20), { seq_len: 4, batch: 2 });
  assert.deepEqual(text.vocabulary, ['城', '小', '水', '河', '流', '过', '，'].sort());
  assert.throws(() => text.encode('河马'), {
    name: 'RecurError',
    message: /character 2, '马' \(U\+9A6C\), is not in the text's vocabulary of 7 characters/,
  });
  assert.equal(text.decode(text.encode('小城河水')), '小城河水');
  const model = recur.createModel({ mode: 'GRU', input_size: 7, hidden_size: 8 });
  const classifier = recur.createTrainer(model, { out_features: 7 });
  assert.throws(() => classifier.sample([0]), /sample needs a per-step trainer/);
  const trainer = recur.createTrainer(model, { out_features: 7, per_step: true });
  assert.throws(() => trainer.sample([0], { top_k: -1 }), /top_k must not be negative/);
  assert.throws(() => trainer.sample([0], { temprature: 1 }), /unknown option 'temprature'/);
  assert.throws(() => trainer.sample([], {}), /at least one character/);
  assert.throws(() => trainer.sample('河', {}), /prime must be an Int32Array or an array of integers, got string/);
  assert.equal(trainer.sample([0, 1], { length: 17 }).length, 17);
  assert.throws(() => trainer.sample([0], { length: recur.limits.max_sample_length + 1 }), /more than the maximum/);
  for (const handle of [trainer, classifier, model, text]) handle.dispose();
});
