// The "output[:, -1] = h_n[-1]" card: the top layer's last step of output beside h_n's last
// row, sentence by sentence, and how many of their values are identical, bit for bit.
import { h, fill } from '../dom.mjs';
import { outputAt, stateAt } from '../dimensions.mjs';
import { edges, heatGrid, strip } from '../heatmap.mjs';

const MAX_SENTENCES = 12; // drawn rows: the first and last six, as PyTorch's print summarises
const MAX_UNITS = 16; // drawn values a strip

export default {
  id: 'last-step',
  column: 'outputs',
  create({ words }) {
    const el = h('div', { id: 'last-step' });
    const [pre, a, mid, b, post] = words.lastStepTitle;
    return {
      children: [h('h2', {}, pre, h('code', {}, a), mid, h('code', {}, b), post ?? ''), el],
      render: (view) => renderLastStep(el, view),
    };
  },
};

function renderLastStep(el, { table, result, config, words, scale }) {
  const bf = config.batch_first;
  // H: the width of h (proj_size with a projection); S: h_n's rows (num_layers x directions).
  const B = table.batch,
    T = table.seq_len,
    L = config.num_layers,
    H = result.h_n.shape[2],
    S = result.h_n.shape[0];
  const at = (b, t) => (bf ? `${b}, ${t}` : `${t}, ${b}`);
  // The half of a step's 2·H values one direction wrote: output[:, t, :H] or output[t, :, H:].
  const slice = (from) => (config.bidirectional ? `${bf ? '' : ', :'}${from ? `, ${H}:` : `, :${H}`}` : '');
  // Which part of output meets which row of h_n. Bidirectional: the forward half of the last
  // step is the top layer's forward row h_n[-2]; the reverse direction ends at t = 0, so the
  // reverse half of the first step is h_n[-1].
  const pairs = [{ t: T - 1, from: 0, row: config.bidirectional ? S - 2 : S - 1 }];
  if (config.bidirectional) pairs.push({ t: 0, from: H, row: S - 1 });
  const lhsName = ({ t, from }) =>
    bf ? `output[:, ${t === 0 ? 0 : -1}${slice(from)}]` : `output[${t === 0 ? 0 : -1}${slice(from)}]`;
  const rhsName = ({ row }) => `h_n[${row - S}]`;
  let equal = 0,
    total = 0;
  for (const p of pairs)
    for (let b = 0; b < B; ++b) {
      const out = outputAt(result.output, bf, b, p.t).subarray(p.from, p.from + H),
        hn = stateAt(result.h_n, p.row, b);
      for (let k = 0; k < H; ++k) {
        total += 1;
        if (Object.is(out[k], hn[k])) equal += 1;
      }
    }
  const shown = edges(B, MAX_SENTENCES);
  const block = (p) => {
    const out = (b) => outputAt(result.output, bf, b, p.t).subarray(p.from, p.from + H);
    const outLabel = (b, k) => `output[${at(b, p.t)}, ${p.from + k}]`;
    if (H > 6) {
      return heatGrid({
        rows: shown.map((b) => (b < 0 ? '⋮' : `b=${b}`)),
        columns: [lhsName(p), rhsName(p)],
        units: edges(H, MAX_UNITS),
        scale,
        block: (r, c) => (shown[r] < 0 ? null : c === 0 ? out(shown[r]) : stateAt(result.h_n, p.row, shown[r])),
        label: (r, c, k) => (c === 1 ? `h_n[${p.row}, ${shown[r]}, ${k}]` : outLabel(shown[r], k)),
        name: `${lhsName(p)}, ${rhsName(p)}`,
        words,
      });
    }
    const opts = { scale, showNumbers: true, limit: MAX_UNITS };
    const rows = shown.map((b) =>
      b < 0
        ? h('tr', { class: 'gap' }, h('th', {}, '⋮'), h('td', {}, '⋮'), h('td', {}), h('td', {}, '⋮'))
        : h(
            'tr',
            {},
            h('th', {}, `${b}`),
            h('td', {}, strip(out(b), { ...opts, label: (k) => outLabel(b, k) })),
            h('td', { class: 'eq' }, '='),
            h('td', {}, strip(stateAt(result.h_n, p.row, b), { ...opts, label: (k) => `h_n[${p.row}, ${b}, ${k}]` })),
          ),
    );
    return h(
      'table',
      { class: 'compare' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'b'),
          h('th', {}, h('code', {}, lhsName(p))),
          h('th', {}),
          h('th', {}, h('code', {}, rhsName(p))),
        ),
      ),
      h('tbody', {}, rows),
    );
  };
  const names = pairs.map(lhsName).join(words.and);
  fill(
    el,
    h('div', { class: 'value-block', id: 'last-step-values' }, pairs.map(block)),
    B > MAX_SENTENCES ? h('p', { class: 'note' }, words.moreCompared(B - MAX_SENTENCES)) : null,
    h(
      'p',
      { id: 'last-step-check', class: equal === total ? 'verdict ok' : 'verdict bad' },
      equal === total
        ? words.equal(total, names, pairs.map(rhsName).join(words.and))
        : words.differ(total - equal, total),
    ),
    h(
      'p',
      { class: 'note' },
      config.bidirectional ? words.bidirectionalNote(H) : [words.lastStepNote, words.layersNote(L)],
    ),
  );
}
