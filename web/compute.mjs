// The playground's compute step, without a DOM: the state (the table text or torch.rand's sizes,
// the module's options) in, the JS API's tensors out — x, h0/c0, output, h_n, c_n, the head's
// logits, one sentence's step intermediates, the unbatched check. Every number comes from the
// JS API (wasm/recur.mjs); this file decides what to ask for, once per change, and hands the
// typed arrays on. The same file runs in the page and under `node --test`.
import { RecurError } from '../wasm/recur.mjs';
import { FIELD, clampInt } from './state.mjs';
import { extremes } from './extremes.mjs';
import { scaleOfExtremes } from './scale.mjs';

/** The JS API's refusals (by name: a Node test may load the API from another copy of recur.mjs). */
export const isRecurError = (error) => error?.name === 'RecurError';

const num = (v) => (String(v).trim() === '' ? NaN : Number(v));

/** The head's width when out_features is "auto" (0): one class a label of y, else 10. */
export function autoOutFeatures(y) {
  if (!y || y.length === 0) return 10;
  // Every label must be a valid class index, so labels 0 and 3 need 4 classes, not 2.
  let max = 0;
  for (const v of y) max = Math.max(max, v);
  return Math.max(new Set(y).size, max + 1);
}

// x = torch.rand(shape) after torch.manual_seed(x_seed), as a table without labels.
function randomTable(recur, s, words) {
  const [B, T, I, seed] = ['batch', 'seq_len', 'input_size', 'x_seed'].map((key) => {
    const v = num(s[key]),
      f = FIELD[key];
    if (!Number.isInteger(v) || v < f.min || v > f.max)
      throw new RecurError(words.outOfRange(key, s[key], f.min, f.max));
    return v;
  });
  const x = recur.rand(s.batch_first ? [B, T, I] : [T, B, I], { seed });
  return { x, y: null, batch: B, seq_len: T, input_size: I, batch_first: s.batch_first };
}

/**
 * x from the state: the parsed table, torch.rand, or a digit (`digits`: the digits mode's
 * table(s), digits-mode.mjs). Throws the API's RecurError.
 */
export function inputOf(recur, s, words, digits = null) {
  if (s.input === 'digits') {
    const table = digits?.table(s);
    if (!table) throw new RecurError(digits?.error ? words.digits.failed(digits.error.message) : words.digits.loading);
    return table;
  }
  return s.input === 'random'
    ? randomTable(recur, s, words)
    : // nn.Embedding reads the ids: the one-hot x (batch x seq_len x V floats) is not made.
      recur.parseTable(s.table, { batch_first: s.batch_first, tokens: s.tokens, one_hot: s.encoding !== 'embedding' });
}

/** Whether the module reads token ids through nn.Embedding (a table of words, encoding 'embedding'). */
export const isEmbedded = (s, table) => Boolean(table.vocabulary) && s.encoding === 'embedding';

/** What the module reads: the token ids (nn.Embedding in front), else the table's x (one-hot for words). */
export const modelInputOf = (s, table) => (isEmbedded(s, table) ? table.ids : table.x);

/**
 * forward's and training's `lengths`: each sentence's own, when a table of words is packed
 * (pack_padded_sequence); null when it is fed padded (the classic mistake the switch shows) or
 * has no lengths.
 */
export const lengthsOf = (s, table) => (table.lengths && s.packed ? table.lengths : null);

/** Whether the sentences differ in length (then packed and padded give different answers). */
export const lengthsDiffer = (table) => Boolean(table.lengths?.some((n) => n !== table.lengths[0]));

/** What the head reads: 'cat' (both directions of the top layer) only for a bidirectional model. */
export const headInputOf = (s, config) => (s.head_input === 'cat' && config.bidirectional ? 'cat' : 'last');

/** nn.RNN / nn.LSTM / nn.GRU's arguments for this state and table (numbers as typed: the core checks them). */
export function configOf(s, table) {
  const embedded = isEmbedded(s, table);
  return {
    mode: s.mode,
    nonlinearity: s.nonlinearity,
    // nn.Embedding(V, embedding_dim, padding_idx=0) feeds the module embedding_dim values a step.
    input_size: embedded ? num(s.embedding_dim) : table.input_size,
    num_embeddings: embedded ? table.vocabulary.length : 0,
    hidden_size: num(s.hidden_size),
    num_layers: num(s.num_layers),
    seed: num(s.seed),
    batch_first: s.batch_first,
    bias: s.bias,
    dropout: num(s.dropout),
    proj_size: s.mode === 'LSTM' ? num(s.proj_size) : 0,
    bidirectional: s.bidirectional,
  };
}

