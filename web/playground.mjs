// One playground: the table, the model controls and the result panels, built into any root
// (the page's own <div>, or a <recur-playground> element's shadow root). It asks the JS API for a
// forward pass on every change and hands the results to the panels; it computes no tensor.
import { loadRecur, RecurError } from './recur.mjs';
import { h, fill } from './dom.mjs';
import { NOTEBOOK_TABLE } from './notebook.mjs';
import { renderCode, renderLastStep, renderShapes, renderTablePreview, renderValues } from './panels.mjs';
import { strings } from './strings.mjs';

export const PANELS = ['table', 'model', 'shapes', 'last-step', 'values', 'code'];

/** The playground's starting state: the notebook's first example. */
export const DEFAULTS = Object.freeze({
  table: NOTEBOOK_TABLE, mode: 'RNN', nonlinearity: 'tanh', hidden_size: 4, num_layers: 1,
  batch_first: true, bias: true, seed: 0, language: 'en', panels: PANELS,
});

// One WebAssembly instance serves every playground on the page.
let loadOptions = {};
let recurPromise;
let styleUrl;
/**
 * For the classic single-file build: `createCore` is its inlined module factory (loadRecur's
 * option), `styleUrl` where style.css sits beside its script.
 */
export function configure({ styleUrl: style, ...options }) {
  loadOptions = options;
  if (style) styleUrl = style;
}
/** The stylesheet a shadow root links to. */
export const playgroundStyleUrl = () => styleUrl ?? new URL('style.css', import.meta.url).href;
const recur = () => (recurPromise ??= loadRecur(loadOptions));

const field = (label, control) => h('label', { class: 'field' }, label, control);

export class Playground {
  #root;
  #els = {};
  #state;
  #recur;

