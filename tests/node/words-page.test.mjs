// The page's compute step on tables of words (issue 14's page): the vocabulary and ids it reads,
// one-hot or nn.Embedding, sentences packed by their own lengths with the padded forward beside
// them (the last-step card's classic mistake), the head on torch.cat((h_n[-2], h_n[-1])), the
// step view on a sentence's own tokens, and training in the session with all of it, equal to the
// JS API's trainer stepped by hand. Bit tables read as before under tokens 'auto'.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadRecur } from '../../dist/recur.mjs';
import { compute, sentenceOf } from '../../web/compute.mjs';
import { createHost } from '../../web/compute-host.mjs';
import { defaults } from '../../web/state.mjs';
import { strings } from '../../web/strings.mjs';
import { PRESETS } from '../../web/presets.mjs';
import { fieldsOf, readWeights, weightsFile } from '../../web/weights.mjs';

const words = strings('en');
const state = (more = {}) => ({ ...defaults(), ...more });
const TABLE = 'I love you | 1\nyou hate me me | 0\nme | 1\nI love | 0\n';
const preset = (id) => PRESETS.find((p) => p.id === id).state;
const maxError = (a, b) => a.reduce((m, v, k) => Math.max(m, Math.abs(v - b[k])), 0);
const tick = () => new Promise((r) => setImmediate(r));
let recur;

before(async () => {
  recur = await loadRecur();
});

test("a bit table reads the same under tokens 'auto' as it always did", () => {
  const auto = compute(recur, state(), { words }),
    parsed = recur.parseTable(state().table, { batch_first: true });
  assert.equal(auto.table.vocabulary, undefined);
  assert.deepEqual(Array.from(auto.table.x.data), Array.from(parsed.x.data));
  assert.equal(auto.packing, null);
  assert.equal(auto.embedding, null);
});

test('a table of words: the vocabulary, one-hot x, and packed sentences whose h_n is at their own last word', () => {
  for (const batch_first of [true, false])
    for (const mode of ['RNN', 'LSTM', 'GRU']) {
      const out = compute(recur, state({ table: TABLE, mode, batch_first, num_layers: 2 }), { words });
      assert.equal(out.ok, true);
      assert.deepEqual(out.table.vocabulary, ['<pad>', 'I', 'love', 'you', 'hate', 'me']);
      assert.deepEqual(Array.from(out.table.lengths), [3, 4, 1, 2]);
      assert.equal(out.config.input_size, 6, 'one-hot: input_size = V');
      assert.equal(out.packing.packed, true);
      const [S, B, H] = out.result.h_n.shape,
        T = 4;
      for (let b = 0; b < B; ++b) {
        const t = out.table.lengths[b] - 1,
          at = batch_first ? (b * T + t) * H : (t * B + b) * H;
        const own = out.result.output.data.subarray(at, at + H),
          hn = out.result.h_n.data.subarray(((S - 1) * B + b) * H, ((S - 1) * B + b + 1) * H);
        assert.ok(
          own.every((v, k) => Object.is(v, hn[k])),
          `${mode}: output[${b}, len - 1] is h_n[-1][${b}]`,
        );
      }
      // Padded beside it: what forward gives without lengths; it differs for the shorter sentences.
      const model = recur.createModel(out.config);
      const padded = model.forward(out.table.x);
      assert.deepEqual(Array.from(out.packing.other.h_n.data), Array.from(padded.h_n.data));
      const row = (t, b) => t.data.subarray(((S - 1) * B + b) * H, ((S - 1) * B + b + 1) * H);
      assert.ok(maxError(row(out.result.h_n, 2), row(padded.h_n, 2)) > 0, 'the one-word sentence after its pads');
      assert.deepEqual(Array.from(row(out.result.h_n, 1)), Array.from(row(padded.h_n, 1)), 'the longest is the same');
      model.dispose();
      // The step view reads sentence 0's own three words.
      assert.equal(out.steps.T, 3);
      assert.deepEqual(out.steps.sx.shape, batch_first ? [1, 3, 6] : [3, 1, 6]);
    }
});

