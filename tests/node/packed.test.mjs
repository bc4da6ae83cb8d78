// Sentences of different lengths through the JS API, in the SIMD and the scalar build:
// model.forward(x, { lengths }) and trainer.lossAndGrad(x, y, { lengths }) against PyTorch's
// pack_padded_sequence(enforce_sorted=False) -> module -> pad_packed_sequence(total_length=T)
// (tests/fixtures/packed, written by tools/make_packed_fixtures.py).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { loadRecur, RecurError } from '../../dist/recur.mjs';
import { maxAbsError } from './fixtures.mjs';

const dir = new URL('../fixtures/packed/', import.meta.url);
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();
const tensor = (t) => (t ? { data: Float32Array.from(t.data), shape: t.shape } : null);
const load = (name) => JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));

const builds = {};
before(async () => {
  builds.simd = await loadRecur({ simd: true });
  builds.scalar = await loadRecur({ simd: false });
});

test('the packed fixtures are all there: RNN, LSTM, GRU, 1-3 layers, both directions and layouts', () => {
  assert.ok(names.length >= 40, names.join(', '));
  for (const mode of ['rnn_tanh', 'lstm', 'gru'])
    for (const layers of [1, 2, 3])
      for (const layout of ['bf', 'sf']) {
        assert.ok(names.includes(`${mode}_l${layers}_${layout}`));
        assert.ok(names.includes(`${mode}_l${layers}_bi_${layout}`));
      }
});

for (const build of ['simd', 'scalar'])
  for (const name of names)
    test(`${build} build, ${name}: packed forward within 1e-5 and gradients within 1e-4 of PyTorch`, () => {
      const recur = builds[build];
      const f = load(name);
      const model = recur.createModel(f.config);
      const states = { h0: tensor(f.h0), c0: tensor(f.c0) };
      const x = tensor(f.x);
      try {
        for (const [key, value] of Object.entries(model.stateDict()))
          assert.deepEqual(value, tensor(f.state_dict[key]), `${key}: the seeded weights are PyTorch's`);
        for (const lengths of [f.lengths, Int32Array.from(f.lengths)]) {
          const r = model.forward(x, { ...states, lengths });
          assert.ok(maxAbsError(r.output, tensor(f.output)) <= 1e-5, 'output');
          assert.ok(maxAbsError(r.h_n, tensor(f.h_n)) <= 1e-5, 'h_n');
          if (f.c_n) assert.ok(maxAbsError(r.c_n, tensor(f.c_n)) <= 1e-5, 'c_n');
        }
        const trainer = recur.createTrainer(model, { out_features: 2 });
        const g = trainer.lossAndGrad(x, f.y, { ...states, lengths: f.lengths });
        assert.ok(Math.abs(g.loss - f.loss) <= 1e-5, `loss ${g.loss} vs ${f.loss}`);
        for (const [key, want] of Object.entries(f.grads))
          assert.ok(maxAbsError(g.grads[key], tensor(want)) <= 1e-4, `d ${key}`);
        assert.ok(maxAbsError(g.inputGrads.x, tensor(f.d_x)) <= 1e-4, 'd x');
        trainer.dispose();
        if (f.cat) {
          // The head on torch.cat((h_n[-2], h_n[-1]), dim=1), drawn after the module as PyTorch draws it.
          const cat = recur.createTrainer(model, { out_features: 2, head_input: 'cat' });
          const c = cat.lossAndGrad(x, f.y, { ...states, lengths: f.lengths });
          assert.ok(Math.abs(c.loss - f.cat.loss) <= 1e-5, `cat loss ${c.loss} vs ${f.cat.loss}`);
          for (const [key, want] of Object.entries(f.cat.grads))
            assert.ok(maxAbsError(c.grads[key], tensor(want)) <= 1e-4, `cat: d ${key}`);
          cat.dispose();
        } else {
          assert.throws(
            () => recur.createTrainer(model, { out_features: 2, head_input: 'cat' }),
            (e) => e instanceof RecurError && /it needs bidirectional=True/.test(e.message),
          );
        }
      } finally {
        model.dispose();
      }
    });

test("the notebook's point, packed: output[i, len_i - 1] == h_n[-1][i], and the padded run differs", () => {
  const recur = builds.simd;
  const f = load('gru_l2_bf');
  const model = recur.createModel(f.config);
  const x = tensor(f.x);
  const [B, T] = x.shape;
  const H = f.config.hidden_size;
  const packed = model.forward(x, { lengths: f.lengths });
  const padded = model.forward(x);
  let differs = 0;
  for (let b = 0; b < B; ++b) {
    const last = packed.output.data.subarray((b * T + f.lengths[b] - 1) * H, (b * T + f.lengths[b]) * H);
    const top = packed.h_n.data.subarray(((2 - 1) * B + b) * H, ((2 - 1) * B + b + 1) * H);
    assert.deepEqual(last, top, `sentence ${b}`);
    // Past its length the output is zero, as pad_packed_sequence pads.
    for (let t = f.lengths[b]; t < T; ++t)
      assert.ok(packed.output.data.subarray((b * T + t) * H, (b * T + t + 1) * H).every((v) => v === 0));
    // The classic mistake: without lengths, h_n is the state after the pad steps.
    const wrong = padded.h_n.data.subarray(((2 - 1) * B + b) * H, ((2 - 1) * B + b + 1) * H);
    if (f.lengths[b] < T) differs += wrong.some((v, k) => v !== top[k]);
  }
  assert.equal(differs, f.lengths.filter((n) => n < T).length);
  model.dispose();
});

test('lengths are refused by name when they do not fit x', () => {
  const recur = builds.simd;
  const model = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 4, batch_first: true });
  const x = { data: new Float32Array(2 * 3 * 3), shape: [2, 3, 3] };
  const refused = (lengths, pattern) =>
    assert.throws(
      () => model.forward(x, { lengths }),
      (e) => e instanceof RecurError && pattern.test(e.message),
      String(pattern),
    );
  refused([3], /^lengths has 1 entries but x has 2 sentences/);
  refused([3, 0], /^lengths\[1\] is 0/);
  refused([3, 4], /^lengths\[1\] is 4, more than x's seq_len 3/);
  refused([3, 1.5], /lengths\[1\]/);
  refused('3,3', /^lengths must be one length a sentence/);
  refused([3, -1], /lengths\[1\]/);
  assert.deepEqual(model.forward(x, { lengths: [3, 2] }).output.shape, [2, 3, 4]);
  model.dispose();
});
