// The JS API's shapes, defaults and round trips, as DESIGN.md promises them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadRecur, simdSupported } from '../../dist/recur.mjs';
import { NOTEBOOK_TABLE as NOTEBOOK } from '../../web/notebook.mjs';

let recur;
before(async () => {
  recur = await loadRecur();
});

test('the SIMD128 build is picked where the engine has SIMD, the scalar build elsewhere', async () => {
  assert.equal(simdSupported(), true);
  assert.equal(recur.simdArch, 'wasm');
  const validate = WebAssembly.validate;
  WebAssembly.validate = () => false; // an engine without SIMD128
  try {
    assert.equal(simdSupported(), false);
    assert.equal((await loadRecur()).simdArch, 'scalar');
  } finally {
    WebAssembly.validate = validate;
  }
  assert.equal((await loadRecur({ simd: false })).simdArch, 'scalar');
});

test('memory stays flat: 10 000 forwards of the notebook table, 30 of the notebook shape', () => {
  const table = recur.parseTable(NOTEBOOK, { batch_first: true });
  const lstm = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 4, batch_first: true });
  lstm.forward(table.x);
  const before = recur.memoryBytes;
  for (let k = 0; k < 10000; ++k) lstm.forward(table.x);
  assert.equal(recur.memoryBytes, before);
  lstm.dispose();

  const big = recur.createModel({ mode: 'LSTM', input_size: 12, hidden_size: 64, batch_first: true });
  const x = { data: new Float32Array(128 * 28 * 12).fill(0.5), shape: [128, 28, 12] };
  big.forward(x);
  const peak = recur.memoryBytes;
  for (let k = 0; k < 30; ++k) big.forward(x);
  assert.equal(recur.memoryBytes, peak);
  assert.ok(peak <= 32 * 1024 * 1024, `peak WASM memory ${peak} bytes for the notebook shape`);
  big.dispose();
});

test('parseTable reads the notebook table in both layouts', () => {
  const t = recur.parseTable(NOTEBOOK, { batch_first: true });
  assert.deepEqual(t.x.shape, [6, 3, 3]);
  assert.deepEqual([...t.y], [1, 0, 1, 1, 0, 0]);
  assert.equal(t.batch, 6);
  assert.equal(t.seq_len, 3);
  assert.equal(t.input_size, 3);
  assert.deepEqual([...t.x.data.subarray(9, 18)], [1, 0, 0, 1, 1, 1, 0, 0, 0]); // row 2: 100 111 000
  const s = recur.parseTable(NOTEBOOK);
  assert.deepEqual(s.x.shape, [3, 6, 3], 'batch_first defaults to false, as in PyTorch');
  assert.equal(recur.parseTable('01 10\n11 00').y, null);
});

test("the notebook's shapes: RNN 2 layers and LSTM 1 layer on x of 128x28x12, hidden 64", () => {
  const x = { data: new Float32Array(128 * 28 * 12), shape: [128, 28, 12] };
  const rnn = recur.createModel({ mode: 'RNN', input_size: 12, hidden_size: 64, num_layers: 2, batch_first: true });
  let r = rnn.forward(x, { h0: { data: new Float32Array(2 * 128 * 64), shape: [2, 128, 64] } });
  assert.equal(recur.formatShape(r.output.shape), 'torch.Size([128, 28, 64])');
  assert.equal(recur.formatShape(r.h_n.shape), 'torch.Size([2, 128, 64])');
  assert.equal(r.c_n, null);
  rnn.dispose();
  const lstm = recur.createModel({ mode: 'LSTM', input_size: 12, hidden_size: 64 });
  r = lstm.forward({ data: x.data, shape: [28, 128, 12] });
  assert.equal(recur.formatShape(r.output.shape), 'torch.Size([28, 128, 64])');
  assert.equal(recur.formatShape(r.h_n.shape), 'torch.Size([1, 128, 64])');
  assert.equal(recur.formatShape(r.c_n.shape), 'torch.Size([1, 128, 64])');
  lstm.dispose();
});

