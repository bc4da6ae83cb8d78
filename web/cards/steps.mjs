// Step through time: one layer, one sentence, one step of the unrolled network, drawn from the
// intermediates the core recorded (model.forward(x, { intermediates: true })), with the step's
// equation typeset by KaTeX and, for the unit under the pointer, the numbers plugged in. Every
// number shown is one the core computed; this file only picks and lays them out.
import { h, fill } from '../dom.mjs';
import { fmt, heatGrid, legend, strip } from '../heatmap.mjs';
import { sharedScale } from '../scale.mjs';
import { clampInt } from '../state.mjs';

const PLAY_INTERVAL_MS = 900;

export default {
  id: 'steps',
  column: 'outputs',
  late: true, // the longest to draw: after the frame that shows the cards above it (playground.mjs)
  // The card's own view state: the unit whose equation is plugged in, and the step player.
  create({ words, state, view: move }) {
    let unit = 0,
      timer = null,
      data = null;
    const el = h('div', { id: 'steps' });
    const readout = h('p', { class: 'readout', id: 'steps-readout', 'aria-live': 'polite' }, words.hover);
    const stop = () => {
      if (!timer) return;
      clearInterval(timer);
      timer = null;
      draw();
    };
    // The direction of the chosen row of h_n: the reverse one reads t = T-1 first, so its first
    // step is the last column, and "next" is t - 1.
    const order = () => {
      const T = data?.T ?? 1,
        reverse = data ? clampInt('layer', state.layer, data.L * data.D - 1) % data.D === 1 : false;
      return { T, first: reverse ? T - 1 : 0, last: reverse ? 0 : T - 1, ahead: reverse ? -1 : 1 };
    };
    const play = () => {
      const { first, last } = order();
      if (Number(state.step) === last) move({ step: first });
      timer = setInterval(() => {
        const { last: end, ahead: d } = order();
        if (Number(state.step) === end) return stop();
        move({ step: Number(state.step) + d });
        if (Number(state.step) === end) stop();
      }, PLAY_INTERVAL_MS);
      draw();
    };
    const controls = buildStepControls(words, {
      set: (change) => move(change),
      first: () => move({ step: order().first }),
      move: (d) => move({ step: clampInt('step', Number(state.step) + d * order().ahead, order().T - 1) }),
      play: () => (timer ? stop() : play()),
      unit: (j) => {
        unit = j;
        draw();
      },
    });
    function draw() {
      if (!data) return;
      const l = clampInt('layer', state.layer, data.L * data.D - 1),
        t = clampInt('step', state.step, data.T - 1);
      unit = Math.min(unit, data.H - 1);
      syncStepControls(controls, { ...data, l, t, unit, playing: Boolean(timer), words });
      renderSteps(el, { ...data, l, t, unit, words, pick: (k) => move({ step: k }) });
    }
    return {
      children: [
        h('h2', {}, words.stepsTitle, ' ', h('span', { class: 'sub' }, words.stepsSub)),
        controls.root,
        readout,
        el,
      ],
      render(view) {
        data = stepData(view);
        draw();
      },
      // The pointer on a unit's cell plugs that unit into the equation.
      hover(cell) {
        if (cell.unit === undefined || Number(cell.unit) === unit || !el.contains(cell.el)) return;
        unit = Number(cell.unit);
        draw();
      },
      stop,
    };
  },
};

// What the step view draws, from the compute step's result: one sentence's intermediates.
function stepData({ table, config, steps, state, words, b }) {
  // The sentence's own steps (packed: its tokens) and what the module reads a step (embedded ids: embedding_dim).
  const { sx, intermediates, h0, c0, T, I, tokens, embedded } = steps;
  return {
    sx: (k) => sx.data.subarray(k * I, (k + 1) * I),
    tokens,
    embedded,
    m: intermediates,
    B: table.batch,
    T,
    L: config.num_layers,
    D: config.bidirectional ? 2 : 1,
    H: config.hidden_size,
    R: config.proj_size || config.hidden_size,
    I,
    b,
    y: table.y,
    mode: state.mode,
    nonlinearity: state.nonlinearity,
    h0,
    c0,
    h0Note: h0 ? words.stepH0Rand(state.h0_seed) : words.stepH0,
    c0Note: c0 ? words.stepC0Rand(Number(state.h0_seed) + 1) : words.stepC0,
  };
}