test('the padded switch feeds the module the <pad> steps: its result is the padded forward, the packed one beside it', () => {
  const packed = compute(recur, state({ table: TABLE }), { words }),
    padded = compute(recur, state({ table: TABLE, packed: false, unbatched: true }), { words });
  assert.equal(padded.packing.packed, false);
  assert.deepEqual(Array.from(padded.result.h_n.data), Array.from(packed.packing.other.h_n.data));
  assert.deepEqual(Array.from(padded.packing.other.h_n.data), Array.from(packed.result.h_n.data));
  assert.equal(padded.steps.T, 4, 'padded, the step view runs through the pads too');
  assert.equal(padded.unbatched.equal, padded.unbatched.total);
});

test('nn.Embedding: ids in, the weight rows as the step view x_t, <pad> row zeros; the bidirectional head on torch.cat', () => {
  const s = state({
    table: TABLE,
    encoding: 'embedding',
    embedding_dim: 3,
    mode: 'GRU',
    bidirectional: true,
    head_input: 'cat',
    sentence: 1,
    unbatched: true,
  });
  const out = compute(recur, s, { words });
  assert.equal(out.ok, true);
  assert.equal(out.config.num_embeddings, 6);
  assert.equal(out.config.input_size, 3);
  assert.deepEqual(out.embedding.shape, [6, 3]);
  assert.deepEqual(Array.from(out.embedding.data.subarray(0, 3)), [0, 0, 0], 'padding_idx=0: a zero row');
  // x_t of the step view is the row of the sentence's token.
  const ids = sentenceOf(out.table.ids, true, 1, 4).data;
  ids.forEach((id, t) =>
    assert.deepEqual(
      Array.from(out.steps.sx.data.subarray(t * 3, t * 3 + 3)),
      Array.from(out.embedding.data.subarray(id * 3, id * 3 + 3)),
    ),
  );
  // The head: nn.Linear(2 x 4, 2) on each sentence's [h_n[-2] | h_n[-1]].
  const model = recur.createModel(out.config),
    head = model.createHead(2, { head_input: 'cat' });
  assert.equal(head.in_features, 8);
  const r = model.forward(out.table.ids, { lengths: out.table.lengths }),
    [S, B, H] = r.h_n.shape,
    cat = new Float32Array(B * 2 * H);
  for (let b = 0; b < B; ++b) {
    cat.set(r.h_n.data.subarray(((S - 2) * B + b) * H, ((S - 2) * B + b + 1) * H), 2 * b * H);
    cat.set(r.h_n.data.subarray(((S - 1) * B + b) * H, ((S - 1) * B + b + 1) * H), (2 * b + 1) * H);
  }
  assert.deepEqual(
    Array.from(out.head.logits.data),
    Array.from(head.forward({ data: cat, shape: [B, 2 * H] }).logits.data),
  );
  assert.equal(out.unbatched.equal, out.unbatched.total, 'the sentence alone as 1-D ids');
  head.dispose();
  model.dispose();
});

test('the Chinese preset reads one token a character', () => {
  const out = compute(recur, state(preset('words-zh')), { words });
  assert.equal(out.ok, true);
  assert.equal(out.table.tokens, 'characters');
  assert.deepEqual(out.table.vocabulary.slice(0, 4), ['<pad>', '我', '很', '喜']);
  assert.deepEqual(Array.from(out.table.lengths), [8, 8, 3, 8, 8, 3]);
});