test('config fills PyTorch defaults and names the mode as PyTorch does', () => {
  const m = recur.createModel({ mode: 'RNN', input_size: 3, hidden_size: 4, nonlinearity: 'relu' });
  assert.deepEqual(
    { ...m.config },
    {
      mode: 'RNN_RELU',
      input_size: 3,
      hidden_size: 4,
      num_layers: 1,
      bias: true,
      batch_first: false,
      nonlinearity: 'relu',
      dropout: 0,
      proj_size: 0,
      bidirectional: false,
      num_embeddings: 0,
    },
  );
  assert.ok(Object.isFrozen(m.config));
  m.dispose();
});

test('stateDict keys, shapes and a round trip through loadStateDict', () => {
  const m = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 4, num_layers: 2, seed: 7 });
  const sd = m.stateDict();
  assert.deepEqual(
    Object.entries(sd).map(([k, v]) => [k, v.shape]),
    [
      ['weight_ih_l0', [16, 3]],
      ['weight_hh_l0', [16, 4]],
      ['bias_ih_l0', [16]],
      ['bias_hh_l0', [16]],
      ['weight_ih_l1', [16, 4]],
      ['weight_hh_l1', [16, 4]],
      ['bias_ih_l1', [16]],
      ['bias_hh_l1', [16]],
    ],
  );
  const bound = 0.5; // 1/sqrt(4)
  for (const v of Object.values(sd)) for (const w of v.data) assert.ok(w >= -bound && w < bound);
  // Different seeds, different weights; same seed, same weights.
  const other = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 4, num_layers: 2, seed: 8 });
  assert.notDeepEqual(other.stateDict().weight_ih_l0, sd.weight_ih_l0);
  const same = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 4, num_layers: 2, seed: 7 });
  assert.deepEqual(same.stateDict(), sd);
  // Loading another model's weights makes it compute the same outputs; plain arrays are accepted.
  const x = recur.parseTable('001 010 100\n111 000 010').x;
  const plain = Object.fromEntries(
    Object.entries(sd).map(([k, v]) => [k, { data: Array.from(v.data), shape: v.shape }]),
  );
  other.loadStateDict(plain);
  assert.deepEqual(other.forward(x), m.forward(x));
  for (const model of [m, other, same]) model.dispose();
});

test('h0 and c0 change the result; bias=false has no bias keys', () => {
  const m = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 2, bias: false, batch_first: true });
  assert.deepEqual(Object.keys(m.stateDict()), ['weight_ih_l0', 'weight_hh_l0']);
  const x = recur.parseTable(NOTEBOOK, { batch_first: true }).x;
  const zero = m.forward(x);
  const ones = { data: new Float32Array(12).fill(1), shape: [1, 6, 2] };
  const withState = m.forward(x, { h0: ones, c0: ones });
  assert.notDeepEqual(withState.h_n, zero.h_n);
  assert.deepEqual(m.forward(x, { h0: null, c0: undefined }), zero);
  m.dispose();
});

test('formatTensor prints exactly as PyTorch, in every style', async () => {
  const { readFileSync } = await import('node:fs');
  const { formulaX, fixtureNumber } = await import('./fixtures.mjs');
  const cases = JSON.parse(readFileSync(new URL('../fixtures/print/printed.json', import.meta.url), 'utf8'));
  assert.ok(cases.length >= 10);
  for (const c of cases) {
    let t;
    if (c.formula_shape) {
      const s = c.formula_shape;
      t = formulaX(s.length === 3 ? s[0] : 1, s.at(-2), s.at(-1));
      t.shape = s;
    } else {
      t = { data: Float32Array.from(c.tensor.data.map(fixtureNumber)), shape: c.tensor.shape };
    }
    assert.equal(recur.formatTensor(t), c.text, c.name);
  }
});

