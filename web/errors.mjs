// The JS API's errors and warnings as the page shows them. The core writes English for its API
// (what a Node user or a test reads stays exactly that); the page says the same thing in the
// learner's language, with the same detail (row, line, column, values), and counts as the rest
// of the page does: from 0, as PyTorch indexes, so the table's first row is sentence 0, where
// the core's table errors say "row 1" (see docs/glossary-zh.md for the words).
//
// Each rule is a pattern of one of the core's messages and, for each language, the text made
// from its match. English needs a rule only where the page's numbering differs from the core's.

// "row 3 (line 5), column x2: ...", "header (line 1), column x2: ...": where a table error is.
const TABLE_WHERE = /^(?:row \d+ \(line \d+\)|header \(line \d+\))(?:, column \S+)?: /;

const sentence = (row) => Number(row) - 1; // the core's 1-based row -> the page's sentence index
// "x1..x3 and y" (the columns a row should have), in Chinese.
const layoutZh = (text) => text.replace(' and ', ' 和 ');

// The message after the location prefix of a table error ("what" went wrong there).
const TABLE_RULES = [
  [/^'(.*)' is not an integer label$/s, { zh: (m) => `'${m[1]}' 不是整数标签` }],
  [/^label (\S+) is out of range \(at most (\d+)\)$/, { zh: (m) => `标签 ${m[1]} 超出范围（最大为 ${m[2]}）` }],
  [/^missing cell$/, { zh: () => '缺少单元格' }],
  [
    /^missing cell: the row has (\d+) cells, expected (\d+) \((.*)\)$/s,
    { zh: (m) => `缺少单元格：这一行有 ${m[1]} 个单元格，应为 ${m[2]} 个（${layoutZh(m[3])}）` },
  ],
  [
    /^the row has (\d+) cells, expected (\d+) \((.*)\); extra cell '(.*)'$/s,
    { zh: (m) => `这一行有 ${m[1]} 个单元格，应为 ${m[2]} 个（${layoutZh(m[3])}）；多出的单元格是 '${m[4]}'` },
  ],
  [
    /^'(.*)' has '(.*)' at position (\d+); a cell is a string of 0s and 1s such as 010$/s,
    { zh: (m) => `'${m[1]}' 的第 ${m[3]} 位是 '${m[2]}'；单元格只能由 0 和 1 组成，例如 010` },
  ],
  [/^a cell has (\d+) bits, more than the maximum (\d+)$/, { zh: (m) => `单元格有 ${m[1]} 位，超过上限 ${m[2]}` }],
  [
    /^'(.*)' has (\d+) bits, expected (\d+) like row 1's x1 \(every cell is one input of input_size bits\)$/s,
    {
      en: (m) =>
        `'${m[1]}' has ${m[2]} bits, expected ${m[3]} like sentence 0's x1 (every cell is one input of input_size bits)`,
      zh: (m) =>
        `'${m[1]}' 有 ${m[2]} 位，应与句子 0 的 x1 一样是 ${m[3]} 位（每个单元格是一个 input_size 位的输入向量）`,
    },
  ],
  [/^the table needs at least one column x1 before y$/, { zh: () => 'y 之前至少要有一列 x1' }],
  [
    /^column (\d+) is named '(.*)', expected '(.*)' \(time steps x1, x2, \.\.\. then an optional y\)$/s,
    { zh: (m) => `第 ${m[1]} 列名为 '${m[2]}'，应为 '${m[3]}'（先是时间步 x1、x2……，最后可以有一列 y）` },
  ],
];

