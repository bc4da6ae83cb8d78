// The page's digits run (web/digits.mjs, DOM-free) in Node: its batches are PyTorch's (the first
// epochs' losses equal tests/fixtures/digits), its history, test passes and confusion matrix
// add up, reading a digit row by row ends on the model's answer, the lr schedule is PyTorch's
// CosineAnnealingLR, and the code panel's script trains the same way (web/digits-code.mjs; run
// in PyTorch where Debian's python3-torch is installed).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadRecur } from '../../dist/recur.mjs';
import { DigitsReader, DigitsRun, MAX_MISTAKES, digitsTable, testDigit } from '../../web/digits.mjs';
import { digitsPython, moduleCall } from '../../web/digits-code.mjs';

const fixtures = new URL('../fixtures/digits/', import.meta.url);
const training = JSON.parse(readFileSync(new URL('training.json', fixtures), 'utf8'));
const scheduled = JSON.parse(readFileSync(new URL('scheduled.json', fixtures), 'utf8'));
let recur, digits;

before(async () => {
  recur = await loadRecur();
  digits = recur.readDigits(readFileSync(new URL('subset.bin', fixtures)));
});

const config = { mode: 'LSTM', input_size: 28, hidden_size: 64, batch_first: true, seed: 0 };

test("the page's run: PyTorch's losses, two epochs with their test passes, the confusion matrix", async () => {
  let progress = 0;
  const run = new DigitsRun(recur, digits, () => (progress += 1), setImmediate);
  run.sync('key', { config, options: { optimizer: 'adam', lr: 0.01 }, batchSize: 64 });
  assert.equal(run.stepsPerEpoch, 3);
  assert.equal(run.sync('key', { config, options: {}, batchSize: 64 }), false); // same key: same run
  const done = new Promise((resolve) => {
    const poll = () => (run.running ? setImmediate(poll) : resolve());
    setImmediate(poll);
  });
  run.runTo(2);
  assert.equal(run.running, true);
  await done;
  assert.ok(progress >= 1);
  assert.equal(run.steps, 6);
  assert.equal(run.epoch, 2);
  run.history.stepLoss.forEach((loss, k) => assert.ok(Math.abs(loss - training.steps[k].loss) <= 1e-4, `step ${k}`));
  assert.equal(run.history.trainLoss.length, 2);
  const mean = run.history.stepLoss.slice(3).reduce((a, b) => a + b, 0) / 3; // equal batches of 64
  assert.ok(Math.abs(run.history.trainLoss[1] - mean) < 1e-6);
  assert.equal(run.history.testAccuracy.length, 2);
  const cells = run.confusion.flat();
  assert.equal(
    cells.reduce((a, b) => a + b, 0),
    64,
  );
  const diagonal = run.confusion.reduce((a, row, d) => a + row[d], 0);
  assert.equal(diagonal / 64, run.history.testAccuracy[1]);
  assert.equal(run.mistakes.length, Math.min(MAX_MISTAKES, 64 - diagonal)); // the gallery's first ones
  for (const m of run.mistakes) assert.notEqual(m.label, m.predicted);
  // Reading one test digit row by row: the last row's probabilities are the model's answer.
  const table = digitsTable(digits, { index: 5 });
  assert.deepEqual(table.x.shape, [1, 28, 28]);
  assert.equal(table.y[0], testDigit(digits, 5).label);
  const reader = new DigitsReader(recur); // the page's: the run's weights, read on one digit
  reader.reset(config);
  reader.load(run.weights());
  const read = reader.read(table.x, { steps: true });
  assert.deepEqual(read.perStep.shape, [28, 10]);
  assert.deepEqual(Array.from(read.perStep.data.subarray(27 * 10)), Array.from(read.probabilities));
  const sum = read.probabilities.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-5);
  // A trained run's weights are the compute step's: model state_dict and a 10-class head.
  const w = run.weights();
  assert.deepEqual(w.head.weight.shape, [10, 64]);
  reader.dispose();
  run.dispose();
  assert.equal(run.steps, 0);
  assert.equal(run.weights(), null);
});

// Trains `run` to `epochs` epochs, slice after slice.
function trainTo(run, epochs) {
  return new Promise((resolve) => {
    run.runTo(epochs);
    const poll = () => (run.running ? setImmediate(poll) : resolve());
    setImmediate(poll);
  });
}

test("the page's run under CosineAnnealingLR: each epoch's lr and every loss are PyTorch's", async () => {
  const lrs = [];
  const run = new DigitsRun(recur, digits, () => lrs.push(run.lr), setImmediate);
  run.sync('cosine', {
    config,
    options: { optimizer: 'adam', lr: scheduled.lr },
    batchSize: scheduled.batch_size,
    schedule: { T_max: scheduled.T_max },
  });
  assert.equal(run.lr, scheduled.lr);
  await trainTo(run, 6); // 18 steps: the lr falls to 0 at epoch 4 (the fifth) and rises again
  assert.equal(run.steps, 18);
  run.history.stepLoss.forEach((loss, k) =>
    assert.ok(Math.abs(loss - scheduled.steps[k].loss) <= 1e-4, `step ${k}: ${loss} vs ${scheduled.steps[k].loss}`),
  );
  // After six epochs (and six scheduler steps) the lr is the seventh epoch's, and every lr the
  // run reported was one of the schedule's.
  assert.equal(run.lr, scheduled.steps[18].lr);
  const schedule = new Set(scheduled.steps.map((s) => s.lr));
  assert.ok(lrs.every((lr) => schedule.has(lr)));
  run.dispose();
});

