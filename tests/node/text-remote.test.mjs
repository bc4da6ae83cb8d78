// The text card's run where the playground computes: web/text-remote.mjs on the page's side,
// compute-host.mjs's 'text' messages on the worker's, joined here as the page joins them (every
// message structured-cloned, as postMessage does). The remote run takes the same steps as
// PyTorch's loop (tools/make_text_fixtures.py), pauses, writes and steps through the text as
// TextRun does in the worker, and a text the API refuses comes back as its error.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadRecur } from '../../dist/recur.mjs';
import { hostChannel } from './host-channel.mjs';
import { fixture, sampleText, settingsOf } from './text-fixtures.mjs';
import { RemoteTextRun } from '../../web/text-remote.mjs';
import { TextRun } from '../../web/text-training.mjs';

let recur;
before(async () => {
  recur = await loadRecur();
});

// Promise.withResolvers, which Node 20 lacks.
function deferred() {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}

test("the remote run takes PyTorch's steps, reports them, writes and steps through as TextRun", async () => {
  const f = fixture('english_lstm_stateful');
  let reports = 0;
  const stopped = deferred();
  const run = await RemoteTextRun.start(hostChannel(recur), settingsOf(f), (r) => {
    reports += 1;
    if (!r.running && r.steps === f.steps) stopped.resolve();
  });
  assert.deepEqual(run.vocabulary, f.vocabulary);
  assert.equal(run.steps, 0);
  assert.equal(run.history.validation.length, 1); // the untrained validation loss, at step 0
  run.runTo(f.steps);
  assert.equal(run.running, true); // at once: the card's button says Pause
  await stopped.promise;
  assert.ok(reports >= 2);
  assert.equal(run.history.train.length, f.steps); // each loss once, in order, over the reports
  for (const [i, expected] of f.losses.entries())
    assert.ok(Math.abs(run.history.train[i] - expected) <= 1e-4 * Math.max(1, expected), `step ${i + 1}`);
  assert.ok(Math.abs(run.history.validation.at(-1)[1] - f.validation_loss) <= 1e-4);

  // What it writes and the step-through view are the worker's TextRun's, after the same steps.
  const local = new TextRun(recur, settingsOf(f), () => {}, setImmediate);
  for (let i = 0; i < f.steps; ++i) local.step();
  const options = { length: 40, temperature: 0.8, top_k: 5, seed: 3 };
  assert.deepEqual(await run.sample(f.prime, options), local.sample(f.prime, options));
  const inside = await run.inspect(f.prime, 5);
  const expected = local.inspect(f.prime, 5);
  assert.deepEqual(inside.chars, expected.chars);
  assert.deepEqual(inside.top, expected.top);
  assert.deepEqual(inside.intermediates.h.data, expected.intermediates.h.data);
  const refused = await run.sample('\u2603', options); // a character not in the text
  assert.match(refused.error.message, /./);
  local.dispose();
  run.dispose();
});

test('a pause stops the run where it is, and it goes on from there', async () => {
  const f = fixture('english_gru');
  const settings = settingsOf(f);
  let paused = null;
  const run = await RemoteTextRun.start(hostChannel(recur), settings, (r) => {
    if (r.steps >= 3 && r.running && !paused) {
      paused = r.steps;
      r.pause();
      assert.equal(r.running, false);
    }
  });
  run.runTo(1000);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.ok(paused >= 3);
  assert.equal(run.running, false);
  assert.ok(run.steps < 1000 && run.steps >= paused);
  const at = run.steps;
  const done = deferred();
  run.runTo(at + 2);
  const poll = setInterval(() => !run.running && run.steps === at + 2 && done.resolve(), 20);
  await done.promise;
  clearInterval(poll);
  assert.equal(run.history.train.length, at + 2);
  run.dispose();
});

test('a text the dataset refuses is its RecurError, and the host keeps serving', async () => {
  const c = hostChannel(recur);
  const base = { mode: 'LSTM', hidden_size: 8, seq_len: 32, batch: 8, lr: 0.01, seed: 0, stateful: true };
  await assert.rejects(RemoteTextRun.start(c, { ...base, text: 'too short' }), {
    name: 'RecurError',
    message: /the text is too short/,
  });
  const run = await RemoteTextRun.start(c, { ...base, text: sampleText('en.txt') });
  assert.ok(run.vocabulary.length > 20);
  run.dispose();
});
