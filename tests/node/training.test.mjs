// Training in WebAssembly against PyTorch autograd (tests/fixtures/training): the loss, every
// gradient, ||dL/dh_t||, 20 optimizer steps, in both builds; then the trainer's API and errors.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { loadRecur } from '../../dist/recur.mjs';

const dir = new URL('../fixtures/training/', import.meta.url);
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();
const tensor = (t) => (t ? { data: Float32Array.from(t.data), shape: t.shape } : null);
const tensors = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, tensor(v)]));

// max |a - b| over the largest |b|: a gradient's error relative to its tensor's scale.
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

test('the training fixtures are all there', () => assert.ok(names.length >= 20, names.join(', ')));

for (const build of ['simd', 'scalar'])
  for (const name of names) {
    test(`${build} build, training/${name}: gradients and every step's loss and the final weights match PyTorch`, () => {
      const recur = builds[build];
      const f = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
      const model = recur.createModel({ ...f.config, seed: f.seed });
      const { kind, beta1, beta2, ...rest } = f.optimizer;
      const options = { out_features: f.out_features, optimizer: kind, ...rest, max_grad_norm: f.max_grad_norm };
      if (beta1 !== undefined) options.betas = [beta1, beta2];
      const trainer = recur.createTrainer(model, options);
      try {
        const x = tensor(f.x),
          y = f.unbatched ? f.y[0] : f.y;
        const states = { h0: tensor(f.h0), c0: tensor(f.c0) };
        const r = trainer.lossAndGrad(x, y, states);
        assert.ok(Math.abs(r.loss - f.loss) <= 1e-5 * Math.max(1, f.loss), `loss ${r.loss} vs ${f.loss}`);
        assert.deepEqual(Object.keys(r.grads).sort(), Object.keys(f.gradients).sort());
        for (const [key, g] of Object.entries(tensors(f.gradients)))
          assert.ok(relativeError(r.grads[key], g) <= 1e-4, key);
        assert.ok(relativeError(r.inputGrads.x, tensor(f.d_x)) <= 1e-4, 'x');
        assert.ok(relativeError(r.inputGrads.h0, tensor(f.d_h0)) <= 1e-4, 'h0');
        if (f.d_c0) assert.ok(relativeError(r.inputGrads.c0, tensor(f.d_c0)) <= 1e-4, 'c0');
        else assert.equal(r.inputGrads.c0, null);
        assert.ok(relativeError(r.hiddenGradNorms, tensor(f.hidden_norms)) <= 1e-4, 'hiddenGradNorms');
        for (const [i, expected] of f.losses.entries()) {
          const loss = trainer.step(x, y, states);
          assert.ok(Math.abs(loss - expected) <= 1e-4 * Math.max(1, expected), `step ${i}: ${loss} vs ${expected}`);
        }
        assert.equal(trainer.steps, f.steps);
        const after = trainer.stateDict();
        const expected = {
          ...tensors(f.after),
          ...Object.fromEntries(Object.entries(tensors(f.head_after)).map(([k, v]) => [`head.${k}`, v])),
        };
        assert.deepEqual(Object.keys(after).sort(), Object.keys(expected).sort());
        for (const [key, p] of Object.entries(expected)) assert.ok(parameterError(after[key], p) <= 1e-4, key);
        // The model itself was trained: its own stateDict is the trained one.
        assert.deepEqual(model.stateDict().weight_ih_l0, after.weight_ih_l0);
      } finally {
        trainer.dispose();
        model.dispose();
      }
    });
  }

const TABLE = {
  data: Float32Array.from([
    0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1,
    0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0,
  ]),
  shape: [6, 3, 3],
};
const Y = Int32Array.from([1, 0, 1, 1, 0, 0]);

