// The Values card: output, h_n and c_n as heat maps on one colour scale (or PyTorch's own
// print()), summarised as PyTorch prints a long tensor: the first and last sentences, steps and
// units with an ellipsis between. Pointing at a cell reads its index and exact value; the
// sentence, step and unit sliders bring any value of a summarised tensor into the drawing.
import { h, fill } from '../dom.mjs';
import { dimensionNames, outputAt, stateAt } from '../dimensions.mjs';
import { edges, heatGrid, legend, strip, tensorSummary } from '../heatmap.mjs';

const MAX_SENTENCES = 12; // drawn rows
const MAX_UNITS = 16; // drawn hidden units a block
const MAX_STEPS = 12; // drawn time steps

export default {
  id: 'values',
  column: 'outputs',
  create({ words, state, redraw, view: moveView }) {
    const el = h('div', { id: 'values' });
    // Which sentence, step and unit to draw inside the summary's gaps: the sentence and step are
    // the step view's (moving one moves the other), the unit is this card's own.
    let unit = 0,
      last = null;
    const slider = (id, label, onmove) => {
      const input = h('input', { id, type: 'range', min: 0, step: 1, 'aria-label': label });
      const shown = h('output', { for: id });
      input.addEventListener('input', () => {
        shown.textContent = input.value;
        onmove(Number(input.value));
      });
      return { input, shown, row: h('label', { class: 'values-slider' }, label, ' ', input, ' ', shown) };
    };
    const draw = (v) => (v.state.values_view === 'print' ? renderPrinted(el, v) : renderValues(el, v, unit));
    const sliders = {
      sentence: slider('values-sentence', words.sentence, (b) => moveView({ sentence: b })),
      step: slider('values-step', words.stepSlider, (t) => moveView({ step: t })),
      unit: slider('values-unit', words.unit, (k) => {
        unit = k;
        if (last) draw(last);
      }),
    };
    const nav = h(
      'div',
      { class: 'values-nav', style: 'display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;margin:0 0 8px' },
      Object.values(sliders).map((x) => x.row),
    );
    // A slider for each dimension drawn summarised, at the value drawn in its gap.
    const place = (v) => {
      const O = v.result.output.shape.at(-1),
        width = Math.max(O, v.result.h_n.shape[2], v.result.c_n?.shape[2] ?? 0);
      const dims = {
        sentence: [v.table.batch, MAX_SENTENCES, Number(v.state.sentence)],
        step: [v.table.seq_len, MAX_STEPS, Number(v.state.step)],
        unit: [width, MAX_UNITS, unit],
      };
      let any = false;
      for (const [name, [n, max, at]] of Object.entries(dims)) {
        const x = sliders[name],
          summarised = n > max && v.state.values_view !== 'print';
        x.row.hidden = !summarised;
        any ||= summarised;
        x.input.max = String(n - 1);
        x.input.value = String(Math.min(at, n - 1));
        x.shown.textContent = x.input.value;
      }
      nav.style.display = any ? 'flex' : 'none';
    };
    const viewRadio = (value, label) =>
      h(
        'label',
        {},
        h('input', { type: 'radio', name: 'values_view', value, checked: state.values_view === value }),
        ' ',
        label,
      );
    // A view field, not the model's: it changes what this card draws, so it redraws only this card.
    const switcher = h(
      'fieldset',
      {
        class: 'segmented small',
        'aria-label': words.values,
        onchange: (ev) => {
          state.values_view = ev.target.value;
          redraw();
        },
      },
      viewRadio('heatmap', words.heatmap),
      viewRadio('print', h('code', {}, 'print()')),
    );
    const readout = h('p', { class: 'readout', id: 'values-readout', 'aria-live': 'polite' }, words.hover);
    return {
      children: [h('div', { class: 'card-head' }, h('h2', {}, words.values), switcher), readout, nav, el],
      render: (view) => {
        last = view;
        place(view);
        // print() is text: there is no cell to point at.
        readout.hidden = view.state.values_view === 'print';
        draw(view);
      },
    };
  },
};