/**
 * h0 (and c0 for LSTM) as the learner chose: {} for zeros, else torch.rand after
 * torch.manual_seed(h0_seed) (c0: h0_seed + 1). An unusable configuration gives {}: the model's
 * own error says what is wrong.
 */
export function initialStates(recur, s, config, table) {
  const S = config.num_layers * (config.bidirectional ? 2 : 1),
    R = config.proj_size || config.hidden_size;
  if (s.h0 !== 'rand' || ![S, R, config.hidden_size].every((n) => Number.isInteger(n) && n > 0)) return {};
  const seed = clampInt('h0_seed', s.h0_seed);
  try {
    const states = { h0: recur.rand([S, table.batch, R], { seed }) };
    if (config.mode === 'LSTM') states.c0 = recur.rand([S, table.batch, config.hidden_size], { seed: seed + 1 });
    return states;
  } catch (error) {
    if (!isRecurError(error)) throw error;
    return {}; // sizes past the limits: createModel names them
  }
}

// Sentence b's rows of h0 and c0 ([S, 1, n]), for a forward of that sentence alone.
function stateOf(states, b) {
  const pick = (t) => {
    if (!t) return undefined;
    const [S, B, n] = t.shape,
      data = new Float32Array(S * n);
    for (let l = 0; l < S; ++l) data.set(t.data.subarray((l * B + b) * n, (l * B + b + 1) * n), l * n);
    return { data, shape: [S, 1, n] };
  };
  return { h0: pick(states.h0), c0: pick(states.c0) };
}

/**
 * Sentence b of `x` alone, its first `n` steps: [1, n, I] or [n, 1, I] (the same n rows of I
 * values either way); token ids ([batch, seq_len] or [seq_len, batch]) give [1, n] or [n, 1].
 */
export function sentenceOf(x, batchFirst, b, n = x.shape[batchFirst ? 1 : 0]) {
  const [B, T] = batchFirst ? x.shape : [x.shape[1], x.shape[0]],
    I = x.shape.length === 3 ? x.shape[2] : 1,
    inner = x.shape.slice(2);
  if (batchFirst) return { data: x.data.slice(b * T * I, (b * T + n) * I), shape: [1, n, ...inner] };
  const data = new Float32Array(n * I);
  for (let t = 0; t < n; ++t) data.set(x.data.subarray((t * B + b) * I, (t * B + b + 1) * I), t * I);
  return { data, shape: [n, 1, ...inner] };
}

// The rows of nn.Embedding's weight the ids pick: what the module reads at each step (the step
// view draws them as x_t). A lookup, not arithmetic: the values are the weight's own.
function embeddedRows(embedding, ids) {
  const E = embedding.shape[1],
    weight = embedding.data,
    data = new Float32Array(ids.data.length * E);
  ids.data.forEach((id, k) => data.set(weight.subarray(id * E, (id + 1) * E), k * E));
  return { data, shape: [...ids.shape, E] };
}

/**
 * The rows of a vocabulary the Vocabulary card draws: all of them up to 24, else the first and
 * last 12 with -1 between (an ellipsis row), as PyTorch's print summarises.
 */
export function vocabularyRows(V) {
  const all = Array.from({ length: V }, (_, k) => k);
  return V <= 24 ? all : [...all.slice(0, 12), -1, ...all.slice(V - 12)];
}

// nn.Embedding's weight [V, E] as the page needs it: the rows the Vocabulary card draws
// ({ shape, rows, data: those rows }), not all V of them (up to 65 536 x 256 floats).
function shownRows(weight) {
  const [V, E] = weight.shape,
    rows = vocabularyRows(V).filter((k) => k >= 0),
    data = new Float32Array(rows.length * E);
  rows.forEach((k, i) => data.set(weight.data.subarray(k * E, (k + 1) * E), i * E));
  return { shape: [V, E], rows, data };
}

// torch.cat((h_n[-2], h_n[-1]), dim=1): each sentence's top-layer forward row, then its reverse row.
function catLastTwo(hn) {
  const [S, B, R] = hn.shape,
    data = new Float32Array(B * 2 * R);
  for (let b = 0; b < B; ++b)
    for (const [part, l] of [
      [0, S - 2],
      [1, S - 1],
    ])
      data.set(hn.data.subarray((l * B + b) * R, (l * B + b + 1) * R), (2 * b + part) * R);
  return { data, shape: [B, 2 * R] };
}

