// Character-model training and writing speed: Recur's per-step trainer (createTrainer(model,
// {per_step: true})) against what a user would pick instead, in one run: TF.js 4.22's model.fit
// on its wasm backend (1 thread), and PyTorch 1.13 on the CPU, one thread, on OpenBLAS (the BLAS
// its process loaded is read from /proc/self/maps and named). The standard case: one-hot input
// over a vocabulary of 65 characters, hidden 128, seq_len 64, batch 32, a Linear head on every
// step, nn.CrossEntropyLoss over every step, Adam; nn.LSTM, nn.GRU and nn.RNN. Throughput is
// characters a second: batch x seq_len characters a step over the median step time. Then
// writing: Recur's trainer.sample (temperature 1, one character at a time, as the page does).
//
//   npm run bench:text          (set-up and build included; results -> bench/text-results.md)
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRecur } from '../dist/recur.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const BUDGET_MS = 4000,
  MAX_STEPS = 100,
  MIN_STEPS = 5;
const OPENBLAS = process.env.RECUR_BENCH_TORCH_LIBRARY_PATH ?? '/usr/lib/x86_64-linux-gnu/openblas-pthread';
const NATIVE_ENV = {
  ...process.env,
  GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432',
};
const [V, H, T, B] = [65, 128, 64, 32];
const SAMPLE_LENGTH = 2000;

// The same characters for every contender: a fixed pseudo-random text of V characters.
const ids = Int32Array.from({ length: B * (T + 1) }, (_, i) => (i * 7919 + ((i * i) % 31)) % V);
const x = { data: new Float32Array(B * T * V), shape: [B, T, V] };
const y = { data: new Int32Array(B * T), shape: [B, T] };
for (let b = 0; b < B; ++b)
  for (let t = 0; t < T; ++t) {
    x.data[(b * T + t) * V + ids[b * (T + 1) + t]] = 1;
    y.data[b * T + t] = ids[b * (T + 1) + t + 1];
  }

async function time(step) {
  for (let i = 0; i < 2; ++i) await step(); // warm-up: JIT, memory growth
  const ms = [];
  const start = performance.now();
  let first, last;
  while (ms.length < MAX_STEPS && (ms.length < MIN_STEPS || performance.now() - start < BUDGET_MS)) {
    const t0 = performance.now();
    last = await step();
    ms.push(performance.now() - t0);
    first ??= last;
  }
  ms.sort((a, b) => a - b);
  return { steps: ms.length, median: ms[ms.length >> 1], first, last };
}

async function recur(simd) {
  const r = await loadRecur({ simd });
  return async (mode) => {
    const model = r.createModel({ mode, input_size: V, hidden_size: H, batch_first: true });
    const trainer = r.createTrainer(model, { out_features: V, per_step: true, lr: 0.002 });
    const result = await time(() => trainer.step(x, y));
    const t0 = performance.now();
    const written = trainer.sample([0], { length: SAMPLE_LENGTH, temperature: 1, seed: 1 });
    result.sampling = (written.length / (performance.now() - t0)) * 1000;
    trainer.dispose();
    model.dispose();
    return result;
  };
}

