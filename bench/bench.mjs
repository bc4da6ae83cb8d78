// Recur against what a user would pick instead, in one run, on this machine:
//   Recur WASM SIMD128, Recur WASM scalar, onnxruntime-web (wasm, 1 thread), TF.js (wasm backend,
//   1 thread), a plain-JS loop, and natively Recur (AVX2), onnxruntime-node (1 thread) and
//   PyTorch (1 thread) on Debian's reference BLAS and on OpenBLAS.
// Every contender's h_n[-1] is first checked against PyTorch's (bench/models/reference.json);
// one that does not match is reported, not timed. Model creation and weight upload are outside
// the timed region for all; input upload and reading the result back are inside for all.
//
//   npm run bench            (from the repository root; set-up, export and build included)
//   node bench/bench.mjs [--group notebook|scaling] [--only name,...]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRecur } from '../dist/recur.mjs';
import { formulaX as fixtureFormulaX, transpose01 } from '../tests/node/fixtures.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const cases = JSON.parse(readFileSync(`${here}/cases.json`, 'utf8'))
  .filter((c) => !option('--group') || c.group === option('--group'))
  .filter((c) => !option('--only') || option('--only').split(',').includes(c.name));
const reference = JSON.parse(readFileSync(`${here}/models/reference.json`, 'utf8'));
const TOLERANCE = 1e-4; // a contender within this of PyTorch is "matching"
const MAX_RUNS = 20,
  BUDGET_MS = 3000,
  SKIP_IF_RUN_OVER_MS = 8000;

const flops = (c) => {
  const G = c.mode === 'LSTM' ? 4 : 1;
  let f = 0;
  for (let l = 0; l < c.num_layers; ++l)
    f += 2 * c.seq_len * c.batch * G * c.hidden_size * ((l ? c.hidden_size : c.input_size) + c.hidden_size);
  return f;
};

// The fixtures' formula input, in the case's layout.
function formulaX(c, batchFirst) {
  const x = fixtureFormulaX(c.batch, c.seq_len, c.input_size);
  return batchFirst ? x : transpose01(x);
}

// h_n[-1] as [B, H] -> the 64 sampled values -> worst error against PyTorch.
function check(c, hLast) {
  const ref = reference[c.name];
  let worst = 0;
  ref.positions.forEach(([b, u], k) => {
    worst = Math.max(worst, Math.abs(hLast[b * c.hidden_size + u] - ref.values[k]));
  });
  return Number.isNaN(worst) ? Infinity : worst;
}

async function time(run) {
  await run(); // warm-up (and JIT)
  const ms = [];
  const start = performance.now();
  while (ms.length < MAX_RUNS && (ms.length < 3 || performance.now() - start < BUDGET_MS)) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
    if (ms[0] > SKIP_IF_RUN_OVER_MS) break;
  }
  ms.sort((a, b) => a - b);
  return { runs: ms.length, median: ms[ms.length >> 1], min: ms[0], max: ms[ms.length - 1] };
}

// --- contenders: each prepares a case and returns { hLast(), run() } ---------------------

async function recurContender(simd) {
  const recur = await loadRecur({ simd });
  return (c) => {
    const model = recur.createModel({
      mode: c.mode,
      input_size: c.input_size,
      hidden_size: c.hidden_size,
      num_layers: c.num_layers,
      batch_first: c.batch_first,
      seed: 0,
    });
    const x = formulaX(c, c.batch_first);
    const L = c.num_layers,
      B = c.batch,
      H = c.hidden_size;
    return {
      weights: model.stateDict(),
      hLast: () => model.forward(x).h_n.data.subarray((L - 1) * B * H),
      run: () => model.forward(x),
      dispose: () => model.dispose(),
      memory: () => recur.memoryBytes,
    };
  };
}

async function ortWebContender() {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.simd = true;
  return async (c) => {
    const session = await ort.InferenceSession.create(readFileSync(`${here}/models/${c.name}.onnx`), {
      executionProviders: ['wasm'],
    });
    const x = formulaX(c, c.batch_first);
    const run = () => session.run({ x: new ort.Tensor('float32', x.data, x.shape) });
    const L = c.num_layers,
      B = c.batch,
      H = c.hidden_size;
    return {
      hLast: async () => (await run()).h_n.data.subarray((L - 1) * B * H),
      run,
      dispose: () => session.release(),
    };
  };
}

