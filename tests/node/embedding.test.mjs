// Words through the JS API, SIMD and scalar builds: createModel({ num_embeddings }) puts
// nn.Embedding(V, input_size, padding_idx=0) in front of the recurrent layer; 20 Adam steps on
// packed sentences of ids match PyTorch (tests/fixtures/embedding); the trained weights saved
// as JSON and .safetensors load back into the generated PyTorch module with strict=True.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRecur, RecurError } from '../../dist/recur.mjs';
import { maxAbsError } from './fixtures.mjs';

const dir = new URL('../fixtures/embedding/', import.meta.url);
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();
const load = (name) => JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
const tensor = (t) => ({ data: Float32Array.from(t.data), shape: t.shape });

const builds = {};
before(async () => {
  builds.simd = await loadRecur({ simd: true });
  builds.scalar = await loadRecur({ simd: false });
});

for (const build of ['simd', 'scalar'])
  for (const name of names)
    test(`${build} build, ${name}: seeded bit for bit, 20 Adam steps with every gradient within 1e-4`, () => {
      const recur = builds[build];
      const f = load(name);
      const model = recur.createModel(f.config);
      const trainer = recur.createTrainer(model, f.optimizer);
      try {
        const seeded = trainer.stateDict();
        assert.deepEqual(Object.keys(seeded), Object.keys(f.seeded), "the generated module's names, in its order");
        for (const [key, value] of Object.entries(f.seeded)) assert.deepEqual(seeded[key], tensor(value), key);
        const x = tensor(f.ids);
        for (const [s, want] of f.steps.entries()) {
          const r = trainer.stepAndGrad(x, f.y, { lengths: f.lengths });
          assert.ok(Math.abs(r.loss - want.loss) <= 1e-5, `step ${s}: loss ${r.loss} vs ${want.loss}`);
          for (const [key, g] of Object.entries(want.grads))
            assert.ok(maxAbsError(r.grads[key], tensor(g)) <= 1e-4, `step ${s}: d ${key}`);
          // The embedding's gradient comes from dL/dx, which a step still computes but does not report.
          assert.equal(r.inputGrads.x, null);
        }
        const trained = trainer.stateDict();
        for (const [key, value] of Object.entries(f.trained))
          assert.ok(maxAbsError(trained[key], tensor(value)) <= 1e-4, `trained ${key}`);
      } finally {
        trainer.dispose();
        model.dispose();
      }
    });

test('ids are checked by position, inferConfig reads the embedding, a saved dict loads back', () => {
  const recur = builds.simd;
  const model = recur.createModel({ mode: 'GRU', num_embeddings: 6, input_size: 4, hidden_size: 3, batch_first: true });
  assert.equal(model.config.num_embeddings, 6);
  const refused = (fn, pattern) => assert.throws(fn, (e) => e instanceof RecurError && pattern.test(e.message));
  refused(
    () => model.forward({ data: [1, 2, 9], shape: [1, 3] }),
    /^x\[0, 2\] is 9: a token id is an integer from 0 to 5 \(num_embeddings = 6\)$/,
  );
  refused(
    () => model.forward({ data: new Float32Array(12), shape: [1, 3, 4] }),
    /with an embedding, x holds token ids/,
  );
  refused(
    () => recur.createModel({ mode: 'GRU', num_embeddings: 70000, input_size: 4, hidden_size: 3 }),
    /^num_embeddings is 70000, more than the maximum 65536$/,
  );
  const dict = model.stateDict();
  assert.deepEqual(Object.keys(dict).slice(0, 2), ['embedding.weight', 'rnn.weight_ih_l0']);
  const inferred = recur.inferConfig(recur.readSafetensors(recur.writeSafetensors(dict)));
  assert.equal(inferred.num_embeddings, 6);
  assert.equal(inferred.input_size, 4);
  const back = recur.createModel({ ...inferred, batch_first: true, seed: 5 });
  back.loadStateDict(dict);
  const x = { data: [1, 2, 3, 4, 5, 0], shape: [2, 3] };
  assert.deepEqual(back.forward(x, { lengths: [3, 2] }), model.forward(x, { lengths: [3, 2] }));
  back.dispose();
  model.dispose();
});