// KaTeX loads on first use, so the page's first paint does not wait for it. MathML output
// needs neither KaTeX's stylesheet nor its fonts (browsers typeset MathML themselves), which
// keeps it working inside a shadow root and from file://.
let katex = null;
let katexReady = null;
const typesetCache = new Map();
// Beside the page's bundle in dist/ (kept out of it: it loads when this card is first drawn).
const KATEX = './katex.mjs'; // TeX -> MathML: the general equations repeat on every update
function typeset(el, tex) {
  // The TeX rides on the element: a redraw before KaTeX arrives patches this element's text and
  // attributes in place (dom.mjs), so what is typeset on arrival is what the element says then.
  el.dataset.tex = tex;
  if (katex) return typesetNow(el);
  el.textContent = tex;
  // Requested after the first frame is painted, so the page's first draw does not share the
  // network and the main thread with KaTeX's 260 kB (the TeX source shows until then).
  katexReady ??= new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)))
    .then(() => import(KATEX))
    .then((m) => {
      katex = m.default;
    });
  // Offline without katex.mjs the TeX source stays readable. (A copy a patch discarded is
  // typeset too: from the cache, and a detached playground is typeset all the same.)
  katexReady.then(
    () => typesetNow(el),
    () => {},
  );
}
function typesetNow(el) {
  const tex = el.dataset.tex;
  if (!typesetCache.has(tex)) {
    if (typesetCache.size > 200) typesetCache.clear();
    const holder = document.createElement('span');
    katex.render(tex, holder, { output: 'mathml', throwOnError: false });
    typesetCache.set(tex, holder);
  }
  el.replaceChildren(...[...typesetCache.get(tex).childNodes].map((n) => n.cloneNode(true)));
}

// Equations as [left, right] pairs, one a line, aligned at "=" by a CSS grid (browsers'
// MathML ignores KaTeX's column alignment).
function equations(lines) {
  const cells = [];
  for (const [lhs, rhs] of lines) {
    const left = h('span', { class: 'lhs' }),
      right = h('span', { class: 'rhs' });
    typeset(left, lhs);
    typeset(right, `= ${rhs}`);
    cells.push(left, right);
  }
  return cells;
}

// A number as one TeX group, so a minus sign reads as the number's sign, not a subtraction.
const num = (v) => `{${fmt(v)}}`;
const signed = (v) => (v < 0 ? `(${num(v)})` : num(v));
// The gates of a cell in PyTorch's order, each with the activation that squashes it.
const GATES = {
  LSTM: [
    ['i', 'σ'],
    ['f', 'σ'],
    ['g', 'tanh'],
    ['o', 'σ'],
  ],
  GRU: [
    ['r', 'σ'],
    ['z', 'σ'],
    ['n', 'tanh'],
  ],
};

