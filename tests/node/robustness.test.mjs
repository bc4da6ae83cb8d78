// Every API function with a battery of bad arguments: each gives a RecurError (never a
// TypeError, an Embind BindingError, "unreachable" or "Aborted()"), and afterwards the same
// instance still computes a PyTorch fixture exactly. Limits refuse before allocating.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadRecur, RecurError } from '../../dist/recur.mjs';
import { loadFixture, maxAbsError } from './fixtures.mjs';

let recur;
before(async () => {
  recur = await loadRecur();
});

const detached = () => {
  const data = new Float32Array(18);
  structuredClone(data.buffer, { transfer: [data.buffer] }); // data is now detached: length 0
  return data;
};
const weird = [
  undefined,
  null,
  true,
  0,
  -1,
  2 ** 53,
  NaN,
  Infinity,
  -0,
  1.5,
  '3',
  '',
  'x'.repeat(100),
  10n,
  Symbol('s'),
  [],
  [1, 2],
  {},
  { length: 3 },
  new Float32Array(3),
  new BigInt64Array(2),
  () => 1,
  new Date(0),
  Object.create(null),
];

const show = (v) => {
  try {
    return String(v).slice(0, 30);
  } catch {
    return typeof v;
  }
};

function onlyRecurErrors(fn, label) {
  for (const value of weird) {
    try {
      fn(value);
    } catch (error) {
      assert.ok(error instanceof RecurError, `${label}(${show(value)}): ${error?.name}: ${error?.message}`);
      assert.doesNotMatch(error.message, /unreachable|Aborted|BindingError|undefined is not/);
    }
  }
}

test('a battery of bad arguments to every function gives RecurErrors only', () => {
  const model = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 4, batch_first: true });
  const x = { data: new Float32Array(18), shape: [2, 3, 3] };
  const sd = model.stateDict();
  onlyRecurErrors((v) => recur.parseTable(v), 'parseTable');
  onlyRecurErrors((v) => recur.parseTable('01', v), 'parseTable options');
  onlyRecurErrors((v) => recur.parseTable('01', { batch_first: v }), 'parseTable batch_first');
  onlyRecurErrors((v) => recur.createModel(v), 'createModel');
  for (const key of [
    'mode',
    'input_size',
    'hidden_size',
    'num_layers',
    'bias',
    'batch_first',
    'nonlinearity',
    'dropout',
    'bidirectional',
    'proj_size',
    'seed',
  ])
    onlyRecurErrors(
      (v) => recur.createModel({ mode: 'RNN', input_size: 3, hidden_size: 4, [key]: v }).dispose(),
      `createModel ${key}`,
    );
  onlyRecurErrors((v) => model.forward(v), 'forward');
  onlyRecurErrors((v) => model.forward(x, v), 'forward options');
  onlyRecurErrors((v) => model.forward({ data: v, shape: [2, 3, 3] }), 'forward data');
  onlyRecurErrors((v) => model.forward({ data: x.data, shape: v }), 'forward shape');
  onlyRecurErrors((v) => model.forward({ data: x.data, shape: [2, v, 3] }), 'forward shape entry');
  onlyRecurErrors((v) => model.forward(x, { h0: v }), 'forward h0');
  onlyRecurErrors((v) => model.forward(x, { c0: v }), 'forward c0');
  onlyRecurErrors((v) => model.loadStateDict(v), 'loadStateDict');
  onlyRecurErrors((v) => model.loadStateDict({ ...sd, weight_ih_l0: v }), 'loadStateDict entry');
  onlyRecurErrors((v) => recur.formatShape(v), 'formatShape');
  onlyRecurErrors((v) => recur.formatTensor(v), 'formatTensor');
  onlyRecurErrors((v) => model.forward(x, { intermediates: v }), 'forward intermediates');
  onlyRecurErrors((v) => recur.rand(v), 'rand');
  onlyRecurErrors((v) => recur.rand([2, 3], v), 'rand options');
  onlyRecurErrors((v) => recur.rand([2, 3], { seed: v }), 'rand seed');
  onlyRecurErrors((v) => model.createHead(v).dispose(), 'createHead');
  const head = model.createHead(2);
  onlyRecurErrors((v) => head.forward(v), 'head forward');
  onlyRecurErrors((v) => head.loadStateDict(v), 'head loadStateDict');
  assert.throws(
    () => head.forward({ data: new Float32Array(6), shape: [2, 3] }),
    /^RecurError: Linear: input must be \[batch, 4\], got \[2, 3\]$/,
  );
  head.dispose();
  assert.throws(
    () => head.forward(x),
    /^RecurError: forward: this head was disposed; create another with model.createHead\(out_features\)$/,
  );
  assert.throws(
    () => model.forward({ data: detached(), shape: [2, 3, 3] }),
    /^RecurError: x: data has 0 elements but shape \[2, 3, 3\] needs 18$/,
  );
  assert.throws(
    () => model.forward({ data: new Float32Array(18), shape: [2, 3, 3, 1, 1, 1, 1, 1, 1] }),
    /at most 8 are supported/,
  );
  const { bias_hh_l0, ...missing } = sd;
  assert.throws(() => model.loadStateDict(missing), RecurError);
  model.dispose();
  for (const call of [() => model.forward(x), () => model.stateDict(), () => model.loadStateDict(sd)])
    assert.throws(call, /this model was disposed/);
});

