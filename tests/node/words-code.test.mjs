// The "PyTorch code" card for a table of words (web/words-code.mjs), run: for tables in words and
// Chinese characters, one-hot and nn.Embedding, packed and padded, RNN/LSTM/GRU, bidirectional
// with the head on torch.cat((h_n[-2], h_n[-1]), dim=1), both layouts and after training, the
// script the card writes prints, under PyTorch, the page's vocabulary, ids, output, h_n and
// logits (the page's numbers from web/compute.mjs), and the last-step check it prints is True
// when packed. The bit table's code (web/cards/code.mjs) with the head on torch.cat too.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { loadRecur } from '../../dist/recur.mjs';
import { compute, trainingKey } from '../../web/compute.mjs';
import { TrainingRun } from '../../web/training.mjs';
import { defaults } from '../../web/state.mjs';
import { strings } from '../../web/strings.mjs';
import { wordsPython } from '../../web/words-code.mjs';
import { pythonCode } from '../../web/cards/code.mjs';

const state = (more = {}) => ({ ...defaults(), ...more });
const maxError = (a, b) => {
  assert.equal(a.length, b.length);
  return Array.from(a).reduce((m, v, k) => Math.max(m, Math.abs(v - b[k])), 0);
};
let recur;

before(async () => {
  recur = await loadRecur();
});

const ENGLISH = ['I love you | 1', 'you love me | 1', 'I hate you so much | 0', 'no | 0', 'we love it | 1'].join('\n');
const CHINESE = ['我爱你 | 1', '我不爱你 | 0', '你爱我 | 1', '好 | 1', '不好吧 | 0'].join('\n');

// The lines the script appends: what it computed, as JSON after a marker.
const REPORT = `
import json
_c = globals().get('c_n')
print('@@' + json.dumps({
    'vocabulary': globals().get('vocabulary'),
    'ids': globals()['ids'].flatten().tolist() if 'ids' in globals() else None,
    'output': output.flatten().tolist(),
    'h_n': h_n.flatten().tolist(),
    'c_n': None if _c is None else _c.flatten().tolist(),
    'logits': logits.flatten().tolist(),
}))
`;

let torchInstalled; // probed once: importing torch takes seconds
// Runs the script with Debian's PyTorch: { checks (the lines of True/False it printed), report },
// or null without PyTorch.
function python(code) {
  torchInstalled ??= spawnSync('/usr/bin/python3', ['-c', 'import torch']).status === 0;
  if (!torchInstalled) return null;
  const run = spawnSync('/usr/bin/python3', ['-c', code + REPORT], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, `${run.stderr}\n${code}`);
  const lines = run.stdout.split('\n');
  return {
    checks: lines.filter((l) => /^(True|False)( (True|False))*$/.test(l)),
    report: JSON.parse(lines.find((l) => l.startsWith('@@')).slice(2)),
  };
}

// The page's training run taken `steps` steps (as the session runs it), and the compute that
// follows with its weights.
async function trainedCompute(s, steps) {
  const run = new TrainingRun(recur, () => {}, setImmediate);
  const train = ({ x, lengths, headInput, table, config, outFeatures, states }) => {
    run.sync(trainingKey(s, config, outFeatures, null), () => ({
      config,
      x,
      y: table.y,
      states: { ...states, lengths },
      options: { out_features: outFeatures, optimizer: s.optimizer, lr: Number(s.lr), head_input: headInput },
    }));
    if (run.steps < steps && !run.running) run.runTo(steps);
    return run.weights();
  };
  const words = strings(s.language);
  compute(recur, s, { words, train });
  while (run.running) await new Promise((r) => setImmediate(r));
  assert.equal(run.steps, steps);
  const out = compute(recur, s, { words, train });
  run.dispose();
  assert.equal(out.trained, true);
  return { ...out, trainedSteps: steps };
}

