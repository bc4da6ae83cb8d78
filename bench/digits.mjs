// The digits mode's training, in one run: one epoch over the 8 000 training digits of
// dist/digits.bin (batch 64, Adam lr 0.02, nn.LSTM(28, 64, batch_first=True) + Linear(64, 10)
// on h_n[-1], cross-entropy) by Recur WASM (SIMD), TF.js 4.22's model.fit on its wasm backend,
// and PyTorch 1.13 on the CPU, one thread, OpenBLAS (the BLAS named from its /proc/self/maps);
// then the test accuracy on the 2 000 test digits after each of 10 epochs, Recur WASM in Node
// in the page's batch order (torch.randperm, seed 0) and its lr schedule (CosineAnnealingLR,
// T_max = the epochs), and PyTorch's in the same order under the same scheduler.
//
//   npm run bench:digits        (set-up and build included; results -> bench/digits-results.md)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { loadRecur } from '../dist/recur.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const DIGITS = `${here}/../dist/digits.bin`;
const OPENBLAS = process.env.RECUR_BENCH_TORCH_LIBRARY_PATH ?? '/usr/lib/x86_64-linux-gnu/openblas-pthread';
const EPOCHS = Number(process.env.DIGITS_EPOCHS ?? 10);
const BATCH = 64,
  LR = 0.02,
  HIDDEN = 64;

const bytes = new Uint8Array(readFileSync(DIGITS));

// Recur WASM: every epoch timed (the steps only), then the test digits evaluated.
async function recur() {
  const r = await loadRecur({ simd: true });
  const digits = r.readDigits(bytes);
  const model = r.createModel({ mode: 'LSTM', input_size: 28, hidden_size: HIDDEN, batch_first: true, seed: 0 });
  const trainer = r.createTrainer(model, { out_features: 10, optimizer: 'adam', lr: LR });
  const test = Int32Array.from({ length: digits.size - digits.train }, (_, i) => digits.train + i);
  const epochs = [];
  for (let e = 0; e < EPOCHS; ++e) {
    trainer.lr = r.cosineAnnealingLR({ lr: LR, T_max: EPOCHS }, e);
    const order = r.randperm(digits.train, { seed: 0, epoch: e });
    const losses = [];
    const t0 = performance.now();
    for (let k = 0; k < order.length; k += BATCH) {
      const { x, y } = digits.batch(order.subarray(k, k + BATCH));
      losses.push(trainer.step(x, y));
    }
    const ms = performance.now() - t0;
    let correct = 0;
    for (let k = 0; k < test.length; k += 200) {
      const { x, y } = digits.batch(test.subarray(k, k + 200));
      correct += trainer.evaluate(x, y).correct;
    }
    epochs.push({ ms, accuracy: correct / test.length, firstLosses: e === 0 ? losses.slice(0, 3) : undefined });
    console.log(
      `Recur WASM epoch ${e + 1}: ${ms.toFixed(0)} ms, test accuracy ${((100 * correct) / test.length).toFixed(2)} %`,
    );
  }
  return { epochs };
}

// TF.js 4.22, wasm backend: the same model (LSTM with sigmoid gates, as PyTorch's), one
// model.fit epoch over the same 8 000 digits in batches of 64 (its own shuffle), timed.
async function tfjs() {
  const tf = require('@tensorflow/tfjs');
  const { setWasmPaths } = require('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
  await tf.setBackend('wasm');
  await tf.ready();
  const count = new DataView(bytes.buffer).getUint32(4, true),
    train = new DataView(bytes.buffer).getUint32(8, true);
  const pixels = bytes.subarray(16 + count, 16 + count + train * 784);
  const x = tf.tidy(() => tf.tensor3d(pixels, [train, 28, 28], 'int32').toFloat().div(255));
  const y = tf.oneHot(tf.tensor1d(bytes.subarray(16, 16 + train), 'int32'), 10);
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: HIDDEN, inputShape: [28, 28], recurrentActivation: 'sigmoid' }));
  model.add(tf.layers.dense({ units: 10 }));
  model.compile({ optimizer: tf.train.adam(LR), loss: (t, logits) => tf.losses.softmaxCrossEntropy(t, logits) });
  const t0 = performance.now();
  const h = await model.fit(x, y, { epochs: 1, batchSize: BATCH, shuffle: true, verbose: 0 });
  const ms = performance.now() - t0;
  console.log(`TF.js wasm epoch: ${ms.toFixed(0)} ms, loss ${h.history.loss[0].toFixed(4)}`);
  tf.dispose([x, y]);
  model.dispose();
  return { ms };
}