/** The controls of the step view, made once so a slider being dragged is never replaced. */
function buildStepControls(words, on) {
  const c = {};
  c.sentence = h('select', { id: 'step-sentence', onchange: () => on.set({ sentence: Number(c.sentence.value) }) });
  c.layer = h('select', { id: 'step-layer', onchange: () => on.set({ layer: Number(c.layer.value) }) });
  c.slider = h('input', {
    id: 'step-slider',
    type: 'range',
    min: 0,
    value: 0,
    'aria-label': words.stepSlider,
    oninput: () => on.set({ step: Number(c.slider.value) }),
  });
  c.first = h(
    'button',
    {
      type: 'button',
      class: 'button icon',
      id: 'step-first',
      'aria-label': words.stepFirst,
      title: words.stepFirst,
      onclick: () => on.first(),
    },
    '|◀',
  );
  c.back = h(
    'button',
    {
      type: 'button',
      class: 'button icon',
      id: 'step-back',
      'aria-label': words.stepBack,
      title: words.stepBack,
      onclick: () => on.move(-1),
    },
    '◀',
  );
  c.play = h(
    'button',
    { type: 'button', class: 'button', id: 'step-play', 'aria-pressed': 'false', onclick: () => on.play() },
    words.play,
  );
  c.next = h(
    'button',
    {
      type: 'button',
      class: 'button icon',
      id: 'step-next',
      'aria-label': words.stepNext,
      title: words.stepNext,
      onclick: () => on.move(1),
    },
    '▶',
  );
  c.where = h('span', { id: 'step-where', class: 'step-where', 'aria-live': 'polite' });
  c.unit = h('select', { id: 'step-unit', 'aria-label': words.unit, onchange: () => on.unit(Number(c.unit.value)) });
  c.root = h(
    'div',
    { class: 'step-controls' },
    h('label', { class: 'field' }, words.sentence, c.sentence),
    h('label', { class: 'field' }, words.layer, c.layer),
    h('label', { class: 'field' }, words.unit, c.unit),
    h('div', { class: 'step-time' }, c.first, c.back, c.play, c.next, c.slider, c.where),
  );
  return c;
}

function options(select, count, label, selected) {
  if (select.options.length !== count || select.dataset.labels !== label(0) + label(count - 1)) {
    const list = [];
    for (let k = 0; k < count; ++k) list.push(h('option', { value: k }, label(k)));
    fill(select, list);
    select.dataset.labels = label(0) + label(count - 1);
  }
  select.value = String(selected);
}

/** Brings the controls to the current sizes and position. */
function syncStepControls(c, { B, L, D, T, H, b, l, t, unit, y, playing, words }) {
  const reverse = l % D === 1,
    first = reverse ? T - 1 : 0,
    last = reverse ? 0 : T - 1;
  options(c.sentence, B, (k) => (y ? `${k}  (y=${y[k]})` : String(k)), b);
  // One entry a row of h_n: with two directions, layer k forward (→) and reverse (←).
  options(c.layer, L * D, (r) => (D === 2 ? `${r >> 1} ${r % 2 ? '←' : '→'}` : String(r)), l);
  c.layer.disabled = L * D === 1;
  options(c.unit, H, (k) => `j = ${k}`, unit);
  c.slider.max = String(T - 1);
  c.slider.value = String(t);
  c.where.textContent = reverse ? words.stepWhereReverse(t, T) : words.stepWhere(t, T);
  c.play.textContent = playing ? words.pause : words.play;
  c.play.setAttribute('aria-pressed', String(playing));
  // The buttons keep their places (first, previous, play, next) and point where the slider's
  // thumb goes: in the reverse direction "next" is t - 1, to the left.
  c.first.textContent = reverse ? '▶|' : '|◀';
  c.back.textContent = reverse ? '▶' : '◀';
  c.next.textContent = reverse ? '◀' : '▶';
  for (const [button, label] of [
    [c.first, reverse ? words.stepFirstReverse(T - 1) : words.stepFirst],
    [c.back, reverse ? words.stepBackReverse : words.stepBack],
    [c.next, reverse ? words.stepNextReverse : words.stepNext],
  ]) {
    button.setAttribute('aria-label', label);
    button.title = label;
  }
  c.root.dataset.direction = reverse ? 'reverse' : 'forward';
  c.back.disabled = t === first;
  c.next.disabled = t === last;
}

// The n values of step t of layer l in a recorded [L, T, 1, n] tensor (one sentence).
const at = (tensor, l, t) => {
  const [, T, , n] = tensor.shape;
  return tensor.data.subarray((l * T + t) * n, (l * T + t + 1) * n);
};

/**
 * Fills `el` with step t of layer l for one sentence. `sx` is that sentence's x as T rows of I
 * values, `m` its intermediates ([L, T, 1, n] each).
 */
