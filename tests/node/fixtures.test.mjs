// The JS API against PyTorch: every fixture element, both layouts, max abs error <= 1e-5.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadRecur } from '../../dist/recur.mjs';
import { fixtureNames, loadFixture, maxAbsError, pickRows, transpose01 } from './fixtures.mjs';

const TOLERANCE = 1e-5;
// Both builds: SIMD128 and the scalar fallback for engines without SIMD.
const builds = {};
before(async () => {
  builds.simd = await loadRecur({ simd: true });
  builds.scalar = await loadRecur({ simd: false });
});

test('the fixtures are all there', () => {
  assert.ok(fixtureNames().length >= 9, fixtureNames().join(', '));
});

for (const build of ['simd', 'scalar'])
  for (const name of fixtureNames()) {
    for (const batchFirst of [true, false]) {
      test(`${build} build, ${name}, batch_first=${batchFirst}: every element within ${TOLERANCE} of PyTorch`, () => {
        const recur = builds[build];
        const f = loadFixture(name);
        const model = recur.createModel({ ...f.config, batch_first: batchFirst, seed: f.seed });
        try {
          if (f.state_dict && !f.weights_modified) {
            // The seeded weights are PyTorch's, bit for bit; loading them back changes nothing.
            const own = model.stateDict();
            assert.deepEqual(Object.keys(own), Object.keys(f.state_dict));
            for (const key of Object.keys(own)) assert.deepEqual(own[key], f.state_dict[key], key);
          }
          if (f.state_dict) model.loadStateDict(f.state_dict);
          const flip = batchFirst !== f.config.batch_first && !f.unbatched; // one 2-D sentence reads the same either way
          if (!f.x) f.x = recur.rand(f.x_shape, { seed: f.x_rand_seed });
          let x = flip ? transpose01(f.x) : f.x;
          if (f.table) {
            const table = recur.parseTable(f.table, { batch_first: batchFirst });
            assert.deepEqual(table.x, x);
            x = table.x;
          }
          const r = model.forward(x, { h0: f.h0, c0: f.c0 });
          let output = flip ? transpose01(r.output) : r.output;
          if (f.output_rows) output = pickRows(output, f.output_rows, f.config.batch_first);
          const errors = [maxAbsError(output, f.output), maxAbsError(r.h_n, f.h_n)];
          if (f.c_n) errors.push(maxAbsError(r.c_n, f.c_n));
          else assert.equal(r.c_n, null);
          assert.ok(Math.max(...errors) <= TOLERANCE, `errors ${errors}`);

          // The notebook's point: output's last step is h_n's last layer, to the last digit.
          // (One unbatched sentence is a batch of one, time first: [T, H].)
          // (Bidirectional: output's rows are [forward | reverse]; the forward half is h_n[-2].)
          const [d0, d1, O] = f.unbatched ? [r.output.shape[0], 1, r.output.shape[1]] : r.output.shape;
          const timeFirst = !batchFirst || f.unbatched;
          const B = timeFirst ? d1 : d0,
            T = timeFirst ? d0 : d1,
            H = r.h_n.shape.at(-1);
          const top = r.h_n.shape[0] - (f.config.bidirectional ? 2 : 1);
          for (let b = 0; b < B; ++b) {
            const at = timeFirst ? ((T - 1) * B + b) * O : (b * T + T - 1) * O;
            assert.deepEqual(
              r.output.data.subarray(at, at + H),
              r.h_n.data.subarray((top * B + b) * H, (top * B + b + 1) * H),
            );
          }
        } finally {
          model.dispose();
        }
      });
    }
  }

