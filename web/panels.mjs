// The result panels. Each takes what the JS API returned and draws it; none computes a tensor.
import { h, fill } from './dom.mjs';
import { heatGrid, legend, strip } from './heatmap.mjs';

const MAX_SENTENCES = 12;  // drawn rows; the rest is summarised, as PyTorch's print does
const MAX_UNITS = 16;      // drawn hidden units per strip
const MAX_STEPS = 12;      // drawn time steps

/** The names of a tensor's dimensions, as a learner reads them off PyTorch's docs. */
export function dimensionNames(name, batchFirst, projected = false, bidirectional = false, unbatched = false) {
  const names = batchedNames(name, batchFirst, projected, bidirectional);
  return unbatched ? names.filter((n) => n !== 'batch') : names;
}

function batchedNames(name, batchFirst, projected, bidirectional) {
  // With proj_size, h (so output and h_n) is proj_size wide; c_n keeps hidden_size. With two
  // directions output holds both (2*...) and h_n/c_n have a row a layer and direction.
  const width = projected && name !== 'c_n' ? 'proj_size' : 'hidden_size';
  const rows = bidirectional ? 'num_layers*2' : 'num_layers';
  if (name === 'x') return batchFirst ? ['batch', 'seq_len', 'input_size'] : ['seq_len', 'batch', 'input_size'];
  const out = bidirectional ? `2*${width}` : width;
  if (name === 'output') return batchFirst ? ['batch', 'seq_len', out] : ['seq_len', 'batch', out];
  return [rows, 'batch', name === 'c_n' || name === 'c0' ? 'hidden_size' : width];
}

function sizeText(shape, names, glossary = {}) {
  // The dimension's name (and in Chinese the notebook's term for it) is drawn by CSS (::after),
  // so the text stays exactly PyTorch's print.
  const dims = shape.map((d, k) => h('span', { class: 'dim', dataset: { name: names[k], gloss: glossary[names[k]] }, title: names[k] }, String(d)));
  const parts = [];
  dims.forEach((d, k) => parts.push(k ? ', ' : '', d));
  return h('code', { class: 'torch-size' }, 'torch.Size([', parts, '])');
}

// Where each dimension sits now, by shape row and dimension name.
function dimensionPlaces(el) {
  const places = new Map();
  for (const d of el.querySelectorAll('.dim')) places.set(`${d.closest('.shape-value').id}/${d.dataset.name}`, d.getBoundingClientRect());
  return places;
}

// Each dimension glides from where it was to where it is (batch_first moving batch to the
// front, say), unless the learner asked for reduced motion.
function animateDimensions(el, before) {
  if (!el.animate || globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches) return;
  for (const d of el.querySelectorAll('.dim')) {
    const was = before.get(`${d.closest('.shape-value').id}/${d.dataset.name}`);
    if (!was) continue;
    const now = d.getBoundingClientRect();
    const dx = was.left - now.left;
    if (Math.abs(dx) < 1) continue;
    d.animate([{ transform: `translateX(${dx}px)`, color: 'var(--bad)' }, { transform: 'none' }], { duration: 450, easing: 'ease-in-out' });
  }
}

