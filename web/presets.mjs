// The presets menu: the notebook's two examples, four small tables of bits and four of words that
// each teach one thing. Their names and descriptions are in strings.mjs (presetNames, presetNotes).
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

// Tables of words: one sentence a line, tokens separated by spaces (or one a character), the label
// after '|'. A tiny sentiment task: the words that decide are anywhere in the sentence.
const WORDS_EN = `I love this movie | 1
this movie is great | 1
what a great film | 1
I love it | 1
I hate this movie | 0
this film is boring | 0
what a bad film | 0
boring | 0
`;

// The same task in Chinese, typed without spaces: the characters mode reads one token a character.
const WORDS_ZH = `我很喜欢这部电影 | 1
这部电影太好看了 | 1
真好看 | 1
我不喜欢这部电影 | 0
这部电影太无聊了 | 0
真无聊 | 0
`;

// The same three words, and only their order tells the news (y = 1) from the usual (y = 0).
const WORDS_ORDER = `dog bites man | 0
man bites dog | 1
cat chases mouse | 0
mouse chases cat | 1
bird eats worm | 0
worm eats bird | 1
`;

// Sentences of 1 to 4 words, decided by their first: fed padded, a short sentence's h_n[-1] is the
// state after its <pad> steps (the Last step card shows it beside the packed answer).
const WORDS_LENGTH = `good | 1
bad | 0
good movie | 1
bad movie | 0
very good movie indeed | 1
very bad movie indeed | 0
good , really | 1
bad , really | 0
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
  {
    id: 'words-en',
    state: table(WORDS_EN, { tokens: 'words', encoding: 'embedding', embedding_dim: 4, mode: 'GRU', hidden_size: 8 }),
  },
  {
    id: 'words-zh',
    state: table(WORDS_ZH, {
      tokens: 'characters',
      encoding: 'embedding',
      embedding_dim: 4,
      mode: 'GRU',
      hidden_size: 8,
    }),
  },
  {
    id: 'words-order',
    state: table(WORDS_ORDER, { tokens: 'words', encoding: 'one_hot', mode: 'RNN', hidden_size: 4 }),
  },
  {
    id: 'words-length',
    state: table(WORDS_LENGTH, { tokens: 'words', encoding: 'one_hot', packed: true, mode: 'RNN', hidden_size: 4 }),
  },
  // MNIST digits read a row a time step by the notebook's LSTM(28, 64) and Linear(64, 10).
  { id: 'digits', state: { input: 'digits', num_layers: 1, ...DIGITS_DEFAULTS } },
]);