// Whole messages: the table as a whole, the model's sizes and options, the trainer, weight files.
const RULES = [
  [
    /^the table text is (\d+) (bytes|characters), more than the maximum (\d+)$/,
    { zh: (m) => `表格文本有 ${m[1]} ${m[2] === 'bytes' ? '字节' : '个字符'}，超过上限 ${m[3]}` },
  ],
  [
    /^the table is empty: type one sentence a row, e\.g\. (.*)$/,
    { zh: (m) => `表格是空的：每行输入一个句子，例如 ${m[1]}` },
  ],
  [
    /^the table has a header but no rows: add a sentence such as (.*)$/,
    { zh: (m) => `表格只有表头，没有句子：请加入一个句子，例如 ${m[1]}` },
  ],
  // torch.rand's sizes, checked by the page itself (compute.mjs, strings.mjs's outOfRange).
  [
    /^(\w+) must be an integer from (\d+) to (\d+), got "(.*)"$/s,
    { zh: (m) => `${m[1]} 必须是 ${m[2]} 到 ${m[3]} 之间的整数，收到的是 "${m[4]}"` },
  ],
  // The size fields (hidden_size, num_layers, seed, proj_size, out_features, ...), as typed.
  [
    /^(\w+) must be an integer, got (.*)$/,
    {
      zh: (m) =>
        m[2] === 'NaN' ? `${m[1]} 必须是整数，但输入的不是数字（或为空）` : `${m[1]} 必须是整数，收到的是 ${m[2]}`,
    },
  ],
  [/^(\w+) must not be negative, got (.*)$/, { zh: (m) => `${m[1]} 不能是负数，收到的是 ${m[2]}` }],
  [/^(\w+) must be a positive integer, got (.*)$/, { zh: (m) => `${m[1]} 必须是正整数，收到的是 ${m[2]}` }],
  [/^(\w+) is (\S+), more than the maximum (\S+)$/, { zh: (m) => `${m[1]} 是 ${m[2]}，超过上限 ${m[3]}` }],
  [
    /^dropout should be a number in range \[0, 1\] representing the probability of an element being zeroed$/,
    { zh: () => 'dropout 必须是 [0, 1] 区间内的数，表示一个元素被置零的概率' },
  ],
  [
    /^proj_size has to be smaller than hidden_size \(proj_size=(\d+), hidden_size=(\d+)\)$/,
    { zh: (m) => `proj_size 必须小于 hidden_size（proj_size=${m[1]}，hidden_size=${m[2]}）` },
  ],
  [
    /^the model would have (\d+) parameters, more than the maximum (\d+): use a smaller hidden_size or fewer layers$/,
    { zh: (m) => `模型会有 ${m[1]} 个参数，超过上限 ${m[2]}：请减小 hidden_size 或减少层数` },
  ],
  [
    /^a forward on input of shape (\[[^\]]*\]) needs (\d+) gate values, more than the maximum (\d+): use fewer sentences or time steps$/,
    { zh: (m) => `形状为 ${m[1]} 的输入做一次前向需要 ${m[2]} 个门的值，超过上限 ${m[3]}：请减少句子数或时间步数` },
  ],
  [
    /^recording every step of input of shape (\[[^\]]*\]) needs (\d+) values a tensor, more than the maximum (\d+): .*$/,
    {
      zh: (m) =>
        `记录形状为 ${m[1]} 的输入的每一步，每个张量需要 ${m[2]} 个值，超过上限 ${m[3]}：请减少句子数或时间步数`,
    },
  ],
  [
    /^rand: shape (\[[^\]]*\]) has more than the maximum (\d+) elements$/,
    { zh: (m) => `torch.rand 的形状 ${m[1]} 超过上限 ${m[2]} 个元素` },
  ],
  [
    /^Linear: out_features must be between 1 and (\d+), got (.*)$/,
    { zh: (m) => `线性层：out_features 必须在 1 到 ${m[1]} 之间，收到的是 ${m[2]}` },
  ],
  [/^out of memory: .*$/, { zh: () => '内存不足：WebAssembly 的堆放不下这么大的张量' }],
  // The optimizer (PyTorch's own message for a negative lr).
  [/^Invalid learning rate: (.*)$/, { zh: (m) => `无效的学习率 lr：${m[1]}（必须大于或等于 0）` }],
  [
    /^createTrainer: lr must be a finite number, got (.*)$/,
    { zh: (m) => `lr（学习率）必须是有限的数，收到的是 ${m[1] === 'NaN' ? '非数字（或为空）' : m[1]}` },
  ],
  [
    /^label (-?\d+) of sentence (\d+) is not a class of a head with out_features = (\d+) \(classes 0 to (\d+)\)$/,
    {
      en: (m) =>
        `label ${m[1]} of sentence ${sentence(m[2])} is not a class of a head with out_features = ${m[3]} (classes 0 to ${m[4]})`,
      zh: (m) =>
        `句子 ${sentence(m[2])} 的标签 ${m[1]} 不是线性层的类别：out_features = ${m[3]}（类别为 0 到 ${m[4]}）`,
    },
  ],
  // Weight files: PyTorch's load_state_dict message, line by line, and what infer_config says.
  [
    /^Error\(s\) in loading state_dict for (\w+):(.*)$/s,
    {
      zh: (m) =>
        `加载 ${m[1]} 的 state_dict 出错：` +
        m[2]
          .replace(/\n\tMissing key\(s\) in state_dict: (.*?)\./g, '\n\t缺少的键：$1。')
          .replace(/\n\tUnexpected key\(s\) in state_dict: (.*?)\./g, '\n\t多余的键：$1。')
          .replace(
            /\n\tsize mismatch for (\S+): copying a param with shape (\[[^\]]*\]) from checkpoint, the shape in current model is (\[[^\]]*\])\./g,
            '\n\t$1 的形状不符：文件中是 $2，当前模型是 $3。',
          ),
    },
  ],
  [
    /^not the state_dict of an nn\.RNN, nn\.LSTM or nn\.GRU: .*$/,
    { zh: () => '这不是 nn.RNN、nn.LSTM 或 nn.GRU 的 state_dict：需要二维的 weight_ih_l0 和 weight_hh_l0' },
  ],
  [
    /^weight_ih_l0 has (\d+) rows: not 1, 3 or 4 times hidden_size (\d+) .*$/,
    { zh: (m) => `weight_ih_l0 有 ${m[1]} 行，不是 hidden_size ${m[2]} 的 1、3 或 4 倍（nn.RNN、nn.GRU、nn.LSTM）` },
  ],
  [/^safetensors.*$/s, { zh: (m) => `这不是 Recur 能读取的 .safetensors 文件（${m[0]}）` }],
];