test('sizes past the limits are refused, by name, before anything is allocated', () => {
  const { limits } = recur;
  assert.deepEqual(
    { ...limits },
    {
      max_table_text: 1048576,
      max_input_size: 4096,
      max_hidden_size: 4096,
      max_num_layers: 64,
      max_num_embeddings: 65536,
      max_parameters: 33554432,
      max_tensor_elements: 67108864,
      max_out_features: 4096,
      max_text_characters: 1000000,
      max_text_vocabulary: 4096,
      max_sample_length: 100000,
    },
  );
  const before = recur.memoryBytes;
  assert.throws(
    () => recur.createModel({ mode: 'LSTM', input_size: 4096, hidden_size: 4096, num_layers: 64 }),
    /^RecurError: the model would have 8592031744 parameters, more than the maximum 33554432: use a smaller hidden_size or fewer layers$/,
  );
  assert.throws(
    () => recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 4097 }),
    /hidden_size is 4097, more than the maximum 4096/,
  );
  assert.throws(
    () => recur.createModel({ mode: 'RNN', input_size: 3, hidden_size: 4, num_layers: 65 }),
    /num_layers is 65, more than the maximum 64/,
  );
  assert.throws(() => recur.parseTable('0'.repeat(limits.max_table_text + 1)), /more than the maximum 1048576/);
  const model = recur.createModel({ mode: 'LSTM', input_size: 1, hidden_size: 64 });
  // 2^20 steps of one value: 4 MB of input, but 2^28 gate values would be needed.
  assert.throws(
    () => model.forward({ data: new Float32Array(1 << 20), shape: [1 << 20, 1, 1] }),
    /^RecurError: a forward on input of shape \[1048576, 1, 1\] needs 268435456 gate values, more than the maximum 67108864/,
  );
  assert.throws(
    () => model.forward({ data: [], shape: [1 << 14, 1 << 14, 1] }),
    /has more than the maximum 67108864 elements/,
  );
  assert.throws(
    () => recur.rand([1 << 14, 1 << 14]),
    /^RecurError: rand: shape \[16384, 16384\] has more than the maximum 67108864 elements$/,
  );
  assert.throws(() => model.createHead(4097), /out_features is 4097, more than the maximum 4096/);
  model.dispose();
  assert.ok(recur.memoryBytes - before <= 8 * 1024 * 1024, 'refusals allocate nothing large');
});

test('NaN and infinities propagate (positions as in IEEE arithmetic) and never crash', () => {
  const m = recur.createModel({ mode: 'LSTM', input_size: 2, hidden_size: 3, batch_first: true });
  const r = m.forward({ data: [NaN, 0, Infinity, 0, -Infinity, 0, 1, 2], shape: [4, 1, 2] });
  const hn = r.h_n.data;
  assert.ok(
    [0, 1, 2].every((k) => Number.isNaN(hn[k])),
    'NaN input: NaN state',
  );
  assert.ok(
    [3, 4, 5, 6, 7, 8].every((k) => Number.isFinite(hn[k]) && Math.abs(hn[k]) <= 1),
    '±inf input: saturated gates, finite h',
  );
  assert.ok([9, 10, 11].every((k) => Number.isFinite(hn[k])));
  assert.match(recur.formatTensor(r.h_n), /nan/);
  m.dispose();
});

test('1 000 create/dispose cycles and 10 000 forwards keep the heap flat', () => {
  const x = recur.parseTable('001 010 100\n111 000 010', { batch_first: true }).x;
  const cycle = () => {
    const m = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 8, num_layers: 2 });
    m.forward(x);
    m.dispose();
  };
  for (let k = 0; k < 10; ++k) cycle();
  const before = recur.memoryBytes;
  for (let k = 0; k < 1000; ++k) cycle();
  assert.equal(recur.memoryBytes, before);
});

test('after all of the above the same instance computes a fixture exactly', () => {
  const f = loadFixture('lstm_saturating');
  const m = recur.createModel({ ...f.config, seed: f.seed });
  const r = m.forward(f.x, { h0: f.h0, c0: f.c0 });
  for (const key of ['output', 'h_n', 'c_n']) assert.ok(maxAbsError(r[key], f[key]) <= 1e-5, key);
  m.dispose();
});
