// Bad input of every kind: a RecurError that says what and where, and the module keeps working.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadRecur, RecurError } from '../../dist/recur.mjs';
import { loadFixture, maxAbsError } from './fixtures.mjs';

let recur;
before(async () => {
  recur = await loadRecur();
});

const throwsRecur = (fn, pattern) =>
  assert.throws(fn, (e) => {
    assert.ok(e instanceof RecurError, `not a RecurError: ${e}`);
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'RecurError');
    assert.match(e.message, pattern);
    return true;
  });

test('table errors name the row, the line and the column', () => {
  const text = '| x1 | x2 | x3 | y |\n|---|---|---|---|\n| 001 | 010 | 100 | 1 |\n| 100 | 1x1 | 000 | 0 |';
  try {
    recur.parseTable(text);
    assert.fail('no error');
  } catch (e) {
    assert.ok(e instanceof RecurError);
    assert.equal(
      e.message,
      "row 2 (line 4), column x2: '1x1' has 'x' at position 2; a cell is a string of 0s and 1s such as 010",
    );
    assert.equal(e.row, 2);
    assert.equal(e.line, 4);
    assert.equal(e.column, 'x2');
  }
  throwsRecur(() => recur.parseTable(''), /^the table is empty/);
  throwsRecur(() => recur.parseTable('001 01 100 | 1'), /^row 1 \(line 1\), column x2: '01' has 2 bits, expected 3/);
  throwsRecur(() => recur.parseTable('x1 y\n01 a'), /column y: 'a' is not an integer label/);
  throwsRecur(() => recur.parseTable(42), /^parseTable: text must be a string, got number/);
  throwsRecur(
    () => recur.parseTable('01', { batch_first: 'yes' }),
    /^parseTable: batch_first must be true or false, got string$/,
  );
  throwsRecur(() => recur.parseTable('01', { one_hot: 1 }), /^parseTable: one_hot must be true or false, got number$/);
  throwsRecur(() => recur.parseTable('01', { tokens: 3 }), /^parseTable: tokens must be a string, got number$/);
  throwsRecur(() => recur.parseTable('01', { token: 'words' }), /^parseTable: unknown option 'token'/);
});