// The generated PyTorch module (the code panel's): what Recur saves loads into it with strict=True.
const PYTHON = `
import json, struct, sys, torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence
def load_file(path):  # safetensors.torch.load_file for F32 files (Debian has no python3-safetensors)
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        assert v["dtype"] == "F32"
        a, b = v["data_offsets"]
        out[k] = torch.frombuffer(bytearray(raw[8 + n + a:8 + n + b]), dtype=torch.float32).reshape(v["shape"])
    return out
class Words(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(9, 4, padding_idx=0)
        self.rnn = nn.LSTM(4, 5, num_layers=2, batch_first=True, bidirectional=True)
        self.head = nn.Linear(5, 2)
    def forward(self, ids, lengths):
        packed = pack_padded_sequence(self.embedding(ids), lengths, batch_first=True, enforce_sorted=False)
        _, (h_n, c_n) = self.rnn(packed)
        return self.head(h_n[-1])
directory = sys.argv[1]
ids = torch.tensor([[1, 2, 3, 0], [4, 5, 6, 7], [8, 0, 0, 0]])
lengths = torch.tensor([3, 4, 1])
out = {}
for kind in ["json", "safetensors"]:
    model = Words()
    if kind == "json":
        sd = {k: torch.tensor(v["data"]).reshape(v["shape"]) for k, v in json.load(open(directory + "/words.json")).items()}
    else:
        sd = load_file(directory + "/words.safetensors")
    model.load_state_dict(sd, strict=True)
    out[kind] = model(ids, lengths).tolist()
print(json.dumps(out))
`;

const torchAvailable = () => spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

test('the trained dict loads into the generated PyTorch module with strict=True (JSON and .safetensors)', (t) => {
  if (!torchAvailable()) return t.skip('needs /usr/bin/python3 with torch (bash tools/setup.sh --fixtures)');
  const recur = builds.simd;
  const model = recur.createModel({
    mode: 'LSTM',
    num_embeddings: 9,
    input_size: 4,
    hidden_size: 5,
    num_layers: 2,
    batch_first: true,
    bidirectional: true,
    seed: 3,
  });
  const trainer = recur.createTrainer(model, { out_features: 2, lr: 0.05 });
  const x = { data: [1, 2, 3, 0, 4, 5, 6, 7, 8, 0, 0, 0], shape: [3, 4] };
  const lengths = [3, 4, 1];
  for (let s = 0; s < 5; ++s) trainer.step(x, [1, 0, 1], { lengths });
  const dict = trainer.stateDict();
  const folder = mkdtempSync(join(tmpdir(), 'recur-words-'));
  writeFileSync(
    join(folder, 'words.json'),
    JSON.stringify(
      Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, { shape: v.shape, data: Array.from(v.data) }])),
    ),
  );
  writeFileSync(join(folder, 'words.safetensors'), recur.writeSafetensors(dict));
  const out = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PYTHON, folder], { encoding: 'utf8' }));
  // PyTorch's logits from the loaded module equal the head's on Recur's h_n[-1].
  const { h_n } = model.forward(x, { lengths });
  const [S, B, H] = h_n.shape;
  const head = model.createHead(2);
  head.loadStateDict({ weight: dict['head.weight'], bias: dict['head.bias'] });
  const logits = head.forward({ data: h_n.data.subarray((S - 1) * B * H), shape: [B, H] }).logits;
  for (const kind of ['json', 'safetensors'])
    assert.ok(maxAbsError(logits, { data: Float32Array.from(out[kind].flat()), shape: [B, 2] }) <= 1e-5, kind);
  head.dispose();
  trainer.dispose();
  model.dispose();
});