// The page's view of a state (as the playground hands it to the card), its script, and the
// script's numbers against the page's.
function check(t, out, s, tolerance, code = out.table.vocabulary ? wordsPython : pythonCode) {
  assert.equal(out.ok, true, out.error?.message);
  const view = { ...out, state: s, words: strings(s.language), trainedSteps: out.trainedSteps ?? 0 };
  const script = code(view);
  const ran = python(script);
  if (ran === null) {
    t.skip('python3-torch is not installed: the generated Python was not run');
    return { script };
  }
  const { report } = ran;
  if (out.table.vocabulary) {
    assert.deepEqual(report.vocabulary, out.table.vocabulary);
    assert.deepEqual(report.ids, Array.from(out.table.ids.data));
  }
  for (const name of ['output', 'h_n', 'c_n']) {
    const page = out.result[name];
    if (!page) {
      assert.equal(report[name], null, name);
      continue;
    }
    const error = maxError(report[name], page.data);
    assert.ok(error <= tolerance, `${name}: max abs difference ${error}`);
  }
  const error = maxError(report.logits, out.head.logits.data);
  assert.ok(error <= tolerance, `logits: max abs difference ${error}`);
  return { script, ...ran };
}

test('words, one-hot, packed GRU (batch_first): the vocabulary, ids, output, h_n and logits', (t) => {
  // A '#' comment line, and tokens a Python literal must escape.
  const table = `# sentiment\n${ENGLISH}\ndon't \\ "say" | 0`;
  const s = state({ table, mode: 'GRU', hidden_size: 5, unbatched: true, sentence: 3 });
  const { script, checks } = check(t, compute(recur, s, { words: strings('en') }), s, 1e-5);
  // Sentence 3 ("no") alone, its one token: PyTorch's unbatched input.
  assert.match(script, /output_b, h_n_b = gru\(F\.one_hot\(ids\[3, :1\], V\)\.float\(\)\)/);
  assert.match(script, /x = F\.one_hot\(ids, V\)\.float\(\)/);
  assert.match(script, /\['I', 'hate', 'you', 'so', 'much'\],/);
  assert.ok(script.includes(`["don't", "\\\\", '"say"'],`));
  assert.match(script, /gru = nn\.GRU\(input_size=V, hidden_size=5, num_layers=1, batch_first=True\)/);
  assert.match(script, /pack_padded_sequence\(x, lengths, batch_first=True, enforce_sorted=False\)/);
  if (checks) assert.equal(checks[0], 'True');
});

test('words, nn.Embedding, 2-layer bidirectional LSTM, batch_first=False, h0 = torch.rand, head on torch.cat', (t) => {
  const s = state({
    h0: 'rand',
    h0_seed: 5,
    table: ENGLISH,
    mode: 'LSTM',
    encoding: 'embedding',
    embedding_dim: 3,
    num_layers: 2,
    bidirectional: true,
    batch_first: false,
    head_input: 'cat',
    out_features: 3,
  });
  const out = compute(recur, s, { words: strings('en') });
  assert.equal(out.headInput, 'cat');
  const { script, checks } = check(t, out, s, 1e-5);
  assert.match(script, /self\.embedding = nn\.Embedding\(V, 3, padding_idx=0\)/);
  assert.match(script, /self\.head = nn\.Linear\(2 \* 4, 3\)/);
  assert.match(script, /logits = head\(torch\.cat\(\(h_n\[-2\], h_n\[-1\]\), dim=1\)\)/);
  if (checks) assert.deepEqual(checks, ['True True']);
});

test('packed and padded: each as the page computes it, and different for a shorter sentence', (t) => {
  const base = { table: ENGLISH, mode: 'RNN', encoding: 'embedding', num_layers: 2 };
  const runs = [true, false].map((packed) => {
    const s = state({ ...base, packed });
    return check(t, compute(recur, s, { words: strings('en') }), s, 1e-5);
  });
  const [packed, padded] = runs;
  assert.doesNotMatch(padded.script, /pack_padded_sequence/);
  if (!packed.report) return;
  assert.deepEqual(packed.checks, ['True']);
  // Padded: output[:, -1] is h_n[-1], but a shorter sentence's own last step is not.
  assert.deepEqual(padded.checks, ['True', 'False']);
  // Sentence 3 ("no") is one token of five: padded, its h_n ran on through four <pad> steps.
  const H = 4,
    B = 5,
    top = (r) => r.h_n.slice((1 * B + 3) * H, (1 * B + 4) * H);
  assert.ok(maxError(top(packed.report), top(padded.report)) > 1e-3);
  // Sentence 2 is the longest: packed and padded agree on it.
  const longest = (r) => r.h_n.slice((1 * B + 2) * H, (1 * B + 3) * H);
  assert.ok(maxError(longest(packed.report), longest(padded.report)) <= 1e-6);
});