// PyTorch's UserWarnings, which the page shows beside the model.
const WARNINGS = [
  [
    /^dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=(\S+) and num_layers=(\d+)$/,
    {
      zh: (m) =>
        `dropout 只加在除最后一层以外的每个循环层之后，所以非零的 dropout 要求 num_layers 大于 1，但这里 dropout=${m[1]}，num_layers=${m[2]}`,
    },
  ],
];

function apply(rules, text, language) {
  for (const [pattern, say] of rules) {
    const m = text.match(pattern);
    if (m) return say[language]?.(m) ?? text;
  }
  return null;
}

// The location of a table error in the page's words: "sentence 2 (line 4), column x3: " or
// "句子 2（第 4 行），x3 列：" (a header's line, or nothing for the table as a whole).
function tableWhere(error, language) {
  const { row, line, column } = error;
  const zh = language === 'zh';
  let where = '';
  if (row > 0) where = zh ? `句子 ${sentence(row)}（第 ${line} 行）` : `sentence ${sentence(row)} (line ${line})`;
  else if (line > 0) where = zh ? `表头（第 ${line} 行）` : `header (line ${line})`;
  if (column) where += zh ? `，${column} 列` : `, column ${column}`;
  return where ? where + (zh ? '：' : ': ') : '';
}

// Text already in the page's words: the page's own checks (compute.mjs's field ranges, in the
// learner's language) and the page's lead-in before a core message on the next lines.
const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

// { text, known }: the error in `language`, and whether a rule knew it.
function say(error, language) {
  const message = String(error?.message ?? error);
  if (error?.name === 'SyntaxError')
    return { text: language === 'zh' ? `不是有效的 JSON：${message}` : message, known: true };
  const prefix = message.match(TABLE_WHERE);
  if (prefix && error?.row !== undefined) {
    const what = message.slice(prefix[0].length),
      text = apply(TABLE_RULES, what, language);
    return { text: tableWhere(error, language) + (text ?? what), known: text !== null };
  }
  const lead = message.split('\n', 1)[0];
  if (CJK.test(lead)) {
    if (lead === message) return { text: message, known: true };
    const rest = say({ message: message.slice(lead.length + 1) }, language);
    return { text: `${lead}\n${rest.text}`, known: rest.known };
  }
  const text = apply(RULES, message, language);
  if (text !== null) return { text, known: true };
  return { text: language === 'zh' ? `出错了（Recur 核心的原文）：${message}` : message, known: false };
}

/**
 * What the page says for an error of the JS API (a RecurError, with `row`, `line`, `column` for a
 * table error) or the browser's JSON parser, in `language` ('en' or 'zh'). A message no rule
 * knows is shown as the core wrote it, after a Chinese lead-in on the Chinese page.
 */
export const errorText = (error, language) => say(error, language).text;

/** Whether the page has words of its own for this error (a test checks every error the page can show). */
export const isKnown = (error) => say(error, 'zh').known;

/** A PyTorch UserWarning's text, in `language`. */
export function warningText(text, language) {
  return apply(WARNINGS, text, language) ?? text;
}
