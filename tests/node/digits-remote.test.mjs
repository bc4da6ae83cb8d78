// The digits mode's run where the playground computes: web/digits-remote.mjs on the page's side,
// compute-host.mjs's 'digits' messages on the worker's (joined as the page joins them:
// tests/node/host-channel.mjs). Its reports add up to what a DigitsRun stepped here does (PyTorch's
// losses, the epochs' figures, the confusion matrix), the page reads a digit with the weights the
// run reported, a pause holds, and what the trainer refuses comes back as the run's error.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadRecur } from '../../dist/recur.mjs';
import { DigitsReader, DigitsRun, digitsTable } from '../../web/digits.mjs';
import { RemoteDigitsRun } from '../../web/digits-remote.mjs';
import { hostChannel } from './host-channel.mjs';

const fixtures = new URL('../fixtures/digits/', import.meta.url);
const training = JSON.parse(readFileSync(new URL('training.json', fixtures), 'utf8'));
const bytes = new Uint8Array(readFileSync(new URL('subset.bin', fixtures)));
let recur;
before(async () => {
  recur = await loadRecur();
});

const config = { mode: 'LSTM', input_size: 28, hidden_size: 64, batch_first: true, seed: 0 };
const adam = { config, options: { optimizer: 'adam', lr: 0.01 }, batchSize: 64 };

// Resolves once `f(run)` holds after a report.
function until(f) {
  let check;
  const reached = new Promise((resolve) => (check = (run) => f(run) && resolve()));
  return { reached, onprogress: (run) => check(run) };
}

test("two epochs reported as the run takes them: PyTorch's losses, the figures and weights a local run has", async () => {
  let remote;
  const done = until(() => !remote.running && remote.epoch === 2);
  remote = new RemoteDigitsRun(recur, hostChannel(recur), bytes, () => done.onprogress());
  remote.sync('key', adam);
  remote.runTo(2);
  assert.equal(remote.running, true); // at once: the card's button says Pause
  await done.reached;
  assert.equal(remote.steps, 6);
  assert.equal(remote.stepsPerEpoch, 3);
  remote.history.stepLoss.forEach((loss, k) => assert.ok(Math.abs(loss - training.steps[k].loss) <= 1e-4, `step ${k}`));

  const digits = recur.readDigits(bytes);
  const local = new DigitsRun(recur, digits, () => {}, setImmediate);
  local.sync('key', adam);
  const finished = new Promise((resolve) => {
    const poll = () => (local.running ? setImmediate(poll) : resolve());
    setImmediate(poll);
  });
  local.runTo(2);
  await finished;
  assert.deepEqual(remote.history, local.history);
  assert.deepEqual(remote.confusion, local.confusion);
  assert.deepEqual(remote.mistakes, local.mistakes);
  assert.deepEqual(remote.weights().head.weight.data, local.weights().head.weight.data);

  // The page reads a digit with the weights reported when the run stopped: the local run's.
  const x = digitsTable(digits, { index: 5 }).x;
  const reader = new DigitsReader(recur);
  reader.reset(config);
  reader.load(local.weights());
  assert.deepEqual(remote.read(x, { steps: true }), reader.read(x, { steps: true }));
  reader.dispose();
  local.dispose();
  remote.dispose();
});

test('a pause holds the run where it is; a new key starts over; a refused lr is the run error', async () => {
  let remote,
    paused = -1;
  let check = () => {};
  remote = new RemoteDigitsRun(recur, hostChannel(recur), bytes, () => {
    if (remote.running && remote.steps >= 1 && paused < 0) {
      paused = remote.steps;
      remote.pause();
    }
    check();
  });
  remote.sync('a', adam);
  remote.runTo(50);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.ok(paused >= 1);
  assert.equal(remote.running, false);
  assert.ok(remote.epoch < 50);
  const at = remote.steps;
  assert.ok(remote.history.stepLoss.length === at && at >= paused);

  const restarted = new Promise((resolve) => (check = () => remote.steps === 0 && resolve()));
  remote.sync('b', { ...adam, options: { optimizer: 'sgd', lr: 0.1 } });
  await restarted;
  assert.equal(remote.history.stepLoss.length, 0);
  assert.equal(remote.weights(), null);

  const refused = new Promise((resolve) => (check = () => remote.error && resolve()));
  remote.sync('c', { ...adam, options: { optimizer: 'adam', lr: -1 } });
  await refused;
  assert.match(remote.error.message, /Invalid learning rate: -1/);
  remote.dispose();
});
