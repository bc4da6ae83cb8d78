// Every error the page can show, in the page's words (web/errors.mjs): a catalogue of what a
// learner can type or pick (table text, the size and option fields, dropout, lr, out_features,
// weight files), each refused by the JS API as the page asks it (web/compute.mjs, the trainer),
// has Chinese words of its own with the same detail as the English (every number of the
// message), and the English page counts sentences from 0 as the rest of the page does.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadRecur } from '../../dist/recur.mjs';
import { compute } from '../../web/compute.mjs';
import { defaults } from '../../web/state.mjs';
import { strings } from '../../web/strings.mjs';
import { errorText, isKnown, warningText } from '../../web/errors.mjs';

let recur;
before(async () => {
  recur = await loadRecur();
});

const TABLE = '| x1 | x2 | y |\n| 01 | 10 | 1 |\n| 10 | 01 | 0 |\n';
// What the learner can get wrong, as the page's state: each gives an error from compute().
const BAD_STATES = {
  'a letter in a cell': { table: '| x1 | x2 | y |\n| 01 | 1a | 1 |\n' },
  'a cell of another width': { table: '01 10 | 1\n10 011 | 0\n' },
  'a missing cell': { table: '| x1 | x2 | y |\n| 01 | 10 | 1 |\n| 10 | | 0 |\n' },
  'a row too short': { table: '| x1 | x2 | y |\n| 01 | 10 | 1 |\n| 10 | 0 |\n' },
  'an extra cell': { table: '| x1 | x2 | y |\n| 01 | 10 | 1 |\n| 10 | 01 | 0 | 1 |\n' },
  'a label that is no integer': { table: '| x1 | x2 | y |\n| 01 | 10 | a |\n' },
  'a label out of range': { table: '| x1 | x2 | y |\n| 01 | 10 | 99999999999 |\n' },
  'a header column misnamed': { table: '| x1 | x3 | y |\n| 01 | 10 | 1 |\n' },
  'a header with y only': { table: '| y |\n| 1 |\n' },
  'a header and no rows': { table: '| x1 | x2 | y |\n' },
  'an empty table': { table: '   \n' },
  'a cell too wide': { table: `${'1'.repeat(5000)} | 1\n` },
  'hidden_size 0': { table: TABLE, hidden_size: 0 },
  'hidden_size not a number': { table: TABLE, hidden_size: 'abc' },
  'hidden_size 2.5': { table: TABLE, hidden_size: 2.5 },
  'hidden_size -1': { table: TABLE, hidden_size: -1 },
  'hidden_size too large': { table: TABLE, hidden_size: 5000 },
  'num_layers too large': { table: TABLE, num_layers: 65 },
  'seed not a number': { table: TABLE, seed: 'x' },
  'dropout 2': { table: TABLE, dropout: 2 },
  'dropout not a number': { table: TABLE, dropout: 'abc' },
  'proj_size not below hidden_size': { table: TABLE, mode: 'LSTM', proj_size: 4 },
  'out_features too large': { table: TABLE, out_features: 5000 },
  'too many parameters': { table: TABLE, hidden_size: 2048, num_layers: 8, bidirectional: true, mode: 'LSTM' },
  'torch.rand batch out of range': { input: 'random', batch: 5000 },
  'a forward too big to run': { input: 'random', batch: 1024, seq_len: 256, input_size: 1, hidden_size: 4096 },
};

// The numbers a message carries (row, line, sizes, values), as a sorted list; a table error's
// row is the page's sentence (the core's row - 1).
const numbers = (text) => (text.match(/-?\d+(\.\d+)?/g) ?? []).sort();

function errorOf(more) {
  const out = compute(recur, { ...defaults(), ...more }, { words: strings('en') });
  assert.equal(out.ok, false, JSON.stringify(more));
  return out.error;
}

test('every error of the page state catalogue has Chinese words, with the same numbers as the English', () => {
  for (const [what, more] of Object.entries(BAD_STATES)) {
    const error = errorOf(more);
    assert.ok(isKnown(error), `${what}: no words for "${error.message}"`);
    const en = errorText(error, 'en'),
      zh = errorText(error, 'zh');
    assert.match(zh, /[\u4e00-\u9fff]/, `${what}: ${zh}`);
    // Chinese, not English: no English word but PyTorch's names and quoted cells.
    const words = zh.replace(/'[^']*'|[\w.]*_[\w.]*|\b(x\d+|y|lr|dropout|seed|batch|torch\.rand|nn\.\w+|NaN)\b/g, '');
    assert.doesNotMatch(words, /\b[a-z]{3,}\b/i, `${what}: ${zh}`);
    // out_features' Chinese leaves out nothing English has (Chinese may add a range hint).
    for (const n of numbers(en)) assert.ok(numbers(zh).includes(n), `${what}: ${n} of "${en}" missing in "${zh}"`);
  }
});