function renderSteps(
  el,
  { sx, tokens, embedded, m, mode, nonlinearity, L, D, T, H, R, I, l, t, b, unit, words, pick, h0, c0, h0Note, c0Note },
) {
  // H: hidden_size (gates, c); R: the width of h (proj_size with a projection, else H). l is a
  // row of the recorded tensors: layer k = l / D, direction l % D (1: reverse, from the end).
  const lstm = mode === 'LSTM',
    gated = Boolean(GATES[mode]),
    projected = R !== H;
  const k = Math.floor(l / D),
    reverse = l % D === 1;
  // The layer's input at t: x, or the layer below's h_t of every direction side by side.
  let xt = sx(t);
  if (k > 0) {
    xt = new Float32Array(D * R);
    for (let e = 0; e < D; ++e) xt.set(at(m.h, (k - 1) * D + e, t), e * R);
  }
  // The state before this step: from t - 1, or t + 1 in the reverse direction; h0 and c0 (row l
  // of this sentence's, or zeros) at the direction's first step.
  const first = reverse ? t === T - 1 : t === 0,
    before = reverse ? t + 1 : t - 1;
  // What the state before this step is called: h_{t-1}, or h_{t+1} in the reverse direction.
  const p = reverse ? 't+1' : 't-1',
    hName = `h_{${p}}`,
    cName = `c_{${p}}`,
    hhTerm = `W_hh ${hName} + b_hh`;
  const initial = (state, n) => (state ? state.data.subarray(l * n, (l + 1) * n) : new Float32Array(n));
  const hPrev = first ? initial(h0, R) : at(m.h, l, before);
  const cPrev = lstm ? (first ? initial(c0, H) : at(m.c, l, before)) : null;
  const inTerm = at(m.input_term, l, t),
    hidTerm = at(m.hidden_term, l, t),
    pre = at(m.preactivation, l, t);
  const ht = at(m.h, l, t);
  const ct = lstm ? at(m.c, l, t) : null;
  const gates = gated ? at(m.gates, l, t) : null;
  const scale = sharedScale({ data: inTerm }, { data: hidTerm }, { data: pre }, { data: ht }, ct && { data: ct });
  const units = (values, name) =>
    strip(values, { scale, limit: 32, showNumbers: values.length <= 8, label: (k) => `${name}[${k}]`, units: true });
  const row = (name, values, dims, note) =>
    h(
      'tr',
      {},
      h('th', {}, h('code', {}, name)),
      h('td', {}, values),
      h('td', { class: 'sub' }, dims),
      h('td', { class: 'sub step-note' }, note ?? ''),
    );
  const xName = k === 0 ? 'x_t' : `x_t = h_t (${words.layer} ${k - 1}${D === 2 ? ' →|←' : ''})`;
  const rows = [
    row(
      xName,
      strip(xt, { scale, limit: 32, showNumbers: xt.length <= 8, label: (i) => `x_t[${i}]` }),
      `[${k === 0 ? 'input_size' : 'hidden_size'}=${xt.length}]`,
      k === 0 ? words.stepInput(t, tokens?.[t], embedded) : words.stepBelow(k - 1),
    ),
    row(
      hName,
      units(hPrev, hName),
      `[${projected ? 'proj_size' : 'hidden_size'}=${R}]`,
      first ? h0Note : reverse ? words.reverseNote(t + 1) : '',
    ),
    lstm
      ? row(cName, units(cPrev, cName), `[hidden_size=${H}]`, first ? c0Note : reverse ? words.reverseNote(t + 1) : '')
      : null,
  ];
  let gateBlock = null,
    after = [];
  if (gated) {
    // The gates of H units side by side, one row a quantity: colours here, and every number
    // of the chosen unit in the equation below.
    const names = GATES[mode];
    const quantities = [
      ['W_ih x_t + b_ih', inTerm],
      [hhTerm, hidTerm],
      [words.preactivation, pre],
      [words.activated, gates],
    ];
    gateBlock = h(
      'div',
      { class: 'value-block gates', id: 'step-gates' },
      h(
        'p',
        { class: 'sub' },
        `[${names.length}·hidden_size=${names.length * H}] = ${names.map(([g]) => g).join(' | ')} · ${lstm ? words.gatesNote : words.gruNote(hName)}`,
      ),
      heatGrid({
        rows: quantities.map(([name]) => name),
        columns: names.map(([g, f]) => `${g}_t ${f}`),
        block: (r, g) => quantities[r][1].subarray(g * H, (g + 1) * H),
        n: Math.min(H, 16),
        scale,
        unitTags: true,
        label: (r, g, k) => `${names[g][0]}_t ${quantities[r][0]}[${k}]`,
        size: { w: 16, h: 18 },
        name: names.map(([g]) => `${g}_t`).join(', '),
        words,
      }),
    );
    after = lstm
      ? [
          row('c_t', units(ct, 'c_t'), `[hidden_size=${H}]`, `f_t ⊙ ${cName} + i_t ⊙ g_t`),
          row(
            'h_t',
            units(ht, 'h_t'),
            `[${projected ? 'proj_size' : 'hidden_size'}=${R}]`,
            projected ? 'W_hr (o_t ⊙ tanh(c_t))' : 'o_t ⊙ tanh(c_t)',
          ),
        ]
      : [row('h_t', units(ht, 'h_t'), `[hidden_size=${H}]`, `(1 − z_t) ⊙ n_t + z_t ⊙ ${hName}`)];
  } else {
    rows.push(
      row('W_ih x_t + b_ih', units(inTerm, 'W_ih x_t + b_ih'), `[hidden_size=${H}]`, words.termInput),
      row(hhTerm, units(hidTerm, hhTerm), `[hidden_size=${H}]`, words.termHidden),
      row('a_t', units(pre, 'a_t'), `[hidden_size=${H}]`, words.sumNote),
      row('h_t', units(ht, 'h_t'), `[hidden_size=${H}]`, `${nonlinearity}(a_t)`),
    );
  }

  // The whole layer over time: h_t at every step, this step marked; a click jumps there.
  const timeline = heatGrid({
    rows: ['h_t'],
    columns: Array.from({ length: T }, (_, s) => `t=${s}`),
    mark: t,
    block: (_, s) => at(m.h, l, s),
    n: Math.min(H, 8),
    scale,
    size: { w: 8, h: 14 },
    label: (_, s, k) => `h_${s}[${k}]`,
    onpick: (_, s) => pick(s),
    name: 'h_t',
    words,
  });

  const general = h(
    'div',
    { class: 'equation', id: 'step-equation' },
    equations(generalTex(mode, nonlinearity, projected, p)),
  );
  const plugged = h(
    'div',
    { class: 'equation plugged', id: 'step-plugged' },
    equations(
      pluggedTex({ mode, nonlinearity, projected, j: unit, H, inTerm, hidTerm, pre, gates, hPrev, cPrev, ct, ht }),
    ),
  );
  fill(
    el,
    h('div', { class: 'timeline', id: 'step-timeline', title: words.timeline }, timeline),
    h(
      'div',
      { class: 'step-grid' },
      h(
        'div',
        { class: 'value-block' },
        legend(scale),
        h(
          'table',
          { class: 'values step', id: 'step-values', dataset: { sentence: b, layer: l, step: t } },
          h('tbody', {}, rows),
        ),
        gateBlock,
        after.length ? h('table', { class: 'values step', id: 'step-state' }, h('tbody', {}, after)) : null,
      ),
      h(
        'div',
        { class: 'equations' },
        h('h3', {}, words.equationTitle(k, D === 2 ? (reverse ? ' ←' : ' →') : '', t)),
        general,
        h('h3', {}, words.pluggedTitle(unit), ' ', h('span', { class: 'sub' }, words.pluggedHint)),
        plugged,
      ),
    ),
  );
}