test('a trainer learns the notebook table; the model it trains and the page-facing results agree', () => {
  const recur = builds.simd;
  const model = recur.createModel({ mode: 'GRU', input_size: 3, hidden_size: 4, batch_first: true });
  const trainer = recur.createTrainer(model, { out_features: 2, lr: 0.05 });
  const first = trainer.step(TABLE, Y);
  for (let i = 0; i < 150; ++i) trainer.step(TABLE, Y);
  const r = trainer.lossAndGrad(TABLE, [...Y]);
  assert.ok(r.loss < first / 10, `${r.loss} vs ${first}`);
  assert.deepEqual(r.predicted, Y);
  assert.deepEqual(r.hiddenGradNorms.shape, [1, 3, 6]);
  // The trained head on the trained model's h_n[-1] predicts what the trainer says.
  const head = model.createHead(2);
  const dict = trainer.stateDict();
  head.loadStateDict({ weight: dict['head.weight'], bias: dict['head.bias'] });
  const { h_n } = model.forward(TABLE);
  assert.deepEqual(head.forward({ data: h_n.data, shape: [6, 4] }).predicted, Y);
  // stateDict round trip into a fresh trainer.
  const other = recur.createTrainer(
    recur.createModel({ mode: 'GRU', input_size: 3, hidden_size: 4, batch_first: true, seed: 9 }),
    { out_features: 2 },
  );
  other.loadStateDict(dict);
  assert.equal(other.lossAndGrad(TABLE, Y).loss, r.loss);
  for (const m of [trainer, model, head, other]) m.dispose();
});

test('bad options, labels and inputs are named, and the trainer keeps working after them', () => {
  const recur = builds.simd;
  const model = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 4, batch_first: true });
  const bad = (fn, pattern) =>
    assert.throws(fn, (e) => e instanceof Error && e.name === 'RecurError' && pattern.test(e.message), String(pattern));
  bad(() => recur.createTrainer({}, { out_features: 2 }), /createTrainer needs a model/);
  bad(() => recur.createTrainer(model, {}), /out_features is required/);
  bad(() => recur.createTrainer(model, { out_features: 2, optimizer: 'sgd' }), /lr is required for SGD/);
  bad(() => recur.createTrainer(model, { out_features: 2, optimizer: 'rmsprop' }), /'sgd' or 'adam', got 'rmsprop'/);
  bad(() => recur.createTrainer(model, { out_features: 2, lr: -1 }), /Invalid learning rate: -1/);
  bad(() => recur.createTrainer(model, { out_features: 2, learning_rate: 1 }), /unknown option 'learning_rate'/);
  bad(() => recur.createTrainer(model, { out_features: 2, betas: [0.9] }), /betas must be two numbers/);
  bad(() => recur.createTrainer(model, { out_features: 2, lr: NaN }), /lr must be a finite number/);
  const trainer = recur.createTrainer(model, { out_features: 2, optimizer: 'sgd', lr: 0.1 });
  bad(() => trainer.step(TABLE, [1, 0, 1, 1, 0, 2]), /label 2 of sentence 6/);
  bad(() => trainer.step(TABLE, [1, 0]), /y has 2 labels but x has 6 sentences/);
  bad(() => trainer.step(TABLE, 'abc'), /y must be the class of each sentence/);
  bad(() => trainer.step(TABLE, [1, 0, 1, 1, 0, -1]), /y\[5\] must not be negative/);
  bad(() => trainer.step({ data: new Float32Array(12), shape: [1, 3, 4] }, [0]), /input_size/);
  bad(
    () => trainer.loadStateDict({ 'head.weight': { data: new Float32Array(3), shape: [1, 3] } }),
    /head|Linear|weight/,
  );
  assert.equal(trainer.steps, 0);
  assert.ok(trainer.step(TABLE, Y) > 0);
  assert.equal(trainer.steps, 1);
  model.dispose();
  bad(() => trainer.step(TABLE, Y), /model was disposed/);
  trainer.dispose();
  bad(() => trainer.stateDict(), /trainer was disposed/);
});