async function ortNodeContender() {
  const ort = require('onnxruntime-node');
  return async (c) => {
    const session = await ort.InferenceSession.create(`${here}/models/${c.name}.onnx`, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
    const x = formulaX(c, c.batch_first);
    const run = () => session.run({ x: new ort.Tensor('float32', x.data, x.shape) });
    const L = c.num_layers,
      B = c.batch,
      H = c.hidden_size;
    return {
      hLast: async () => (await run()).h_n.data.subarray((L - 1) * B * H),
      run,
      dispose: () => session.release?.(),
    };
  };
}

async function tfjsContender() {
  const tf = require('@tensorflow/tfjs');
  const { setWasmPaths } = require('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
  await tf.setBackend('wasm');
  await tf.ready();
  return (c, weights) => {
    // Keras layout: kernel = W_ih^T, recurrentKernel = W_hh^T, bias = b_ih + b_hh; gates i, f, c, o.
    const model = tf.sequential();
    const G = c.mode === 'LSTM' ? 4 : 1,
      H = c.hidden_size;
    const t = (w) => tf.tensor(w.data, w.shape).transpose();
    for (let l = 0; l < c.num_layers; ++l) {
      const cfg = {
        units: H,
        returnSequences: l + 1 < c.num_layers,
        kernelInitializer: 'zeros',
        recurrentInitializer: 'zeros',
        ...(l ? {} : { inputShape: [c.seq_len, c.input_size] }),
      };
      const layer =
        c.mode === 'LSTM'
          ? tf.layers.lstm({ ...cfg, recurrentActivation: 'sigmoid' })
          : tf.layers.simpleRNN({ ...cfg, activation: 'tanh' });
      model.add(layer);
      const bias = weights[`bias_ih_l${l}`].data.map((v, k) => v + weights[`bias_hh_l${l}`].data[k]);
      layer.setWeights([t(weights[`weight_ih_l${l}`]), t(weights[`weight_hh_l${l}`]), tf.tensor(bias, [G * H])]);
    }
    const x = formulaX(c, true); // TF.js layers are batch-major only
    const run = () => tf.tidy(() => model.predict(tf.tensor(x.data, x.shape))).data();
    return { hLast: run, run, dispose: () => model.dispose() };
  };
}

function plainJsContender() {
  // What a learner might write: the equations, Float32Arrays, no tricks.
  return (c, weights) => {
    const x = formulaX(c, true);
    const { batch: B, seq_len: T, hidden_size: H, num_layers: L } = c;
    const lstm = c.mode === 'LSTM',
      G = lstm ? 4 : 1;
    const sig = (v) => 1 / (1 + Math.exp(-v));
    const run = () => {
      let input = x.data,
        I = c.input_size,
        h;
      for (let l = 0; l < L; ++l) {
        const wi = weights[`weight_ih_l${l}`].data,
          wh = weights[`weight_hh_l${l}`].data;
        const bi = weights[`bias_ih_l${l}`].data,
          bh = weights[`bias_hh_l${l}`].data;
        const out = new Float32Array(B * T * H),
          g = new Float32Array(G * H);
        for (let b = 0; b < B; ++b) {
          h = new Float32Array(H);
          const cs = new Float32Array(H);
          for (let t = 0; t < T; ++t) {
            const xo = (b * T + t) * I;
            for (let r = 0; r < G * H; ++r) {
              let s = bi[r] + bh[r];
              for (let i = 0; i < I; ++i) s += wi[r * I + i] * input[xo + i];
              for (let j = 0; j < H; ++j) s += wh[r * H + j] * h[j];
              g[r] = s;
            }
            for (let j = 0; j < H; ++j) {
              if (lstm) {
                cs[j] = sig(g[H + j]) * cs[j] + sig(g[j]) * Math.tanh(g[2 * H + j]);
                h[j] = sig(g[3 * H + j]) * Math.tanh(cs[j]);
              } else h[j] = Math.tanh(g[j]);
            }
            out.set(h, (b * T + t) * H);
          }
        }
        input = out;
        I = H;
      }
      const last = new Float32Array(B * H);
      for (let b = 0; b < B; ++b) last.set(input.subarray((b * T + T - 1) * H, (b * T + T) * H), b * H);
      return last;
    };
    return { hLast: run, run, dispose: () => {} };
  };
}

function nativeRecur(c) {
  const bin = `${here}/../build/native/recur_bench`;
  const out = JSON.parse(
    execFileSync(
      bin,
      [c.mode, c.batch, c.seq_len, c.input_size, c.hidden_size, c.num_layers, c.batch_first ? 1 : 0].map(String),
      { encoding: 'utf8' },
    ),
  );
  const hLast = new Float32Array(c.batch * c.hidden_size);
  reference[c.name].positions.forEach(([b, u], k) => {
    hLast[b * c.hidden_size + u] = out.samples[k];
  });
  return { error: check(c, hLast), ...out };
}

// PyTorch 1.13's forward (torch.no_grad, 1 thread), natively, with the seed-0 weights (the same
// as Recur's seed 0) on the same x; on Debian's reference BLAS (the system's default) or on
// OpenBLAS (tools/bench.sh sets RECUR_BENCH_TORCH_LIBRARY_PATH to Debian's
// libopenblas0-pthread). The process reports the BLAS it mapped (/proc/self/maps).
const PYTORCH_FORWARD = `
import ctypes, json, sys, time, torch
sys.path.insert(0, ${JSON.stringify(`${here}/../tools`)})
from make_fixtures import formula_x
torch.set_num_threads(1)
c = json.loads(sys.stdin.read())
torch.manual_seed(0)
kind = torch.nn.LSTM if c["mode"] == "LSTM" else torch.nn.RNN
rnn = kind(c["input_size"], c["hidden_size"], c["num_layers"], batch_first=c["batch_first"])
x = formula_x(c["batch"], c["seq_len"], c["input_size"])
x = x if c["batch_first"] else x.transpose(0, 1).contiguous()
def run():
    with torch.no_grad():
        return rnn(x)[1]
h_n = run()
h_n = h_n[0] if c["mode"] == "LSTM" else h_n
ms, start = [], time.perf_counter()
while len(ms) < ${MAX_RUNS} and (len(ms) < 3 or time.perf_counter() - start < ${BUDGET_MS / 1000}):
    t0 = time.perf_counter(); run(); ms.append((time.perf_counter() - t0) * 1000)
ms.sort()
libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower()})
blas = "reference BLAS" if any("/blas/libblas" in l for l in libs) else "unknown"
for l in libs:
    if "libopenblas" in l:
        lib = ctypes.CDLL(l)
        lib.openblas_get_corename.restype = ctypes.c_char_p
        blas = "OpenBLAS (%s kernels, %d thread)" % (lib.openblas_get_corename().decode(), lib.openblas_get_num_threads())
print(json.dumps({"runs": len(ms), "median": ms[len(ms) // 2], "min": ms[0], "max": ms[-1], "blas": blas,
                  "h_last": h_n[-1].reshape(-1).tolist()}))
`;

function pytorchForward(libraryPath) {
  return (c) => {
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1' };
    if (libraryPath) env.LD_LIBRARY_PATH = libraryPath;
    try {
      const out = JSON.parse(
        execFileSync('/usr/bin/python3', ['-c', PYTORCH_FORWARD], { input: JSON.stringify(c), encoding: 'utf8', env }),
      );
      return { error: check(c, out.h_last), ...out };
    } catch {
      return { error: Infinity, skipped: 'no PyTorch' };
    }
  };
}
const OPENBLAS = process.env.RECUR_BENCH_TORCH_LIBRARY_PATH ?? '/usr/lib/x86_64-linux-gnu/openblas-pthread';

// --- run ---------------------------------------------------------------------------------

const makers = {
  'Recur WASM SIMD': await recurContender(true),
  'Recur WASM scalar': await recurContender(false),
  'onnxruntime-web 1.30 (wasm, 1 thread)': await ortWebContender(),
  'TF.js 4.22 (wasm backend)': await tfjsContender(),
  'plain JS': plainJsContender(),
  'onnxruntime-node 1.30 (native, 1 thread)': await ortNodeContender(),
};
const rows = [],
  blasOf = {};
for (const c of cases) {
  const gflop = flops(c) / 1e9;
  const weights = (await makers['Recur WASM SIMD'](c)).weights;
  const results = {};
  for (const [name, make] of Object.entries(makers)) {
    const contender = await make(c, weights);
    const error = check(c, await contender.hLast());
    if (!(error <= TOLERANCE))
      results[name] = { error, skipped: `does not match PyTorch (max error ${error.toExponential(1)})` };
    else {
      const t0 = performance.now();
      await contender.run();
      const once = performance.now() - t0;
      results[name] =
        once > SKIP_IF_RUN_OVER_MS
          ? { error, skipped: `${(once / 1000).toFixed(0)} s a run` }
          : { error, ...(await time(contender.run)) };
      if (contender.memory) results[name].memory = contender.memory();
    }
    contender.dispose();
  }
  results['Recur native'] = nativeRecur(c);
  results['PyTorch 1.13, reference BLAS (native)'] = pytorchForward(null)(c);
  results['PyTorch 1.13, OpenBLAS (native)'] = pytorchForward(OPENBLAS)(c);
  for (const name of ['PyTorch 1.13, reference BLAS (native)', 'PyTorch 1.13, OpenBLAS (native)'])
    if (results[name].blas) (blasOf[name] ??= new Set()).add(results[name].blas);
  rows.push({ c, gflop, results });
  const ort = results['onnxruntime-web 1.30 (wasm, 1 thread)'].median;
  console.log(
    `\n${c.name}: ${c.mode} B=${c.batch} T=${c.seq_len} I=${c.input_size} H=${c.hidden_size} layers=${c.num_layers} batch_first=${c.batch_first} (${(gflop * 1000).toFixed(1)} MFLOP)`,
  );
  for (const [name, r] of Object.entries(results)) {
    if (r.skipped) {
      console.log(`  ${name.padEnd(42)} skipped: ${r.skipped}`);
      continue;
    }
    console.log(
      `  ${name.padEnd(42)} median ${r.median.toFixed(2).padStart(9)} ms  min ${r.min.toFixed(2).padStart(8)}  max ${r.max.toFixed(2).padStart(8)}  ` +
        `${((gflop / r.median) * 1000).toFixed(1).padStart(6)} GFLOP/s  x${ort ? (ort / r.median).toFixed(2) : '?'} vs ort-web  err ${r.error.toExponential(1)}` +
        (r.memory ? `  wasm memory ${(r.memory / 1048576).toFixed(1)} MiB` : '') +
        (r.blas ? `  ${r.blas}` : ''),
    );
  }
}

// A markdown table for README: median ms (GFLOP/s), and the ratio to onnxruntime-web.
const names = Object.keys(rows[0]?.results ?? {});
const short = (n) =>
  n.replace(' (wasm, 1 thread)', '').replace(' (native, 1 thread)', ' (native)').replace(' (wasm backend)', ' wasm');
let md = `| case | MFLOP | ${names.map(short).join(' | ')} |\n|---|---:|${names.map(() => '---:').join('|')}|\n`;
for (const { c, gflop, results } of rows) {
  const ort = results['onnxruntime-web 1.30 (wasm, 1 thread)'].median;
  md +=
    `| ${c.name} | ${(gflop * 1000).toFixed(0)} | ` +
    names
      .map((n) => {
        const r = results[n];
        if (r.skipped) return r.skipped.startsWith('does not') ? 'mismatch' : `skipped (${r.skipped})`;
        const ratio = ort && n !== 'onnxruntime-web 1.30 (wasm, 1 thread)' ? `, ×${(ort / r.median).toFixed(2)}` : '';
        return `${r.median.toFixed(2)} ms (${((gflop / r.median) * 1000).toFixed(1)} GF/s${ratio})`;
      })
      .join(' | ') +
    ' |\n';
}
md += `\nThe BLAS each PyTorch column's process loaded (its /proc/self/maps): ${Object.entries(blasOf)
  .map(([n, set]) => `${n}: ${[...set].join('; ')}`)
  .join('; ')}.\n`;
// Only a full run replaces the recorded table (README's comes from it).
if (option('--group') || option('--only')) console.log(`\n${md}`);
else {
  writeFileSync(`${here}/results.md`, md);
  console.log(`\n${md}\nwritten to bench/results.md`);
}
