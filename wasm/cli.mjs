#!/usr/bin/env node
// recur: run nn.RNN / nn.LSTM / nn.GRU on a table from the command line, printed the way PyTorch prints.
//   recur table.md --mode LSTM --hidden-size 4
//   echo '001 010 100 | 1' | recur --json
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadRecur, RecurError } from './recur.mjs';

const usage = `Usage: recur [FILE] [options]

Reads a table of sentences from FILE (or standard input, when FILE is - or absent), runs
nn.RNN, nn.LSTM or nn.GRU on it and prints the shapes and tensors as PyTorch prints them.

Options (defaults are the playground's):
  --mode MODE           RNN, LSTM, GRU, RNN_TANH or RNN_RELU     (RNN)
  --nonlinearity NAME   tanh or relu, for RNN                    (tanh)
  --hidden-size N       hidden_size                              (4)
  --num-layers N        num_layers                               (1)
  --no-batch-first      x as [seq_len, batch, input_size]        (batch_first=True)
  --no-bias             bias=False
  --bidirectional       bidirectional=True
  --proj-size N         proj_size, for LSTM                      (0)
  --seed N              weights of torch.manual_seed(N)          (0)
  --weights FILE        a state_dict instead: .safetensors, or .json ({name: {shape, data}})
  --json                JSON instead of PyTorch's printout
  -h, --help            this text`;

function fail(message, code = 1) {
  process.stderr.write(`recur: ${message}\n`);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      mode: { type: 'string', default: 'RNN' },
      nonlinearity: { type: 'string', default: 'tanh' },
      'hidden-size': { type: 'string', default: '4' },
      'num-layers': { type: 'string', default: '1' },
      'no-batch-first': { type: 'boolean', default: false },
      'no-bias': { type: 'boolean', default: false },
      bidirectional: { type: 'boolean', default: false },
      'proj-size': { type: 'string', default: '0' },
      weights: { type: 'string' },
      seed: { type: 'string', default: '0' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (error) {
  fail(`${error.message}\n\n${usage}`, 2);
}
const { values: o, positionals } = parsed;
if (o.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (positionals.length > 1) fail(`one table file at most, got ${positionals.length}\n\n${usage}`, 2);

// Sizes stay strings until the core checks them, so its messages name the option.
const number = (text) => (/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text);
const file = positionals[0] ?? '-';
let text;
try {
  text = readFileSync(file === '-' ? 0 : file, 'utf8');
} catch (error) {
  fail(`cannot read ${file === '-' ? 'standard input' : file}: ${error.message}`);
}

try {
  const recur = await loadRecur();
  const batchFirst = !o['no-batch-first'];
  const table = recur.parseTable(text, { batch_first: batchFirst });
  const config = {
    mode: o.mode,
    nonlinearity: o.nonlinearity,
    input_size: table.input_size,
    hidden_size: number(o['hidden-size']),
    num_layers: number(o['num-layers']),
    bias: !o['no-bias'],
    batch_first: batchFirst,
    seed: number(o.seed),
    bidirectional: o.bidirectional,
    proj_size: number(o['proj-size']),
  };
  const model = recur.createModel(config);
  if (o.weights) {
    let bytes;
    try {
      bytes = readFileSync(o.weights);
    } catch (error) {
      fail(`cannot read ${o.weights}: ${error.message}`);
    }
    model.loadStateDict(
      /\.json$/i.test(o.weights) ? JSON.parse(bytes.toString('utf8')) : recur.readSafetensors(new Uint8Array(bytes)),
    );
  }
  const { output, h_n, c_n } = model.forward(table.x);
  if (o.json) {
    const plain = (t) => t && { shape: t.shape, data: Array.from(t.data) };
    process.stdout.write(
      `${JSON.stringify({
        config: model.config,
        x: plain(table.x),
        y: table.y && Array.from(table.y),
        output: plain(output),
        h_n: plain(h_n),
        c_n: plain(c_n),
      })}\n`,
    );
  } else {
    const show = (name, t) => `${name}: ${recur.formatShape(t.shape)}\n${recur.formatTensor(t)}\n`;
    process.stdout.write(
      show('x', table.x) + show('output', output) + show('h_n', h_n) + (c_n ? show('c_n', c_n) : ''),
    );
  }
  model.dispose();
} catch (error) {
  if (!(error instanceof RecurError)) throw error;
  fail(error.message);
}