test('table errors: the page names sentence (row - 1), the line and the column, in both languages', () => {
  const error = errorOf({ table: '| x1 | x2 | y |\n| 01 | 10 | 1 |\n| 10 | 1a | 0 |\n' });
  assert.equal(error.message.startsWith('row 2 (line 3), column x2: '), true, 'the API keeps its words');
  assert.equal(
    errorText(error, 'en'),
    "sentence 1 (line 3), column x2: '1a' has 'a' at position 2; a cell is a string of 0s and 1s such as 010",
  );
  assert.equal(
    errorText(error, 'zh'),
    "句子 1（第 3 行），x2 列：'1a' 的第 2 位是 'a'；单元格只能由 0 和 1 组成，例如 010",
  );
  const width = errorOf({ table: '01 10 | 1\n10 011 | 0\n' });
  assert.match(
    errorText(width, 'en'),
    /^sentence 1 \(line 2\), column x2: '011' has 3 bits, expected 2 like sentence 0's x1/,
  );
  const header = errorOf({ table: '| x1 | x3 | y |\n| 01 | 10 | 1 |\n' });
  assert.equal(
    errorText(header, 'zh'),
    "表头（第 1 行），x2 列：第 2 列名为 'x3'，应为 'x2'（先是时间步 x1、x2……，最后可以有一列 y）",
  );
});

test('the trainer: lr and a label the head has no class for, in both languages, sentences from 0', () => {
  const table = recur.parseTable('01 10 | 1\n10 01 | 0\n', { batch_first: true });
  const model = recur.createModel({ mode: 'RNN', input_size: 2, hidden_size: 3, batch_first: true });
  const refusal = (options) => {
    try {
      const trainer = recur.createTrainer(model, options);
      trainer.lossAndGrad(table.x, table.y);
      trainer.dispose();
    } catch (error) {
      return error;
    }
    assert.fail(`accepted ${JSON.stringify(options)}`);
  };
  const negative = refusal({ out_features: 2, optimizer: 'sgd', lr: -1 });
  assert.equal(errorText(negative, 'zh'), '无效的学习率 lr：-1（必须大于或等于 0）');
  const nan = refusal({ out_features: 2, optimizer: 'adam', lr: NaN });
  assert.equal(errorText(nan, 'zh'), 'lr（学习率）必须是有限的数，收到的是 非数字（或为空）');
  const label = refusal({ out_features: 1, optimizer: 'adam', lr: 0.05 });
  assert.match(label.message, /of sentence 1 /, 'the API counts from 1');
  assert.equal(
    errorText(label, 'en'),
    'label 1 of sentence 0 is not a class of a head with out_features = 1 (classes 0 to 0)',
  );
  assert.equal(errorText(label, 'zh'), '句子 0 的标签 1 不是线性层的类别：out_features = 1（类别为 0 到 0）');
  model.dispose();
});

test('weight files: a state_dict that does not fit, a broken .safetensors, broken JSON', () => {
  const lstm = recur.createModel({ mode: 'LSTM', input_size: 3, hidden_size: 4 });
  const gru = recur.createModel({ mode: 'GRU', input_size: 3, hidden_size: 4 });
  let error;
  try {
    gru.loadStateDict({ ...lstm.stateDict(), extra: { data: new Float32Array(1), shape: [1] } });
  } catch (e) {
    error = e;
  }
  assert.ok(isKnown(error), error.message);
  assert.match(
    errorText(error, 'zh'),
    /^加载 GRU 的 state_dict 出错：\n\t多余的键：.*extra.*\n\tweight_ih_l0 的形状不符：文件中是 \[16, 3\]，当前模型是 \[12, 3\]。/s,
  );
  // The page's own lead-in (strings.mjs, already in the learner's language) and the core's lines.
  const lead = { message: `${strings('zh').weightsDontFit('w.json')}\n${error.message}` };
  assert.match(errorText(lead, 'zh'), /^加载的权重（w\.json）与当前设置不符：\n加载 GRU 的 state_dict 出错：/);
  let broken;
  try {
    recur.readSafetensors(new Uint8Array([1, 2, 3]));
  } catch (e) {
    broken = e;
  }
  assert.ok(isKnown(broken));
  assert.match(errorText(broken, 'zh'), /^这不是 Recur 能读取的 \.safetensors 文件（safetensors/);
  let json;
  try {
    JSON.parse('{');
  } catch (e) {
    json = e;
  }
  assert.match(errorText(json, 'zh'), /^不是有效的 JSON：/);
  lstm.dispose();
  gru.dispose();
});

test("PyTorch's dropout warning, in Chinese on the Chinese page", () => {
  const out = compute(recur, { ...defaults(), dropout: 0.5 }, { words: strings('en') });
  const warning = out.notes[0].replace(/^UserWarning: /, '');
  assert.match(warning, /^dropout option adds dropout/);
  assert.equal(warningText(warning, 'en'), warning);
  assert.equal(
    warningText(warning, 'zh'),
    'dropout 只加在除最后一层以外的每个循环层之后，所以非零的 dropout 要求 num_layers 大于 1，但这里 dropout=0.5，num_layers=1',
  );
});