// Weights files: a state_dict trained in PyTorch (tools/make_fixtures.py), as .safetensors in
// float32, float16 and bfloat16 and as JSON, loaded through the API.
test('a trained LSTM from .safetensors and JSON reproduces PyTorch; files write back byte for byte', async () => {
  const { readFileSync } = await import('node:fs');
  const dir = new URL('../fixtures/weights/', import.meta.url);
  const expected = JSON.parse(readFileSync(new URL('trained_lstm_expected.json', dir), 'utf8'));
  const x = recur.parseTable(
    JSON.parse(readFileSync(new URL('../fixtures/rnn_table.json', import.meta.url), 'utf8')).table,
    { batch_first: true },
  ).x;
  const json = JSON.parse(readFileSync(new URL('trained_lstm.json', dir), 'utf8'));
  for (const [kind, file] of [
    ['f32', 'trained_lstm.safetensors'],
    ['f16', 'trained_lstm_f16.safetensors'],
    ['bf16', 'trained_lstm_bf16.safetensors'],
    ['f32', null],
  ]) {
    const bytes = file && readFileSync(new URL(file, dir));
    const dict = file ? recur.readSafetensors(new Uint8Array(bytes)) : json;
    assert.deepEqual(recur.inferConfig(dict), {
      mode: 'LSTM',
      input_size: 3,
      hidden_size: 8,
      num_layers: 1,
      bias: true,
      bidirectional: false,
      proj_size: 0,
      num_embeddings: 0,
    });
    const m = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 8, batch_first: true });
    m.loadStateDict(dict);
    const r = m.forward(x);
    for (const key of ['output', 'h_n', 'c_n']) {
      const want = Float32Array.from(expected[kind][key].data);
      assert.ok(
        r[key].data.every((v, k) => Math.abs(v - want[k]) <= 1e-5),
        `${kind} ${file}: ${key}`,
      );
    }
    if (kind === 'f32' && file)
      assert.deepEqual(
        recur.writeSafetensors(m.stateDict()),
        new Uint8Array(bytes),
        "the same bytes PyTorch's side wrote",
      );
    m.dispose();
  }
  assert.throws(
    () => recur.readSafetensors(new Uint8Array([1, 2, 3])),
    /^RecurError: safetensors: the file has 3 bytes, fewer than the 8 of its header length$/,
  );
  assert.throws(
    () => recur.readSafetensors('not bytes'),
    /readSafetensors needs the file's bytes as a Uint8Array, got string/,
  );
  assert.throws(
    () => recur.inferConfig({ weight_ih_l0: { data: [1], shape: [1, 1] } }),
    /it needs 2-D weight_ih_l0 and weight_hh_l0/,
  );
});

test("outputShapes: forward's shapes without the forward; refused as forward refuses, the instance unharmed", () => {
  const lstm = recur.createModel({ mode: 'LSTM', input_size: 12, hidden_size: 64, proj_size: 16, bidirectional: true });
  try {
    const x = recur.rand([28, 128, 12], { seed: 0 });
    const run = lstm.forward(x);
    assert.deepEqual(lstm.outputShapes(x.shape), {
      output: run.output.shape,
      h_n: run.h_n.shape,
      c_n: run.c_n.shape,
    });
    assert.deepEqual(lstm.outputShapes([28, 12]), { output: [28, 32], h_n: [2, 16], c_n: [2, 64] });
    const wrong = /input\.size\(-1\) must be equal to input_size\. Expected 12, got 3/;
    assert.throws(() => lstm.outputShapes([5, 2, 3]), wrong);
    assert.throws(() => lstm.forward(recur.rand([5, 2, 3])), wrong);
    assert.throws(() => lstm.outputShapes('5,2,12'), /outputShapes: shape must be an array of sizes, got string/);
    assert.throws(() => lstm.outputShapes([5, -2, 12]), /shape\[1\]/);
    assert.deepEqual(lstm.outputShapes([1, 1, 12]).h_n, [2, 1, 16], 'still working');
  } finally {
    lstm.dispose();
  }
  const rnn = recur.createModel({ mode: 'RNN', input_size: 3, hidden_size: 4, batch_first: true });
  assert.deepEqual(rnn.outputShapes([6, 3, 3]), { output: [6, 3, 4], h_n: [1, 6, 4], c_n: null });
  rnn.dispose();
});
