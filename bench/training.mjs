// Training speed: Recur's trainer.step against what a user would pick instead, in one run:
// TF.js's model.fit (one epoch of one batch: the same full-batch step) on its wasm backend
// (1 thread) and its plain-JS cpu backend, and natively Recur (AVX2, build/native's
// recur_training_bench) and PyTorch on the CPU (1 thread) on two BLAS: Debian's reference BLAS
// (the system's default) and OpenBLAS. Same shapes, same optimizer (Adam), same loss
// (cross-entropy of a Linear head on the last hidden state). Each PyTorch column names the BLAS
// its process loaded (read from /proc/self/maps). Beside each training step, the forward of the
// same model alone, so a step is also measured in forwards.
//
//   npm run bench:training          (set-up and build included; results -> bench/training-results.md)
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRecur } from '../dist/recur.mjs';
import { formulaX } from '../tests/node/fixtures.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const BUDGET_MS = 3000,
  MAX_STEPS = 200,
  MIN_STEPS = 5;
// tools/bench.sh sets this to Debian's libopenblas0-pthread directory.
const OPENBLAS = process.env.RECUR_BENCH_TORCH_LIBRARY_PATH ?? '/usr/lib/x86_64-linux-gnu/openblas-pthread';
const NATIVE = `${here}/../build/native/recur_training_bench`;
// The native processes (Recur's and PyTorch's alike) keep freed memory mapped, as a WASM heap
// always does: glibc otherwise hands a step's large buffers back to the kernel when they are
// freed and faults them in again on the next step, which on this VM costs more than the
// arithmetic (Recur's native LSTM step: about 5x slower with glibc's defaults).
const NATIVE_ENV = {
  ...process.env,
  GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432',
};

const NOTEBOOK = [
  0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1,
  0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0,
];
const CASES = [
  {
    name: 'notebook table 6x3x3, RNN 4',
    mode: 'RNN',
    x: { data: Float32Array.from(NOTEBOOK), shape: [6, 3, 3] },
    y: [1, 0, 1, 1, 0, 0],
    hidden: 4,
    layers: 1,
    classes: 2,
    lr: 0.05,
  },
  {
    name: 'notebook table 6x3x3, LSTM 4',
    mode: 'LSTM',
    x: { data: Float32Array.from(NOTEBOOK), shape: [6, 3, 3] },
    y: [1, 0, 1, 1, 0, 0],
    hidden: 4,
    layers: 1,
    classes: 2,
    lr: 0.05,
  },
  {
    name: 'preset 128x28x12, RNN 64 x 2 layers, Linear(64, 10)',
    mode: 'RNN',
    x: formulaX(128, 28, 12),
    y: Array.from({ length: 128 }, (_, b) => b % 10),
    hidden: 64,
    layers: 2,
    classes: 10,
    lr: 0.001,
    formula: true,
  },
  {
    name: 'preset 128x28x12, LSTM 64, Linear(64, 10)',
    mode: 'LSTM',
    x: formulaX(128, 28, 12),
    y: Array.from({ length: 128 }, (_, b) => b % 10),
    hidden: 64,
    layers: 1,
    classes: 10,
    lr: 0.001,
    formula: true,
  },
];

