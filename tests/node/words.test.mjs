// Tables of words: parseTable(text, { tokens }) gives the vocabulary (<pad>, then first
// appearance), padded ids, lengths and the one-hot x; bit tables are detected and read as
// before; errors name row, line and column; words train packed, one-hot or through an embedding.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadRecur, RecurError } from '../../dist/recur.mjs';

let recur;
before(async () => {
  recur = await loadRecur();
});

const ENGLISH = `I love you | 1
you love me | 1
I hate you | 0
we like it so much | 1`;

test('words: vocabulary in order of first appearance after <pad>, ids padded with 0, lengths', () => {
  const t = recur.parseTable(ENGLISH, { batch_first: true, tokens: 'words' });
  assert.equal(t.tokens, 'words');
  assert.deepEqual(t.vocabulary, ['<pad>', 'I', 'love', 'you', 'me', 'hate', 'we', 'like', 'it', 'so', 'much']);
  assert.deepEqual(t.counts, [6, 2, 2, 3, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual([...t.lengths], [3, 3, 3, 5]);
  assert.deepEqual([...t.y], [1, 1, 0, 1]);
  assert.deepEqual(t.ids.shape, [4, 5]);
  assert.deepEqual([...t.ids.data.subarray(0, 5)], [1, 2, 3, 0, 0]);
  assert.deepEqual(t.x.shape, [4, 5, 11]); // F.one_hot(ids, V)
  assert.equal(t.x.data[(0 * 5 + 3) * 11 + 0], 1, '<pad> steps are one-hot <pad>');
  assert.equal(t.input_size, 11);
  const s = recur.parseTable(ENGLISH, { tokens: 'words' });
  assert.deepEqual(s.ids.shape, [5, 4]);
  assert.deepEqual([...s.ids.data.subarray(0, 4)], [1, 3, 1, 6]); // step 1 of each sentence
});

test('Chinese: words separated by spaces, or one token a character', () => {
  const spaced = recur.parseTable('我 爱 你 | 1\n你 爱 我 | 1\n我 恨 你 | 0', { batch_first: true, tokens: 'words' });
  assert.deepEqual(spaced.vocabulary, ['<pad>', '我', '爱', '你', '恨']);
  const chars = recur.parseTable('我爱你 | 1\n你爱我 | 1\n我恨你们 | 0', { batch_first: true, tokens: 'characters' });
  assert.deepEqual(chars.vocabulary, ['<pad>', '我', '爱', '你', '恨', '们']);
  assert.deepEqual([...chars.lengths], [3, 3, 4]);
  const words = recur.parseTable('我爱你 | 1\n你爱我 | 1', { tokens: 'words' });
  assert.deepEqual(words.vocabulary, ['<pad>', '我爱你', '你爱我'], 'without spaces a word is the whole run');
});

test('auto: bit tables are detected and read exactly as before; words otherwise', () => {
  const bits = '| x1 | x2 | x3 | y |\n|---|---|---|---|\n| 001 | 010 | 100 | 1 |\n| 100 | 111 | 000 | 0 |';
  assert.deepEqual(
    recur.parseTable(bits, { tokens: 'auto', batch_first: true }),
    recur.parseTable(bits, { batch_first: true }),
  );
  assert.equal(recur.parseTable(ENGLISH, { tokens: 'auto' }).tokens, 'words');
  assert.equal(recur.parseTable('| x1 | x2 | y |\n| I | you | 1 |', { tokens: 'auto' }).vocabulary[1], 'I');
  // A bit table with a typo keeps the bit table's error.
  assert.throws(
    () => recur.parseTable('001 010 100 | 1\n100 1x1 000 | 0', { tokens: 'auto' }),
    /^RecurError: row 2 \(line 2\), column x2: '1x1' has 'x' at position 2/,
  );
});

test('word table errors name row, line and column; limits are named', () => {
  const where = (text, options, message, row, line, column) =>
    assert.throws(
      () => recur.parseTable(text, { tokens: 'words', ...options }),
      (e) => {
        assert.ok(e instanceof RecurError);
        assert.match(e.message, message);
        assert.deepEqual([e.row, e.line, e.column], [row, line, column]);
        return true;
      },
    );
  where('I love you | 1\n\nyou me', {}, /^row 2 \(line 3\), column y: missing label/, 2, 3, 'y');
  where('I love you | one', {}, /^row 1 \(line 1\), column y: 'one' is not an integer label$/, 1, 1, 'y');
  where('a | 1\n| | 0', {}, /^row 2 \(line 2\), column x1: the sentence has no tokens/, 2, 2, 'x1');
  where(`a ${'b'.repeat(65)} | 1`, {}, /column x2: the token is 65 bytes long, more than the maximum 64$/, 1, 1, 'x2');
  where(`${'w '.repeat(1025)}| 1`, {}, /the sentence has 1025 tokens, more than the maximum 1024$/, 1, 1, 'x1025');
  where('a <pad> | 1', {}, /column x2: '<pad>' is the padding token's name/, 1, 1, 'x2');
  assert.throws(
    () => recur.parseTable('a', { tokens: 'letters' }),
    /tokens must be 'bits', 'words', 'characters' or 'auto'/,
  );
  assert.throws(() => recur.parseTable('a', { token: 'words' }), /^RecurError: parseTable: unknown option 'token'/);
});

test('words train packed: one-hot (input_size = V) and nn.Embedding give the packed results', () => {
  const t = recur.parseTable(ENGLISH, { batch_first: true, tokens: 'words' });
  const V = t.vocabulary.length;
  const oneHot = recur.createModel({ mode: 'GRU', input_size: V, hidden_size: 4, batch_first: true });
  const r = oneHot.forward(t.x, { lengths: t.lengths });
  // output[i, len_i - 1] == h_n[-1][i], zero after.
  for (let b = 0; b < t.batch; ++b) {
    const n = t.lengths[b];
    assert.deepEqual(
      r.output.data.subarray((b * 5 + n - 1) * 4, (b * 5 + n) * 4),
      r.h_n.data.subarray(b * 4, b * 4 + 4),
    );
  }
  const embedded = recur.createModel({
    mode: 'LSTM',
    num_embeddings: V,
    input_size: 3,
    hidden_size: 4,
    batch_first: true,
  });
  const trainer = recur.createTrainer(embedded, { out_features: 2, lr: 0.05 });
  let first, last;
  for (let s = 0; s < 60; ++s) {
    last = trainer.step(t.ids, t.y, { lengths: t.lengths });
    first ??= last;
  }
  assert.ok(last < first / 2, `the loss falls: ${first} -> ${last}`);
  trainer.dispose();
  embedded.dispose();
  oneHot.dispose();
});