// The learner's step-through view and the Linear head, against PyTorch.
for (const build of ['simd', 'scalar'])
  for (const name of fixtureNames()) {
    test(`${build} build, ${name}: intermediates recomputed step by step and the Linear head match PyTorch`, () => {
      const recur = builds[build];
      const f = loadFixture(name);
      const model = recur.createModel({ ...f.config, seed: f.seed });
      const head = model.createHead(f.head.out_features);
      try {
        // The head's seeded weights are nn.Linear's drawn right after the module, bit for bit.
        assert.deepEqual(head.stateDict(), f.head.state_dict);
        assert.equal(head.in_features, f.config.proj_size || f.config.hidden_size); // the width of h
        assert.equal(head.out_features, f.head.out_features);
        const [B, H] = f.unbatched ? [1, f.h_n.shape[1]] : f.h_n.shape.slice(1);
        const last = { data: f.h_n.data.subarray((f.h_n.shape[0] - 1) * B * H), shape: [B, H] }; // h_n[-1]
        const { logits, probabilities, predicted } = head.forward(last);
        assert.ok(maxAbsError(logits, f.head.logits) <= TOLERANCE);
        assert.ok(maxAbsError(probabilities, f.head.probabilities) <= TOLERANCE);
        const O = f.head.out_features;
        for (let b = 0; b < B; ++b) {
          const row = f.head.logits.data.subarray(b * O, (b + 1) * O);
          if (!row.some(Number.isNaN)) assert.equal(row[predicted[b]], Math.max(...row), `sentence ${b}`);
        }

        if (!f.intermediates) return;
        if (f.state_dict) model.loadStateDict(f.state_dict);
        const r = model.forward(f.x, { h0: f.h0, c0: f.c0, intermediates: true });
        const keys = Object.keys(r.intermediates).filter((k) => r.intermediates[k]);
        assert.deepEqual(keys.sort(), Object.keys(f.intermediates).sort());
        for (const k of keys) {
          const error = maxAbsError(r.intermediates[k], f.intermediates[k]);
          assert.ok(error <= TOLERANCE, `${k}: ${error}`);
        }
        assert.equal(model.forward(f.x).intermediates, undefined); // off by default
      } finally {
        head.dispose();
        model.dispose();
      }
    });
  }

test('rand is torch.manual_seed(seed); torch.rand(shape) bit for bit', () => {
  const f = loadFixture('rnn_notebook_random');
  const x = builds.simd.rand(f.x_shape, { seed: f.x_rand_seed });
  assert.deepEqual(x.shape, [128, 28, 12]);
  assert.deepEqual(x.data.subarray(0, 16), f.x_first.data);
  assert.deepEqual(x.data.subarray(x.data.length - 16), f.x_last.data);
});

// print(output), print(h_n), print(c_n), print(logits): the text PyTorch itself printed for
// each fixture (the page's print() view shows exactly this). Character for character almost
// always; but a value 1e-7 from PyTorch's that sits on a rounding boundary prints one unit of
// the last digit apart (-0.2712 for -0.2711), and in scientific notation a tiny saturated value
// prints as itself (7.6e-08 for PyTorch's 0.0). Then the layout must match and every printed
// number be within 1e-5 plus one unit of the print's last digit (1e-4, or 1e-4 of the value).
const NUMBER = /-?\d+\.\d+(?:e[+-]\d+)?|nan|-?inf/g;
// Returns 'same', 'scientific' or 'fixed' (which style differed).
function samePrintout(actual, expected, what) {
  if (actual === expected) return 'same';
  assert.equal(actual.replace(NUMBER, '#'), expected.replace(NUMBER, '#'), `${what}: layout`);
  const a = actual.match(NUMBER).map(Number),
    e = expected.match(NUMBER).map(Number);
  a.forEach((v, k) =>
    assert.ok(
      Math.abs(v - e[k]) <= 1e-5 + 1e-4 * Math.max(1, Math.abs(e[k])) || (Number.isNaN(v) && Number.isNaN(e[k])),
      `${what}: ${v} vs ${e[k]}`,
    ),
  );
  return /e[+-]\d\d/.test(expected) ? 'scientific' : 'fixed';
}

test('formatTensor of every fixture result is the text PyTorch printed', () => {
  const recur = builds.simd;
  const styles = { same: 0, scientific: 0, fixed: 0 };
  for (const name of fixtureNames()) {
    const f = loadFixture(name);
    const model = recur.createModel({ ...f.config, seed: f.seed });
    const head = model.createHead(f.head.out_features);
    try {
      if (f.state_dict) model.loadStateDict(f.state_dict);
      const x = f.x ?? recur.rand(f.x_shape, { seed: f.x_rand_seed });
      const r = model.forward(x, { h0: f.h0, c0: f.c0 });
      const [B, H] = f.unbatched ? [1, r.h_n.shape[1]] : r.h_n.shape.slice(1);
      r.logits = head.forward({ data: r.h_n.data.subarray((r.h_n.shape[0] - 1) * B * H), shape: [B, H] }).logits; // h_n[-1]
      for (const key of Object.keys(f.printed)) {
        styles[samePrintout(recur.formatTensor(r[key]), f.printed[key], `${name}: print(${key})`)] += 1;
      }
    } finally {
      head.dispose();
      model.dispose();
    }
  }
  const compared = styles.same + styles.scientific + styles.fixed;
  assert.ok(compared >= 300, `${compared}`);
  // A fixed-style printout differs only on a rounding boundary: rare.
  assert.ok(styles.fixed <= compared / 100, JSON.stringify(styles));
});
