// The playground's state, declared once. Each field has PyTorch's name where PyTorch has one,
// a kind, a default and a range; the defaults, the URL hash, the saved state, the element's
// attributes and the form controls all come from this table.
import { NOTEBOOK_TABLE } from './notebook.mjs';

const U32 = 4294967295;

export const FIELDS = Object.freeze([
  // Where x comes from: the table, or torch.rand(shape) after torch.manual_seed(x_seed).
  // Or MNIST digits (the digits mode: x is one digit, a row a time step; see digits.mjs).
  { key: 'input', kind: 'choice', options: ['table', 'random', 'digits'], default: 'table' },
  { key: 'table', kind: 'text', default: NOTEBOOK_TABLE },
  // How the table's cells are read: 'auto' (bits when the first sentence's cells are 0/1 strings,
  // else words separated by spaces), 'bits' (a typo such as 0a0 is named, never read as a word),
  // 'words', or 'characters' (one token a character, as Chinese
  // is often typed). A table of words is F.one_hot(ids, V) or nn.Embedding(V, embedding_dim)
  // (encoding), its sentences packed by their own lengths (pack_padded_sequence) or fed padded.
  { key: 'tokens', kind: 'choice', options: ['auto', 'bits', 'words', 'characters'], default: 'auto' },
  { key: 'encoding', kind: 'choice', options: ['one_hot', 'embedding'], default: 'one_hot' },
  { key: 'embedding_dim', kind: 'int', min: 1, max: 256, default: 4 },
  { key: 'packed', kind: 'bool', default: true },
  { key: 'batch', kind: 'int', min: 1, max: 1024, default: 128 },
  { key: 'seq_len', kind: 'int', min: 1, max: 256, default: 28 },
  { key: 'input_size', kind: 'int', min: 1, max: 256, default: 12 },
  { key: 'x_seed', kind: 'int', min: 0, max: U32, default: 0 },
  // The module: nn.RNN / nn.LSTM / nn.GRU's arguments, and torch.manual_seed(seed) before it.
  { key: 'mode', kind: 'choice', options: ['RNN', 'LSTM', 'GRU'], default: 'RNN' },
  { key: 'nonlinearity', kind: 'choice', options: ['tanh', 'relu'], default: 'tanh' },
  { key: 'hidden_size', kind: 'int', min: 1, max: 256, default: 4 },
  { key: 'num_layers', kind: 'int', min: 1, max: 8, default: 1 },
  { key: 'batch_first', kind: 'bool', default: true },
  { key: 'bias', kind: 'bool', default: true },
  { key: 'dropout', kind: 'float', min: 0, max: 1, step: 0.05, default: 0 },
  { key: 'proj_size', kind: 'int', min: 0, max: 255, default: 0 },
  { key: 'bidirectional', kind: 'bool', default: false },
  { key: 'seed', kind: 'int', min: 0, max: U32, default: 0 },
  // The initial state: zeros (PyTorch's default when h0 is not given), or h0 = torch.rand after
  // torch.manual_seed(h0_seed) (LSTM: c0 likewise after manual_seed(h0_seed + 1)).
  { key: 'h0', kind: 'choice', options: ['zeros', 'rand'], default: 'zeros' },
  { key: 'h0_seed', kind: 'int', min: 0, max: U32 - 1, default: 0 },
  // Also run the selected sentence alone as PyTorch's unbatched 2-D input.
  { key: 'unbatched', kind: 'bool', default: false },
  // The Linear head; 0 means "auto": one class a label of y (else 10, as the notebook's head).
  { key: 'out_features', kind: 'int', min: 0, max: 64, default: 0 },
  // What the head reads on a bidirectional model: h_n[-1] (the top layer's reverse direction),
  // or torch.cat((h_n[-2], h_n[-1]), dim=1), both directions (the common practice).
  { key: 'head_input', kind: 'choice', options: ['last', 'cat'], default: 'last' },
  // Training on y (the Train card): torch.optim's name and lr, steps a Train click runs (one
  // step = one epoch: the whole table is one batch), and the steps taken, so a link replays the
  // run from the seed.
  { key: 'optimizer', kind: 'choice', options: ['adam', 'sgd'], default: 'adam' },
  { key: 'lr', kind: 'float', min: 0, max: 10, step: 'any', default: 0.05 },
  { key: 'epochs', kind: 'int', min: 1, max: 5000, default: 200 },
  { key: 'trained', kind: 'int', min: 0, max: 100000, default: 0 },
  // The digits mode: the test digit read when nothing is drawn, the mini-batch size and the
  // epochs a Train click runs (the batch order is torch.randperm's, seed 0: digits.mjs).
  { key: 'digit', kind: 'int', min: 0, max: 1999, default: 0 },
  { key: 'digits_batch', kind: 'int', min: 1, max: 1024, default: 64 },
  { key: 'digits_epochs', kind: 'int', min: 1, max: 100, default: 10 },
  // The digits run's lr: CosineAnnealingLR(T_max = digits_epochs), falling to 0 over the
  // epochs a click runs (README, "The digits": it is what reaches 96 %), or constant.
  { key: 'digits_schedule', kind: 'choice', options: ['cosine', 'constant'], default: 'cosine' },
  // What the learner is looking at.
  { key: 'sentence', kind: 'int', min: 0, max: 1023, default: 0 },
  { key: 'layer', kind: 'int', min: 0, max: 15, default: 0 }, // a row of h_n: layer x direction
  { key: 'step', kind: 'int', min: 0, max: 255, default: 0 },
  { key: 'values_view', kind: 'choice', options: ['heatmap', 'print'], default: 'heatmap' },
  { key: 'language', kind: 'choice', options: ['en', 'zh'], default: 'en' },
  // The text card (a character model): which text (a sample written for Recur, or the learner's
  // own paste, kept in the link), the model, the loop, the steps taken (a link replays them
  // from the seed), the writing settings and what the learner inspects.
  { key: 'text_source', kind: 'choice', options: ['en', 'zh', 'own'], default: 'en' },
  { key: 'text_own', kind: 'text', default: '' },
  { key: 'text_model', kind: 'choice', options: ['LSTM', 'GRU', 'RNN'], default: 'LSTM' },
  { key: 'text_hidden', kind: 'int', min: 1, max: 512, default: 64 },
  { key: 'text_seq_len', kind: 'int', min: 1, max: 256, default: 32 },
  { key: 'text_batch', kind: 'int', min: 1, max: 256, default: 8 },
  { key: 'text_lr', kind: 'float', min: 0, max: 10, step: 'any', default: 0.01 },
  { key: 'text_stateful', kind: 'bool', default: true },
  { key: 'text_seed', kind: 'int', min: 0, max: U32, default: 0 },
  { key: 'text_steps', kind: 'int', min: 1, max: 100000, default: 300 },
  { key: 'text_trained', kind: 'int', min: 0, max: 1000000, default: 0 },
  { key: 'text_prime', kind: 'text', default: '' },
  { key: 'text_temperature', kind: 'float', min: 0, max: 10, step: 'any', default: 0.8 },
  { key: 'text_top_k', kind: 'int', min: 0, max: 4096, default: 0 },
  { key: 'text_sample_seed', kind: 'int', min: 0, max: U32, default: 0 },
  { key: 'text_position', kind: 'int', min: 0, max: 1000000, default: 0 },
  { key: 'text_unit', kind: 'int', min: 0, max: 511, default: 0 },
  { key: 'text_unit_kind', kind: 'choice', options: ['h', 'c', 'gate0', 'gate1', 'gate2', 'gate3'], default: 'h' },
]);