// The sentence alone as PyTorch's unbatched input (its n steps: [n, I], or [n] token ids), and
// how many of its values equal the batched run's row b, bit for bit.
function unbatchedRun(model, sx, own, result, b, table) {
  const T = sx.data.length / (sx.shape[2] ?? 1),
    bf = table.batch_first,
    Tall = result.output.shape[bf ? 1 : 0];
  const two = (t) => t && { data: t.data, shape: [t.shape[0], t.shape[2]] };
  const shape = sx.shape.length === 3 ? [T, sx.shape[2]] : [T];
  const alone = model.forward({ data: sx.data, shape }, { h0: two(own.h0), c0: two(own.c0) });
  const [S, B, R] = result.h_n.shape,
    O = result.output.shape[2];
  let equal = 0,
    total = 0;
  const same = (a, c) => {
    total += 1;
    if (Object.is(a, c)) equal += 1;
  };
  for (let t = 0; t < T; ++t)
    for (let k = 0; k < O; ++k)
      same(alone.output.data[t * O + k], result.output.data[(bf ? b * Tall + t : t * B + b) * O + k]);
  for (let l = 0; l < S; ++l)
    for (let k = 0; k < R; ++k) same(alone.h_n.data[l * R + k], result.h_n.data[(l * B + b) * R + k]);
  const x = sx.shape.length === 3 ? 'x' : 'ids'; // embedded: the token ids are the module's input
  const name = T < Tall ? (bf ? `${x}[${b}, :${T}]` : `${x}[:${T}, ${b}]`) : bf ? `${x}[${b}]` : `${x}[:, ${b}]`;
  return { b, name, x: { shape }, result: alone, equal, total };
}

// A loaded file's weights into the model or the head; a refusal says which file did not fit.
function loadFile(target, dict, name, words) {
  try {
    target.loadStateDict(dict);
  } catch (error) {
    if (isRecurError(error)) error.message = `${words.weightsDontFit(name)}\n${error.message}`;
    throw error;
  }
}

/**
 * Everything that decides a training run, as one string: a run starts over when it changes.
 * The table text stands for x and y (parsing is deterministic), so no tensor is serialised.
 */
export function trainingKey(s, config, outFeatures, weightsName) {
  const input = s.input === 'random' ? [s.batch, s.seq_len, s.input_size, s.x_seed] : [s.table, s.tokens, s.packed];
  return JSON.stringify([
    config,
    input,
    outFeatures,
    s.optimizer,
    s.lr,
    weightsName ?? null,
    s.h0,
    s.h0_seed,
    headInputOf(s, config),
  ]);
}

/**
 * What the table's status and the Shapes card draw, known before the forward runs: the parsed
 * table without its tensors' values, h0/c0's shapes and the shapes forward will return (the
 * model's own outputShapes). Plain copies: nothing in it is the result's, which is transferred.
 */
export function shapesOf(model, s, table, config, states, lengths) {
  const shape = (t) => t && { shape: [...t.shape] };
  const { output, h_n, c_n } = model.outputShapes(modelInputOf(s, table).shape);
  const { batch, seq_len, input_size, batch_first, tokens, vocabulary } = table;
  return {
    ok: false,
    early: true,
    table: {
      batch,
      seq_len,
      input_size,
      batch_first,
      tokens,
      vocabulary,
      x: shape(table.x),
      ids: shape(table.ids),
      y: table.y?.slice() ?? null,
      lengths: table.lengths?.slice(),
    },
    config,
    states: { h0: shape(states.h0), c0: shape(states.c0) },
    result: { output: { shape: output }, h_n: { shape: h_n }, c_n: c_n && { shape: c_n } },
    embedding: isEmbedded(s, table) ? { shape: [vocabulary.length, config.input_size] } : null,
    packing: table.lengths ? { packed: Boolean(lengths) } : null,
  };
}

/**
 * The forward pass and everything the cards draw, for state `s`:
 *   { ok: true, table, config, outFeatures, states, result, extremes, scale, head, steps, notes, unbatched, b }
 * or { ok: false, where: 'input' | 'model', error } when the API refused (its RecurError).
 * `weights`: a loaded state_dict { name, dict, head }; `train({ table, config, outFeatures,
 * states })`: the training run's weights { model, head } for these (over the loaded or seeded
 * ones), or null while untrained. `early(shapes)`: hears shapesOf() once the input parses and the
 * model is made, before the forward runs.
 */
