// The Chinese page against its glossary (docs/glossary-zh.md): every Chinese string of
// web/strings.mjs (each function called with sample arguments) and every Chinese error of
// web/errors.mjs uses none of the words the glossary says not to use, keeps 单元 for the
// compounds the glossary names, names the gates and the optimizer as Chinese PyTorch material
// does, and no longer has the phrases the review rewrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { strings } from '../../web/strings.mjs';
import { errorText } from '../../web/errors.mjs';

const glossary = readFileSync(new URL('../../docs/glossary-zh.md', import.meta.url), 'utf8');
// The rows of the markdown table under `heading`, as arrays of cells.
function rows(heading) {
  const part = glossary.split(`## ${heading}`)[1].split('\n## ')[0];
  return part
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
    .slice(1)
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}
const TERMS = rows('Terms'); // English | 中文 | 不用 | note
const PHRASES = rows('Phrases rewritten as a Chinese teacher writes them'); // was | now

// Every string the Chinese page can show from strings.mjs: functions called with sample arguments.
function texts(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'function') {
    // Both sides of every choice a string makes (labels or not, trained or not, ...); a string
    // of numbers only (a loss's toFixed) refuses the booleans, but must take some of the sets.
    let made = 0;
    for (const args of [
      [2, 3, 4, 5, 6, 7],
      [2, 3, 0, 0, 0, 0],
      [2, 3, true, false, 0, 0],
    ])
      try {
        out.push(String(value(...args)));
        made += 1;
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
      }
    if (made === 0) throw new Error(`a string of strings.mjs takes none of the sample arguments: ${value}`);
  } else if (value && typeof value === 'object') for (const v of Object.values(value)) texts(v, out);
  return out;
}
const ZH = texts(strings('zh'));
// And the Chinese errors (one of each kind of message).
const ERRORS = [
  Object.assign(
    new Error("row 2 (line 3), column x2: '1a' has 'a' at position 2; a cell is a string of 0s and 1s such as 010"),
    {
      name: 'RecurError',
      row: 2,
      line: 3,
      column: 'x2',
    },
  ),
  { message: 'hidden_size must be an integer, got NaN' },
  { message: 'Invalid learning rate: -1' },
  { message: 'the model would have 99 parameters, more than the maximum 9: use a smaller hidden_size or fewer layers' },
].map((e) => errorText(e, 'zh'));
const ALL = [...ZH, ...ERRORS].join('\n');

test('the glossary has its terms, and the Chinese text none of the words it avoids', () => {
  assert.ok(TERMS.length > 40, `${TERMS.length} terms`);
  for (const [english, , avoid] of TERMS) {
    for (const word of avoid.split('、').filter(Boolean)) {
      if (word.endsWith(' (alone)')) continue; // a rule of its own, below
      assert.ok(!ALL.includes(word), `"${word}" (for ${english}) is in: ${ZH.find((t) => t.includes(word))}`);
    }
  }
});

test('单元 only in the compounds the glossary names: 单元格, 隐藏单元, 循环单元', () => {
  const compounds = TERMS.flatMap(([, zh]) => zh.split('、')).filter((w) => w.includes('单元') && w !== '单元');
  assert.deepEqual(compounds.sort(), ['单元格', '循环单元', '隐藏单元']);
  let rest = ALL;
  for (const c of compounds) rest = rest.replaceAll(c, '');
  assert.ok(
    !rest.includes('单元'),
    rest.split('\n').find((l) => l.includes('单元')),
  );
});

test('the gates, the optimizer and the tutorial have their Chinese names; the rewritten phrases are gone', () => {
  for (const word of ['输入门', '遗忘门', '输出门', '重置门', '更新门', '优化器', '学习率', '教程'])
    assert.ok(ALL.includes(word), word);
  assert.ok(PHRASES.length >= 4);
  for (const [was, now] of PHRASES) {
    const rest = ALL.replaceAll(now, ''); // "单元的输入" is inside its rewrite, "循环单元的输入"
    assert.ok(!rest.includes(was), `"${was}" is still there`);
  }
  for (const now of [
    '预测与随机猜测无异',
    '把每个梯度除以它近来大小的滑动平均',
    '（取值 0…',
    'σ 把值压到 0 到 1 之间（决定让多少通过）',
  ])
    assert.ok(ALL.includes(now), `"${now}" is not used`);
  // The literal phrases, by name.
  for (const phrase of [
    '预测只是随机水平',
    '用梯度的滑动大小去除每个梯度',
    '，共 0…',
    'σ 压缩到 0…1（多少）',
    '笔记本',
  ])
    assert.ok(!ALL.includes(phrase), phrase);
});

// A name misspelt inside a template (a ReferenceError) shows only when the string is made: every
// English string is made here too, as the Chinese ones are above.
test('every string of the English page can be made with sample arguments', () => {
  const EN = texts(strings('en'));
  assert.ok(EN.length > 300, `${EN.length} strings`);
  assert.ok(EN.some((s) => /^2 MNIST digits: 3 to train on/.test(s)));
});
