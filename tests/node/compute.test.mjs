// The page's compute step (web/compute.mjs) without a browser: the table text and the state in,
// the JS API's tensors out, against PyTorch's fixtures; its refusals, the step view's sentence,
// h0 = torch.rand, the unbatched check, the training key, and a training run replayed to a step
// count (web/training.mjs) equal to the trainer stepped by hand; the extremes and colour scale
// found beside the forward (web/extremes.mjs, web/scale.mjs).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadRecur } from '../../dist/recur.mjs';
import { autoOutFeatures, compute, sentenceOf, trainingKey } from '../../web/compute.mjs';
import { TrainingRun } from '../../web/training.mjs';
import { extremes } from '../../web/extremes.mjs';
import { scaleOfExtremes, sharedScale } from '../../web/scale.mjs';
import { defaults } from '../../web/state.mjs';
import { strings } from '../../web/strings.mjs';

const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8'));
const words = strings('en');
const state = (more = {}) => ({ ...defaults(), ...more });
const maxError = (a, b) => a.reduce((m, v, k) => Math.max(m, Math.abs(v - b[k])), 0);
let recur;

before(async () => {
  recur = await loadRecur();
});

test("the notebook's table gives PyTorch's output, h_n and head (nn.RNN(3, 4), seed 0)", () => {
  const f = fixture('rnn_table');
  const out = compute(recur, state({ table: f.table }), { words });
  assert.equal(out.ok, true);
  assert.deepEqual(out.table.x.shape, [6, 3, 3]);
  assert.deepEqual(Array.from(out.table.y), [1, 0, 1, 1, 0, 0]);
  assert.deepEqual(out.result.output.shape, f.output.shape);
  assert.ok(maxError(out.result.output.data, f.output.data) <= 1e-5);
  assert.ok(maxError(out.result.h_n.data, f.h_n.data) <= 1e-5);
  assert.equal(out.result.c_n, null);
  assert.equal(out.outFeatures, 2, 'auto: one class a label');
  assert.ok(maxError(out.head.logits.data, f.head.logits.data) <= 1e-5);
  assert.deepEqual(out.notes, []);
  assert.equal(out.trained, false);
});

// The colour scale by its definition, one value at a time: the largest finite |value|, at least 1.
const largestAbs = (...tensors) =>
  Math.max(1, ...tensors.flatMap((t) => (t ? Array.from(t.data, Math.abs).filter(Number.isFinite) : [])));

test('extremes: the first smallest and largest finite value, and how many are not finite', () => {
  assert.deepEqual(extremes([NaN, 3, -Infinity, -2, 5, Infinity, 5, -2]), {
    lo: 3,
    hi: 4,
    low: -2,
    high: 5,
    notFinite: 3,
  });
  assert.deepEqual(extremes(new Float32Array([0.5])), { lo: 0, hi: 0, low: 0.5, high: 0.5, notFinite: 0 });
  for (const none of [[], [NaN, Infinity, -Infinity]]) {
    const found = extremes(none);
    assert.deepEqual([found.lo, found.hi, found.notFinite], [-1, -1, none.length]);
  }
});

test("a result's extremes and colour scale, found beside the forward, are its tensors' own", () => {
  for (const mode of ['RNN', 'LSTM']) {
    const out = compute(recur, state({ mode, hidden_size: '5' }), { words });
    assert.equal(out.ok, true);
    const { output, h_n, c_n } = out.result;
    for (const [name, tensor] of [
      ['x', out.table.x],
      ['output', output],
      ['h_n', h_n],
      ['c_n', c_n],
    ]) {
      if (!tensor) {
        assert.equal(out.extremes[name], null, `${mode}: no ${name}`);
        continue;
      }
      const data = Array.from(tensor.data),
        found = out.extremes[name];
      assert.equal(found.low, Math.min(...data), `${mode}: min of ${name}`);
      assert.equal(found.high, Math.max(...data), `${mode}: max of ${name}`);
      assert.equal(found.lo, data.indexOf(found.low));
      assert.equal(found.hi, data.indexOf(found.high));
    }
    assert.equal(out.scale, largestAbs(output, h_n, c_n), `${mode}: the scale is the largest |value|, at least 1`);
  }
  // Past 1 (an LSTM's c_n can be): the largest finite |value| of all.
  const wide = [
    [-3, 2, Infinity],
    [NaN, 2.5],
  ];
  assert.equal(scaleOfExtremes(...wide.map(extremes), null), 3);
  assert.equal(sharedScale(...wide.map((data) => ({ data })), null), largestAbs(...wide.map((data) => ({ data }))));
});