async function tfjs() {
  const tf = require('@tensorflow/tfjs');
  const { setWasmPaths } = require('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
  await tf.setBackend('wasm');
  await tf.ready();
  return async (mode) => {
    const model = tf.sequential();
    const cfg = { units: H, returnSequences: true, inputShape: [T, V] };
    model.add(
      mode === 'LSTM'
        ? tf.layers.lstm({ ...cfg, recurrentActivation: 'sigmoid' })
        : mode === 'GRU'
          ? tf.layers.gru({ ...cfg, recurrentActivation: 'sigmoid' }) // TF.js has no reset_after: its GRU resets before the product
          : tf.layers.simpleRNN(cfg),
    );
    model.add(tf.layers.dense({ units: V })); // on every step (a Dense on 3-D input is per step)
    model.compile({ optimizer: tf.train.adam(0.002), loss: (yt, logits) => tf.losses.softmaxCrossEntropy(yt, logits) });
    const xt = tf.tensor(x.data, x.shape),
      yt = tf.oneHot(tf.tensor2d(y.data, y.shape, 'int32'), V);
    const result = await time(
      async () => (await model.fit(xt, yt, { epochs: 1, batchSize: B, shuffle: false, verbose: 0 })).history.loss[0],
    );
    tf.dispose([xt, yt]);
    model.dispose();
    return result;
  };
}

const PYTORCH = `
import ctypes, json, sys, time, torch
import torch.nn.functional as F
torch.set_num_threads(1)
c = json.loads(sys.stdin.read())
V, H, T, B = c["V"], c["H"], c["T"], c["B"]
x = F.one_hot(torch.tensor(c["x"]).reshape(B, T), V).float()
y = torch.tensor(c["y"]).reshape(B, T)
torch.manual_seed(0)
rnn = getattr(torch.nn, c["mode"])(V, H, batch_first=True)
head = torch.nn.Linear(H, V)
opt = torch.optim.Adam([*rnn.parameters(), *head.parameters()], lr=0.002)
def step():
    opt.zero_grad()
    loss = F.cross_entropy(head(rnn(x)[0]).reshape(-1, V), y.reshape(-1))
    loss.backward()
    opt.step()
    return loss.item()
for _ in range(5): step()
ms, first, last, start = [], None, None, time.perf_counter()
while len(ms) < ${MAX_STEPS} and (len(ms) < ${MIN_STEPS} or time.perf_counter() - start < ${BUDGET_MS / 1000}):
    t0 = time.perf_counter(); last = step(); ms.append((time.perf_counter() - t0) * 1000)
    first = last if first is None else first
ms.sort()
r = {"steps": len(ms), "median": ms[len(ms) // 2], "first": first, "last": last}
g = torch.Generator().manual_seed(1)
with torch.no_grad():
    t0 = time.perf_counter()
    out, h = rnn(F.one_hot(torch.tensor([[0]]), V).float())
    for _ in range(${SAMPLE_LENGTH}):
        p = torch.softmax(head(out[0, -1]).double(), 0)
        i = min(int((torch.cumsum(p, 0) <= torch.rand(1, generator=g).item()).sum()), V - 1)
        out, h = rnn(F.one_hot(torch.tensor([[i]]), V).float(), h)
    r["sampling"] = ${SAMPLE_LENGTH} / (time.perf_counter() - t0)
libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower()})
r["blas"] = "reference BLAS" if any("/blas/libblas" in l for l in libs) else "unknown"
for l in libs:
    if "libopenblas" in l:
        lib = ctypes.CDLL(l)
        lib.openblas_get_corename.restype = ctypes.c_char_p
        r["blas"] = "OpenBLAS %s (%s kernels, %d thread)" % (l.split("-r")[-1].rstrip(".so"), lib.openblas_get_corename().decode(), lib.openblas_get_num_threads())
print(json.dumps(r))
`;

function pytorch(mode) {
  const env = { ...NATIVE_ENV, OPENBLAS_NUM_THREADS: '1', LD_LIBRARY_PATH: OPENBLAS };
  const xs = [],
    ys = [];
  for (let b = 0; b < B; ++b)
    for (let t = 0; t < T; ++t) {
      xs.push(ids[b * (T + 1) + t]);
      ys.push(ids[b * (T + 1) + t + 1]);
    }
  try {
    const arg = JSON.stringify({ mode, V, H, T, B, x: xs, y: ys });
    return JSON.parse(execFileSync('/usr/bin/python3', ['-c', PYTORCH], { input: arg, encoding: 'utf8', env }));
  } catch {
    return null; // no PyTorch on this machine: the column says so
  }
}

// `node bench/text.mjs SIMD TF.js` runs only the contenders whose names contain an argument.
const only = process.argv.slice(2);
const wanted = (name) => !only.length || only.some((o) => name.includes(o));
const lazily = (name, make) => (wanted(name) ? make() : () => null);
const contenders = {
  'Recur WASM SIMD': await lazily('Recur WASM SIMD', () => recur(true)),
  'Recur WASM scalar': await lazily('Recur WASM scalar', () => recur(false)),
  'TF.js 4.22 wasm, model.fit': await lazily('TF.js', tfjs),
  'PyTorch 1.13, 1 thread, OpenBLAS (native)': existsSync(`${OPENBLAS}/libblas.so.3`) ? pytorch : () => null,
};
const rows = [],
  samplingRows = [],
  blas = new Set();
const rate = (r) => (r ? Math.round((B * T * 1000) / r.median) : null);
for (const mode of ['LSTM', 'GRU', 'RNN']) {
  const results = {};
  for (const [name, run] of Object.entries(contenders)) {
    if (!wanted(name)) continue;
    const r = await run(mode);
    results[name] = r;
    if (r?.blas) blas.add(r.blas);
    console.log(
      `${mode.padEnd(5)} ${name.padEnd(44)} ${r ? `${r.median.toFixed(1)} ms a step, ${rate(r)} chars/s, loss ${r.first.toFixed(3)} -> ${r.last.toFixed(3)} over ${r.steps} steps${r.sampling ? `, sampling ${Math.round(r.sampling)} chars/s` : ''}` : 'not available'}`,
    );
  }
  const recurRate = rate(results['Recur WASM SIMD']);
  const cells = Object.keys(contenders).map((n) =>
    results[n] ? `${rate(results[n])} (${results[n].median.toFixed(1)} ms)` : 'not run',
  );
  const vs = (n) => (results[n] && recurRate ? `${(recurRate / rate(results[n])).toFixed(2)}x` : '-');
  rows.push(
    `| nn.${mode}(${V}, ${H}) | ${cells.join(' | ')} | ${vs('TF.js 4.22 wasm, model.fit')} | ${vs('PyTorch 1.13, 1 thread, OpenBLAS (native)')} |`,
  );
  samplingRows.push(
    `| nn.${mode}(${V}, ${H}) | ${['Recur WASM SIMD', 'Recur WASM scalar', 'PyTorch 1.13, 1 thread, OpenBLAS (native)'].map((n) => (results[n]?.sampling ? Math.round(results[n].sampling) : 'not run')).join(' | ')} |`,
  );
}
const load = (await import('node:os'))
  .loadavg()
  .map((v) => v.toFixed(1))
  .join(', ');
const names = Object.keys(contenders);
const text = `Character-model training, characters a second (batch ${B} x seq_len ${T} a step; median step time in brackets), one-hot input over ${V} characters, hidden ${H}, a Linear head on every step, cross-entropy over every step, Adam; Node ${process.version}, load average at the end: ${load}:

| model | ${names.join(' | ')} | Recur SIMD / TF.js wasm | Recur SIMD / PyTorch |
|---|${names.map(() => '---:').join('|')}|---:|---:|
${rows.join('\n')}

Writing, characters a second (${SAMPLE_LENGTH} characters at temperature 1, one at a time):

| model | Recur WASM SIMD | Recur WASM scalar | PyTorch 1.13 (native) |
|---|---:|---:|---:|
${samplingRows.join('\n')}

The BLAS the PyTorch process loaded (its /proc/self/maps): ${[...blas].join('; ') || 'none (not run)'}
`;
if (!only.length) writeFileSync(`${here}/text-results.md`, text);
console.log(`\n${text}`);