export const FIELD = Object.freeze(Object.fromEntries(FIELDS.map((f) => [f.key, f])));

/**
 * What the digits mode starts from where a link does not say otherwise: the notebook's
 * nn.LSTM(28, 64, batch_first=True) and Linear(64, 10), Adam with lr 0.02 (falling to 0 over
 * the epochs: digits_schedule).
 */
export const DIGITS_DEFAULTS = Object.freeze({ mode: 'LSTM', hidden_size: 64, out_features: 10, lr: 0.02 });

/** Every field at its default. */
export const defaults = () => Object.fromEntries(FIELDS.map((f) => [f.key, f.default]));

// The usual spellings of a yes or a no in a link or an attribute (true, 1, yes, on; false, 0,
// no, off, any case); anything else is not a boolean, and is named as invalid.
const TRUE = new Set(['true', '1', 'yes', 'on']),
  FALSE = new Set(['false', '0', 'no', 'off']);

/** true, false, or undefined for text that spells neither. */
export function parseBool(text) {
  const s = String(text).trim().toLowerCase();
  return TRUE.has(s) ? true : FALSE.has(s) ? false : undefined;
}

/**
 * One field's value from text (a URL, an attribute, storage). Numbers stay as typed, so a value
 * the core refuses is shown with the core's error instead of vanishing; undefined if the text
 * cannot be this field at all.
 */
export function parseField(field, text) {
  const s = String(text);
  if (field.kind === 'bool') return parseBool(s);
  if (field.kind === 'choice') return field.options.includes(s) ? s : undefined;
  if (field.kind === 'int') return /^\s*\d+\s*$/.test(s) ? Number(s) : s.length <= 32 ? s : undefined;
  if (field.kind === 'float') return /^\s*(\d+\.?\d*|\.\d+)\s*$/.test(s) ? Number(s) : s.length <= 32 ? s : undefined;
  return s;
}

/** A field's value as an integer in its range (for view fields such as step), else its default. */
export function clampInt(key, value, max = FIELD[key].max) {
  const n = Number(value);
  if (!Number.isInteger(n)) return FIELD[key].default;
  return Math.max(FIELD[key].min, Math.min(n, max));
}

/**
 * The state in URLSearchParams: { state, unknown, invalid }. `state` has only the fields the
 * params set; `unknown` lists keys that are no field (unless `allowed` accepts them).
 */
export function fromParams(params, allowed = () => false) {
  const state = {},
    unknown = [],
    invalid = [];
  for (const [key, text] of params) {
    const field = FIELD[key];
    if (!field) {
      if (!allowed(key)) unknown.push(key);
      continue;
    }
    const value = parseField(field, text);
    if (value === undefined) invalid.push(key);
    else state[key] = value;
  }
  if (state.input === 'digits') for (const [key, value] of Object.entries(DIGITS_DEFAULTS)) state[key] ??= value;
  return { state, unknown, invalid };
}

/** The fields of `state` that differ from their defaults, as URLSearchParams (short links). */
export function toParams(state, { all = false } = {}) {
  const params = new URLSearchParams();
  for (const f of FIELDS)
    if (state[f.key] !== undefined && (all || String(state[f.key]) !== String(f.default)))
      params.set(f.key, String(state[f.key]));
  return params;
}