test('training in the session on embedded, packed words with the torch.cat head equals the trainer by hand', async () => {
  const sent = [];
  const handle = createHost(
    recur,
    (message) => {
      sent.push(message);
      if (message.type === 'result' && !message.reply) setImmediate(() => handle({ type: 'drawn', id: message.id }));
    },
    setImmediate,
  );
  const s = state({ ...preset('words-en'), bidirectional: true, head_input: 'cat', trained: 15 });
  handle({ type: 'compute', id: 1, seq: 1, state: s, replay: true });
  while (sent.at(-1).out.training.running) await tick();
  const last = sent.at(-1).out;
  assert.equal(last.trainedSteps, 15);
  assert.equal(last.training.error, null);

  const table = recur.parseTable(s.table, { batch_first: true, tokens: 'words' });
  const model = recur.createModel({
    mode: 'GRU',
    input_size: 4,
    hidden_size: 8,
    bidirectional: true,
    batch_first: true,
    num_embeddings: table.vocabulary.length,
    seed: 0,
  });
  const trainer = recur.createTrainer(model, { out_features: 2, optimizer: 'adam', lr: 0.05, head_input: 'cat' });
  for (let k = 0; k < 15; ++k) trainer.step(table.ids, table.y, { lengths: table.lengths });
  const byHand = model.forward(table.ids, { lengths: table.lengths });
  assert.ok(maxError(last.result.h_n.data, byHand.h_n.data) <= 1e-6);
  assert.deepEqual(Array.from(last.embedding.data.subarray(0, 4)), [0, 0, 0, 0], '<pad> gets no gradient');
  assert.ok(last.training.history.loss[15] < last.training.history.loss[0], 'it learns');
  trainer.dispose();
  model.dispose();
});

test('embedded: no one-hot x is made; only the embedding rows the Vocabulary card draws travel to the page', () => {
  // 30 distinct words: the card draws the first and last 12 of the 31 rows (with <pad>).
  const many = Array.from({ length: 30 }, (_, k) => `w${k}`);
  const text = `${many.slice(0, 15).join(' ')} | 1\n${many.slice(15).join(' ')} | 0\n`;
  const out = compute(recur, state({ table: text, encoding: 'embedding', embedding_dim: 2, unbatched: true }), {
    words,
  });
  assert.equal(out.ok, true);
  assert.equal(out.table.x, null, 'one_hot: false');
  assert.deepEqual(out.embedding.shape, [31, 2]);
  assert.deepEqual(out.embedding.rows, [...Array(12).keys(), ...Array.from({ length: 12 }, (_, k) => 19 + k)]);
  const model = recur.createModel(out.config),
    weight = model.stateDict()['embedding.weight'].data;
  out.embedding.rows.forEach((k, i) =>
    assert.deepEqual(
      Array.from(out.embedding.data.subarray(i * 2, i * 2 + 2)),
      Array.from(weight.subarray(k * 2, k * 2 + 2)),
    ),
  );
  assert.equal(out.unbatched.name, 'ids[0]', 'the module reads ids');
  model.dispose();
});

test("a saved file whose head reads torch.cat says so: the model card offers head_input 'cat' with it", () => {
  const s = state({ table: TABLE, mode: 'GRU', bidirectional: true, head_input: 'cat' });
  const out = compute(recur, s, { words });
  const body = weightsFile(recur, { config: out.config, weights: null, trained: null, format: 'json' });
  // The untrained seeded weights have no head in the file: add the page's head as a trained run would.
  const model = recur.createModel(out.config),
    head = model.createHead(2, { head_input: 'cat' });
  const dict = { ...JSON.parse(body), 'head.weight': head.stateDict().weight, 'head.bias': head.stateDict().bias };
  const file = JSON.stringify(
    Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, { shape: v.shape, data: Array.from(v.data) }])),
  );
  const read = readWeights(recur, 'cat.json', new TextEncoder().encode(file));
  assert.equal(read.headInput, 'cat');
  assert.equal(fieldsOf(read.config, read.headInput).head_input, 'cat');
  // Loaded into a setup whose head reads h_n[-1], the refusal names the file.
  const wrong = compute(recur, state({ ...s, head_input: 'last' }), { words, weights: read });
  assert.equal(wrong.ok, false);
  assert.match(wrong.error.message, /cat\.json/);
  assert.equal(compute(recur, s, { words, weights: read }).ok, true);
  head.dispose();
  model.dispose();
});
