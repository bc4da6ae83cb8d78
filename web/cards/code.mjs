// The "PyTorch code" card: the runnable Python that builds the same input, module and head and
// prints what the page shows. Only text is assembled here; the numbers come from the table the
// core parsed. It sits in the wide column, one element a line, so a long line wraps under its
// own start instead of scrolling sideways.
import { h, fill } from '../dom.mjs';
import { digitsPython } from '../digits-code.mjs';
import { codeComments, moduleCall, wordsPython } from '../words-code.mjs';
import { clampInt } from '../state.mjs';

export default {
  id: 'code',
  column: 'outputs',
  create(ctx) {
    const { words } = ctx;
    // It scrolls (long code, a fixed height): focusable, so the keyboard can scroll it too.
    const code = h('pre', { id: 'code', class: 'code', tabindex: 0, role: 'region', 'aria-label': words.codeTitle });
    const copied = h('span', { class: 'sub', role: 'status' });
    const copy = async () => {
      try {
        await navigator.clipboard.writeText(code.textContent);
        copied.textContent = words.copied;
      } catch {
        getSelection()?.selectAllChildren(code); // the learner can copy the selection
        copied.textContent = words.copySelect;
      }
    };
    return {
      children: [
        h(
          'div',
          { class: 'card-head' },
          h('h2', {}, words.codeTitle),
          h(
            'span',
            {},
            copied,
            ' ',
            h('button', { id: 'copy-code', type: 'button', class: 'button', onclick: copy }, words.copy),
          ),
        ),
        h('p', { class: 'sub' }, words.sameInPyTorch),
        code,
      ],
      render(view) {
        // The digits mode: the script of its training run (the epochs trained, else those a Train click runs).
        const source =
          view.state.input === 'digits'
            ? digitsPython({
                config: view.config,
                state: view.state,
                epochs: ctx.digits?.run?.epoch || clampInt('digits_epochs', view.state.digits_epochs),
              })
            : view.table?.vocabulary
              ? wordsPython(view)
              : pythonCode(view);
        fill(
          code,
          source
            .replace(/\n$/, '')
            .split('\n')
            .map((line) => h('span', { class: 'line' }, `${line}\n`)),
        );
      },
    };
  },
};

const MAX_LITERAL = 4096; // elements of x written out; past that, a comment says where x comes from

// 0/1 cells print as "0." / "1." (PyTorch's float literal style); others as JS prints them.
const literal = (v) => (Number.isInteger(v) ? `${v}.` : String(v));

// x as a nested Python list in [batch, seq_len, input_size] order (the table's own order).
function tableLiteral(table) {
  const { batch: B, seq_len: T, input_size: I } = table;
  const rows = [];
  for (let b = 0; b < B; ++b) {
    const steps = [];
    for (let t = 0; t < T; ++t) {
      const at = table.batch_first ? (b * T + t) * I : (t * B + b) * I;
      steps.push(`[${Array.from(table.x.data.subarray(at, at + I), literal).join(', ')}]`);
    }
    rows.push(`[${steps.join(', ')}]`);
  }
  return `torch.tensor([${rows.join(',\n                  ')}])`;
}

// The Train card's run as PyTorch's loop: the same optimizer over the module's and the head's
// parameters, full batch, from the same seeded weights.
function trainingLoop(name, lstm, state, steps, words, state0, headIn) {
  const optimizer = state.optimizer === 'sgd' ? 'SGD' : 'Adam';
  return [
    `# ${words.codeTraining(steps)}`,
    `optimizer = torch.optim.${optimizer}([*${name}.parameters(), *head.parameters()], lr=${Number(state.lr)})`,
    `for step in range(${steps}):`,
    '    optimizer.zero_grad()',
    `    _, ${lstm ? '(h_n, _)' : 'h_n'} = ${name}(x${state0})`,
    `    loss = nn.functional.cross_entropy(head(${headIn}), y)`,
    '    loss.backward()',
    '    optimizer.step()',
    '',
  ];
}

