// The compute side of the page's worker protocol without a browser: the host answers a state
// with the compute step's result (against PyTorch's fixture) and the typed arrays to transfer;
// training runs in the session, frame by frame, its frames posted unasked; the Train card's
// presses; weight files read and written; and the page's channel, on which the latest state
// wins (each result the page gets is the latest state's, none out of order).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadRecur } from '../../dist/recur.mjs';
import createRecurCore from '../../dist/recur-core.mjs';
import { createHost, transferables } from '../../web/compute-host.mjs';
import { ComputeChannel, configureCompute, connectionKind } from '../../web/compute-client.mjs';
import { defaults } from '../../web/state.mjs';

const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8'));
const state = (more = {}) => ({ ...defaults(), ...more });
const maxError = (a, b) => a.reduce((m, v, k) => Math.max(m, Math.abs(v - b[k])), 0);
const tick = () => new Promise((r) => setImmediate(r));
let recur;

before(async () => {
  recur = await loadRecur();
});

// A host whose messages are collected: [{ message, transfer }], the early shapes apart
// (`shapes`, each with `before`: how many messages were sent before it). Like the page, it says
// when it drew a training frame's result (else the session posts no next one).
function collectingHost() {
  const sent = [],
    shapes = [];
  const handle = createHost(
    recur,
    (message, transfer) => {
      if (message.type === 'shapes') return shapes.push({ message, transfer, before: sent.length });
      sent.push({ message, transfer });
      if (message.type === 'result' && !message.reply) setImmediate(() => handle({ type: 'drawn', id: message.id }));
    },
    setImmediate,
  );
  return { sent, shapes, handle };
}

test("a state's result: PyTorch's numbers, its sequence number, every tensor's buffer to transfer", () => {
  const f = fixture('rnn_table');
  const { sent, handle } = collectingHost();
  handle({ type: 'compute', id: 1, seq: 7, state: state({ table: f.table }) });
  assert.equal(sent.length, 1);
  const [{ message, transfer }] = sent;
  assert.equal(message.type, 'result');
  assert.equal(message.id, 1);
  assert.equal(message.seq, 7);
  assert.equal(message.reply, true);
  const { out } = message;
  assert.equal(out.ok, true);
  assert.ok(maxError(out.result.output.data, f.output.data) <= 1e-5);
  assert.equal(out.formatted.x, 'torch.Size([6, 3, 3])');
  assert.equal(out.formatted.output, f.printed.output);
  for (const t of [out.table.x, out.result.output, out.result.h_n, out.head.logits])
    assert.ok(transfer.includes(t.data.buffer), 'transferred, not copied');
  assert.equal(new Set(transfer).size, transfer.length, 'each buffer once');
  // Everything else is plain data: it survives a structured clone as it is.
  assert.deepEqual(structuredClone(out.formatted), out.formatted);
});

test("a refusal travels as data: its name, message and a table error's row, line and column", () => {
  const { sent, handle } = collectingHost();
  handle({ type: 'compute', id: 1, seq: 1, state: state({ table: '001 010 | 1\n001 0a0 | 0' }) });
  const { out } = sent[0].message;
  assert.equal(out.ok, false);
  assert.deepEqual(Object.keys(out.error).sort(), ['column', 'line', 'message', 'name', 'row']);
  assert.equal(out.error.name, 'RecurError');
  assert.match(out.error.message, /^row 2 \(line 2\), column x2/);
  // The page says it in its own words and numbering from these (web/errors.mjs).
  assert.deepEqual([out.error.row, out.error.line, out.error.column], [2, 2, 'x2']);
});

test('a training frame waits for the page: one result at a time, the run going on meanwhile', async () => {
  const sent = []; // results (the reply's early shapes are not one)
  const handle = createHost(recur, (message) => message.type !== 'shapes' && sent.push(message), setImmediate);
  handle({ type: 'compute', id: 9, seq: 1, state: state({ trained: 3000 }), replay: true });
  for (let k = 0; k < 200 && sent.length < 2; ++k) await tick();
  for (let k = 0; k < 200; ++k) await tick(); // frames end; the page draws nothing
  assert.equal(sent.length, 2, 'the reply and one frame: no queue of results');
  const first = sent[1].out.training.steps;
  handle({ type: 'drawn', id: 9 });
  assert.equal(sent.length, 3, 'the frame due is posted when the page has drawn');
  assert.ok(sent[2].out.training.steps > first, 'the run went on stepping meanwhile');
  handle({ type: 'close', id: 9 });
});

