// The page's first state goes to the compute worker while it is still loading (compute-client.mjs,
// `computeLaunched`): no round trip through the page between the worker's 'ready' and the first
// compute. Here the worker is a stand-in that records what it is sent; each test loads its own
// instance of compute-client.mjs (the connection is made once a module instance).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import createRecurCore from '../../dist/recur-core.mjs';
import { defaults } from '../../web/state.mjs';

const client = (name) => import(`../../web/compute-client.mjs?${name}`);
globalThis.requestAnimationFrame ??= setImmediate;

/** A worker still loading its module: what it is sent, and its answers played by the test. */
function loadingWorker() {
  let answer;
  const worker = { sent: [], terminated: false, onmessage: null };
  worker.postMessage = (message) => worker.sent.push(message);
  worker.terminate = () => (worker.terminated = true);
  const started = new Promise((resolve) => (answer = (first) => resolve({ worker, first })));
  return { worker, start: { worker, started, launched: Promise.resolve() }, answer };
}

test('the first state is sent to the worker before it is ready; its result is shown once it is', async () => {
  const { ComputeChannel, computeLaunched, connectionKind } = await client('ready');
  const { worker, start, answer } = loadingWorker();
  computeLaunched(start);
  const results = [];
  const channel = new ComputeChannel((out) => results.push(out));
  channel.compute({ ...defaults(), seed: 3 });
  assert.equal(worker.sent.length, 1, 'sent at once, not after the worker is ready');
  const [message] = worker.sent;
  assert.equal(message.type, 'compute');
  assert.equal(message.state.seed, 3);
  // A newer state waits for the one in flight, as on any connection.
  channel.compute({ ...defaults(), seed: 4 });
  assert.equal(worker.sent.length, 1);

  answer({ type: 'ready', simdArch: 'wasm' });
  await channel.ready;
  assert.deepEqual(await connectionKind(), { kind: 'worker', reason: 'a module worker' });
  assert.equal(worker.sent.length, 1, 'the state sent early is not sent again');
  // The worker's answer to it: stale (seed 4 waits), so not shown; seed 4 goes next.
  worker.onmessage({ data: { type: 'result', id: message.id, seq: message.seq, reply: true, out: { seed: 3 } } });
  assert.deepEqual(results, []);
  assert.equal(worker.sent.length, 2);
  assert.equal(worker.sent[1].state.seed, 4);
  worker.onmessage({
    data: { type: 'result', id: message.id, seq: worker.sent[1].seq, reply: true, out: { seed: 4 } },
  });
  assert.deepEqual(results, [{ seed: 4 }]);
});

test("a state sent to a worker that then fails is computed on the page's thread", async () => {
  const { ComputeChannel, computeLaunched, configureCompute, connectionKind } = await client('failed');
  const wasmBinary = readFileSync(new URL('../../dist/recur-core.wasm', import.meta.url));
  const { worker, start, answer } = loadingWorker();
  computeLaunched(start);
  const results = [];
  const channel = new ComputeChannel((out) => results.push(out));
  channel.compute({ ...defaults(), table: '001 010 100 | 1\n100 111 000 | 0\n' });
  assert.equal(worker.sent.length, 1);
  // The page's thread loads the module the way the single-file build does (Node has no worker).
  configureCompute({ createCore: (args) => createRecurCore({ ...args, wasmBinary }) });
  answer({ type: 'failed', message: 'no WebAssembly here' });
  await channel.ready;
  assert.equal((await connectionKind()).kind, 'main-thread');
  for (let k = 0; k < 400 && results.length === 0; ++k) await new Promise((r) => setTimeout(r, 5));
  assert.equal(results.length, 1, "computed once, on the page's thread");
  assert.ok(results[0].ok, 'the state sent to the worker, computed here');
  assert.deepEqual(results[0].result.output.shape, [2, 3, 4]);
});