test('createModel checks every option by its PyTorch name', () => {
  const base = { mode: 'LSTM', input_size: 3, hidden_size: 4 };
  throwsRecur(() => recur.createModel(), /^createModel needs a config object/);
  throwsRecur(() => recur.createModel({ ...base, hiden_size: 4 }), /^createModel: unknown option 'hiden_size'/);
  throwsRecur(() => recur.createModel({ input_size: 3, hidden_size: 4 }), /mode is required/);
  throwsRecur(
    () => recur.createModel({ ...base, mode: 'gru' }),
    /^unknown mode 'gru': use 'RNN', 'LSTM', 'GRU', 'RNN_TANH' or 'RNN_RELU'$/,
  );
  throwsRecur(() => recur.createModel({ ...base, mode: 'lstm' }), /unknown mode 'lstm'/);
  throwsRecur(
    () => recur.createModel({ ...base, mode: 'RNN', nonlinearity: 'sigmoid' }),
    /Unknown nonlinearity 'sigmoid'/,
  );
  throwsRecur(() => recur.createModel({ ...base, hidden_size: 0 }), /^hidden_size must be a positive integer, got 0$/);
  throwsRecur(() => recur.createModel({ ...base, hidden_size: -2 }), /^hidden_size must not be negative, got -2$/);
  throwsRecur(() => recur.createModel({ ...base, hidden_size: 2.5 }), /^hidden_size must be an integer, got 2.5$/);
  throwsRecur(() => recur.createModel({ ...base, hidden_size: '4' }), /^hidden_size must be an integer, got string$/);
  throwsRecur(
    () => recur.createModel({ ...base, hidden_size: 1e6 }),
    /^hidden_size is 1000000, more than the maximum 4096$/,
  );
  throwsRecur(() => recur.createModel({ ...base, num_layers: NaN }), /^num_layers must be an integer, got NaN$/);
  throwsRecur(() => recur.createModel({ ...base, bias: 1 }), /^bias must be true or false, got number$/);
  throwsRecur(
    () => recur.createModel({ ...base, seed: 2 ** 32 }),
    /^seed is 4294967296, more than the maximum 4294967295$/,
  );
  throwsRecur(() => recur.createModel({ ...base, dropout: 1.5 }), /^dropout should be a number in range \[0, 1\]/);
  throwsRecur(
    () => recur.createModel({ ...base, bidirectional: 'yes' }),
    /^bidirectional must be true or false, got string$/,
  );
  const both = recur.createModel({ ...base, bidirectional: true });
  assert.deepEqual(Object.keys(both.stateDict()), [
    'weight_ih_l0',
    'weight_hh_l0',
    'bias_ih_l0',
    'bias_hh_l0',
    'weight_ih_l0_reverse',
    'weight_hh_l0_reverse',
    'bias_ih_l0_reverse',
    'bias_hh_l0_reverse',
  ]);
  const r = both.forward({ data: new Float32Array(9), shape: [3, 1, 3] });
  assert.deepEqual(
    [r.output.shape, r.h_n.shape, r.c_n.shape],
    [
      [3, 1, 8],
      [2, 1, 4],
      [2, 1, 4],
    ],
  );
  throwsRecur(
    () =>
      both.forward(
        { data: new Float32Array(9), shape: [3, 1, 3] },
        { h0: { data: new Float32Array(4), shape: [1, 1, 4] } },
      ),
    /^Expected hidden size \(2, 1, 4\), got \[1, 1, 4\]$/,
  );
  both.dispose();
  throwsRecur(
    () => recur.createModel({ ...base, proj_size: 4 }),
    /^proj_size has to be smaller than hidden_size \(proj_size=4, hidden_size=4\)$/,
  );
  throwsRecur(
    () => recur.createModel({ ...base, mode: 'GRU', proj_size: 2 }),
    /^proj_size argument is only supported for LSTM, not RNN or GRU$/,
  );
  const projected = recur.createModel({ ...base, proj_size: 2 });
  assert.equal(projected.config.proj_size, 2);
  assert.deepEqual(projected.stateDict().weight_hr_l0.shape, [2, 4]);
  assert.deepEqual(projected.forward({ data: new Float32Array(9), shape: [1, 3, 3] }).h_n.shape, [1, 3, 2]);
  projected.dispose();
  // Accepted (the eval-mode forward ignores it), with PyTorch's warning for a single layer.
  const dropped = recur.createModel({ ...base, dropout: 0.5 });
  assert.equal(dropped.config.dropout, 0.5);
  assert.deepEqual(dropped.warnings, [
    'dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=0.5 and num_layers=1',
  ]);
  dropped.dispose();
  const layered = recur.createModel({ ...base, dropout: 0.25, num_layers: 2 });
  assert.deepEqual(layered.warnings, []);
  layered.dispose();
  throwsRecur(() => recur.createModel({ ...base, dropout: -0.1 }), /^dropout should be a number in range \[0, 1\]/);
  throwsRecur(() => recur.createModel({ ...base, dropout: '0.5' }), /^dropout should be a number in range \[0, 1\]/);
});

