// The command line: a table from a file or stdin, PyTorch's printout or JSON, errors on stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadFixture, maxAbsError } from './fixtures.mjs';

const cli = fileURLToPath(new URL('../../dist/cli.mjs', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const run = (args, input) => spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });
const printed = JSON.parse(readFileSync(`${fixtures}print/printed.json`, 'utf8'));

test('prints x, output and h_n as PyTorch prints them', () => {
  const f = loadFixture('rnn_table');
  const r = run([], f.table);
  assert.equal(r.status, 0, r.stderr);
  const xText = printed.find((p) => p.name === 'table x (integer style)').text;
  assert.ok(
    r.stdout.startsWith(`x: torch.Size([6, 3, 3])\n${xText}\noutput: torch.Size([6, 3, 4])\ntensor([[[`),
    r.stdout,
  );
  assert.match(r.stdout, /\nh_n: torch\.Size\(\[1, 6, 4\]\)\ntensor\(\[\[\[/);
  assert.doesNotMatch(r.stdout, /c_n/);
});

test('--json gives the numbers, equal to PyTorch; options by their PyTorch names', () => {
  const f = loadFixture('lstm_table');
  const r = run(['--mode', 'LSTM', '--hidden-size', '4', '--json', '-'], f.table);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.config.mode, 'LSTM');
  assert.deepEqual(out.y, [1, 0, 1, 1, 0, 0]);
  for (const key of ['output', 'h_n', 'c_n'])
    assert.ok(maxAbsError({ data: Float32Array.from(out[key].data), shape: out[key].shape }, f[key]) <= 1e-5, key);
});

test('reads a file, and --no-batch-first changes the layout', () => {
  const r = run([`${fixtures}../../README.md`]);
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /^recur: row 1 \(line 3\), column x1: 'Recur' has 'R'/,
    'README is no table (its line 1 is a # comment)',
  );
  const t = spawnSync(process.execPath, [cli, '--no-batch-first', '--num-layers', '2', '--json'], {
    input: '001 010\n111 000\n',
    encoding: 'utf8',
  });
  const out = JSON.parse(t.stdout);
  assert.deepEqual(out.output.shape, [2, 2, 4]);
  assert.deepEqual(out.h_n.shape, [2, 2, 4]);
});

test('bad input exits non-zero with the message', () => {
  let r = run([], '001 0a0 100 | 1\n');
  assert.equal(r.status, 1);
  assert.equal(
    r.stderr,
    "recur: row 1 (line 1), column x2: '0a0' has 'a' at position 2; a cell is a string of 0s and 1s such as 010\n",
  );
  assert.equal(r.stdout, '');
  r = run(['--hidden-size', 'four'], '01 10\n');
  assert.equal(r.status, 1);
  assert.equal(r.stderr, 'recur: hidden_size must be an integer, got string\n');
  r = run(['--mode', 'SRU'], '01 10\n');
  assert.match(r.stderr, /unknown mode 'SRU'/);
  r = run(['--frobnicate']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Unknown option '--frobnicate'/);
  r = run(['no-such-file.md']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^recur: cannot read no-such-file\.md: ENOENT/);
  r = run(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^Usage: recur \[FILE\] \[options\]/);
});

test('--weights loads a PyTorch-trained state_dict; --bidirectional and --proj-size reach the model', () => {
  const weights = new URL('../fixtures/weights/trained_lstm.safetensors', import.meta.url).pathname;
  const expected = JSON.parse(
    readFileSync(new URL('../fixtures/weights/trained_lstm_expected.json', import.meta.url), 'utf8'),
  );
  const table = JSON.parse(readFileSync(new URL('../fixtures/rnn_table.json', import.meta.url), 'utf8')).table;
  let r = run(['--mode', 'LSTM', '--hidden-size', '8', '--weights', weights, '--json'], table);
  assert.equal(r.status, 0, r.stderr);
  const h_n = JSON.parse(r.stdout).h_n.data;
  h_n.forEach((v, k) => assert.ok(Math.abs(v - expected.f32.h_n.data[k]) <= 1e-5));
  r = run(['--mode', 'LSTM', '--hidden-size', '4', '--weights', weights], table);
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /size mismatch for weight_ih_l0: copying a param with shape \[32, 3\] from checkpoint, the shape in current model is \[16, 3\]/,
  );
  r = run(['--mode', 'LSTM', '--bidirectional', '--proj-size', '2', '--json'], '01 10\n');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).h_n.shape, [2, 1, 2]);
  assert.deepEqual(JSON.parse(r.stdout).output.shape, [1, 2, 4]);
});