// `p` is where the state comes from: t-1, or t+1 in the reverse direction.
function generalTex(mode, nonlinearity, projected, p) {
  const gate = (g, f) => [
    `${g}_t`,
    `${f}\\left(W_{i${g}}\\,x_t + b_{i${g}} + W_{h${g}}\\,h_{${p}} + b_{h${g}}\\right)`,
  ];
  if (mode === 'LSTM') {
    return [
      gate('i', '\\sigma'),
      gate('f', '\\sigma'),
      gate('g', '\\tanh'),
      gate('o', '\\sigma'),
      ['c_t', `f_t \\odot c_{${p}} + i_t \\odot g_t`],
      ['h_t', projected ? 'W_{hr}\\,(o_t \\odot \\tanh(c_t))' : 'o_t \\odot \\tanh(c_t)'],
    ];
  }
  if (mode === 'GRU') {
    return [
      gate('r', '\\sigma'),
      gate('z', '\\sigma'),
      ['n_t', `\\tanh\\left(W_{in}\\,x_t + b_{in} + r_t \\odot (W_{hn}\\,h_{${p}} + b_{hn})\\right)`],
      ['h_t', `(1 - z_t) \\odot n_t + z_t \\odot h_{${p}}`],
    ];
  }
  const f = nonlinearity === 'relu' ? '\\mathrm{ReLU}' : '\\tanh';
  return [['h_t', `${f}\\left(W_{ih}\\,x_t + b_{ih} + W_{hh}\\,h_{${p}} + b_{hh}\\right)`]];
}