test('the run refuses what the trainer refuses, by its message', () => {
  const run = new DigitsRun(recur, digits, () => {}, setImmediate);
  assert.throws(
    () => run.sync('k', { config, options: { optimizer: 'adam', lr: -1 }, batchSize: 64 }),
    /Invalid learning rate: -1/,
  );
});

test("the code panel's script: the module, the file, the order and the loop", () => {
  assert.equal(moduleCall(config), 'nn.LSTM(28, 64, batch_first=True)');
  assert.equal(
    moduleCall({ ...config, mode: 'GRU', num_layers: 2, bidirectional: true, batch_first: false }),
    'nn.GRU(28, 64, num_layers=2, bidirectional=True)',
  );
  const py = digitsPython({ config, state: { optimizer: 'adam', lr: 0.01, digits_batch: 64 }, epochs: 3 });
  for (const line of [
    'raw = open("digits.bin", "rb").read()',
    'lstm = nn.LSTM(28, 64, batch_first=True)',
    'head = nn.Linear(64, 10)',
    'optimizer = torch.optim.Adam([*lstm.parameters(), *head.parameters()], lr=0.01)',
    'g = torch.Generator().manual_seed(0)',
    'for epoch in range(3):',
    '    order = torch.randperm(train, generator=g)',
    '        _, (h_n, _) = lstm(x_all[idx])',
  ])
    assert.ok(py.includes(line), line);
  const seqFirst = digitsPython({
    config: { ...config, mode: 'RNN', batch_first: false },
    state: { optimizer: 'sgd', lr: 0.1, digits_batch: 32 },
    epochs: 1,
  });
  assert.ok(seqFirst.includes('        _, h_n = rnn(x_all[idx].transpose(0, 1))'));
  assert.ok(seqFirst.includes('torch.optim.SGD('));
  assert.ok(!seqFirst.includes('scheduler'));
  const cosine = digitsPython({
    config,
    state: { optimizer: 'adam', lr: 0.02, digits_batch: 64, digits_schedule: 'cosine', digits_epochs: 10 },
    epochs: 10,
  });
  assert.ok(cosine.includes('scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=10)'));
  assert.ok(cosine.includes('\n    scheduler.step()\n    print(f"epoch {epoch + 1}'));
});

test("the code panel's script, run in PyTorch on the subset, prints the page's losses and accuracy", async (t) => {
  if (spawnSync('/usr/bin/python3', ['-c', 'import torch']).status !== 0) {
    t.skip('python3-torch is not installed: the script was not run');
    return;
  }
  const state = { optimizer: 'adam', lr: 0.02, digits_batch: 64, digits_schedule: 'cosine', digits_epochs: 4 };
  const run = new DigitsRun(recur, digits, () => {}, setImmediate);
  run.sync('panel', { config, options: { optimizer: 'adam', lr: 0.02 }, batchSize: 64, schedule: { T_max: 4 } });
  await trainTo(run, 4);
  // The script reads digits.bin beside it: here the fixtures' subset (192 to train, 64 to test).
  const dir = mkdtempSync(`${tmpdir()}/recur-digits-`);
  try {
    copyFileSync(new URL('subset.bin', fixtures), `${dir}/digits.bin`);
    const py = spawnSync('/usr/bin/python3', ['-c', digitsPython({ config, state, epochs: 4 })], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    assert.equal(py.status, 0, py.stderr);
    const losses = [...py.stdout.matchAll(/^batch \d+ loss (\S+)$/gm)].map((m) => Number(m[1]));
    assert.deepEqual(
      losses,
      run.history.stepLoss.slice(0, 3).map((v) => Number(v.toFixed(4))),
    );
    const accuracies = [...py.stdout.matchAll(/^epoch \d+: test accuracy (\S+) %$/gm)].map((m) => Number(m[1]));
    assert.equal(accuracies.length, 4);
    // 64 test digits: one digit is 1.56 %; the runs agree to the digit or differ by one at most.
    accuracies.forEach((a, e) =>
      assert.ok(Math.abs(a - 100 * run.history.testAccuracy[e]) <= 1.6, `epoch ${e + 1}: ${a} %`),
    );
    t.diagnostic(
      `PyTorch: ${accuracies.join(', ')} %; Recur: ${run.history.testAccuracy.map((v) => (100 * v).toFixed(2)).join(', ')} %`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    run.dispose();
  }
});