// ms a call: warm-up calls, then as many as fit the budget; median, and the first and last result.
async function time(step) {
  for (let i = 0; i < 10; ++i) await step(); // warm-up: JIT, memory growth
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

// A step and the forward alone, alternately (so a busy machine slows both alike): the median of
// each, and the median of their ratio, step by step.
async function timePair(step, forward) {
  for (let i = 0; i < 10; ++i) {
    await step();
    await forward();
  }
  const s = [],
    f = [],
    ratio = [];
  const start = performance.now();
  let first, last;
  while (s.length < MAX_STEPS && (s.length < MIN_STEPS || performance.now() - start < BUDGET_MS)) {
    let t0 = performance.now();
    last = await step();
    s.push(performance.now() - t0);
    t0 = performance.now();
    await forward();
    f.push(performance.now() - t0);
    ratio.push(s.at(-1) / f.at(-1));
    first ??= last;
  }
  const median = (v) => v.sort((a, b) => a - b)[v.length >> 1];
  return { steps: s.length, median: median(s), forward: median(f), ratio: median(ratio), first, last };
}

async function recur(simd) {
  const r = await loadRecur({ simd });
  return async (c) => {
    const model = r.createModel({
      mode: c.mode,
      input_size: c.x.shape[2],
      hidden_size: c.hidden,
      num_layers: c.layers,
      batch_first: true,
    });
    const trainer = r.createTrainer(model, { out_features: c.classes, optimizer: 'adam', lr: c.lr });
    const y = Int32Array.from(c.y);
    const result = await timePair(
      () => trainer.step(c.x, y),
      () => model.forward(c.x),
    );
    trainer.dispose();
    model.dispose();
    return { ...result, memory: r.memoryBytes };
  };
}

// recur_training_bench (build/native): the same step through Trainer::step, natively. It makes
// the bench's x itself (the formula), so it runs the preset cases only.
function recurNative(c) {
  if (!c.formula || !existsSync(NATIVE)) return null;
  const [B, T, I] = c.x.shape;
  const out = execFileSync(NATIVE, [c.mode, B, T, I, c.hidden, c.layers, c.classes, c.lr].map(String), {
    encoding: 'utf8',
    env: NATIVE_ENV,
  });
  const r = JSON.parse(out);
  return { ...r, forward: r.forward_median };
}

async function tfjs(backend) {
  const tf = require('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const { setWasmPaths } = require('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
  }
  return async (c) => {
    await tf.setBackend(backend);
    await tf.ready();
    const model = tf.sequential();
    for (let l = 0; l < c.layers; ++l) {
      const cfg = {
        units: c.hidden,
        returnSequences: l + 1 < c.layers,
        ...(l ? {} : { inputShape: [c.x.shape[1], c.x.shape[2]] }),
      };
      model.add(
        c.mode === 'LSTM' ? tf.layers.lstm({ ...cfg, recurrentActivation: 'sigmoid' }) : tf.layers.simpleRNN(cfg),
      );
    }
    model.add(tf.layers.dense({ units: c.classes }));
    model.compile({ optimizer: tf.train.adam(c.lr), loss: (y, logits) => tf.losses.softmaxCrossEntropy(y, logits) });
    const x = tf.tensor(c.x.data, c.x.shape),
      y = tf.oneHot(tf.tensor1d(c.y, 'int32'), c.classes);
    const result = await time(
      async () =>
        (await model.fit(x, y, { epochs: 1, batchSize: c.x.shape[0], shuffle: false, verbose: 0 })).history.loss[0],
    );
    const memory = tf.memory().numBytes;
    tf.dispose([x, y]);
    model.dispose();
    return { ...result, memory };
  };
}

// PyTorch 1.13 on the CPU, one thread: the same loop, timed in Python, then the forward alone
// (no_grad). It reports the BLAS libraries its own process mapped, and OpenBLAS's kernel.
const PYTORCH = `
import ctypes, json, sys, time, torch
torch.set_num_threads(1)
c = json.loads(sys.stdin.read())
B, T, I = c["shape"]
x = torch.tensor(c["x"], dtype=torch.float32).reshape(B, T, I)
y = torch.tensor(c["y"])
torch.manual_seed(0)
rnn = (torch.nn.LSTM if c["mode"] == "LSTM" else torch.nn.RNN)(I, c["hidden"], c["layers"], batch_first=True)
head = torch.nn.Linear(c["hidden"], c["classes"])
opt = torch.optim.Adam([*rnn.parameters(), *head.parameters()], lr=c["lr"])
def step():
    opt.zero_grad()
    h_n = rnn(x)[1]
    h_n = h_n[0] if c["mode"] == "LSTM" else h_n
    loss = torch.nn.functional.cross_entropy(head(h_n[-1]), y)
    loss.backward()
    opt.step()
    return loss.item()
def forward():
    with torch.no_grad():
        rnn(x)
def timed(f):
    for _ in range(10): f()
    ms, first, last, start = [], None, None, time.perf_counter()
    while len(ms) < ${MAX_STEPS} and (len(ms) < ${MIN_STEPS} or time.perf_counter() - start < ${BUDGET_MS / 1000}):
        t0 = time.perf_counter(); last = f(); ms.append((time.perf_counter() - t0) * 1000)
        first = last if first is None else first
    ms.sort()
    return {"steps": len(ms), "median": ms[len(ms) // 2], "first": first, "last": last}
r = timed(step)
r["forward"] = timed(forward)["median"]
libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower()})
r["blas_libraries"] = libs
r["blas"] = "reference BLAS" if any("/blas/libblas" in l for l in libs) else "unknown"
for l in libs:
    if "libopenblas" in l:
        lib = ctypes.CDLL(l)
        lib.openblas_get_corename.restype = ctypes.c_char_p
        r["blas"] = "OpenBLAS %s (%s kernels, %d thread)" % (l.split("-r")[-1].rstrip(".so"), lib.openblas_get_corename().decode(), lib.openblas_get_num_threads())
print(json.dumps(r))
`;

function pytorch(libraryPath) {
  return (c) => {
    const env = { ...NATIVE_ENV, OPENBLAS_NUM_THREADS: '1' };
    if (libraryPath) env.LD_LIBRARY_PATH = libraryPath;
    try {
      const arg = JSON.stringify({ ...c, x: Array.from(c.x.data), shape: c.x.shape });
      return JSON.parse(execFileSync('/usr/bin/python3', ['-c', PYTORCH], { input: arg, encoding: 'utf8', env })); // x by stdin: too long for argv
    } catch {
      return null; // no PyTorch (or no OpenBLAS) on this machine: the column says so
    }
  };
}

const contenders = {
  'Recur WASM SIMD': await recur(true),
  'Recur WASM scalar': await recur(false),
  'TF.js 4.22 wasm, model.fit': await tfjs('wasm'),
  'TF.js 4.22 cpu (JS), model.fit': await tfjs('cpu'),
  'Recur native (AVX2)': recurNative,
  'PyTorch 1.13, 1 thread, reference BLAS (native)': pytorch(null),
  'PyTorch 1.13, 1 thread, OpenBLAS (native)': pytorch(
    existsSync(`${OPENBLAS}/libblas.so.3`) ? OPENBLAS : '/nonexistent',
  ),
};

const showsForward = (name) =>
  name === 'Recur WASM SIMD' || name.startsWith('Recur native') || name.startsWith('PyTorch');
const rows = [],
  forwardRows = [],
  blas = {};
for (const c of CASES) {
  const cells = [],
    forwards = [];
  for (const [name, run] of Object.entries(contenders)) {
    const r = await run(c);
    const text = r ? `${r.median.toFixed(2)} ms (${Math.round(1000 / r.median)} steps/s)` : 'not available';
    cells.push(text);
    if (r?.blas) (blas[name] ??= new Set()).add(r.blas);
    if (showsForward(name))
      forwards.push(
        r
          ? `${r.forward.toFixed(2)} ms (step = ${(r.ratio ?? r.median / r.forward).toFixed(1)} forwards)`
          : 'not available',
      );
    console.log(
      `${c.name.padEnd(52)} ${name.padEnd(48)} ${text}${r ? `  loss ${r.first.toFixed(4)} -> ${r.last.toFixed(4)} over ${r.steps} steps${r.forward ? `, forward ${r.forward.toFixed(2)} ms` : ''}${r.memory ? `, memory ${(r.memory / 1048576).toFixed(1)} MiB` : ''}${r.blas ? `, ${r.blas}` : ''}` : ''}`,
    );
  }
  rows.push(`| ${c.name} | ${cells.join(' | ')} |`);
  forwardRows.push(`| ${c.name} | ${forwards.join(' | ')} |`);
}
const names = Object.keys(contenders);
const forwardNames = names.filter(showsForward);
const table = [`| case | ${names.join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`, ...rows].join('\n');
const forwardTable = [
  `| case | ${forwardNames.join(' | ')} |`,
  `|---|${forwardNames.map(() => '---:').join('|')}|`,
  ...forwardRows,
].join('\n');
const blasLines = Object.entries(blas)
  .map(([name, set]) => `- ${name}: ${[...set].join('; ')}`)
  .join('\n');
const load = (await import('node:os'))
  .loadavg()
  .map((v) => v.toFixed(1))
  .join(', ');
const text = `Training step (forward, backward, Adam update), median of up to ${MAX_STEPS} steps, Node ${process.version}, this machine (load average at the end: ${load}):

${table}

The forward of the same model alone (median), and the step in forwards (Recur WASM: timed alternately with the steps, the median of each step's ratio; the others: the ratio of the medians):

${forwardTable}

The BLAS each PyTorch process loaded (its /proc/self/maps):
${blasLines}
`;
writeFileSync(`${here}/training-results.md`, text);
console.log(`\n${text}`);
