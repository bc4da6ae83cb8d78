// The "PyTorch code" card for a table of words: the runnable Python that reproduces the page's
// printout. It writes the sentences as token lists, builds the vocabulary as the core does
// (<pad> at 0, then every token in order of first appearance, row by row, left to right:
// core/include/recur/words.hpp), pads the ids with pad_sequence, reads them one-hot or through
// nn.Embedding, packs them by their lengths (or feeds them padded, the classic mistake), runs
// the module, the head and the Train card's loop, and prints what the cards show. Only text is
// assembled here; the sentences are the ones the core parsed.

// The script's comments, in the page's language (the Chinese follows docs/glossary-zh.md).
const COMMENTS = {
  en: {
    sentences: (B, characters) =>
      `the table: ${B} sentences, ${characters ? 'one token a character (spaces are not tokens)' : 'tokens split on spaces'}`,
    tooLong: (B, n) => `the table, ${B} sentences of ${n} tokens in all: too long to write out here`,
    labels: 'the labels after |',
    vocabulary: '<pad> is id 0, then every token in the order it first appears (row by row, left to right)',
    ids: (bf) =>
      `token ids, ${bf ? '[batch, seq_len]' : '[seq_len, batch]'}: seq_len is the longest sentence, 0 (<pad>) past each one's end`,
    lengths: "each sentence's own number of tokens",
    module: 'drawn under the seed in this order: embedding, rnn, head',
    names: "its state_dict has the page's names: embedding.weight, rnn.weight_ih_l0, ..., head.weight",
    head: 'the Linear head, drawn right after the module',
    oneHot: 'token i is a 1 at place i: input_size = V',
    embedded: "each id reads its row of embedding.weight (row 0, <pad>'s, is zeros)",
    packed: "packed by length: the module stops at each sentence's own last token",
    unpacked: 'back to a padded tensor: zeros past each length',
    padded: 'padded, not packed: every sentence runs on through its <pad> steps (the classic mistake)',
    eval: 'no dropout: the forward the page shows',
    training: (steps) =>
      `the Train card's ${steps} step${steps === 1 ? '' : 's'}, every sentence in one batch, from the same seeded weights`,
    lastStep: (bf) =>
      `each sentence's own last step, ${bf ? 'output[i, lengths[i] - 1]' : 'output[lengths[i] - 1, i]'}`,
    equal: "True: packed, h_n[-1] is each sentence's state at its own last token",
    equalBi:
      "True True: the forward half at each sentence's own last token is h_n[-2]; the reverse direction starts at that token and ends at t = 0, so the reverse half of step 0 is h_n[-1]",
    paddedSame: "True: fed padded, output's last step is h_n[-1], <pad> steps included",
    paddedMistake: 'False: for a shorter sentence h_n[-1] is the state after its <pad> steps, not after its last token',
    paddedSameLength: 'every sentence has the same length: padded is the same as packed, so True',
    paddedMistakeBi:
      "False True: a shorter sentence's forward direction ran on through its <pad> steps, so h_n[-2] is not its state at its last token; h_n[-1] is still step 0's reverse half, but the reverse direction started on the <pad> steps",
    reverse: "bidirectional=True: h_n[-1] is the top layer's reverse direction only",
    cat: 'both directions of the top layer: torch.cat((h_n[-2], h_n[-1]), dim=1)',
    unbatched: (b) => `sentence ${b} alone: unbatched, its own tokens`,
  },
  zh: {
    sentences: (B, characters) =>
      `句子表：${B} 个句子，${characters ? '每个字一个词元（空格不是词元）' : '词元用空格分开'}`,
    tooLong: (B, n) => `句子表：${B} 个句子，共 ${n} 个词元，太长，这里不写出来`,
    labels: '| 之后的标签',
    vocabulary: '<pad> 的编号是 0，其余每个词元按第一次出现的顺序编号（逐行、从左到右）',
    ids: (bf) =>
      `词元编号，${bf ? '[batch, seq_len]' : '[seq_len, batch]'}：seq_len 是最长句子的长度，每个句子结束之后是 0（<pad>）`,
    lengths: '每个句子自己的词元个数',
    module: '在随机种子之后按这个顺序创建：embedding、rnn、head',
    names: '它的 state_dict 与页面保存的名字相同：embedding.weight、rnn.weight_ih_l0、……、head.weight',
    head: '教程中的线性层，紧接在模块之后创建',
    oneHot: '编号为 i 的词元在第 i 位是 1：input_size = V',
    embedded: '每个编号读取 embedding.weight 的一行（第 0 行属于 <pad>，全是 0）',
    packed: '按长度打包：模型在每个句子自己的最后一个词元处停下',
    unpacked: '再变回填充的张量：每个句子结束之后是 0',
    padded: '只填充不打包：每个句子都经过它的 <pad> 时间步继续运行（常见的错误）',
    eval: '不使用 dropout：与页面显示的前向计算相同',
    training: (steps) => `“训练”卡片的 ${steps} 步，全部句子作为一个批次，从同样的初始权重开始`,
    lastStep: (bf) => `每个句子自己的最后一步，${bf ? 'output[i, lengths[i] - 1]' : 'output[lengths[i] - 1, i]'}`,
    equal: 'True：打包之后，h_n[-1] 是每个句子在它自己最后一个词元处的状态',
    equalBi:
      'True True：每个句子最后一个词元处的正向一半就是 h_n[-2]；反向从这个词元开始、在 t = 0 结束，所以第 0 步的反向一半就是 h_n[-1]',
    paddedSame: 'True：只填充不打包时，output 的最后一步就是 h_n[-1]，包括 <pad> 时间步',
    paddedMistake: 'False：对较短的句子，h_n[-1] 是经过它的 <pad> 时间步之后的状态，而不是最后一个词元之后的状态',
    paddedSameLength: '所有句子长度相同：只填充与打包一样，所以是 True',
    paddedMistakeBi:
      'False True：较短句子的正向经过它的 <pad> 时间步继续运行，所以 h_n[-2] 不是它在最后一个词元处的状态；h_n[-1] 仍是第 0 步的反向一半，但反向是从 <pad> 时间步开始的',
    reverse: 'bidirectional=True：h_n[-1] 只是最上层的反向',
    cat: '最上层的两个方向：torch.cat((h_n[-2], h_n[-1]), dim=1)',
    unbatched: (b) => `单独的句子 ${b}：非批量的输入，只有它自己的词元`,
  },
};