test("the step view's sentence, run alone, has the very values of its row in the batch", () => {
  for (const batch_first of [true, false]) {
    const out = compute(recur, state({ mode: 'LSTM', num_layers: 2, batch_first, sentence: 4 }), { words });
    assert.equal(out.b, 4);
    const { h } = out.steps.intermediates; // [L, T, 1, H]
    const [L, T, , H] = h.shape;
    for (let l = 0; l < L; ++l)
      for (let k = 0; k < H; ++k)
        assert.ok(
          Object.is(h.data[(l * T + T - 1) * H + k], out.result.h_n.data[(l * 6 + 4) * H + k]),
          `layer ${l} unit ${k}`,
        );
    assert.deepEqual(sentenceOf(out.table.x, batch_first, 4).shape, batch_first ? [1, 3, 3] : [3, 1, 3]);
  }
});

test('a sentence past the table is clamped to the last one', () => {
  assert.equal(compute(recur, state({ sentence: 900 }), { words }).b, 5);
});

test('a broken table is refused at its row and column; the model error keeps the parsed table', () => {
  const bad = compute(recur, state({ table: '001 010 | 1\n001 0a0 | 0' }), { words });
  assert.equal(bad.ok, false);
  assert.equal(bad.where, 'input');
  assert.equal(bad.error.name, 'RecurError');
  assert.match(bad.error.message, /^row 2 \(line 2\), column x2: '0a0' has 'a' at position 2/);
  const model = compute(recur, state({ hidden_size: '' }), { words });
  assert.equal(model.where, 'model');
  assert.match(model.error.message, /hidden_size must be an integer, got NaN/);
  assert.deepEqual(model.table.x.shape, [6, 3, 3]);
});

test("torch.rand's input: the notebook's random example, and sizes out of range named", () => {
  const f = fixture('rnn_notebook_random');
  const out = compute(
    recur,
    state({
      input: 'random',
      batch: 128,
      seq_len: 28,
      input_size: 12,
      x_seed: 0,
      mode: 'RNN',
      hidden_size: 64,
      num_layers: 2,
      out_features: 10,
    }),
    { words },
  );
  assert.deepEqual(out.table.x.shape, [128, 28, 12]);
  assert.equal(out.table.y, null);
  assert.ok(maxError(out.result.h_n.data, f.h_n.data) <= 1e-5);
  assert.deepEqual(out.head.logits.shape, [128, 10]);
  const bad = compute(recur, state({ input: 'random', seq_len: '0' }), { words });
  assert.equal(bad.where, 'input');
  assert.equal(bad.error.message, 'seq_len must be an integer from 1 to 256, got "0"');
});

test('h0 = torch.rand(seed), c0 after seed + 1, and the unbatched sentence equal bit for bit', () => {
  const out = compute(
    recur,
    state({ mode: 'LSTM', num_layers: 2, bidirectional: true, h0: 'rand', h0_seed: 7, unbatched: true, sentence: 3 }),
    { words },
  );
  assert.deepEqual(out.states.h0.data, recur.rand([4, 6, 4], { seed: 7 }).data);
  assert.deepEqual(out.states.c0.data, recur.rand([4, 6, 4], { seed: 8 }).data);
  assert.equal(out.unbatched.name, 'x[3]');
  assert.deepEqual(out.unbatched.result.output.shape, [3, 8]);
  assert.equal(out.unbatched.total, 40);
  assert.equal(out.unbatched.equal, 40);
  // The step view starts sentence 3 from its own rows of h0.
  assert.deepEqual(out.steps.h0.shape, [4, 1, 4]);
  assert.deepEqual(Array.from(out.steps.h0.data.subarray(0, 4)), Array.from(out.states.h0.data.subarray(3 * 4, 4 * 4)));
});