test('transferables: each ArrayBuffer under plain objects and arrays, once', () => {
  const a = new Float32Array(4);
  const found = transferables({ a, b: [a.subarray(1), { c: new Int32Array(2) }], d: 'text', e: null });
  assert.equal(found.size, 2);
  assert.ok(found.has(a.buffer));
});

test('a link replays its training steps in the session, posting a result a frame; the state keeps its data', async () => {
  const { sent, handle } = collectingHost();
  handle({ type: 'compute', id: 3, seq: 1, state: state({ trained: 25 }), replay: true });
  // The reply's tensors are transferred (here: only listed); the run holds copies of x and y.
  for (const buffer of sent[0].transfer) new Uint8Array(buffer).fill(0);
  while (sent.at(-1).message.out.training.running) await tick();
  const last = sent.at(-1).message;
  assert.equal(last.reply, false, 'training frames are posted unasked');
  assert.equal(last.seq, 1, 'with the sequence number of the state they were computed for');
  assert.equal(last.out.training.steps, 25);
  assert.equal(last.out.trainedSteps, 25);
  assert.equal(last.out.training.history.loss.length, 26, 'the loss of every step count, measured after the last');
  assert.ok(Number.isFinite(last.out.training.history.loss[24]));

  // The same 25 steps by hand.
  const model = recur.createModel({ mode: 'RNN', input_size: 3, hidden_size: 4, batch_first: true, seed: 0 });
  const trainer = recur.createTrainer(model, { out_features: 2, optimizer: 'adam', lr: 0.05 });
  const table = recur.parseTable(state().table, { batch_first: true });
  for (let k = 0; k < 25; ++k) trainer.step(table.x, table.y);
  const byHand = model.forward(table.x).h_n.data;
  assert.ok(maxError(last.out.result.h_n.data, byHand) <= 1e-6);
  trainer.dispose();
  model.dispose();
});

test("the Train card's presses: train runs `epochs` steps, step one more, reset starts over", async () => {
  const { sent, handle } = collectingHost();
  const s = state({ epochs: 10, panels: ['table', 'train'] });
  handle({ type: 'compute', id: 4, seq: 1, state: s });
  assert.equal(sent[0].message.out.training.exists, true, 'the run is made when its card is shown');
  assert.equal(sent[0].message.out.training.latest, null, 'its loss waits for a measure');
  handle({ type: 'measure', id: 4 });
  assert.equal(sent.at(-1).message.type, 'progress', 'the report alone: no forward pass');
  assert.ok(sent.at(-1).message.training.latest.loss > 0);
  handle({ type: 'compute', id: 4, seq: 3, state: s, actions: [{ action: 'train' }] });
  while (sent.at(-1).message.out.training.running) await tick();
  assert.equal(sent.at(-1).message.out.training.steps, 10);
  handle({ type: 'compute', id: 4, seq: 4, state: s, actions: [{ action: 'step' }] });
  while (sent.at(-1).message.out.training.running) await tick();
  assert.equal(sent.at(-1).message.out.training.steps, 11);
  handle({ type: 'compute', id: 4, seq: 5, state: s, actions: [{ action: 'reset' }] });
  assert.equal(sent.at(-1).message.out.training.steps, 0);
  assert.equal(sent.at(-1).message.out.trained, false);
  // A changed table starts the run over.
  handle({ type: 'compute', id: 4, seq: 6, state: s, actions: [{ action: 'step' }] });
  while (sent.at(-1).message.out.training.running) await tick();
  handle({ type: 'compute', id: 4, seq: 7, state: { ...s, table: `${s.table}001 001 001 | 1\n` } });
  assert.equal(sent.at(-1).message.out.training.steps, 0);
});

test('weights: a file read becomes the starting point; the weights saved read back the same', () => {
  const f = fixture('rnn_table');
  const { sent, handle } = collectingHost();
  const json = JSON.stringify(f.state_dict);
  handle({ type: 'weights', id: 5, req: 1, action: 'load', name: 'w.json', bytes: new TextEncoder().encode(json) });
  assert.equal(sent[0].message.name, 'w.json');
  assert.equal(sent[0].message.config.hidden_size, 4);
  handle({ type: 'compute', id: 5, seq: 1, state: state({ seed: 9 }) });
  assert.ok(maxError(sent[1].message.out.result.h_n.data, f.h_n.data) <= 1e-5, 'the file, not seed 9');
  const config = sent[1].message.out.config;
  handle({ type: 'weights', id: 5, req: 2, action: 'save', format: 'safetensors', config });
  const { body } = sent[2].message;
  assert.ok(body instanceof Uint8Array);
  assert.ok(maxError(recur.readSafetensors(body).weight_ih_l0.data, f.state_dict.weight_ih_l0.data) <= 1e-7);
  handle({ type: 'weights', id: 5, req: 3, action: 'load', name: 'bad.safetensors', bytes: new Uint8Array(3) });
  assert.equal(sent[3].message.error.name, 'RecurError');
});

