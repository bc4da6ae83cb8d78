// The text card's training run (web/text-training.mjs, DOM-free) is the PyTorch loop of
// tools/make_text_fixtures.py: the same losses step by step, stateful and not, run in slices
// that yield to the event loop; and the script its code panel writes names that loop.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadRecur } from '../../dist/recur.mjs';
import { TextRun } from '../../web/text-training.mjs';
import { textScript } from '../../web/text-code.mjs';
import { fixture, settingsOf } from './text-fixtures.mjs';

let recur;
before(async () => {
  recur = await loadRecur();
});

for (const name of ['english_lstm_stateful', 'english_gru', 'chinese_rnn_stateful'])
  test(`text/${name}: the page's run, in slices, takes PyTorch's training steps`, async () => {
    const f = fixture(name);
    const settings = settingsOf(f);
    let slices = 0;
    const done = new Promise((resolve) => {
      const run = new TextRun(
        recur,
        settings,
        (r) => {
          slices += 1;
          if (!r.running) resolve(r);
        },
        setImmediate,
      );
      run.runTo(f.steps);
    });
    const run = await done;
    assert.equal(run.steps, f.steps);
    assert.ok(slices >= 1);
    assert.deepEqual(run.vocabulary, f.vocabulary);
    for (const [i, expected] of f.losses.entries())
      assert.ok(Math.abs(run.history.train[i] - expected) <= 1e-4 * Math.max(1, expected), `step ${i + 1}`);
    assert.ok(Math.abs(run.history.validation.at(-1)[1] - f.validation_loss) <= 1e-4);
    assert.equal(run.history.validation.at(-1)[0], f.steps);
    const written = run.sample(f.prime, { length: 50, temperature: 0 });
    assert.equal([...written.text].length, 50);
    const inside = run.inspect(f.prime, 5);
    assert.equal(inside.top.length, [...f.prime].length);
    assert.ok(inside.intermediates.h);
    const script = textScript({
      ...settings,
      steps: f.steps,
      prime: f.prime,
      length: 50,
      temperature: 0,
      top_k: 0,
      sample_seed: 0,
    });
    assert.match(script, new RegExp(`for step in range\\(${f.steps}\\):`));
    assert.match(script, new RegExp(`torch\\.nn\\.${f.config.mode}\\(V, ${f.config.hidden_size}, batch_first=True\\)`));
    assert.ok(script.includes(f.stateful ? 'if i == 0:' : 'if True:'));
    run.dispose();
  });

test('a text the dataset refuses is the RecurError, named', () => {
  assert.throws(
    () =>
      new TextRun(recur, {
        text: 'too short',
        mode: 'LSTM',
        hidden_size: 8,
        seq_len: 32,
        batch: 8,
        lr: 0.01,
        seed: 0,
        stateful: true,
      }),
    { name: 'RecurError', message: /the text is too short/ },
  );
});