test('forward checks x, h0 and c0 with PyTorch-style messages', () => {
  const m = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 4, batch_first: true });
  const x = { data: new Float32Array(18), shape: [2, 3, 3] };
  throwsRecur(() => m.forward(), /^x must be a tensor \{data: Float32Array, shape: number\[\]\}, got undefined$/);
  throwsRecur(() => m.forward([1, 2, 3]), /got an array$/);
  throwsRecur(() => m.forward({ data: new Float32Array(18) }), /shape is missing or not an array/);
  throwsRecur(() => m.forward({ shape: [2, 3, 3] }), /data is missing or not an array of numbers/);
  throwsRecur(
    () => m.forward({ data: new Float32Array(17), shape: [2, 3, 3] }),
    /^x: data has 17 elements but shape \[2, 3, 3\] needs 18$/,
  );
  throwsRecur(
    () => m.forward({ data: new Float32Array(24), shape: [2, 3, 4] }),
    /^input.size\(-1\) must be equal to input_size. Expected 3, got 4$/,
  );
  throwsRecur(
    () => m.forward({ data: new Float32Array(9), shape: [3, 3, 1, 1] }),
    /^input must have 3 dimensions \[batch, seq_len, input_size\] or 2 \(one sentence, \[seq_len, input_size\]\), got 4/,
  );
  // One sentence as 2-D x, PyTorch's unbatched input: 2-D states, outputs without the batch dimension.
  const one = m.forward(
    { data: new Float32Array(9), shape: [3, 3] },
    { h0: { data: new Float32Array(4), shape: [1, 4] } },
  );
  assert.deepEqual(
    [one.output.shape, one.h_n.shape, one.c_n.shape],
    [
      [3, 4],
      [1, 4],
      [1, 4],
    ],
  );
  throwsRecur(
    () =>
      m.forward({ data: new Float32Array(9), shape: [3, 3] }, { h0: { data: new Float32Array(4), shape: [1, 1, 4] } }),
    /^For unbatched 2-D input, hx and cx should also be 2-D but got 3-D tensor$/,
  );
  throwsRecur(() => m.forward({ data: [], shape: [0, 3, 3] }), /batch and seq_len must be at least 1/);
  throwsRecur(() => m.forward({ data: x.data, shape: [2, -3, 3] }), /^x.shape\[1\] must not be negative, got -3$/);
  throwsRecur(
    () => m.forward(x, { h0: { data: new Float32Array(16), shape: [2, 2, 4] } }),
    /^Expected hidden size \(1, 2, 4\), got \[2, 2, 4\]$/,
  );
  throwsRecur(
    () => m.forward(x, { c0: { data: new Float32Array(4), shape: [1, 1, 4] } }),
    /^Expected cell size \(1, 2, 4\), got \[1, 1, 4\]$/,
  );
  throwsRecur(() => m.forward(x, 5), /^forward: options must be an object/);
  m.dispose();
});

test('loadStateDict is strict and names the key and both shapes', () => {
  const m = recur.createModel({ mode: 'RNN', input_size: 3, hidden_size: 4 });
  const sd = m.stateDict();
  throwsRecur(
    () => m.loadStateDict({ ...sd, weight_ih_l0: { data: new Float32Array(16), shape: [4, 4] } }),
    /size mismatch for weight_ih_l0: copying a param with shape \[4, 4\] from checkpoint, the shape in current model is \[4, 3\]/,
  );
  const { bias_hh_l0, ...missing } = sd;
  throwsRecur(() => m.loadStateDict(missing), /Missing key\(s\) in state_dict: "bias_hh_l0"/);
  throwsRecur(
    () => m.loadStateDict({ ...sd, weight_ih_l1: sd.weight_ih_l0 }),
    /Unexpected key\(s\) in state_dict: "weight_ih_l1"/,
  );
  throwsRecur(
    () => m.loadStateDict({ ...sd, bias_ih_l0: { data: 'abc', shape: [4] } }),
    /^bias_ih_l0 must be a tensor/,
  );
  throwsRecur(() => m.loadStateDict(null), /^loadStateDict needs an object/);
  assert.deepEqual(m.stateDict(), sd, 'a failed load leaves the weights unchanged');
  m.dispose();
});

test('a disposed model says so instead of crashing', () => {
  const m = recur.createModel({ mode: 'RNN', input_size: 3, hidden_size: 4 });
  m.dispose();
  m.dispose(); // twice is harmless
  throwsRecur(() => m.forward({ data: new Float32Array(3), shape: [1, 1, 3] }), /^forward: this model was disposed/);
  throwsRecur(() => m.stateDict(), /^stateDict: this model was disposed/);
  throwsRecur(() => m.loadStateDict({}), /^loadStateDict: this model was disposed/);
});

test('after every error above the same instance still computes a fixture exactly', () => {
  for (let k = 0; k < 200; ++k) {
    assert.throws(() => recur.parseTable(`001 0${k}x 100`), RecurError);
    assert.throws(() => recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: -k - 1 }), RecurError);
  }
  const f = loadFixture('lstm_table');
  const m = recur.createModel({ ...f.config, seed: f.seed });
  const r = m.forward(recur.parseTable(f.table, { batch_first: true }).x);
  assert.ok(maxAbsError(r.output, f.output) <= 1e-5);
  assert.ok(maxAbsError(r.h_n, f.h_n) <= 1e-5);
  assert.ok(maxAbsError(r.c_n, f.c_n) <= 1e-5);
  m.dispose();
});
