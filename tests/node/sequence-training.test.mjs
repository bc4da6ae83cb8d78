// Per-step (many-to-many) training in WebAssembly against PyTorch autograd
// (tests/fixtures/sequence, tools/make_sequence_fixtures.py): createTrainer(model, {per_step: true}),
// the loss over every step, every gradient, the states carried from chunk to chunk, 20 optimizer
// steps, in both builds; then its errors.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { loadRecur } from '../../dist/recur.mjs';

const dir = new URL('../fixtures/sequence/', import.meta.url);
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();
const tensor = (t) => (t ? { data: Float32Array.from(t.data), shape: t.shape } : null);
const tensors = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, tensor(v)]));
const targets = (t) => ({ data: Int32Array.from(t.data), shape: t.shape });

function relativeError(a, b) {
  assert.deepEqual(a.shape, b.shape);
  let top = 0,
    err = 0;
  for (let i = 0; i < b.data.length; ++i) {
    top = Math.max(top, Math.abs(b.data[i]));
    err = Math.max(err, Math.abs(a.data[i] - b.data[i]));
  }
  return top === 0 ? err : err / top;
}

function parameterError(a, b) {
  assert.deepEqual(a.shape, b.shape);
  let err = 0;
  for (let i = 0; i < b.data.length; ++i)
    err = Math.max(err, Math.abs(a.data[i] - b.data[i]) / Math.max(1, Math.abs(b.data[i])));
  return err;
}

const builds = {};
before(async () => {
  builds.simd = await loadRecur({ simd: true });
  builds.scalar = await loadRecur({ simd: false });
});

test('the per-step fixtures are all there (RNN, LSTM, GRU; stateful and not)', () => {
  assert.ok(names.length >= 11, names.join(', '));
  for (const mode of ['rnn', 'lstm', 'gru']) {
    assert.ok(names.some((n) => n.startsWith(mode) && n.includes('stateful')));
    assert.ok(names.some((n) => n.startsWith(mode) && !n.includes('stateful')));
  }
});

for (const build of ['simd', 'scalar'])
  for (const name of names) {
    test(`${build} build, sequence/${name}: per-step loss, gradients, carried states and 20 steps match PyTorch`, () => {
      const recur = builds[build];
      assert.equal(recur.simdArch, build === 'simd' ? 'wasm' : 'scalar');
      const f = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
      const model = recur.createModel({ ...f.config, seed: f.seed });
      const { kind, beta1, beta2, ...rest } = f.optimizer;
      const options = { out_features: f.out_features, optimizer: kind, ...rest, max_grad_norm: f.max_grad_norm };
      if (beta1 !== undefined) options.betas = [beta1, beta2];
      const trainer = recur.createTrainer(model, { ...options, per_step: true });
      assert.equal(trainer.perStep, true);
      try {
        const chunks = f.chunks.map((c) => ({ x: tensor(c.x), y: targets(c.y) }));
        const start = { h0: tensor(f.h0), c0: tensor(f.c0) };
        const r = trainer.lossAndGrad(chunks[0].x, chunks[0].y, start);
        assert.ok(Math.abs(r.loss - f.loss) <= 1e-5 * Math.max(1, f.loss), `loss ${r.loss} vs ${f.loss}`);
        assert.deepEqual(Object.keys(r.grads).sort(), Object.keys(f.gradients).sort());
        for (const [key, g] of Object.entries(tensors(f.gradients)))
          assert.ok(relativeError(r.grads[key], g) <= 1e-4, key);
        assert.ok(relativeError(r.inputGrads.x, tensor(f.d_x)) <= 1e-4, 'x');
        if (f.d_h0) assert.ok(relativeError(r.inputGrads.h0, tensor(f.d_h0)) <= 1e-4, 'h0');
        if (f.d_c0) assert.ok(relativeError(r.inputGrads.c0, tensor(f.d_c0)) <= 1e-4, 'c0');
        assert.ok(relativeError(r.h_n, tensor(f.h_n)) <= 1e-5, 'h_n');
        if (f.c_n) assert.ok(relativeError(r.c_n, tensor(f.c_n)) <= 1e-5, 'c_n');
        else assert.equal(r.c_n, null);
        assert.deepEqual(r.predicted.length, chunks[0].y.data.length);

        let state = start;
        for (const [i, expected] of f.losses.entries()) {
          const { chunk, reset } = f.schedule[i];
          if (!f.stateful || reset) state = {};
          const s = trainer.stepAndGrad(chunks[chunk].x, chunks[chunk].y, state);
          assert.ok(Math.abs(s.loss - expected) <= 1e-4 * Math.max(1, expected), `step ${i}: ${s.loss} vs ${expected}`);
          // A step computes no dL/dx (x is data), but every other gradient lossAndGrad gives.
          assert.equal(s.inputGrads.x, null);
          assert.ok(s.inputGrads.h0.data.length > 0 && Object.keys(s.grads).length > 0);
          state = { h0: s.h_n, c0: s.c_n };
        }
        assert.equal(trainer.steps, f.steps);
        const after = trainer.stateDict();
        const expected = {
          ...tensors(f.after),
          ...Object.fromEntries(Object.entries(tensors(f.head_after)).map(([k, v]) => [`head.${k}`, v])),
        };
        assert.deepEqual(Object.keys(after).sort(), Object.keys(expected).sort());
        for (const [key, p] of Object.entries(expected)) assert.ok(parameterError(after[key], p) <= 1e-4, key);
      } finally {
        trainer.dispose();
        model.dispose();
      }
    });
  }