export function renderShapes(el, { table, result, config, words, states, unbatched, state }) {
  const bf = config.batch_first;
  // Measuring forces a layout: only when the dimensions are about to move.
  const moving = el.dataset.batchFirst !== undefined && el.dataset.batchFirst !== String(bf);
  const before = moving ? dimensionPlaces(el) : null;
  el.dataset.batchFirst = String(bf);
  const row = (name, id, tensor, why, alone = false) =>
    h('div', { class: 'shape-row' },
      h('span', { class: 'shape-name' }, name),
      tensor ? h('span', { id, class: 'shape-value', dataset: { shape: JSON.stringify(tensor.shape) } }, sizeText(tensor.shape, dimensionNames(name.replace(/\[.*/, ''), bf, config.proj_size > 0, config.bidirectional, alone), words.glossary))
        : h('span', { id, class: 'shape-value absent' }, '—'),
      h('span', { class: 'shape-why' }, why));
  const noCn = words.noCn(config.mode === 'GRU' ? 'GRU' : 'RNN');
  fill(el,
    row('x', 'shape-x', table.x, bf ? words.whyXFirst : words.whyXSeq),
    states?.h0 ? row('h0', 'shape-h0', states.h0, words.whyH0(state.h0_seed)) : null,
    states?.c0 ? row('c0', 'shape-c0', states.c0, words.whyC0(Number(state.h0_seed) + 1)) : null,
    row('output', 'shape-output', result.output, config.bidirectional ? words.whyOutputBi : words.whyOutput),
    row('h_n', 'shape-h_n', result.h_n, config.proj_size > 0 ? words.whyHnProj : words.whyHn),
    row('c_n', 'shape-c_n', result.c_n, result.c_n ? words.whyCn : noCn),
    unbatched ? h('div', { class: 'unbatched', id: 'unbatched' },
      h('h3', {}, words.unbatchedTitle(unbatched.name)),
      row(unbatched.name, 'shape-x-alone', unbatched.x, '', true),
      row('output', 'shape-output-alone', unbatched.result.output, '', true),
      row('h_n', 'shape-h_n-alone', unbatched.result.h_n, '', true),
      row('c_n', 'shape-c_n-alone', unbatched.result.c_n, unbatched.result.c_n ? '' : noCn, true),
      h('p', { class: unbatched.equal === unbatched.total ? 'verdict ok' : 'verdict bad', id: 'unbatched-verdict' }, words.unbatchedEqual(unbatched.equal, unbatched.total, unbatched.b))) : null);
  if (moving) animateDimensions(el, before);
}

// output[b, t] (batch_first) or output[t, b]: the H values of one sentence at one step.
function outputAt(output, batchFirst, b, t) {
  const [d0, d1, H] = output.shape;
  const at = batchFirst ? (b * d1 + t) * H : (t * d1 + b) * H;
  return output.data.subarray(at, at + H);
}

// state[l, b]: the H values of one sentence in layer l of h_n or c_n.
function stateAt(state, l, b) {
  const [, B, H] = state.shape;
  return state.data.subarray((l * B + b) * H, (l * B + b + 1) * H);
}

export function renderLastStep(el, { table, result, config, words, scale }) {
  const bf = config.batch_first;
  // H: the width of h (proj_size with a projection); S: h_n's rows (num_layers x directions).
  const B = table.batch, T = table.seq_len, L = config.num_layers, H = result.h_n.shape[2], S = result.h_n.shape[0];
  const at = (b, t) => (bf ? `${b}, ${t}` : `${t}, ${b}`);
  const slice = (from) => (config.bidirectional ? (from ? `, ${H}:` : `, :${H}`) : '');
  // Which part of output meets which row of h_n. Bidirectional: the forward half of the last
  // step is the top layer's forward row h_n[-2]; the reverse direction ends at t = 0, so the
  // reverse half of the first step is h_n[-1].
  const pairs = [{ t: T - 1, from: 0, row: config.bidirectional ? S - 2 : S - 1 }];
  if (config.bidirectional) pairs.push({ t: 0, from: H, row: S - 1 });
  const lhsName = ({ t, from }) => (bf ? `output[:, ${t === 0 ? 0 : -1}${slice(from)}]` : `output[${t === 0 ? 0 : -1}${slice(from)}]`);
  const rhsName = ({ row }) => `h_n[${row - S}]`;
  let equal = 0, total = 0;
  for (const p of pairs)
    for (let b = 0; b < B; ++b) {
      const out = outputAt(result.output, bf, b, p.t).subarray(p.from, p.from + H), hn = stateAt(result.h_n, p.row, b);
      for (let k = 0; k < H; ++k) { total += 1; if (Object.is(out[k], hn[k])) equal += 1; }
    }
  const shownB = Math.min(B, MAX_SENTENCES);
  const block = (p) => {
    const out = (b) => outputAt(result.output, bf, b, p.t).subarray(p.from, p.from + H);
    const outLabel = (b, k) => `output[${at(b, p.t)}, ${p.from + k}]`;
    if (H > 6) {
      return heatGrid({
        rows: Array.from({ length: shownB }, (_, b) => `b=${b}`), columns: [lhsName(p), rhsName(p)], n: Math.min(H, MAX_UNITS), scale,
        block: (b, c) => (c === 0 ? out(b) : stateAt(result.h_n, p.row, b)),
        label: (b, c, k) => (c === 1 ? `h_n[${p.row}, ${b}, ${k}]` : outLabel(b, k)),
      });
    }
    const opts = { scale, showNumbers: true, limit: MAX_UNITS };
    const rows = [];
    for (let b = 0; b < shownB; ++b) {
      rows.push(h('tr', {},
        h('th', {}, `${b}`),
        h('td', {}, strip(out(b), { ...opts, label: (k) => outLabel(b, k) })),
        h('td', { class: 'eq' }, '='),
        h('td', {}, strip(stateAt(result.h_n, p.row, b), { ...opts, label: (k) => `h_n[${p.row}, ${b}, ${k}]` }))));
    }
    return h('table', { class: 'compare' },
      h('thead', {}, h('tr', {}, h('th', {}, 'b'), h('th', {}, h('code', {}, lhsName(p))), h('th', {}), h('th', {}, h('code', {}, rhsName(p))))),
      h('tbody', {}, rows));
  };
  const names = pairs.map(lhsName).join(words.and);
  fill(el,
    h('div', { class: 'value-block', id: 'last-step-values' }, pairs.map(block)),
    B > MAX_SENTENCES ? h('p', { class: 'note' }, words.moreCompared(B - MAX_SENTENCES)) : null,
    h('p', { id: 'last-step-check', class: equal === total ? 'verdict ok' : 'verdict bad' },
      equal === total ? words.equal(total, names, pairs.map(rhsName).join(words.and)) : words.differ(total - equal, total)),
    h('p', { class: 'note' }, config.bidirectional ? words.bidirectionalNote(H) : [words.lastStepNote, words.layersNote(L)]));
}

function sentenceLabel(table, b) {
  return table.y ? `${b}  y=${table.y[b]}` : `${b}`;
}

// print(output), print(h_n), print(c_n): PyTorch's own text (the core's format_tensor), to lay
// beside the notebook's printout.
function renderPrinted(el, { result, format }) {
  const block = (name, tensor) => tensor && h('div', { class: 'value-block' },
    h('h3', {}, h('code', {}, `print(${name})`)),
    h('pre', { class: 'printout', id: `print-${name}` }, format(tensor)));
  fill(el, block('output', result.output), block('h_n', result.h_n), block('c_n', result.c_n));
}

export function renderValues(el, view) {
  if (view.state.values_view === 'print') return renderPrinted(el, view);
  const { table, result, config, words, scale } = view;
  const bf = config.batch_first;
  // H: the width of h (proj_size with a projection); O: of output (both directions); L: rows of
  // h_n (num_layers x directions).
  const B = table.batch, T = table.seq_len, L = result.h_n.shape[0], H = result.h_n.shape[2], O = result.output.shape.at(-1);
  const showNumbers = O <= 4 && T <= 6;
  const rowName = (l) => (config.bidirectional ? `${words.layer} ${l >> 1} ${l % 2 ? '←' : '→'}` : `${words.layer} ${l}`);
  const names = (name) => dimensionNames(name, bf, config.proj_size > 0, config.bidirectional);
  const shownB = Math.min(B, MAX_SENTENCES), shownT = Math.min(T, MAX_STEPS);
  const opts = { scale, showNumbers, limit: MAX_UNITS };

  const outputLabel = (b, t, k) => (bf ? `output[${b}, ${t}, ${k}]` : `output[${t}, ${b}, ${k}]`);
  let outputView;
  if (showNumbers) {
    const outputRows = [];
    for (let b = 0; b < shownB; ++b) {
      const cells = [];
      for (let t = 0; t < shownT; ++t)
        cells.push(h('td', { class: t === T - 1 ? 'last-step' : null }, strip(outputAt(result.output, bf, b, t), { ...opts, label: (k) => outputLabel(b, t, k) })));
      outputRows.push(h('tr', {}, h('th', {}, sentenceLabel(table, b)), cells));
    }
    const stepHeads = [];
    for (let t = 0; t < shownT; ++t) stepHeads.push(h('th', { class: t === T - 1 ? 'last-step' : null }, `t=${t}`, h('span', { class: 'sub' }, ` (x${t + 1})`)));
    outputView = h('table', { class: 'values' }, h('thead', {}, h('tr', {}, h('th', {}, words.sentence), stepHeads)), h('tbody', {}, outputRows));
  } else {
    outputView = heatGrid({
      rows: Array.from({ length: shownB }, (_, b) => sentenceLabel(table, b)),
      columns: Array.from({ length: shownT }, (_, t) => `t=${t} (x${t + 1})`),
      block: (b, t) => outputAt(result.output, bf, b, t), n: Math.min(O, MAX_UNITS), scale, label: outputLabel,
      mark: T - 1 < shownT ? T - 1 : -1,
    });
  }

  const stateTable = (name, state) => {
    const mark = name === 'h_n' ? L - 1 : -1;
    let view;
    if (showNumbers) {
      const heads = [];
      for (let l = 0; l < L; ++l) heads.push(h('th', { class: l === mark ? 'last-step' : null }, rowName(l)));
      const rows = [];
      for (let b = 0; b < shownB; ++b) {
        const cells = [];
        for (let l = 0; l < L; ++l) cells.push(h('td', { class: l === mark ? 'last-step' : null }, strip(stateAt(state, l, b), { ...opts, label: (k) => `${name}[${l}, ${b}, ${k}]` })));
        rows.push(h('tr', {}, h('th', {}, sentenceLabel(table, b)), cells));
      }
      view = h('table', { class: 'values' }, h('thead', {}, h('tr', {}, h('th', {}, words.sentence), heads)), h('tbody', {}, rows));
    } else {
      view = heatGrid({
        rows: Array.from({ length: shownB }, (_, b) => sentenceLabel(table, b)),
        columns: Array.from({ length: L }, (_, l) => rowName(l)),
        block: (b, l) => stateAt(state, l, b), n: Math.min(state.shape[2], MAX_UNITS), scale, mark,
        label: (b, l, k) => `${name}[${l}, ${b}, ${k}]`,
      });
    }
    return h('div', { class: 'value-block', id: `values-${name}` },
      h('h3', {}, h('code', {}, name), h('span', { class: 'sub' }, ` [${names(name)[0]}=${L}, batch=${B}, ${names(name)[2]}=${state.shape[2]}]`)), view);
  };

  fill(el,
    legend(scale),
    h('div', { class: 'value-block', id: 'values-output' },
      h('h3', {}, h('code', {}, 'output'), h('span', { class: 'sub' }, bf ? ` [batch=${B}, seq_len=${T}, ${names('output')[2]}=${O}]` : ` [seq_len=${T}, batch=${B}, ${names('output')[2]}=${O}]${words.oneSentenceARow}`)),
      outputView),
    stateTable('h_n', result.h_n),
    result.c_n ? stateTable('c_n', result.c_n) : null,
    B > shownB || H > MAX_UNITS || T > shownT
      ? h('p', { class: 'note' }, words.drawn(shownB, B, Math.min(O, MAX_UNITS), O, shownT, T))
      : h('p', { class: 'note' }, words.hover));
}

/** The table as the model reads it (bits drawn dark when 1); the head's classes go beside y as ŷ. */
export function renderTablePreview(el, table, predicted) {
  const I = table.input_size, T = table.seq_len, B = table.batch;
  const extra = [];
  if (table.y) extra.push({ header: 'y', cell: (b) => h('span', { class: 'label' }, String(table.y[b])) });
  if (predicted) {
    extra.push({
      header: 'ŷ',
      cell: (b) => h('span', { class: `predicted${table.y ? (predicted[b] === table.y[b] ? ' ok' : ' bad') : ''}`, title: 'ŷ = head(h_n[-1]).argmax()' }, String(predicted[b])),
    });
  }
  fill(el, heatGrid({
    rows: Array.from({ length: Math.min(B, 12) }, (_, b) => String(b)),
    columns: Array.from({ length: Math.min(T, MAX_STEPS) }, (_, t) => `x${t + 1}`),
    block: (b, t) => {
      const at = table.batch_first ? (b * T + t) * I : (t * B + b) * I;
      return table.x.data.subarray(at, at + I);
    },
    n: Math.min(I, 16), colour: (v) => (v ? '#1f2937' : '#e2e8f0'), size: { w: 10, h: 11 }, extra,
    label: (b, t, i) => (table.batch_first ? `x[${b}, ${t}, ${i}]` : `x[${t}, ${b}, ${i}]`),
  }));
}