// print(output), print(h_n), print(c_n): PyTorch's own text (the core's format_tensor, which
// summarises as PyTorch does), to lay beside the notebook's printout.
function renderPrinted(el, { result, format }) {
  const block = (name, tensor) =>
    tensor &&
    h(
      'div',
      { class: 'value-block' },
      h('h3', {}, h('code', {}, `print(${name})`)),
      h('pre', { class: 'printout', id: `print-${name}` }, format(tensor)),
    );
  fill(el, block('output', result.output), block('h_n', result.h_n), block('c_n', result.c_n));
}

const sentenceLabel = (table, b) => (b < 0 ? '⋮' : table.y ? `${b}  y=${table.y[b]}` : `${b}`);

function renderValues(el, view, unit) {
  // A result without the compute's extremes (from a worker script cached before them): found here.
  const { table, result, config, words, scale, extremes = {} } = view;
  const bf = config.batch_first;
  // H: the width of h (proj_size with a projection); O: of output (both directions); L: rows of
  // h_n (num_layers x directions).
  const B = table.batch,
    T = table.seq_len,
    L = result.h_n.shape[0],
    H = result.h_n.shape[2],
    O = result.output.shape.at(-1);
  // Numbers in the cells when everything fits (c_n of a projected LSTM can be wider than output).
  const showNumbers = O <= 4 && T <= 6 && B <= MAX_SENTENCES && (result.c_n?.shape[2] ?? 0) <= MAX_UNITS;
  const rowName = (l) =>
    config.bidirectional ? `${words.layer} ${l >> 1} ${l % 2 ? '←' : '→'}` : `${words.layer} ${l}`;
  const names = (name) => dimensionNames(name, bf, config.proj_size > 0, config.bidirectional);
  // The sentence and step chosen in the step view are drawn even inside the summary's gap: any
  // value of output, h_n and c_n can be brought on screen and pointed at.
  const bs = edges(B, MAX_SENTENCES, Number(view.state.sentence)),
    ts = edges(T, MAX_STEPS, Number(view.state.step));
  const opts = { scale, showNumbers, limit: MAX_UNITS };
  const outputLabel = (b, t, k) => (bf ? `output[${b}, ${t}, ${k}]` : `output[${t}, ${b}, ${k}]`);
  // Where output meets h_n, marked in both: the last step is h_n[-1]; with two directions the
  // forward half of the last step is h_n[-2] (→) and the reverse half of the first step, where
  // the reverse direction ends, is h_n[-1] (←). The arrows pair a column with its row.
  const bi = config.bidirectional;
  const meets = bi ? { [T - 1]: ' →', 0: ' ←' } : { [T - 1]: '' };
  if (bi && T === 1) meets[0] = ' →←';
  const marked = (t) => t >= 0 && meets[t] !== undefined;
  const stepName = (t) => (t < 0 ? '…' : `t=${t} (x${t + 1})${meets[t] ?? ''}`);

  let outputView;
  if (showNumbers) {
    const rows = bs.map((b) =>
      h(
        'tr',
        {},
        h('th', {}, sentenceLabel(table, b)),
        ts.map((t) =>
          h(
            'td',
            { class: marked(t) ? 'last-step' : null },
            strip(outputAt(result.output, bf, b, t), { ...opts, label: (k) => outputLabel(b, t, k) }),
          ),
        ),
      ),
    );
    const heads = ts.map((t) =>
      h(
        'th',
        { class: marked(t) ? 'last-step' : null },
        `t=${t}`,
        h('span', { class: 'sub' }, ` (x${t + 1})`),
        meets[t] ?? '',
      ),
    );
    outputView = h(
      'table',
      { class: 'values' },
      h('caption', { class: 'visually-hidden' }, tensorSummary(words, 'output', result.output, extremes.output)),
      h('thead', {}, h('tr', {}, h('th', {}, words.sentence), heads)),
      h('tbody', {}, rows),
    );
  } else {
    outputView = heatGrid({
      rows: bs.map((b) => sentenceLabel(table, b)),
      columns: ts.map(stepName),
      units: edges(O, MAX_UNITS, unit),
      scale,
      block: (r, c) => (bs[r] < 0 || ts[c] < 0 ? null : outputAt(result.output, bf, bs[r], ts[c])),
      label: (r, c, k) => outputLabel(bs[r], ts[c], k),
      mark: ts.flatMap((t, c) => (marked(t) ? [c] : [])),
      name: 'output',
      tensor: result.output,
      found: extremes.output, // the compute's: output can hold millions of values
      words,
    });
  }

  const stateTable = (name, state) => {
    const marks = name === 'h_n' ? (bi ? [L - 2, L - 1] : [L - 1]) : [];
    const mark = marks;
    let view;
    if (showNumbers) {
      const heads = [];
      for (let l = 0; l < L; ++l) heads.push(h('th', { class: marks.includes(l) ? 'last-step' : null }, rowName(l)));
      const rows = bs.map((b) => {
        const cells = [];
        for (let l = 0; l < L; ++l)
          cells.push(
            h(
              'td',
              { class: marks.includes(l) ? 'last-step' : null },
              strip(stateAt(state, l, b), { ...opts, label: (k) => `${name}[${l}, ${b}, ${k}]` }),
            ),
          );
        return h('tr', {}, h('th', {}, sentenceLabel(table, b)), cells);
      });
      view = h(
        'table',
        { class: 'values' },
        h('caption', { class: 'visually-hidden' }, tensorSummary(words, name, state, extremes[name])),
        h('thead', {}, h('tr', {}, h('th', {}, words.sentence), heads)),
        h('tbody', {}, rows),
      );
    } else {
      view = heatGrid({
        rows: bs.map((b) => sentenceLabel(table, b)),
        columns: Array.from({ length: L }, (_, l) => rowName(l)),
        units: edges(state.shape[2], MAX_UNITS, unit),
        scale,
        mark,
        block: (r, l) => (bs[r] < 0 ? null : stateAt(state, l, bs[r])),
        label: (r, l, k) => `${name}[${l}, ${bs[r]}, ${k}]`,
        name,
        tensor: state,
        found: extremes[name],
        words,
      });
    }
    return h(
      'div',
      { class: 'value-block', id: `values-${name}` },
      h(
        'h3',
        {},
        h('code', {}, name),
        h('span', { class: 'sub' }, ` [${names(name)[0]}=${L}, batch=${B}, ${names(name)[2]}=${state.shape[2]}]`),
      ),
      view,
    );
  };

  const summarised = B > MAX_SENTENCES || O > MAX_UNITS || T > MAX_STEPS;
  // A grid wider than the card scrolls sideways: said above it, with a button to its last step.
  const scrollCue = h(
    'p',
    { class: 'note scroll-cue', id: 'values-scroll', hidden: true },
    words.valuesScroll(T - 1),
    ' ',
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        onclick: () => {
          const box = el.querySelector('#values-output');
          box.scrollTo({ left: box.scrollWidth });
        },
      },
      words.valuesScrollTo(T - 1),
    ),
  );
  fill(
    el,
    legend(scale),
    h(
      'p',
      { class: 'note', id: 'values-meet' },
      bi ? words.valuesMeetBi(T - 1, H) : words.valuesMeet(T - 1, rowName(L - 1)),
    ),
    scrollCue,
    h(
      'div',
      { class: 'value-block', id: 'values-output' },
      h(
        'h3',
        {},
        h('code', {}, 'output'),
        h(
          'span',
          { class: 'sub' },
          bf
            ? ` [batch=${B}, seq_len=${T}, ${names('output')[2]}=${O}]`
            : ` [seq_len=${T}, batch=${B}, ${names('output')[2]}=${O}]${words.oneSentenceARow}`,
        ),
      ),
      outputView,
    ),
    stateTable('h_n', result.h_n),
    result.c_n ? stateTable('c_n', result.c_n) : null,
    summarised
      ? h(
          'p',
          { class: 'note' },
          words.drawn(
            bs.filter((b) => b >= 0).length,
            B,
            edges(O, MAX_UNITS, unit).filter((k) => k >= 0).length,
            O,
            ts.filter((t) => t >= 0).length,
            T,
          ),
        )
      : null,
  );
  const box = el.querySelector('#values-output'),
    cue = el.querySelector('#values-scroll');
  cue.hidden = box.scrollWidth <= box.clientWidth + 1;
}