test('per-step errors name what was wrong and where; the trainer stays usable', () => {
  const recur = builds.simd;
  const model = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 4, batch_first: true });
  const trainer = recur.createTrainer(model, { out_features: 3, per_step: true });
  const x = { data: new Float32Array(2 * 3 * 3), shape: [2, 3, 3] };
  const y = (data, shape = [2, 3]) => ({ data: Int32Array.from(data), shape });
  assert.throws(() => trainer.step(x, [0, 1]), { name: 'RecurError', message: /y must be the class of every step/ });
  assert.throws(() => trainer.step(x, y([0, 1, 2, 0, 1, 2], [3, 2])), {
    name: 'RecurError',
    message: /y must have x's shape without its last dimension: \[2, 3\] \(batch, seq_len\), got \[3, 2\]/,
  });
  assert.throws(() => trainer.step(x, y([0, 1, 2, 0, 1], [2, 3])), {
    name: 'RecurError',
    message: /y.data has 5 values but y.shape \[2, 3\] holds 6/,
  });
  assert.throws(() => trainer.step(x, y([0, 1, 2, 0, 7, 2])), {
    name: 'RecurError',
    message: /y\[1\]\[1\] \(sentence 2, step 2\) = 7 is not a class of a head with out_features = 3/,
  });
  assert.throws(() => trainer.step(x, { data: [0, 1, 2, 0, 1.5, 2], shape: [2, 3] }), {
    name: 'RecurError',
    message: /y.data\[4\] must be an integer, got 1.5/,
  });
  assert.equal(trainer.steps, 0);
  assert.ok(trainer.step(x, y([0, 1, 2, 0, 1, 2])) > 0);
  assert.equal(trainer.steps, 1);
  assert.throws(() => recur.createTrainer(model, { out_features: 3, per_step: 'yes' }), {
    name: 'RecurError',
    message: /per_step must be true or false, got string/,
  });
  assert.equal(recur.createTrainer(model, { out_features: 3, per_step: false }).perStep, false);
  const bi = recur.createModel({ mode: 'GRU', input_size: 3, hidden_size: 4, bidirectional: true });
  assert.throws(() => recur.createTrainer(bi, { out_features: 3, per_step: true }), {
    name: 'RecurError',
    message: /bidirectional: false/,
  });
  trainer.dispose();
  model.dispose();
  bi.dispose();
});

test('step() returns the very loss stepAndGrad reports, step after step, on both kinds of trainer', () => {
  const recur = builds.simd;
  const x = recur.rand([2, 3, 3], { seed: 4 });
  for (const perStep of [true, false]) {
    const pair = [0, 1].map(() => {
      const model = recur.createModel({ mode: 'GRU', input_size: 3, hidden_size: 4, batch_first: true, seed: 2 });
      return { model, trainer: recur.createTrainer(model, { out_features: 3, per_step: perStep, lr: 0.05 }) };
    });
    const y = perStep ? { data: Int32Array.from([0, 1, 2, 2, 1, 0]), shape: [2, 3] } : [0, 2];
    try {
      for (let i = 0; i < 4; ++i) {
        const loss = pair[0].trainer.step(x, y);
        assert.equal(loss, pair[1].trainer.stepAndGrad(x, y).loss, `step ${i}`);
        assert.equal(typeof loss, 'number');
      }
    } finally {
      for (const { model, trainer } of pair) {
        trainer.dispose();
        model.dispose();
      }
    }
  }
});