export function compute(recur, s, { words, weights = null, train = () => null, digits = null, early = null } = {}) {
  let table;
  try {
    table = inputOf(recur, s, words, digits);
  } catch (error) {
    if (!isRecurError(error)) throw error;
    return { ok: false, where: 'input', error };
  }
  const config = configOf(s, table);
  // The digits mode's head has a class a digit, whatever out_features says.
  const outFeatures =
    s.input === 'digits' ? 10 : num(s.out_features) === 0 ? autoOutFeatures(table.y) : num(s.out_features);
  const b = clampInt('sentence', s.sentence, table.batch - 1);
  const states = initialStates(recur, s, config, table);
  const x = modelInputOf(s, table),
    lengths = lengthsOf(s, table),
    headInput = headInputOf(s, config);
  const trained = train({ table, x, lengths, headInput, config, outFeatures, states });
  let model = null,
    linear = null;
  try {
    model = recur.createModel(config);
    if (weights) {
      loadFile(model, weights.dict, weights.name, words);
    }
    if (trained) model.loadStateDict(trained.model);
    early?.(shapesOf(model, s, table, config, states, lengths));
    const notes = [
      ...model.warnings.map((w) => `UserWarning: ${w}`),
      config.dropout > 0 ? words.evalNote : null,
    ].filter(Boolean);
    const result = model.forward(x, { ...states, lengths });
    // Sentences of different lengths: the other way of feeding them too (packed beside padded),
    // so the last-step card can show the classic mistake next to the right answer.
    const other = lengthsDiffer(table)
      ? model.forward(x, { ...states, lengths: lengths ? null : table.lengths })
      : null;
    linear = model.createHead(outFeatures, { head_input: headInput });
    if (weights?.head) loadFile(linear, weights.head, weights.name, words);
    if (trained) linear.loadStateDict(trained.head);
    // h_n[-1], the head's input as in the notebook (bidirectional: the top layer's reverse row),
    // or torch.cat((h_n[-2], h_n[-1]), dim=1).
    const [S, B, R] = result.h_n.shape;
    const head = linear.forward(
      headInput === 'cat' ? catLastTwo(result.h_n) : { data: result.h_n.data.subarray((S - 1) * B * R), shape: [B, R] },
    );
    // The step view records one sentence: rows of a batch never mix, so alone it has the very
    // bits it has in the batch, at a fraction of the memory. Packed, it is its own tokens long.
    const n = lengths ? lengths[b] : table.seq_len,
      sx = sentenceOf(x, table.batch_first, b, n),
      own = stateOf(states, b);
    const intermediates = model.forward(sx, { intermediates: true, ...own }).intermediates;
    // What the step view draws as x_t: the rows of x the module reads (embedded ids: their rows of nn.Embedding's weight).
    const weight = isEmbedded(s, table) ? model.stateDict()['embedding.weight'] : null;
    const features = weight ? embeddedRows(weight, sx) : sx;
    const embedding = weight && shownRows(weight);
    // A table of words: the token at each step, which the step view names.
    const tokens =
      table.vocabulary && Array.from(sentenceOf(table.ids, table.batch_first, b, n).data, (id) => table.vocabulary[id]);
    const steps = {
      sx: features,
      T: n,
      I: config.input_size,
      intermediates,
      h0: own.h0,
      c0: own.c0,
      tokens,
      embedded: Boolean(weight),
    };
    // PyTorch's unbatched input: the same sentence as a 2-D x, with 2-D h0 and c0.
    const unbatched = s.unbatched ? unbatchedRun(model, sx, own, result, b, table) : null;
    // Each big tensor's extremes, for its heat map's text alternative, found here rather than on
    // the page's thread (extremes.mjs).
    const found = {
      x: table.x ? extremes(table.x.data) : null,
      output: extremes(result.output.data),
      h_n: extremes(result.h_n.data),
      c_n: result.c_n ? extremes(result.c_n.data) : null,
    };
    return {
      ok: true,
      table,
      config,
      outFeatures,
      states,
      result,
      extremes: found,
      // One colour scale for output, h_n and c_n wherever they are drawn.
      scale: scaleOfExtremes(found.output, found.h_n, found.c_n),
      head,
      headInput,
      embedding,
      packing: table.lengths ? { packed: Boolean(lengths), lengths: table.lengths, other } : null,
      steps,
      notes,
      unbatched,
      b,
      trained: Boolean(trained),
    };
  } catch (error) {
    if (!isRecurError(error)) throw error;
    return { ok: false, where: 'model', error, table };
  } finally {
    linear?.dispose();
    model?.dispose();
  }
}