function pluggedTex({ mode, nonlinearity, projected, j, H, inTerm, hidTerm, pre, gates, hPrev, cPrev, ct, ht }) {
  // Gate k of unit j: its two terms, what the activation read, and what it gave.
  const line = (g, k, f) => [
    `${g}_t[${j}]`,
    `${f}(${num(inTerm[k * H + j])} + ${signed(hidTerm[k * H + j])}) = ${f}(${num(pre[k * H + j])}) = ${num(gates[k * H + j])}`,
  ];
  if (mode === 'LSTM') {
    const [i, f, g, o] = [0, 1, 2, 3].map((k) => gates[k * H + j]);
    return [
      line('i', 0, '\\sigma'),
      line('f', 1, '\\sigma'),
      line('g', 2, '\\tanh'),
      line('o', 3, '\\sigma'),
      [`c_t[${j}]`, `${num(f)} \\cdot ${signed(cPrev[j])} + ${num(i)} \\cdot ${signed(g)} = ${num(ct[j])}`],
      // With a projection every h_t value mixes all H units: W_hr's row, not one unit, gives it.
      projected
        ? [`(o_t \\odot \\tanh(c_t))[${j}]`, `${num(o)} \\cdot \\tanh(${num(ct[j])})`]
        : [`h_t[${j}]`, `${num(o)} \\cdot \\tanh(${num(ct[j])}) = ${num(ht[j])}`],
    ];
  }
  if (mode === 'GRU') {
    const [r, z, n] = [0, 1, 2].map((k) => gates[k * H + j]);
    return [
      line('r', 0, '\\sigma'),
      line('z', 1, '\\sigma'),
      [
        `n_t[${j}]`,
        `\\tanh(${num(inTerm[2 * H + j])} + ${num(r)} \\cdot ${signed(hidTerm[2 * H + j])}) = \\tanh(${num(pre[2 * H + j])}) = ${num(n)}`,
      ],
      [`h_t[${j}]`, `(1 - ${num(z)}) \\cdot ${signed(n)} + ${num(z)} \\cdot ${signed(hPrev[j])} = ${num(ht[j])}`],
    ];
  }
  const f = nonlinearity === 'relu' ? '\\mathrm{ReLU}' : '\\tanh';
  return [[`h_t[${j}]`, `${f}(${num(inTerm[j])} + ${signed(hidTerm[j])}) = ${f}(${num(pre[j])}) = ${num(ht[j])}`]];
}