test("dropout with one layer: PyTorch's warning and the eval-mode note", () => {
  const out = compute(recur, state({ dropout: 0.5 }), { words });
  assert.match(out.notes[0], /^UserWarning: dropout option adds dropout after all but last recurrent layer/);
  assert.equal(out.notes[1], words.evalNote);
});

test('loaded weights that do not fit are named with the file', () => {
  const f = fixture('rnn_table');
  const dict = Object.fromEntries(
    Object.entries(f.state_dict).map(([k, v]) => [k, { data: Float32Array.from(v.data), shape: v.shape }]),
  );
  const fits = compute(recur, state(), { words, weights: { name: 'a.json', dict, head: null } });
  assert.ok(maxError(fits.result.h_n.data, f.h_n.data) <= 1e-5);
  const wrong = compute(recur, state({ hidden_size: 5 }), { words, weights: { name: 'a.json', dict, head: null } });
  assert.equal(wrong.where, 'model');
  assert.match(wrong.error.message, /^The loaded weights \(a\.json\) do not fit this setup/);
});

test('autoOutFeatures: one class a label, at least the largest label + 1, else 10', () => {
  assert.equal(autoOutFeatures(null), 10);
  assert.equal(autoOutFeatures(Int32Array.from([0, 1, 1])), 2);
  assert.equal(autoOutFeatures(Int32Array.from([0, 3])), 4);
});

test('the training key follows what decides a run, not what the learner looks at', () => {
  const s = state();
  const out = compute(recur, s, { words });
  const key = (more) => trainingKey({ ...s, ...more }, out.config, out.outFeatures, null);
  assert.equal(key({}), key({ sentence: 3, step: 2, layer: 0, values_view: 'print', language: 'zh', trained: 50 }));
  for (const change of [
    { table: `${s.table}| 111 | 000 | 010 | 1 |\n` },
    { lr: 0.1 },
    { optimizer: 'sgd' },
    { h0: 'rand' },
  ])
    assert.notEqual(key(change), key({}), JSON.stringify(change));
  assert.notEqual(trainingKey(s, out.config, out.outFeatures, 'w.safetensors'), key({}));
});

test('a link replays its training steps: compute with the run at 25 steps equals a trainer stepped 25 times', async () => {
  const s = state({ trained: 25 });
  let frames = 0;
  const run = new TrainingRun(
    recur,
    () => {
      frames += 1;
    },
    setImmediate,
  );
  const train = ({ table, config, outFeatures, states }) => {
    run.sync(trainingKey(s, config, outFeatures, null), () => ({
      config,
      x: table.x,
      y: table.y,
      states,
      options: { out_features: outFeatures, optimizer: s.optimizer, lr: s.lr },
    }));
    if (run.steps < s.trained && !run.running) run.runTo(s.trained);
    return run.weights();
  };
  compute(recur, s, { words, train });
  while (run.running) await new Promise((r) => setImmediate(r));
  assert.equal(run.steps, 25);
  assert.ok(frames >= 1);
  const out = compute(recur, s, { words, train });
  assert.equal(out.trained, true);

  const model = recur.createModel({ ...out.config });
  const trainer = recur.createTrainer(model, { out_features: 2, optimizer: 'adam', lr: 0.05 });
  for (let k = 0; k < 25; ++k) trainer.step(out.table.x, out.table.y);
  const want = trainer.lossAndGrad(out.table.x, out.table.y);
  assert.ok(Math.abs(run.history.loss[25] - want.loss) <= 1e-6, `${run.history.loss[25]} vs ${want.loss}`);
  const head = model.createHead(2);
  head.loadStateDict(
    Object.fromEntries(
      Object.entries(trainer.stateDict())
        .filter(([k]) => k.startsWith('head.'))
        .map(([k, v]) => [k.slice(5), v]),
    ),
  );
  const logits = head.forward({ data: model.forward(out.table.x).h_n.data, shape: [6, 4] }).logits;
  assert.ok(maxError(out.head.logits.data, logits.data) <= 1e-6);
  head.dispose();
  trainer.dispose();
  model.dispose();
  run.dispose();
});
