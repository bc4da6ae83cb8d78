// The digits mode in WebAssembly, both builds: the digits file (dist/digits.bin against the
// mnist package it was made from), torch.randperm's order, 20 Adam steps of batch 64 against
// PyTorch (tests/fixtures/digits, tools/make_digits_fixtures.py), evaluate, mnistDigit, errors.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadRecur, RecurError } from '../../dist/recur.mjs';

const fixtures = new URL('../fixtures/digits/', import.meta.url);
const subsetBytes = readFileSync(new URL('subset.bin', fixtures));
const training = JSON.parse(readFileSync(new URL('training.json', fixtures), 'utf8'));
const order = JSON.parse(readFileSync(new URL('order.json', fixtures), 'utf8'));
const scheduled = JSON.parse(readFileSync(new URL('scheduled.json', fixtures), 'utf8'));
const lrCases = JSON.parse(readFileSync(new URL('lr.json', fixtures), 'utf8')).cases;
const tensor = (t) => ({ data: Float32Array.from(t.data), shape: t.shape });

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

const builds = {};
before(async () => {
  builds.simd = await loadRecur({ simd: true });
  builds.scalar = await loadRecur({ simd: false });
});

test('dist/digits.bin: 10 000 digits, 8 000 to train, every pixel the mnist package value * 255', () => {
  const bytes = readFileSync(new URL('../../dist/digits.bin', import.meta.url));
  const digits = builds.simd.readDigits(bytes);
  assert.equal(digits.size, 10000);
  assert.equal(digits.train, 8000);
  assert.equal(digits.rows, 28);
  assert.equal(digits.cols, 28);
  const count = (from, to) => {
    const c = new Array(10).fill(0);
    for (let i = from; i < to; ++i) c[digits.labels[i]]++;
    return c;
  };
  assert.deepEqual(count(0, 8000), [801, 902, 793, 826, 784, 690, 811, 856, 755, 782]);
  assert.deepEqual(count(8000, 10000), [200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
  // Within a class the file keeps the package's order: the k-th digit of a class in the file is
  // the package's k-th (its values are bytes / 255 rounded to 3 decimals).
  const require = createRequire(import.meta.url);
  const seen = new Array(10).fill(0);
  for (let i = 0; i < 40; ++i) {
    const label = digits.labels[i];
    const values = require(`mnist/src/digits/${label}.json`).data;
    const { x } = digits.batch([i]);
    const k = seen[label]++;
    for (let p = 0; p < 784; ++p) assert.ok(Math.abs(x.data[p] - values[k * 784 + p]) <= 0.0005, `digit ${i}`);
  }
  digits.dispose();
});

test('randperm: torch.randperm(8000) of epochs 0 and 1 with seed 0, in both builds', () => {
  for (const recur of Object.values(builds)) {
    for (let e = 0; e < 2; ++e)
      assert.deepEqual(Array.from(recur.randperm(order.n, { seed: order.seed, epoch: e })), order.epochs[e]);
  }
});

for (const build of ['simd', 'scalar']) {
  test(`digits training (${build}): 20 Adam steps of batch 64 equal PyTorch's within 1e-4, then the held-out evaluation`, () => {
    const recur = builds[build];
    const digits = recur.readDigits(new Uint8Array(subsetBytes));
    assert.equal(digits.train, training.train);
    const model = recur.createModel({ mode: 'LSTM', input_size: 28, hidden_size: 64, batch_first: true, seed: 0 });
    const trainer = recur.createTrainer(model, { out_features: 10, optimizer: 'adam', lr: training.lr });
    let queue = [],
      epoch = 0,
      worst = { loss: 0, grad: 0, param: 0 };
    for (const [s, step] of training.steps.entries()) {
      if (queue.length === 0) queue = Array.from(recur.randperm(training.train, { seed: 0, epoch: epoch++ }));
      const indices = queue.splice(0, training.batch_size);
      assert.deepEqual(indices, step.indices, `step ${s}: the batch order`);
      const { x, y } = digits.batch(indices);
      const r = trainer.stepAndGrad(x, y);
      worst.loss = Math.max(worst.loss, Math.abs(r.loss - step.loss));
      assert.ok(Math.abs(r.loss - step.loss) <= 1e-4, `step ${s}: loss ${r.loss} vs ${step.loss}`);
      if (step.grads)
        for (const [name, g] of Object.entries(step.grads)) {
          const e = relativeError(r.grads[name], tensor(g));
          worst.grad = Math.max(worst.grad, e);
          assert.ok(e <= 1e-4, `step ${s}: ${name} gradient error ${e}`);
        }
    }
    const after = trainer.stateDict();
    for (const [name, p] of Object.entries(training.parameters)) {
      const ours = after[name].data;
      p.data.forEach((v, i) => {
        const e = Math.abs(ours[i] - v) / Math.max(1, Math.abs(v));
        worst.param = Math.max(worst.param, e);
        assert.ok(e <= 1e-4, `${name}[${i}]: ${ours[i]} vs ${v}`);
      });
    }
    const held = Array.from({ length: training.held_out }, (_, i) => training.train + i);
    const { x, y } = digits.batch(held);
    const e = trainer.evaluate(x, y);
    assert.ok(Math.abs(e.loss - training.evaluation.loss) <= 1e-4);
    assert.deepEqual(Array.from(e.predicted), training.evaluation.predicted);
    assert.equal(e.correct, held.filter((_, i) => e.predicted[i] === y[i]).length);
    assert.ok(relativeError(e.probabilities, tensor(training.evaluation.probabilities)) <= 1e-4);
    console.log(`digits ${build}: worst loss error ${worst.loss}, gradient ${worst.grad}, parameter ${worst.param}`);
    trainer.dispose();
    model.dispose();
    digits.dispose();
  });
}

for (const build of ['simd', 'scalar']) {
  test(`cosineAnnealingLR (${build}): every epoch's lr is PyTorch's CosineAnnealingLR's, bit for bit`, () => {
    const recur = builds[build];
    for (const c of lrCases)
      c.lrs.forEach((lr, e) =>
        assert.equal(
          recur.cosineAnnealingLR({ lr: c.lr, T_max: c.T_max, eta_min: c.eta_min }, e),
          Number(lr),
          `T_max ${c.T_max}, eta_min ${c.eta_min}, epoch ${e}`,
        ),
      );
  });

  test(`digits training (${build}): 20 Adam steps with trainer.lr set by cosineAnnealingLR each epoch equal PyTorch's`, () => {
    const recur = builds[build];
    const digits = recur.readDigits(new Uint8Array(subsetBytes));
    const model = recur.createModel({ mode: 'LSTM', input_size: 28, hidden_size: 64, batch_first: true, seed: 0 });
    const trainer = recur.createTrainer(model, { out_features: 10, optimizer: 'adam', lr: scheduled.lr });
    let queue = [],
      epoch = 0;
    for (const [s, step] of scheduled.steps.entries()) {
      if (queue.length === 0) {
        trainer.lr = recur.cosineAnnealingLR({ lr: scheduled.lr, T_max: scheduled.T_max }, epoch);
        queue = Array.from(recur.randperm(scheduled.train, { seed: 0, epoch: epoch++ }));
      }
      assert.equal(trainer.lr, step.lr, `step ${s}: the lr`);
      const { x, y } = digits.batch(queue.splice(0, scheduled.batch_size));
      const loss = trainer.step(x, y);
      assert.ok(Math.abs(loss - step.loss) <= 1e-4, `step ${s}: loss ${loss} vs ${step.loss}`);
    }
    const after = trainer.stateDict();
    for (const [name, p] of Object.entries(scheduled.parameters))
      p.data.forEach((v, i) =>
        assert.ok(Math.abs(after[name].data[i] - v) / Math.max(1, Math.abs(v)) <= 1e-4, `${name}[${i}]`),
      );
    trainer.dispose();
    model.dispose();
    digits.dispose();
  });
}

test('trainer.lr and cosineAnnealingLR refuse what PyTorch refuses, and the trainer keeps its lr', () => {
  const recur = builds.simd;
  const model = recur.createModel({ mode: 'RNN_TANH', input_size: 3, hidden_size: 4 });
  const trainer = recur.createTrainer(model, { out_features: 2, lr: 0.1 });
  assert.equal(trainer.lr, 0.1);
  assert.throws(
    () => (trainer.lr = -1),
    (e) => e instanceof RecurError && e.message === 'Invalid learning rate: -1',
  );
  assert.throws(() => (trainer.lr = '0.1'), /trainer.lr must be a finite number, got string/);
  assert.throws(() => (trainer.lr = Infinity), /trainer.lr must be a finite number, got Infinity/);
  assert.throws(() => (trainer.lr = NaN), /trainer.lr must be a finite number, got NaN/);
  assert.equal(trainer.lr, 0.1);
  trainer.lr = 0.05;
  assert.equal(trainer.lr, 0.05);
  assert.throws(() => recur.cosineAnnealingLR({ lr: 0.1, T_max: 0 }, 1), /T_max must be at least 1, got 0/);
  assert.throws(() => recur.cosineAnnealingLR({ lr: 0.1 }, 1), /lr .* and T_max .* are required/);
  assert.throws(() => recur.cosineAnnealingLR({ lr: 0.1, T_max: 2, eta: 0 }, 1), /unknown option 'eta'/);
  assert.throws(() => recur.cosineAnnealingLR({ lr: 0.1, T_max: 2 }, -1), /epoch must not be negative, got -1/);
  assert.throws(() => recur.cosineAnnealingLR(null, 1), /needs options such as \{lr: 0.02, T_max: 10\}/);
  assert.equal(recur.cosineAnnealingLR({ lr: 0.1, T_max: 2 }, 2), 0);
  trainer.dispose();
  assert.throws(() => trainer.lr, /disposed/);
  model.dispose();
});

test('mnistDigit: a block drawn in a corner comes out 20 pixels tall, centred', () => {
  const recur = builds.simd;
  const ink = new Uint8Array(280 * 280);
  for (let y = 3; y < 103; ++y) ink.fill(255, y * 280 + 200, y * 280 + 250);
  const d = recur.mnistDigit(ink, { height: 280, width: 280 });
  assert.deepEqual(d.shape, [28, 28]);
  for (let y = 0; y < 28; ++y)
    for (let x = 0; x < 28; ++x) assert.equal(d.data[y * 28 + x], y >= 4 && y < 24 && x >= 9 && x < 19 ? 1 : 0);
  assert.throws(() => recur.mnistDigit(ink, { height: 28, width: 28 }), /a 28x28 drawing has 784 pixels, got 78400/);
});

test('digits errors are RecurErrors that say what is wrong', () => {
  const recur = builds.simd;
  assert.throws(
    () => recur.readDigits(new Uint8Array(8)),
    (e) => e instanceof RecurError && /'RDG1'/.test(e.message),
  );
  assert.throws(() => recur.readDigits('digits'), /readDigits needs the file's bytes/);
  const digits = recur.readDigits(new Uint8Array(subsetBytes));
  assert.throws(() => digits.batch([0, 256]), /sample index 256 is past the dataset's 256 samples/);
  assert.throws(() => digits.batch([1.5]), /index 0 is not a sample index/);
  assert.throws(() => digits.batch('0'), /Int32Array or an array of integers, got string/);
  const model = recur.createModel({ mode: 'GRU', input_size: 28, hidden_size: 8, batch_first: true });
  const trainer = recur.createTrainer(model, { out_features: 10 });
  const { x, y } = digits.batch([0, 1, 2]);
  assert.throws(() => trainer.evaluate(x, [1]), /y has 1 labels but x has 3 samples/);
  assert.equal(trainer.evaluate(x, y).predicted.length, 3); // still usable
  digits.dispose();
  assert.throws(() => digits.size, /this digits file was disposed/);
  trainer.dispose();
  model.dispose();
});