// PyTorch 1.13, one thread: the same loop over the same file in the same order; every epoch
// timed, the test accuracy after each.
const PYTORCH = `
import ctypes, json, struct, sys, time, torch
torch.set_num_threads(1)
raw = open(sys.argv[1], "rb").read()
count, train = struct.unpack_from("<II", raw, 4)
labels = torch.tensor(list(raw[16:16 + count]))
x = torch.frombuffer(bytearray(raw[16 + count:]), dtype=torch.uint8).reshape(count, 28, 28).float() / 255
torch.manual_seed(0)
lstm = torch.nn.LSTM(28, ${HIDDEN}, batch_first=True)
head = torch.nn.Linear(${HIDDEN}, 10)
opt = torch.optim.Adam([*lstm.parameters(), *head.parameters()], lr=${LR})
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=int(sys.argv[2]))
g = torch.Generator().manual_seed(0)
epochs = []
for epoch in range(int(sys.argv[2])):
    order = torch.randperm(train, generator=g)
    t0 = time.perf_counter()
    for k in range(0, train, ${BATCH}):
        idx = order[k:k + ${BATCH}]
        loss = torch.nn.functional.cross_entropy(head(lstm(x[idx])[1][0][-1]), labels[idx])
        opt.zero_grad(); loss.backward(); opt.step()
    ms = (time.perf_counter() - t0) * 1000
    scheduler.step()
    with torch.no_grad():
        correct = (head(lstm(x[train:])[1][0][-1]).argmax(1) == labels[train:]).sum().item()
    epochs.append({"ms": ms, "accuracy": correct / (count - train)})
    print("PyTorch epoch %d: %.0f ms, test accuracy %.2f %%" % (epoch + 1, ms, 100 * correct / (count - train)), file=sys.stderr)
libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower()})
blas = "reference BLAS" if any("/blas/libblas" in l for l in libs) else "unknown"
for l in libs:
    if "libopenblas" in l:
        lib = ctypes.CDLL(l)
        lib.openblas_get_corename.restype = ctypes.c_char_p
        blas = "OpenBLAS %s (%s kernels, %d thread)" % (l.split("-r")[-1].rstrip(".so"), lib.openblas_get_corename().decode(), lib.openblas_get_num_threads())
print(json.dumps({"epochs": epochs, "blas": blas}))
`;

function pytorch() {
  // glibc keeps freed memory mapped, as a WASM heap does (bench/training.mjs says why).
  const env = {
    ...process.env,
    OPENBLAS_NUM_THREADS: '1',
    LD_LIBRARY_PATH: OPENBLAS,
    GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432',
  };
  try {
    const out = execFileSync('/usr/bin/python3', ['-c', PYTORCH, DIGITS, String(EPOCHS)], {
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return JSON.parse(out);
  } catch {
    return null;
  }
}

if (!existsSync(DIGITS)) throw new Error('dist/digits.bin is missing: run tools/build.sh');
const before = loadavg()[0].toFixed(1);
const ours = await recur();
const tf = await tfjs();
const torch = pytorch();
const load = loadavg()
  .map((v) => v.toFixed(1))
  .join(', ');
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const first = ours.epochs[0].ms;
const rows = [
  `| Recur WASM SIMD (Node ${process.version}) | ${s(first)} | 1.00x |`,
  `| TF.js 4.22 wasm, model.fit | ${s(tf.ms)} | ${(tf.ms / first).toFixed(2)}x |`,
  torch
    ? `| PyTorch 1.13, 1 thread, ${torch.blas} | ${s(torch.epochs[0].ms)} | ${(torch.epochs[0].ms / first).toFixed(2)}x |`
    : '| PyTorch 1.13, 1 thread, OpenBLAS | not available | |',
];
const pct = (a) => `${(100 * a).toFixed(1)} %`;
const accuracy = ours.epochs.map(
  (e, i) =>
    `| ${i + 1} | ${pct(e.accuracy)} | ${torch ? pct(torch.epochs[i].accuracy) : 'not available'} | ${s(e.ms)} |`,
);
const text = `One epoch over the 8 000 training digits (batch 64, Adam lr 0.02, nn.LSTM(28, 64) + Linear(64, 10)), this machine, load average ${before} at the start, ${load} at the end:

| contender | epoch (first) | time / Recur's |
|---|---:|---:|
${rows.join('\n')}

Test accuracy on the 2 000 test digits after each epoch, the page's batch order (torch.randperm, seed 0) and lr schedule (CosineAnnealingLR, T_max ${EPOCHS}), seed-0 weights:

| epoch | Recur WASM (Node) | PyTorch 1.13 | Recur's epoch time |
|---:|---:|---:|---:|
${accuracy.join('\n')}
`;
writeFileSync(`${here}/digits-results.md`, text);
console.log(`\n${text}`);
