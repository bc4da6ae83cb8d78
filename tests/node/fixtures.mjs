// Helpers for the Node tests: PyTorch fixtures (tests/fixtures) and tensor comparisons.
import { readFileSync, readdirSync } from 'node:fs';

const dir = new URL('../fixtures/', import.meta.url);

export const fixtureNames = () =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();

// Non-finite elements are stored as the strings "nan", "inf", "-inf".
export const fixtureNumber = (v) => ({ nan: NaN, inf: Infinity, '-inf': -Infinity })[v] ?? v;
const tensor = (t) => (t ? { data: Float32Array.from(t.data, fixtureNumber), shape: t.shape } : null);

const tensors = (object) => {
  for (const k of Object.keys(object ?? {})) object[k] = tensor(object[k]);
};

/**
 * A fixture with its tensors as Float32Arrays and x materialized in the case's layout (for a
 * random-input case, x stays null: it is recur.rand(x_shape, {seed: x_rand_seed})).
 */
export function loadFixture(name) {
  const f = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
  for (const key of ['x', 'h0', 'c0', 'output', 'h_n', 'c_n', 'x_first', 'x_last']) f[key] = tensor(f[key]);
  tensors(f.state_dict);
  tensors(f.intermediates);
  tensors(f.head.state_dict);
  f.head.logits = tensor(f.head.logits);
  f.head.probabilities = tensor(f.head.probabilities);
  if (!f.x && f.x_formula) {
    const [a, b, i] = f.x_shape;
    const bf = f.config.batch_first;
    const x = formulaX(bf ? a : b, bf ? b : a, i);
    f.x = bf ? x : transpose01(x);
  }
  return f;
}

/** The notebook-shape input: ((131 b + 71 t + 29 i + 7) % 97 - 48) / 64, [batch, seq, input]. */
export function formulaX(batch, seq, input) {
  const data = new Float32Array(batch * seq * input);
  let k = 0;
  for (let b = 0; b < batch; ++b)
    for (let t = 0; t < seq; ++t)
      for (let i = 0; i < input; ++i) data[k++] = (((131 * b + 71 * t + 29 * i + 7) % 97) - 48) / 64;
  return { data, shape: [batch, seq, input] };
}

/** Swaps the first two dimensions of a 3-D tensor ([B, T, I] <-> [T, B, I]). */
export function transpose01({ data, shape: [a, b, c] }) {
  const out = new Float32Array(data.length);
  for (let i = 0; i < a; ++i)
    for (let j = 0; j < b; ++j) out.set(data.subarray((i * b + j) * c, (i * b + j + 1) * c), (j * a + i) * c);
  return { data: out, shape: [b, a, c] };
}

/** Keeps sentences `rows` of a [B, T, H] (batchFirst) or [T, B, H] tensor. */
export function pickRows({ data, shape }, rows, batchFirst) {
  const t = batchFirst ? { data, shape } : transpose01({ data, shape });
  const [, T, H] = t.shape;
  const out = new Float32Array(rows.length * T * H);
  rows.forEach((r, k) => out.set(t.data.subarray(r * T * H, (r + 1) * T * H), k * T * H));
  const picked = { data: out, shape: [rows.length, T, H] };
  return batchFirst ? picked : transpose01(picked);
}

/** Largest |a - b|; Infinity when the shapes differ. NaN matches NaN. */
export function maxAbsError(a, b) {
  if (JSON.stringify(a.shape) !== JSON.stringify(b.shape) || a.data.length !== b.data.length) return Infinity;
  let worst = 0;
  for (let k = 0; k < a.data.length; ++k) {
    const x = a.data[k],
      y = b.data[k];
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    const d = Math.abs(x - y);
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  return worst;
}
