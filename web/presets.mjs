// The presets menu: the notebook's two examples and four small tables that each teach one
// thing. Their names and descriptions are in strings.mjs (presetNames, presetNotes).
import { NOTEBOOK_TABLE } from './notebook.mjs';
import { DIGITS_DEFAULTS } from './state.mjs';

// Only x1 differs between paired rows: the label is whatever came first, five steps ago.
const MEMORY_TABLE = `| x1  | x2  | x3  | x4  | x5  | x6  | y |
| --- | --- | --- | --- | --- | --- | - |
| 100 | 010 | 000 | 010 | 010 | 000 | 0 |
| 001 | 010 | 000 | 010 | 010 | 000 | 1 |
| 100 | 000 | 010 | 000 | 010 | 010 | 0 |
| 001 | 000 | 010 | 000 | 010 | 010 | 1 |
| 100 | 010 | 010 | 010 | 000 | 000 | 0 |
| 001 | 010 | 010 | 010 | 000 | 000 | 1 |
| 100 | 000 | 000 | 000 | 000 | 010 | 0 |
| 001 | 000 | 000 | 000 | 000 | 010 | 1 |
`;

// The memory table stretched to 16 steps: paired rows differ only in x1, the label, now fifteen
// steps back. At the initial weights x1 gets about 1e-4 of the last step's gradient (RNN, LSTM and
// GRU alike, measured): plain SGD (lr 0.5, the preset's) does not learn it in 300 steps; Adam at
// lr 0.05, which divides each gradient by its running size, does (the Train card's note says
// so, and tests/web/reads.test.mjs follows that advice word for word).
const LONG_MEMORY_TABLE = `| x1  | x2  | x3  | x4  | x5  | x6  | x7  | x8  | x9  | x10 | x11 | x12 | x13 | x14 | x15 | x16 | y |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | - |
| 100 | 000 | 000 | 010 | 000 | 010 | 010 | 010 | 010 | 000 | 000 | 010 | 000 | 010 | 010 | 010 | 0 |
| 001 | 000 | 000 | 010 | 000 | 010 | 010 | 010 | 010 | 000 | 000 | 010 | 000 | 010 | 010 | 010 | 1 |
| 100 | 010 | 000 | 000 | 010 | 000 | 010 | 010 | 010 | 000 | 010 | 010 | 010 | 010 | 010 | 010 | 0 |
| 001 | 010 | 000 | 000 | 010 | 000 | 010 | 010 | 010 | 000 | 010 | 010 | 010 | 010 | 010 | 010 | 1 |
| 100 | 010 | 010 | 000 | 000 | 010 | 010 | 010 | 010 | 000 | 000 | 010 | 000 | 000 | 010 | 010 | 0 |
| 001 | 010 | 010 | 000 | 000 | 010 | 010 | 010 | 010 | 000 | 000 | 010 | 000 | 000 | 010 | 010 | 1 |
| 100 | 000 | 010 | 000 | 000 | 010 | 000 | 010 | 000 | 000 | 000 | 000 | 000 | 010 | 000 | 000 | 0 |
| 001 | 000 | 010 | 000 | 000 | 010 | 000 | 010 | 000 | 000 | 000 | 000 | 000 | 010 | 000 | 000 | 1 |
`;

// y is the parity of the bits: no single step decides it, every step flips it.
const PARITY_TABLE = `| x1 | x2 | x3 | x4 | y |
| -- | -- | -- | -- | - |
| 0  | 0  | 0  | 1  | 1 |
| 0  | 0  | 1  | 1  | 0 |
| 0  | 1  | 0  | 1  | 0 |
| 0  | 1  | 1  | 1  | 1 |
| 1  | 0  | 0  | 0  | 1 |
| 1  | 0  | 1  | 0  | 0 |
| 1  | 1  | 0  | 1  | 1 |
| 1  | 1  | 1  | 1  | 0 |
`;

// The same three words in all six orders: a bag of words cannot tell them apart, an RNN can.
const ORDER_TABLE = `| x1  | x2  | x3  | y |
| --- | --- | --- | - |
| 100 | 010 | 001 | 1 |
| 001 | 010 | 100 | 0 |
| 100 | 001 | 010 | 1 |
| 001 | 100 | 010 | 0 |
| 010 | 100 | 001 | 1 |
| 010 | 001 | 100 | 0 |
`;

const table = (text, more) => ({ input: 'table', table: text, out_features: 0, ...more });
const random = (more) => ({
  input: 'random',
  batch: 128,
  seq_len: 28,
  input_size: 12,
  x_seed: 0,
  out_features: 10,
  ...more,
});

/** Each preset sets these fields over the defaults (the language stays the learner's). */
export const PRESETS = Object.freeze([
  { id: 'notebook', state: table(NOTEBOOK_TABLE, { mode: 'RNN', hidden_size: 4, num_layers: 1 }) },
  { id: 'notebook-rnn', state: random({ mode: 'RNN', hidden_size: 64, num_layers: 2 }) },
  { id: 'notebook-lstm', state: random({ mode: 'LSTM', hidden_size: 64, num_layers: 1 }) },
  { id: 'memory', state: table(MEMORY_TABLE, { mode: 'LSTM', hidden_size: 4, num_layers: 1 }) },
  {
    id: 'long-memory',
    state: table(LONG_MEMORY_TABLE, {
      mode: 'RNN',
      hidden_size: 8,
      num_layers: 1,
      optimizer: 'sgd',
      lr: 0.5,
      epochs: 300,
    }),
  },
  { id: 'parity', state: table(PARITY_TABLE, { mode: 'RNN', hidden_size: 4, num_layers: 1 }) },
  { id: 'order', state: table(ORDER_TABLE, { mode: 'RNN', hidden_size: 4, num_layers: 1 }) },
  // MNIST digits read a row a time step by the notebook's LSTM(28, 64) and Linear(64, 10).
  { id: 'digits', state: { input: 'digits', num_layers: 1, ...DIGITS_DEFAULTS } },
]);