test("Chinese in the characters mode: list('我爱你'), one token a character, bidirectional GRU, seq-first", (t) => {
  const s = state({
    table: CHINESE,
    tokens: 'characters',
    mode: 'GRU',
    bidirectional: true,
    batch_first: false,
    language: 'zh',
  });
  const out = compute(recur, s, { words: strings('zh') });
  assert.equal(out.table.tokens, 'characters');
  const { script, checks } = check(t, out, s, 1e-5);
  assert.match(script, /list\('我不爱你'\),/);
  assert.match(script, /# 句子表：5 个句子，每个字一个词元/);
  assert.match(script, /# bidirectional=True：h_n\[-1\] 只是最上层的反向/);
  if (checks) assert.deepEqual(checks, ['True True']);
});

test('trained 20 Adam steps: nn.Embedding, packed GRU, the same weights within 1e-4', async (t) => {
  const s = state({ table: ENGLISH, mode: 'GRU', encoding: 'embedding', embedding_dim: 5, lr: 0.05 });
  const out = await trainedCompute(s, 20);
  const { script, checks } = check(t, out, s, 1e-4);
  assert.match(script, /optimizer = torch\.optim\.Adam\(model\.parameters\(\), lr=0\.05\)/);
  assert.match(script, /for step in range\(20\):/);
  if (checks) assert.deepEqual(checks, ['True']);
});

test('trained 15 SGD steps: one-hot, padded, bidirectional LSTM with h0 = torch.rand, head on torch.cat, unbatched', async (t) => {
  const s = state({
    table: CHINESE,
    tokens: 'characters',
    mode: 'LSTM',
    packed: false,
    bidirectional: true,
    head_input: 'cat',
    h0: 'rand',
    h0_seed: 3,
    optimizer: 'sgd',
    lr: 0.5,
    unbatched: true,
    sentence: 1,
  });
  const out = await trainedCompute(s, 15);
  const { script, checks } = check(t, out, s, 1e-4);
  assert.match(script, /loss = F\.cross_entropy\(head\(torch\.cat\(\(h_n\[-2\], h_n\[-1\]\), dim=1\)\), y\)/);
  assert.match(
    script,
    /output_b, \(h_n_b, c_n_b\) = lstm\(F\.one_hot\(ids\[1, :4\], V\)\.float\(\), \(h0\[:, 1\], c0\[:, 1\]\)\)/,
  );
  // Padded, a shorter sentence's forward half at its last token is not h_n[-2]; the unbatched run
  // of sentence 1 (the longest, four characters) prints its own check after it.
  if (checks) assert.equal(checks[0], 'False True');
});

test("the bit table's code: the head on torch.cat((h_n[-2], h_n[-1]), dim=1), trained, as the page", async (t) => {
  const s = state({ mode: 'GRU', bidirectional: true, head_input: 'cat' });
  const out = await trainedCompute(s, 10);
  assert.equal(out.table.vocabulary, undefined);
  const { script } = check(t, out, s, 1e-4);
  assert.match(script, /head = nn\.Linear\(2 \* 4, 2\)/);
  assert.match(
    script,
    /loss = nn\.functional\.cross_entropy\(head\(torch\.cat\(\(h_n\[-2\], h_n\[-1\]\), dim=1\)\), y\)/,
  );
  assert.match(script, /logits = head\(torch\.cat\(\(h_n\[-2\], h_n\[-1\]\), dim=1\)\)/);
});

test('a table too long to write out gets a comment, not thousands of tokens', () => {
  const row = Array.from({ length: 100 }, (_, k) => `w${k % 7}`).join(' ');
  const s = state({ table: Array.from({ length: 50 }, (_, b) => `${row} | ${b % 2}`).join('\n') });
  const out = compute(recur, s, { words: strings('en') });
  assert.equal(out.ok, true, out.error?.message);
  const script = wordsPython({ ...out, state: s, trainedSteps: 0 });
  assert.match(
    script,
    /^sentences = \.\.\. {2}# the table, 50 sentences of 5000 tokens in all: too long to write out here$/m,
  );
  assert.ok(script.length < 10_000);
});