  /** Builds the playground into `root` and runs the first forward pass once WebAssembly is ready. */
  constructor(root, options = {}) {
    this.#root = root;
    this.#state = { ...DEFAULTS, ...options };
    this.#build();
    this.ready = recur().then((r) => {
      this.#recur = r;
      this.update();
      return this;
    }, (error) => {
      fill(this.#els.tableStatus, strings(this.#state.language).loadFailed + error.message);
      this.#els.tableStatus.classList.add('error');
      throw error;
    });
  }

  /** The SIMD build in use: 'wasm' (SIMD128) or 'scalar'. */
  get simdArch() {
    return this.#recur?.simdArch;
  }

  /** The current state: what the learner typed and chose, in PyTorch's names. */
  get state() {
    const f = this.#els.form.elements;
    return {
      ...this.#state,
      table: this.#els.table.value, mode: f.mode.value, nonlinearity: f.nonlinearity.value,
      hidden_size: f.hidden_size.value, num_layers: f.num_layers.value, seed: f.seed.value,
      batch_first: f.batch_first.checked, bias: f.bias.checked,
    };
  }

  /** Changes options (from attributes or a URL) and recomputes. */
  set(options) {
    this.#state = { ...this.state, ...options };
    this.#build();
    if (this.#recur) this.update();
  }

  #build() {
    const s = this.#state, t = strings(s.language);
    const show = new Set(s.panels);
    const e = this.#els;
    e.table = h('textarea', { id: 'table', spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off', rows: 9, 'aria-label': t.tableLabel });
    e.table.value = s.table;
    e.tableStatus = h('p', { id: 'table-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    e.preview = h('div', { id: 'table-preview', class: 'preview-wrap', 'aria-label': t.previewLabel });
    const reset = h('button', { id: 'reset-table', type: 'button', class: 'link', onclick: () => { e.table.value = NOTEBOOK_TABLE; this.update(); } }, t.restore);
    const radio = (value) => h('label', {}, h('input', { type: 'radio', name: 'mode', value, checked: (s.mode === 'LSTM') === (value === 'LSTM') }), ' ', h('code', {}, `nn.${value}`));
    const option = (value) => h('option', { value, selected: s.nonlinearity === value }, value);
    e.nonlinearityField = field('nonlinearity', h('select', { id: 'nonlinearity', name: 'nonlinearity' }, option('tanh'), option('relu')));
    e.form = h('form', { id: 'model-form', class: 'controls', autocomplete: 'off', onsubmit: (ev) => ev.preventDefault() },
      h('fieldset', { class: 'segmented', 'aria-label': 'mode' }, radio('RNN'), radio('LSTM')),
      e.nonlinearityField,
      field('hidden_size', h('input', { id: 'hidden-size', name: 'hidden_size', type: 'number', min: 1, max: 256, value: s.hidden_size, inputmode: 'numeric' })),
      field('num_layers', h('input', { id: 'num-layers', name: 'num_layers', type: 'number', min: 1, max: 8, value: s.num_layers, inputmode: 'numeric' })),
      field('seed', h('input', { id: 'seed', name: 'seed', type: 'number', min: 0, max: 4294967295, value: s.seed, inputmode: 'numeric' })),
      h('label', { class: 'check' }, h('input', { id: 'batch-first', name: 'batch_first', type: 'checkbox', checked: s.batch_first }), ' batch_first'),
      h('label', { class: 'check' }, h('input', { id: 'bias', name: 'bias', type: 'checkbox', checked: s.bias }), ' bias'));
    e.modelStatus = h('p', { id: 'model-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    e.code = h('pre', { id: 'code', class: 'code' });
    e.shapes = h('div', { id: 'shapes', class: 'shapes' });
    e.lastStep = h('div', { id: 'last-step' });
    e.values = h('div', { id: 'values' });
    const [pre, a, mid, b, post] = t.lastStepTitle;
    const card = (name, ...children) => (show.has(name) ? h('article', { class: 'card', dataset: { panel: name } }, ...children) : null);
    e.results = h('section', { class: 'column outputs', id: 'results', dataset: { stale: t.stale } },
      card('shapes', h('h2', {}, t.shapes), e.shapes),
      card('last-step', h('h2', {}, pre, h('code', {}, a), mid, h('code', {}, b), post ?? ''), e.lastStep),
      card('values', h('h2', {}, t.values), e.values));
    const inputs = h('section', { class: 'column inputs' },
      // The table card stays in the tree when hidden: its text area is the playground's input.
      h('article', { class: 'card', dataset: { panel: 'table' }, hidden: !show.has('table') },
        h('h2', {}, t.sentences, ' ', h('span', { class: 'sub' }, t.sentencesSub)), e.table, e.tableStatus, e.preview, reset),
      h('article', { class: 'card', dataset: { panel: 'model' }, hidden: !show.has('model') && !show.has('code') },
        show.has('model') ? [h('h2', {}, t.model), e.form, e.modelStatus] : h('div', { hidden: true }, e.form, e.modelStatus),
        show.has('code') ? [h('p', { class: 'sub' }, t.sameInPyTorch), e.code] : null));
    const anyInput = show.has('table') || show.has('model') || show.has('code');
    fill(this.#root, h('div', { class: anyInput ? 'layout' : 'layout single', lang: s.language === 'zh' ? 'zh-CN' : 'en' }, anyInput ? inputs : h('div', { hidden: true }, inputs), e.results));
    e.table.addEventListener('input', () => this.update());
    e.form.addEventListener('input', () => this.update());
    e.form.addEventListener('change', () => this.update());
  }

  // The text area grows with the table, so every row stays in view while typing.
  #fitTextArea() {
    this.#els.table.rows = Math.max(9, Math.min(this.#els.table.value.split('\n').length + 1, 24));
  }

  #status(el, error, okText) {
    el.textContent = error ? error.message : okText;
    el.classList.toggle('error', Boolean(error));
  }

  // A result that no longer matches the inputs stays on screen, marked, until they are valid.
  #stale(stale) {
    this.#els.results.classList.toggle('stale', stale);
    this.#els.results.setAttribute('aria-busy', String(stale));
  }

  /** Recomputes from what is on screen now. */
  update() {
    const e = this.#els, t = strings(this.#state.language), r = this.#recur;
    if (!r) return;
    this.#fitTextArea();
    const state = this.state;
    e.nonlinearityField.hidden = state.mode === 'LSTM';
    let table;
    try {
      table = r.parseTable(e.table.value, { batch_first: state.batch_first });
    } catch (error) {
      if (!(error instanceof RecurError)) throw error;
      this.#status(e.tableStatus, error);
      e.table.setAttribute('aria-invalid', 'true');
      this.#stale(true);
      return;
    }
    e.table.removeAttribute('aria-invalid');
    this.#status(e.tableStatus, null, t.tableStatus(table.batch, table.seq_len, table.input_size, Boolean(table.y), r.formatShape(table.x.shape)));
    renderTablePreview(e.preview, table);

    const num = (v) => (String(v).trim() === '' ? NaN : Number(v));
    const config = {
      mode: state.mode, nonlinearity: state.nonlinearity, input_size: table.input_size,
      hidden_size: num(state.hidden_size), num_layers: num(state.num_layers), seed: num(state.seed),
      batch_first: state.batch_first, bias: state.bias,
    };
    let result;
    try {
      const model = r.createModel(config);
      try {
        result = model.forward(table.x);
      } finally {
        model.dispose();
      }
    } catch (error) {
      if (!(error instanceof RecurError)) throw error;
      this.#status(e.modelStatus, error);
      this.#stale(true);
      return;
    }
    this.#status(e.modelStatus, null, '');
    const view = { table, result, config, words: t };
    renderCode(e.code, view);
    renderShapes(e.shapes, view);
    renderLastStep(e.lastStep, view);
    renderValues(e.values, view);
    this.#stale(false);
    this.#root.dispatchEvent?.(new CustomEvent('recur-update', { bubbles: true, composed: true }));
  }
}
