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

function renderLastStep(el, view) {
  if (view.packing?.other) return renderLengths(el, view);
  const { table, result, config, words, scale } = view;
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

// Sentences of different lengths: each one's output at its own last word, h_n[-1] packed (which
// equals it) and h_n[-1] padded (the state after the <pad> steps: the classic mistake), side by
// side, whichever of the two the model card's switch feeds the module.
function renderLengths(el, { table, result, config, words, scale, packing }) {
  const bf = config.batch_first,
    B = table.batch,
    T = table.seq_len,
    S = result.h_n.shape[0],
    H = result.h_n.shape[2];
  const packed = packing.packed ? result : packing.other,
    padded = packing.packed ? packing.other : result;
  // The top layer's forward direction (bidirectional: h_n[-2]; its reverse half ends at t = 0).
  const row = config.bidirectional ? S - 2 : S - 1,
    rowName = `h_n[${row - S}]`;
  const own = (b) => outputAt(packed.output, bf, b, packing.lengths[b] - 1).subarray(0, H);
  let equal = 0,
    total = 0,
    differ = 0,
    short = 0,
    paddedLast = 0; // padded: output[:, -1] still equals h_n[-1], which makes the mistake look right
  for (let b = 0; b < B; ++b) {
    const out = own(b),
      p = stateAt(packed.h_n, row, b),
      q = stateAt(padded.h_n, row, b);
    if (packing.lengths[b] < T) short += 1;
    for (let k = 0; k < H; ++k) {
      total += 1;
      if (Object.is(out[k], p[k])) equal += 1;
      if (!Object.is(q[k], p[k])) differ += 1;
    }
    const last = outputAt(padded.output, bf, b, T - 1);
    for (let k = 0; k < H; ++k) if (Object.is(last[k], q[k])) paddedLast += 1;
  }
  const opts = { scale, limit: MAX_UNITS, showNumbers: H <= 6 };
  const half = config.bidirectional ? `, :${H}` : '';
  const lhs = bf ? `output[i, len_i - 1${half}]` : `output[len_i - 1, i${half}]`;
  const shown = edges(B, MAX_SENTENCES);
  const line = (b) => {
    if (b < 0) return h('tr', { class: 'gap' }, h('th', {}, '⋮'), h('td', {}), h('td', {}, '⋮'));
    const n = packing.lengths[b],
      p = stateAt(packed.h_n, row, b),
      q = stateAt(padded.h_n, row, b);
    const same = q.every((v, k) => Object.is(v, p[k]));
    return h(
      'tr',
      { class: same ? undefined : 'after-pad' },
      h('th', {}, String(b)),
      h('td', {}, String(n)),
      h(
        'td',
        {},
        strip(own(b), { ...opts, label: (k) => `output[${bf ? `${b}, ${n - 1}` : `${n - 1}, ${b}`}, ${k}]` }),
      ),
      h('td', { class: 'eq' }, '='),
      h('td', {}, strip(p, { ...opts, label: (k) => `${words.packedColumn} h_n[${row}, ${b}, ${k}]` })),
      h('td', { class: 'eq' }, same ? '=' : '≠'),
      h('td', {}, strip(q, { ...opts, label: (k) => `${words.paddedColumn} h_n[${row}, ${b}, ${k}]` })),
    );
  };
  fill(
    el,
    h(
      'div',
      { class: 'value-block', id: 'last-step-values' },
      h(
        'table',
        { class: 'compare lengths' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'i'),
            h('th', {}, words.lengthColumn),
            h('th', {}, h('code', {}, lhs)),
            h('th', {}),
            h('th', {}, h('code', {}, rowName), ` ${words.packedColumn}`),
            h('th', {}),
            h('th', {}, h('code', {}, rowName), ` ${words.paddedColumn}`),
          ),
        ),
        h('tbody', {}, shown.map(line)),
      ),
    ),
    B > MAX_SENTENCES ? h('p', { class: 'note' }, words.moreCompared(B - MAX_SENTENCES)) : null,
    h(
      'p',
      { id: 'last-step-check', class: equal === total ? 'verdict ok' : 'verdict bad' },
      equal === total ? words.packedEqual(total, lhs, `${rowName}[i]`) : words.differ(total - equal, total),
    ),
    packing.packed || paddedLast !== total
      ? null
      : h(
          'p',
          { class: 'verdict' },
          words.paddedSame(total, bf ? `output[:, -1${half}]` : `output[-1${half}]`, rowName),
        ),
    h(
      'p',
      { id: 'padded-check', class: packing.packed ? 'verdict' : 'verdict bad' },
      differ ? words.paddedMistake(short, differ, total, rowName) : words.packedNoDifference,
    ),
    config.bidirectional
      ? h('p', { class: 'note' }, (packing.packed ? words.lengthsBidirectionalNote : words.bidirectionalNote)(H))
      : null,
  );
}