/** The script's comments in `language` ('en' or 'zh'; English otherwise). */
export const codeComments = (language) => COMMENTS[language] ?? COMMENTS.en;

const MAX_LITERAL = 4096; // tokens written out; past that, a comment stands for the sentences

// A Python str literal: quoted as typed when nothing in it needs escaping, else JSON's escapes
// (\", \\, \n, \uXXXX), which Python reads the same.
const py = (s) => (/^[^'\\\p{Cc}\p{Cs}]*$/u.test(s) ? `'${s}'` : JSON.stringify(s));

// Each sentence's tokens, read back from the ids and the vocabulary (what the core parsed).
function sentencesOf(table) {
  const { ids, lengths, vocabulary, batch: B, batch_first: bf } = table;
  const T = bf ? ids.shape[1] : ids.shape[0];
  return Array.from(lengths, (n, b) =>
    Array.from({ length: n }, (_, t) => vocabulary[ids.data[bf ? b * T + t : t * B + b]]),
  );
}

// The sentences as a Python list: token lists, or in the characters mode list('我爱你').
function sentencesLiteral(sentences, characters) {
  const items = sentences.map((tokens) =>
    characters ? `list(${py(tokens.join(''))})` : `[${tokens.map(py).join(', ')}]`,
  );
  return `sentences = [\n${items.map((item) => `    ${item},\n`).join('')}]`;
}

/** nn.GRU(input_size=..., ...) with every argument the page sets (the bit table's code writes it too). */
export function moduleCall(module, config, inputSize) {
  const args = [`input_size=${inputSize}`, `hidden_size=${config.hidden_size}`, `num_layers=${config.num_layers}`];
  if (module === 'RNN' && config.nonlinearity === 'relu') args.push(`nonlinearity='relu'`);
  if (!config.bias) args.push('bias=False');
  if (config.dropout > 0) args.push(`dropout=${config.dropout}`);
  if (config.proj_size > 0) args.push(`proj_size=${config.proj_size}`);
  if (config.bidirectional) args.push('bidirectional=True');
  args.push(`batch_first=${config.batch_first ? 'True' : 'False'}`);
  return `nn.${module}(${args.join(', ')})`;
}

/**
 * The Python for a table of words, as one string. `view`: the page's view of the compute result
 * (web/compute.mjs): { state, table, config, outFeatures, trainedSteps, headInput }.
 */
export function wordsPython({ state, table, config, outFeatures, trainedSteps = 0, headInput = 'last' }) {
  const c = codeComments(state.language);
  const lstm = config.mode === 'LSTM';
  const module = lstm || config.mode === 'GRU' ? config.mode : 'RNN';
  const name = module.toLowerCase();
  const embedded = config.num_embeddings > 0;
  const characters = table.tokens === 'characters';
  const bf = config.batch_first;
  const packed = Boolean(state.packed);
  const cat = headInput === 'cat';
  const B = table.batch,
    S = config.num_layers * (config.bidirectional ? 2 : 1),
    R = config.proj_size || config.hidden_size;
  const sentences = sentencesOf(table);
  const tokens = sentences.reduce((n, s) => n + s.length, 0);
  const hidden = lstm ? '(h_n, c_n)' : 'h_n';

  const lines = [
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    `from torch.nn.utils.rnn import ${packed ? 'pad_sequence, pack_padded_sequence, pad_packed_sequence' : 'pad_sequence'}`,
    '',
  ];
  if (tokens <= MAX_LITERAL) {
    lines.push(`# ${c.sentences(B, characters)}`, sentencesLiteral(sentences, characters));
    if (table.y) lines.push(`y = torch.tensor([${Array.from(table.y).join(', ')}])  # ${c.labels}`);
  } else {
    lines.push(`sentences = ...  # ${c.tooLong(B, tokens)}`);
    if (table.y) lines.push(`y = ...  # ${c.labels}`);
  }
  lines.push(
    '',
    `# ${c.vocabulary}`,
    "index = {'<pad>': 0}",
    'for sentence in sentences:',
    '    for token in sentence:',
    '        index.setdefault(token, len(index))',
    'vocabulary = list(index)',
    'V = len(vocabulary)',
    `ids = pad_sequence([torch.tensor([index[t] for t in s]) for s in sentences], batch_first=${bf ? 'True' : 'False'})  # ${c.ids(bf)}`,
    `lengths = torch.tensor([len(s) for s in sentences])  # ${c.lengths}`,
    'print(vocabulary)',
    'print(ids, lengths)',
    '',
  );

  // h0 = torch.rand after torch.manual_seed(h0_seed), c0 after h0_seed + 1, as the page draws them.
  const withH0 = state.h0 === 'rand';
  if (withH0) {
    const seed = Number(state.h0_seed);
    lines.push(`torch.manual_seed(${seed})`, `h0 = torch.rand(${S}, ${B}, ${R})`);
    if (lstm) lines.push(`torch.manual_seed(${seed + 1})`, `c0 = torch.rand(${S}, ${B}, ${config.hidden_size})`);
    lines.push('');
  }
  const state0 = withH0 ? (lstm ? ', (h0, c0)' : ', h0') : '';

  const headIn = cat ? 'torch.cat((h_n[-2], h_n[-1]), dim=1)' : 'h_n[-1]';
  const headCall = `nn.Linear(${cat ? `2 * ${R}` : R}, ${outFeatures})`;
  if (embedded) {
    lines.push(
      `class Words(nn.Module):  # ${c.module}`,
      '    def __init__(self):',
      '        super().__init__()',
      `        self.embedding = nn.Embedding(V, ${config.input_size}, padding_idx=0)`,
      `        self.rnn = ${moduleCall(module, config, config.input_size)}`,
      `        self.head = ${headCall}`,
      '',
      '',
      `torch.manual_seed(${config.seed})`,
      `model = Words()  # ${c.names}`,
      `embedding, ${name}, head = model.embedding, model.rnn, model.head`,
    );
  } else {
    lines.push(
      `torch.manual_seed(${config.seed})`,
      `${name} = ${moduleCall(module, config, 'V')}`,
      `head = ${headCall}  # ${c.head}`,
    );
  }
  if (config.dropout > 0) lines.push(`${name}.eval()  # ${c.eval}`);
  lines.push('');

  // The forward the page runs: ids -> x -> (packed) module -> output padded again.
  const input = embedded ? 'embedding(ids)' : 'F.one_hot(ids, V).float()';
  const seqDim = bf ? 1 : 0;
  lines.push('', 'def forward():', `    x = ${input}  # ${embedded ? c.embedded : c.oneHot}`);
  if (packed)
    lines.push(
      `    x = pack_padded_sequence(x, lengths, batch_first=${bf ? 'True' : 'False'}, enforce_sorted=False)  # ${c.packed}`,
      `    output, hidden = ${name}(x${state0})`,
      `    output, _ = pad_packed_sequence(output, batch_first=${bf ? 'True' : 'False'}, total_length=ids.shape[${seqDim}])  # ${c.unpacked}`,
      '    return output, hidden',
    );
  else lines.push(`    return ${name}(x${state0})  # ${c.padded}`);
  lines.push('', '');

  if (trainedSteps && table.y) {
    const optimizer = state.optimizer === 'sgd' ? 'SGD' : 'Adam';
    const params = embedded ? 'model.parameters()' : `[*${name}.parameters(), *head.parameters()]`;
    lines.push(
      `# ${c.training(trainedSteps)}`,
      `optimizer = torch.optim.${optimizer}(${params}, lr=${Number(state.lr)})`,
      `for step in range(${trainedSteps}):`,
      '    optimizer.zero_grad()',
      `    _, ${lstm ? '(h_n, _)' : 'h_n'} = forward()`,
      `    loss = F.cross_entropy(head(${headIn}), y)`,
      '    loss.backward()',
      '    optimizer.step()',
      '',
    );
  }

  // The last-step card's check. Packed: each sentence's own last step is h_n's top layer (two
  // directions: the forward half against h_n[-2], and the reverse direction, which starts at the
  // sentence's end, ends at step 0). Padded: output's last step is h_n[-1], and a shorter
  // sentence's own last step is not.
  const at = (t, half = '') =>
    bf ? `output[torch.arange(${B}), ${t}${half}]` : `output[${t}, torch.arange(${B})${half}]`;
  const step = (t, half = '') => (bf ? `output[:, ${t}${half}]` : `output[${t}, :${half}]`);
  const differ = table.lengths.some((n) => n !== table.lengths[0]);
  const fwd = config.bidirectional ? `, :${R}` : '';
  const check = [`    last = ${at('lengths - 1', fwd)}  # ${c.lastStep(bf)}`];
  if (config.bidirectional) {
    const both = `print(torch.equal(last, h_n[-2]), torch.equal(${step(0, `, ${R}:`)}, h_n[-1]))`;
    if (packed) check.push(`    ${both}  # ${c.equalBi}`);
    else check.push(`    ${both}  # ${differ ? c.paddedMistakeBi : c.paddedSameLength}`);
  } else if (packed) {
    check.push(`    print(torch.equal(last, h_n[-1]))  # ${c.equal}`);
  } else {
    check.push(
      `    print(torch.equal(${step(-1)}, h_n[-1]))  # ${c.paddedSame}`,
      `    print(torch.equal(last, h_n[-1]))  # ${differ ? c.paddedMistake : c.paddedSameLength}`,
    );
  }

  lines.push(
    'with torch.no_grad():',
    `    output, ${hidden} = forward()`,
    `    print(output.shape, h_n.shape${lstm ? ', c_n.shape' : ''})`,
    ...check,
    '    print(output)',
    ...(config.bidirectional ? [`    # ${cat ? c.cat : c.reverse}`] : []),
    `    logits = head(${headIn})`,
    '    print(logits.softmax(dim=-1), logits.argmax(dim=-1))',
  );

  if (state.unbatched) {
    // The chosen sentence alone, as PyTorch's unbatched input: its ids (packed: its own tokens,
    // padded: with its <pad> steps), 1-D, so x is 2-D and so are h0, c0 and the results.
    const b = Math.min(Number(state.sentence) || 0, B - 1);
    const n = packed ? table.lengths[b] : table.seq_len;
    const idsB = bf ? `ids[${b}, :${n}]` : `ids[:${n}, ${b}]`;
    const xb = embedded ? `embedding(${idsB})` : `F.one_hot(${idsB}, V).float()`;
    const sb = withH0 ? (lstm ? `, (h0[:, ${b}], c0[:, ${b}])` : `, h0[:, ${b}]`) : '';
    lines.push(
      `    output_b, ${lstm ? '(h_n_b, c_n_b)' : 'h_n_b'} = ${name}(${xb}${sb})  # ${c.unbatched(b)}`,
      '    print(output_b.shape, h_n_b.shape)',
      `    print(torch.equal(output_b, ${bf ? `output[${b}, :${n}]` : `output[:${n}, ${b}]`}), torch.equal(h_n_b, h_n[:, ${b}]))`,
    );
  }
  return lines.join('\n') + '\n';
}