/** The Python for the current setup, as one string. */
export function pythonCode({ state, table, config, outFeatures, words, trainedSteps: trained = 0, headInput }) {
  // The head on both directions of the top layer (torch.cat((h_n[-2], h_n[-1]), dim=1)), or on h_n[-1].
  const cat = headInput === 'cat';
  const headIn = cat ? 'torch.cat((h_n[-2], h_n[-1]), dim=1)' : 'h_n[-1]';
  const lstm = config.mode === 'LSTM';
  const module = config.mode === 'LSTM' || config.mode === 'GRU' ? config.mode : 'RNN';
  const name = module.toLowerCase();
  const bf = config.batch_first;
  const lines = ['import torch', 'import torch.nn as nn', ''];
  if (state.input === 'random') {
    const [B, T, I] = [state.batch, state.seq_len, state.input_size];
    lines.push(
      `torch.manual_seed(${state.x_seed})`,
      `x = torch.rand(${bf ? `${B}, ${T}` : `${T}, ${B}`}, ${I})  # ${bf ? '[batch, seq_len, input_size]' : '[seq_len, batch, input_size]'}`,
      '',
    );
  } else if (table.x.data.length <= MAX_LITERAL) {
    lines.push(`# ${words.codeTable(table.batch, table.seq_len, table.input_size)}`, `x = ${tableLiteral(table)}`);
    if (!bf) lines.push('x = x.transpose(0, 1)  # batch_first=False: [seq_len, batch, input_size]');
    if (table.y) lines.push(`y = torch.tensor([${Array.from(table.y).join(', ')}])`);
    lines.push('');
  } else {
    lines.push(`x = ...  # ${words.codeTooLong(table.x.shape.join(' x '))}`, '');
  }
  const S = config.num_layers * (config.bidirectional ? 2 : 1),
    R = config.proj_size || config.hidden_size;
  const withH0 = state.h0 === 'rand';
  if (withH0) {
    const seed = Number(state.h0_seed);
    lines.push(
      `torch.manual_seed(${seed})`,
      `h0 = torch.rand(${S}, ${table.batch}, ${R})  # [num_layers${config.bidirectional ? '*2' : ''}, batch, ${config.proj_size ? 'proj_size' : 'hidden_size'}]`,
    );
    if (lstm)
      lines.push(`torch.manual_seed(${seed + 1})`, `c0 = torch.rand(${S}, ${table.batch}, ${config.hidden_size})`);
    lines.push('');
  }
  const state0 = withH0 ? (lstm ? ', (h0, c0)' : ', h0') : '';
  // What the last-step card compares: output's last step against h_n[-1], or with two
  // directions the forward half of the last step against h_n[-2] and the reverse half of the
  // first step against h_n[-1] (the reverse direction ends at t = 0).
  const step = (t, half = '') =>
    bf ? `output[:, ${t}${half && `, ${half}`}]` : `output[${t}${half && `, :, ${half}`}]`;
  const equal = config.bidirectional
    ? [
        `    # ${words.codeEqualBi}`,
        `    print(torch.equal(${step(-1, `:${R}`)}, h_n[-2]), torch.equal(${step(0, `${R}:`)}, h_n[-1]))`,
      ]
    : [`    # ${words.codeEqual}`, `    print(torch.equal(${step(-1)}, h_n[-1]))`];
  lines.push(
    `torch.manual_seed(${config.seed})`,
    `${name} = ${moduleCall(module, config, config.input_size)}`,
    `head = nn.Linear(${cat ? `2 * ${R}` : R}, ${outFeatures})  # ${words.codeHead}`,
    ...(config.dropout > 0 ? [`${name}.eval()  # ${words.codeEval}`] : []),
    '',
    ...(trained && table.y ? trainingLoop(name, lstm, state, trained, words, state0, headIn) : []),
    'with torch.no_grad():',
    `    output, ${lstm ? '(h_n, c_n)' : 'h_n'} = ${name}(x${state0})`,
    `    print(output.shape, h_n.shape${lstm ? ', c_n.shape' : ''})`,
    ...equal,
    '    print(output)',
    ...(config.bidirectional ? [`    # ${cat ? codeComments(state.language).cat : words.codeHeadReverse}`] : []),
    `    logits = head(${headIn})`,
    '    print(logits.softmax(dim=-1), logits.argmax(dim=-1))',
  );
  if (state.unbatched) {
    // The chosen sentence alone, as PyTorch's unbatched input: 2-D x, h0, c0 and results.
    const b = Math.min(Number(state.sentence) || 0, table.batch - 1);
    const xb = bf ? `x[${b}]` : `x[:, ${b}]`;
    const sb = withH0 ? (lstm ? `, (h0[:, ${b}], c0[:, ${b}])` : `, h0[:, ${b}]`) : '';
    lines.push(
      `    output_b, ${lstm ? '(h_n_b, c_n_b)' : 'h_n_b'} = ${name}(${xb}${sb})  # ${words.codeUnbatched(b)}`,
      `    print(output_b.shape, h_n_b.shape)`,
      `    print(torch.equal(output_b, ${bf ? `output[${b}]` : `output[:, ${b}]`}), torch.equal(h_n_b, h_n[:, ${b}]))`,
    );
  }
  return lines.join('\n') + '\n';
}