test("a state's shapes come before its result, known before the forward: the very shapes it returns", () => {
  const { sent, shapes, handle } = collectingHost();
  const words = 'I like it | 1\nit is not good at all | 0';
  const cases = [
    state({ table: fixture('rnn_table').table }),
    state({ mode: 'LSTM', batch_first: false, bidirectional: true, num_layers: '2', proj_size: '2', h0: 'rand' }),
    state({ mode: 'GRU', table: words, encoding: 'embedding', packed: true }),
    state({ input: 'random', batch: '5', seq_len: '7', input_size: '2' }),
  ];
  cases.forEach((s, k) => handle({ type: 'compute', id: 1, seq: k + 1, state: s }));
  assert.equal(shapes.length, cases.length);
  shapes.forEach(({ message, transfer, before }, k) => {
    const { out } = sent[k].message;
    assert.equal(before, k, 'before its result');
    assert.equal(message.seq, k + 1);
    for (const buffer of transfer)
      assert.ok(!sent[k].transfer.includes(buffer), 'copies: nothing of the result is taken');
    const early = message.out;
    assert.equal(early.early, true);
    for (const name of ['output', 'h_n', 'c_n'])
      assert.deepEqual(early.result[name]?.shape, out.result[name]?.shape, name);
    for (const name of ['h0', 'c0']) assert.deepEqual(early.states[name]?.shape, out.states[name]?.shape, name);
    assert.deepEqual(early.table.x?.shape, out.table.x?.shape);
    assert.deepEqual(early.table.ids?.shape, out.table.ids?.shape);
    assert.equal(early.table.batch, out.table.batch);
    assert.equal(early.formatted.x, out.formatted.x);
    assert.equal(early.config.hidden_size, out.config.hidden_size);
    assert.deepEqual(structuredClone(early), early, 'plain data');
  });
  // A table of words read through nn.Embedding: x is its ids' rows, embedding_dim wide.
  assert.equal(shapes[2].message.out.embedding.shape[1], Number(cases[2].embedding_dim));
  assert.equal(shapes[2].message.out.packing.packed, true);
});

test('no early shapes for an input that does not parse, a model refused, the unbatched check, or a training frame', async () => {
  const { sent, shapes, handle } = collectingHost();
  handle({ type: 'compute', id: 1, seq: 1, state: state({ table: '001 01 100 | 1' }) });
  handle({ type: 'compute', id: 1, seq: 2, state: state({ hidden_size: '0' }) });
  handle({ type: 'compute', id: 1, seq: 3, state: state({ unbatched: true }) });
  assert.deepEqual(
    sent.map((m) => m.message.out.ok),
    [false, false, true],
  );
  assert.equal(shapes.length, 0);
  handle({ type: 'compute', id: 1, seq: 4, state: state({ panels: ['train'] }), actions: [{ action: 'train' }] });
  assert.equal(shapes.length, 1, 'the reply only');
  while (sent.at(-1).message.out.training.running) await tick();
  assert.ok(sent.length > 5, 'frames came');
  assert.equal(shapes.length, 1, 'none with the frames');
});

test('the channel: the latest state wins, results come in order, none for a replaced state', async () => {
  // No worker in Node: the page's-thread connection, as the single-file build has.
  const wasmBinary = readFileSync(new URL('../../dist/recur-core.wasm', import.meta.url));
  configureCompute({ createCore: (args) => createRecurCore({ ...args, wasmBinary }) });
  globalThis.requestAnimationFrame ??= setImmediate;
  const results = [];
  const channel = new ComputeChannel((out) => results.push(out));
  await channel.ready;
  assert.equal((await connectionKind()).kind, 'main-thread');
  const table = (n) => Array.from({ length: n }, () => '001 010 100 | 1').join('\n');
  // Typed faster than computed: 2..6 sentences, one state after another.
  for (let n = 2; n <= 6; ++n) channel.compute(state({ table: table(n) }));
  while (results.length === 0 || results.at(-1).table.batch !== 6) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 50));
  const batches = results.map((out) => out.table.batch);
  assert.deepEqual(batches, [...batches].sort(), 'never out of order');
  assert.equal(batches.at(-1), 6, 'the last state typed is the one shown');
  assert.ok(
    !batches.some((b) => b > 2 && b < 6),
    `states replaced while one was computed are never computed: ${batches}`,
  );
});
