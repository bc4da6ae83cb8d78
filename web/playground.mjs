// One playground: the input (a table, or torch.rand), the model controls and the result panels,
// built into any root (the page's own <div>, or a <recur-playground> element's shadow root). On
// every change it asks the JS API for the forward pass, the head and the step intermediates and
// hands them to the panels; it computes no tensor itself.
import { loadRecur, RecurError } from './recur.mjs';
import { h, fill, replace } from './dom.mjs';
import { NOTEBOOK_TABLE } from './notebook.mjs';
import { renderLastStep, renderShapes, renderTablePreview, renderValues } from './panels.mjs';
import { pythonCode } from './code-panel.mjs';
import { autoOutFeatures, renderHead } from './head-panel.mjs';
import { cellAt, sharedScale } from './heatmap.mjs';
import { buildStepControls, renderSteps, syncStepControls } from './steps-panel.mjs';
import { PRESETS } from './presets.mjs';
import { TrainingRun, splitHead } from './training.mjs';
import { renderChart, renderGradients } from './training-panel.mjs';
import { FIELD, clampInt, defaults } from './state.mjs';
import { strings } from './strings.mjs';

export const PANELS = ['table', 'model', 'shapes', 'last-step', 'steps', 'head', 'train', 'values', 'code'];

/** The playground's starting state: the notebook's first example. */
export const DEFAULTS = Object.freeze({ ...defaults(), panels: PANELS });

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
// nn.LSTM(3, 8, num_layers=2, bidirectional=True): how PyTorch's constructor reads.
const describe = (c) => `nn.${c.mode}(${c.input_size}, ${c.hidden_size}${c.num_layers > 1 ? `, num_layers=${c.num_layers}` : ''}${c.bias ? '' : ', bias=False'}${c.bidirectional ? ', bidirectional=True' : ''}${c.proj_size ? `, proj_size=${c.proj_size}` : ''})`;
const num = (v) => (String(v).trim() === '' ? NaN : Number(v));
const PLAY_INTERVAL_MS = 900;

// requestIdleCallback where the browser has it (Safari before 18 does not): a short timeout.
const whenIdle = (f) => (globalThis.requestIdleCallback ? requestIdleCallback(f, { timeout: 250 }) : setTimeout(f, 50));
const cancelIdle = (id) => (globalThis.cancelIdleCallback ? cancelIdleCallback(id) : clearTimeout(id));

const prefixed = (prefix, dict) => Object.fromEntries(Object.entries(dict).map(([k, v]) => [prefix + k, v]));

// Sentence b's rows of h0 and c0 ([S, 1, n]), for a forward of that sentence alone.
function stateOf(states, b) {
  const pick = (t) => {
    if (!t) return undefined;
    const [S, B, n] = t.shape, data = new Float32Array(S * n);
    for (let l = 0; l < S; ++l) data.set(t.data.subarray((l * B + b) * n, (l * B + b + 1) * n), l * n);
    return { data, shape: [S, 1, n] };
  };
  return { h0: pick(states.h0), c0: pick(states.c0) };
}

// One sentence of x, alone: [1, T, I] or [T, 1, I] (the same T rows of I values either way).
function sentenceOf(table, b) {
  const { batch: B, seq_len: T, input_size: I } = table;
  if (table.batch_first) return { data: table.x.data.slice(b * T * I, (b + 1) * T * I), shape: [1, T, I] };
  const data = new Float32Array(T * I);
  for (let t = 0; t < T; ++t) data.set(table.x.data.subarray((t * B + b) * I, (t * B + b + 1) * I), t * I);
  return { data, shape: [T, 1, I] };
}

export class Playground {
  #root;
  #els = {};
  #state;
  #recur;
  #unit = 0;      // the hidden unit whose equation is plugged in (pointer or keyboard)
  #weights = null;  // { name, dict }: a state_dict loaded from a file (not part of the link)
  #config = null;   // the configuration of the model on screen (the last one that ran)
  #steps = null;  // the last step-through data, for moving in time without recomputing
  #timer = null;
  #run = null;      // the training run (training.mjs)
  #trainError = null;  // what the trainer refused (e.g. lr), shown in the Train card
  #replayTo = 0;    // the step count a link's run is being replayed to
  #measuring = 0;   // the idle callback that measures a new run's loss and gradients
  #trainView = null;  // what the Train card was last drawn for: { table, b, D, t }
  #replay = true;   // the state came from a link or attributes: replay its training steps

  /** Builds the playground into `root` and runs the first forward pass once WebAssembly is ready. */
  constructor(root, options = {}) {
    this.#root = root;
    this.#state = { ...DEFAULTS, ...options };
    this.#build();
    this.ready = recur().then((r) => {
      this.#recur = r;
      this.#run = new TrainingRun(r, () => this.#trainedFrame());
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

  /** The current state: what the learner typed and chose, in PyTorch's names (see state.mjs). */
  get state() {
    return { ...this.#state };
  }

  /** Changes options (from attributes, a URL or a preset) and recomputes. */
  set(options) {
    this.#stop();
    this.#replay = true;
    this.#state = { ...this.#state, ...options };
    this.#build();
    if (this.#recur) this.update();
  }

  /** Loads a preset from the menu (presets.mjs): its fields over the defaults, same language and panels. */
  preset(id) {
    const p = PRESETS.find((q) => q.id === id);
    if (!p) return;
    const { language, panels } = this.#state;
    this.set({ ...defaults(), language, panels, ...p.state });
  }

  // A form control for a field of state.mjs, named and labelled by the field.
  #control(key, label = key) {
    const f = FIELD[key], v = this.#state[key], id = key.replace(/_/g, '-');
    if (f.kind === 'bool') return h('label', { class: 'check' }, h('input', { id, name: key, type: 'checkbox', checked: v }), ' ', label);
    if (f.kind === 'choice') return field(label, h('select', { id, name: key }, f.options.map((o) => h('option', { value: o, selected: v === o }, o))));
    return field(label, h('input', { id, name: key, type: 'number', min: f.min, max: f.max, step: f.step, value: v, inputmode: f.kind === 'float' ? 'decimal' : 'numeric' }));
  }

  // A control changed: its field takes the control's value as typed, then everything follows.
  #changed(ev) {
    const el = ev.target;
    if (!el.name || !FIELD[el.name]) return;
    this.#state[el.name] = el.type === 'checkbox' ? el.checked : el.value;
    this.update();
  }

  #build() {
    const s = this.#state, t = strings(s.language);
    const show = new Set(s.panels);
    const e = this.#els;
    e.table = h('textarea', { id: 'table', name: 'table', spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off', rows: 9, 'aria-label': t.tableLabel });
    e.table.value = s.table;
    e.tableStatus = h('p', { id: 'table-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    e.preview = h('div', { id: 'table-preview', class: 'preview-wrap', 'aria-label': t.previewLabel });
    const reset = h('button', { id: 'reset-table', type: 'button', class: 'link', onclick: () => { e.table.value = NOTEBOOK_TABLE; s.table = NOTEBOOK_TABLE; this.update(); } }, t.restore);
    e.preset = h('select', { id: 'preset', 'aria-label': t.presets, onchange: () => this.preset(e.preset.value) },
      h('option', { value: '' }, t.presets), PRESETS.map((p) => h('option', { value: p.id }, t.presetNames[p.id])));
    e.tableForm = h('div', { class: 'table-form' }, e.table, e.tableStatus, e.preview, reset);
    e.randomForm = h('form', { id: 'random-form', class: 'controls', autocomplete: 'off', onsubmit: (ev) => ev.preventDefault() },
      h('p', { class: 'note wide' }, t.randomIntro),
      this.#control('batch'), this.#control('seq_len'), this.#control('input_size'), this.#control('x_seed', t.xSeed),
      h('p', { id: 'random-status', class: 'status wide', role: 'status', 'aria-live': 'polite' }),
      h('button', { id: 'back-to-table', type: 'button', class: 'link wide', onclick: () => this.set({ input: 'table' }) }, t.backToTable));
    e.randomStatus = e.randomForm.querySelector('#random-status');

    const radio = (value) => h('label', {}, h('input', { type: 'radio', name: 'mode', value, checked: s.mode === value }), ' ', h('code', {}, `nn.${value}`));
    e.nonlinearityField = this.#control('nonlinearity');
    e.form = h('form', { id: 'model-form', class: 'controls', autocomplete: 'off', onsubmit: (ev) => ev.preventDefault() },
      h('fieldset', { class: 'segmented', 'aria-label': 'mode' }, radio('RNN'), radio('LSTM'), radio('GRU')),
      e.nonlinearityField, this.#control('hidden_size'), this.#control('num_layers'), this.#control('seed'),
      this.#control('out_features', t.outFeaturesLabel), this.#control('dropout'), e.projField = this.#control('proj_size', t.projLabel),
      this.#control('h0', t.h0Label), e.h0SeedField = this.#control('h0_seed'),
      this.#control('batch_first'), this.#control('bias'), this.#control('bidirectional'), this.#control('unbatched', t.unbatchedLabel));
    e.modelStatus = h('p', { id: 'model-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    e.weightsFile = h('input', { id: 'weights-file', type: 'file', accept: '.json,.safetensors', hidden: true,
      onchange: () => e.weightsFile.files[0] && this.#loadWeights(e.weightsFile.files[0]) });
    e.weightsStatus = h('p', { id: 'weights-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    e.weights = h('div', { class: 'weights', id: 'weights' },
      h('div', { class: 'weights-buttons' },
        h('button', { type: 'button', class: 'button', id: 'load-weights', onclick: () => e.weightsFile.click() }, t.loadWeights),
        h('button', { type: 'button', class: 'button', id: 'save-json', onclick: () => this.#saveWeights('json') }, t.saveJson),
        h('button', { type: 'button', class: 'button', id: 'save-safetensors', onclick: () => this.#saveWeights('safetensors') }, t.saveSafetensors)),
      e.weightsFile, e.weightsStatus);
    e.code = h('pre', { id: 'code', class: 'code' });
    e.copyStatus = h('span', { class: 'sub', role: 'status' });
    const copy = h('button', { id: 'copy-code', type: 'button', class: 'button', onclick: () => this.#copyCode() }, t.copy);
    e.shapes = h('div', { id: 'shapes', class: 'shapes' });
    e.lastStep = h('div', { id: 'last-step' });
    e.values = h('div', { id: 'values' });
    e.head = h('div', { id: 'head' });
    e.steps = h('div', { id: 'steps' });
    e.stepControls = buildStepControls(t, {
      set: (view) => this.#view(view),
      move: (d) => this.#view({ step: clampInt('step', Number(this.#state.step) + d, (this.#steps?.T ?? 1) - 1) }),
      play: () => (this.#timer ? this.#stop() : this.#play()),
      unit: (j) => { this.#unit = j; this.#renderSteps(); },
    });
    e.trainButton = h('button', { id: 'train', type: 'button', class: 'button primary', onclick: () => this.#train() }, t.train);
    const trainStep = h('button', { id: 'train-step', type: 'button', class: 'button', onclick: () => this.#run?.runTo(this.#run.steps + 1) }, t.trainStep);
    const trainReset = h('button', { id: 'train-reset', type: 'button', class: 'button', onclick: () => this.#resetTraining() }, t.trainReset);
    e.trainForm = h('form', { id: 'train-form', class: 'controls train-controls', autocomplete: 'off', onsubmit: (ev) => ev.preventDefault() },
      this.#control('optimizer'), this.#control('lr'), this.#control('epochs', t.epochsLabel),
      h('div', { class: 'train-buttons' }, e.trainButton, trainStep, trainReset));
    e.trainStatus = h('p', { id: 'train-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    e.chart = h('div', { id: 'loss-chart', class: 'chart' });
    e.gradients = h('div', { id: 'gradients' });
    const readout = (id) => h('p', { class: 'readout', id, 'aria-live': 'off' }, t.hover);
    const viewRadio = (value, label) => h('label', {}, h('input', { type: 'radio', name: 'values_view', value, checked: s.values_view === value }), ' ', label);
    e.valuesView = h('fieldset', { class: 'segmented small', 'aria-label': t.values, onchange: (ev) => { s.values_view = ev.target.value; this.update(); } },
      viewRadio('heatmap', t.heatmap), viewRadio('print', h('code', {}, 'print()')));

    const [pre, a, mid, b, post] = t.lastStepTitle;
    const card = (name, ...children) => (show.has(name) ? h('article', { class: 'card', dataset: { panel: name } }, ...children) : null);
    e.results = h('section', { class: 'column outputs', id: 'results', dataset: { stale: t.stale } },
      card('shapes', h('h2', {}, t.shapes), e.shapes),
      card('last-step', h('h2', {}, pre, h('code', {}, a), mid, h('code', {}, b), post ?? ''), e.lastStep),
      card('steps', h('h2', {}, t.stepsTitle, ' ', h('span', { class: 'sub' }, t.stepsSub)), e.stepControls.root, readout('steps-readout'), e.steps),
      card('head', h('h2', {}, t.headTitle), e.head),
      card('train', h('h2', {}, t.trainTitle, ' ', h('span', { class: 'sub' }, t.trainSub)), e.trainForm, e.trainStatus, e.chart,
        readout('train-readout'), e.gradients, h('p', { class: 'note' }, t.trainNote)),
      card('values', h('div', { class: 'card-head' }, h('h2', {}, t.values), e.valuesView), readout('values-readout'), e.values));
    const inputs = h('section', { class: 'column inputs' },
      // The table card stays in the tree when hidden: its text area is the playground's input.
      h('article', { class: 'card', dataset: { panel: 'table' }, hidden: !show.has('table') },
        h('div', { class: 'card-head' }, h('h2', {}, t.sentences), e.preset),
        h('p', { class: 'sub' }, t.sentencesSub), e.tableForm, e.randomForm),
      h('article', { class: 'card', dataset: { panel: 'model' }, hidden: !show.has('model'), ondragover: (ev) => ev.preventDefault(),
        ondrop: (ev) => { ev.preventDefault(); const file = ev.dataTransfer?.files[0]; if (file) this.#loadWeights(file); } },
        h('h2', {}, t.model), e.form, e.modelStatus, e.weights),
      show.has('code') ? h('article', { class: 'card', dataset: { panel: 'code' } },
        h('div', { class: 'card-head' }, h('h2', {}, t.codeTitle), h('span', {}, e.copyStatus, ' ', copy)),
        h('p', { class: 'sub' }, t.sameInPyTorch), e.code) : null);
    const anyInput = show.has('table') || show.has('model') || show.has('code');
    // Replaced, not patched: the controls just made are the ones listened to.
    replace(this.#root, h('div', { class: anyInput ? 'layout' : 'layout single', lang: s.language === 'zh' ? 'zh-CN' : 'en' }, anyInput ? inputs : h('div', { hidden: true }, inputs), e.results));
    e.table.addEventListener('input', () => { s.table = e.table.value; this.update(); });
    for (const form of [e.form, e.randomForm, e.trainForm]) form.addEventListener('input', (ev) => this.#changed(ev));
    // The exact value under the pointer, and in the step view the unit whose equation to show.
    this.#root.addEventListener?.('pointermove', (ev) => this.#hover(ev));
  }

  // A .json ({name: {shape, data}}) or .safetensors state_dict from the learner's disk. If it was
  // made by another configuration, say which and offer to switch to it.
  async #loadWeights(file) {
    const r = this.#recur, t = strings(this.#state.language), e = this.#els;
    if (!r) return;
    let dict, config;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      dict = /\.json$/i.test(file.name) ? JSON.parse(new TextDecoder().decode(bytes)) : r.readSafetensors(bytes);
      config = r.inferConfig(splitHead(dict).model);
    } catch (error) {
      fill(e.weightsStatus, `${file.name}: ${error.message}`);
      e.weightsStatus.classList.add('error');
      return;
    }
    const { model, head } = splitHead(dict);
    // A file saved after training also holds the head (head.weight, head.bias).
    this.#weights = { name: file.name, dict: model, head: Object.keys(head).length ? head : null };
    const s = this.#state;
    const wanted = { mode: config.mode, hidden_size: config.hidden_size, num_layers: config.num_layers, bias: config.bias,
      bidirectional: config.bidirectional, proj_size: config.proj_size };
    const fits = Object.entries(wanted).every(([k, v]) => String(s[k]) === String(v));
    this.update();
    if (!fits) {
      fill(e.weightsStatus, t.weightsFor(file.name, describe(config)), ' ',
        h('button', { type: 'button', class: 'button', id: 'switch-config', onclick: () => this.set(wanted) }, t.switchTo));
      e.weightsStatus.classList.remove('error');
    }
  }

  // The current weights (seeded, loaded or trained) as a file the learner saves; both load in
  // PyTorch. After training the head's are in it too, as head.weight and head.bias.
  #saveWeights(format) {
    const r = this.#recur, s = this.#state;
    if (!r || !this.#config) return;
    let model;
    try {
      model = r.createModel(this.#config);
      if (this.#weights) model.loadStateDict(this.#weights.dict);
      const trained = this.#run?.weights();
      const dict = trained ? { ...trained.model, ...prefixed('head.', trained.head) } : model.stateDict();
      const body = format === 'json'
        ? JSON.stringify(Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, { shape: v.shape, data: Array.from(v.data) }])))
        : r.writeSafetensors(dict);
      const link = h('a', { href: URL.createObjectURL(new Blob([body])), download: `recur_${s.mode.toLowerCase()}.${format}` });
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    } catch (error) {
      if (!(error instanceof RecurError)) throw error;
      this.#status(this.#els.weightsStatus, error);
    } finally {
      model?.dispose();
    }
  }

  #hover(ev) {
    const cell = cellAt(ev);
    if (!cell) return;
    const out = cell.el.closest('.card')?.querySelector('.readout');
    if (out) out.textContent = cell.text;
    if (cell.unit !== undefined && Number(cell.unit) !== this.#unit && this.#els.steps.contains(cell.el)) {
      this.#unit = Number(cell.unit);
      this.#renderSteps();
    }
  }

  async #copyCode() {
    const t = strings(this.#state.language);
    try {
      await navigator.clipboard.writeText(this.#els.code.textContent);
      this.#els.copyStatus.textContent = t.copied;
    } catch {
      getSelection()?.selectAllChildren(this.#els.code);  // the learner can copy the selection
      this.#els.copyStatus.textContent = t.copySelect;
    }
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
    if (stale) this.#run?.pause();  // no training on inputs that no longer parse
    this.#els.results.classList.toggle('stale', stale);
    this.#els.results.setAttribute('aria-busy', String(stale));
  }

  // x = torch.rand(shape) after torch.manual_seed(x_seed), as a table without labels.
  #randomTable(r, s, t) {
    const sizes = ['batch', 'seq_len', 'input_size', 'x_seed'].map((key) => {
      const v = num(s[key]), f = FIELD[key];
      if (!Number.isInteger(v) || v < f.min || v > f.max) throw new RecurError(t.outOfRange(key, s[key], f.min, f.max));
      return v;
    });
    const [B, T, I, seed] = sizes;
    const x = r.rand(s.batch_first ? [B, T, I] : [T, B, I], { seed });
    return { x, y: null, batch: B, seq_len: T, input_size: I, batch_first: s.batch_first };
  }

  /** Recomputes everything from the state. */
  update() {
    const e = this.#els, s = this.#state, t = strings(s.language), r = this.#recur;
    if (!r) return;
    performance.mark('recur:update');
    const random = s.input === 'random';
    e.tableForm.hidden = random;
    e.randomForm.hidden = !random;
    e.nonlinearityField.hidden = s.mode !== 'RNN';  // an RNN option
    e.projField.hidden = s.mode !== 'LSTM';  // an LSTM option
    e.h0SeedField.hidden = s.h0 !== 'rand';
    this.#fitTextArea();
    let table;
    const inputStatus = random ? e.randomStatus : e.tableStatus;
    try {
      table = random ? this.#randomTable(r, s, t) : r.parseTable(s.table, { batch_first: s.batch_first });
    } catch (error) {
      if (!(error instanceof RecurError)) throw error;
      this.#status(inputStatus, error);
      if (!random) e.table.setAttribute('aria-invalid', 'true');
      this.#stale(true);
      return;
    }
    e.table.removeAttribute('aria-invalid');
    this.#status(inputStatus, null, t.tableStatus(table.batch, table.seq_len, table.input_size, Boolean(table.y), r.formatShape(table.x.shape)));

    const config = {
      mode: s.mode, nonlinearity: s.nonlinearity, input_size: table.input_size,
      hidden_size: num(s.hidden_size), num_layers: num(s.num_layers), seed: num(s.seed),
      batch_first: s.batch_first, bias: s.bias, dropout: num(s.dropout),
      proj_size: s.mode === 'LSTM' ? num(s.proj_size) : 0, bidirectional: s.bidirectional,
    };
    const outFeatures = num(s.out_features) === 0 ? autoOutFeatures(table.y) : num(s.out_features);
    const b = clampInt('sentence', s.sentence, table.batch - 1);
    const states = this.#initialStates(r, config, table);
    const trained = this.#syncTraining(table, config, outFeatures, states);
    let result, head, steps, notes, unbatched = null;
    let model = null, linear = null;
    try {
      model = r.createModel(config);
      if (this.#weights) {
        try {
          model.loadStateDict(this.#weights.dict);
        } catch (error) {
          if (error instanceof RecurError) error.message = `${t.weightsDontFit(this.#weights.name)}\n${error.message}`;
          throw error;
        }
      }
      if (trained) model.loadStateDict(trained.model);
      notes = [...model.warnings.map((w) => `UserWarning: ${w}`), config.dropout > 0 ? t.evalNote : null].filter(Boolean);
      result = model.forward(table.x, states);
      linear = model.createHead(outFeatures);
      if (this.#weights?.head) linear.loadStateDict(this.#weights.head);
      if (trained) linear.loadStateDict(trained.head);
      // h_n[-1], the head's input as in the notebook (bidirectional: the top layer's reverse row).
      const L = config.num_layers, B = table.batch, H = config.hidden_size, R = result.h_n.shape[2], S = result.h_n.shape[0];
      head = linear.forward({ data: result.h_n.data.subarray((S - 1) * B * R), shape: [B, R] });
      // The step view records one sentence: rows of a batch never mix, so alone it has the
      // very bits it has in the batch, at a fraction of the memory.
      const sx = sentenceOf(table, b), own = stateOf(states, b);
      steps = model.forward(sx, { intermediates: true, ...own }).intermediates;
      this.#steps = { sx: (k) => sx.data.subarray(k * table.input_size, (k + 1) * table.input_size), m: steps, B, T: table.seq_len, L, D: config.bidirectional ? 2 : 1, H, R, I: table.input_size, b, y: table.y, mode: s.mode, nonlinearity: s.nonlinearity,
        h0: own.h0, c0: own.c0, h0Note: own.h0 ? t.stepH0Rand(s.h0_seed) : t.stepH0, c0Note: own.c0 ? t.stepC0Rand(Number(s.h0_seed) + 1) : t.stepC0 };
      // PyTorch's unbatched input: the same sentence as a 2-D x, with 2-D h0 and c0.
      if (s.unbatched) unbatched = this.#unbatched(model, sx, own, result, b, table);
    } catch (error) {
      if (!(error instanceof RecurError)) throw error;
      this.#status(e.modelStatus, error);
      this.#stale(true);
      return;
    } finally {
      linear?.dispose();
      model?.dispose();
    }
    this.#config = config;
    performance.mark('recur:computed');
    this.#status(e.modelStatus, null, notes.join('\n'));
    if (!e.weightsStatus.querySelector('button')) {
      e.weightsStatus.textContent = this.#weights ? t.weightsLoaded(this.#weights.name) : t.weightsSeeded(config.seed);
      e.weightsStatus.classList.remove('error');
    }
    // One colour scale for output, h_n and c_n wherever they are drawn.
    const scale = sharedScale(result.output, result.h_n, result.c_n);
    const view = { state: s, table, result, config, outFeatures, head, scale, words: t, format: (x) => r.formatTensor(x), trained: trained ? this.#run.steps : 0, states, unbatched };
    const shown = new Set(s.panels);  // a panel the embedder stripped is not drawn at all
    if (shown.has('code')) e.code.textContent = pythonCode(view);
    renderTablePreview(e.preview, table, head.predicted);
    if (shown.has('shapes')) renderShapes(e.shapes, view);
    if (shown.has('last-step')) renderLastStep(e.lastStep, view);
    if (shown.has('head')) renderHead(e.head, view);
    if (shown.has('values')) renderValues(e.values, view);
    if (shown.has('steps')) this.#renderSteps();
    this.#trainView = { table, b, D: config.bidirectional ? 2 : 1, t };
    if (shown.has('train')) this.#renderTraining();
    this.#stale(false);
    performance.measure('recur:compute', 'recur:update', 'recur:computed');
    performance.measure('recur:update', 'recur:update');
    this.#root.dispatchEvent?.(new CustomEvent('recur-update', { bubbles: true, composed: true }));
  }

  // The training run for this table and model, started over when anything that decides it
  // changed (except when the state came from a link: then its steps are replayed from the seed).
  // Returns the trained weights { model, head }, or null while untrained.
  #syncTraining(table, config, outFeatures, states) {
    const s = this.#state, run = this.#run, replay = this.#replay;
    this.#replay = false;
    this.#trainError = null;
    if (!table.y) {
      run.dispose();
      return null;
    }
    try {
      const key = JSON.stringify([config, table.x.shape, Array.from(table.x.data), Array.from(table.y), outFeatures, s.optimizer, s.lr, this.#weights?.name ?? null, s.h0, s.h0_seed]);
      const restarted = run.sync(key, () => ({ config, weights: this.#weights?.dict, head: this.#weights?.head, x: table.x, y: table.y, states,
        options: { out_features: outFeatures, optimizer: s.optimizer, lr: num(s.lr) } }));
      if (restarted && !replay) s.trained = 0;
    } catch (error) {
      if (!(error instanceof RecurError)) throw error;
      this.#trainError = error;
      return null;
    }
    const target = clampInt('trained', s.trained);
    if (run.steps < target && !run.running) run.runTo(this.#replayTo = target);
    return run.weights();
  }

  // h0 (and c0 for LSTM) as the learner chose: {} for zeros, else torch.rand after
  // torch.manual_seed(h0_seed) (c0: h0_seed + 1). An unusable configuration gives {}: the
  // model's own error says what is wrong.
  #initialStates(r, config, table) {
    const s = this.#state;
    const S = config.num_layers * (config.bidirectional ? 2 : 1), R = config.proj_size || config.hidden_size;
    if (s.h0 !== 'rand' || ![S, R, config.hidden_size].every((n) => Number.isInteger(n) && n > 0)) return {};
    const seed = clampInt('h0_seed', s.h0_seed);
    try {
      const states = { h0: r.rand([S, table.batch, R], { seed }) };
      if (config.mode === 'LSTM') states.c0 = r.rand([S, table.batch, config.hidden_size], { seed: seed + 1 });
      return states;
    } catch (error) {
      if (!(error instanceof RecurError)) throw error;
      return {};  // sizes past the limits: createModel names them
    }
  }

  // The sentence alone as PyTorch's unbatched 2-D input, and how many of its values equal the
  // batched run's row b, bit for bit.
  #unbatched(model, sx, own, result, b, table) {
    const T = table.seq_len, I = table.input_size, bf = this.#state.batch_first;
    const two = (t) => t && { data: t.data, shape: [t.shape[0], t.shape[2]] };
    const alone = model.forward({ data: sx.data, shape: [T, I] }, { h0: two(own.h0), c0: two(own.c0) });
    const [S, B, R] = result.h_n.shape, O = result.output.shape[2];
    let equal = 0, total = 0;
    const same = (a, c) => { total += 1; if (Object.is(a, c)) equal += 1; };
    for (let t = 0; t < T; ++t)
      for (let k = 0; k < O; ++k) same(alone.output.data[t * O + k], result.output.data[(bf ? b * T + t : t * B + b) * O + k]);
    for (let l = 0; l < S; ++l)
      for (let k = 0; k < R; ++k) same(alone.h_n.data[l * R + k], result.h_n.data[(l * B + b) * R + k]);
    return { b, name: bf ? `x[${b}]` : `x[:, ${b}]`, x: { shape: [T, I] }, result: alone, equal, total };
  }

  #trainedFrame() {
    this.#state.trained = this.#run.steps;
    this.update();
  }

  #train() {
    const run = this.#run;
    if (!run) return;
    this.#replayTo = 0;
    if (run.running) run.pause();
    else run.runTo(run.steps + clampInt('epochs', this.#state.epochs));
    this.update();
  }

  #resetTraining() {
    this.#run?.dispose();
    this.#state.trained = 0;
    this.update();
  }

  #renderTraining() {
    const e = this.#els, run = this.#run, { table, b, D, t } = this.#trainView;
    this.#trainError ??= run.error;
    if (table.y && !run.latest && !this.#trainError) {
      // A new run's loss and gradients wait until the page is idle: after this keystroke's
      // frame, and not at all while the learner keeps typing.
      cancelIdle(this.#measuring);
      this.#measuring = whenIdle(() => {
        if (run.latest) return;
        run.measure();
        this.#renderTraining();
      });
    }
    const ready = Boolean(table.y && run.latest && !this.#trainError);
    for (const button of e.trainForm.querySelectorAll('button')) button.disabled = !ready;
    e.trainButton.textContent = run.running ? t.pause : t.train;
    e.trainButton.setAttribute('aria-pressed', String(run.running));
    if (!ready) {
      this.#status(e.trainStatus, this.#trainError, table.y ? '…' : t.trainNeedsY);
      e.chart.hidden = true;
      fill(e.gradients);
      return;
    }
    let correct = 0;
    run.latest.predicted.forEach((p, k) => { correct += p === table.y[k] ? 1 : 0; });
    const replaying = run.running && run.steps < this.#replayTo;
    this.#status(e.trainStatus, null, replaying ? t.replaying(run.steps, this.#replayTo)
      : t.trainStatus(run.steps, run.latest.loss, correct, table.batch));
    e.chart.hidden = false;
    renderChart(e.chart, run.history, t);
    renderGradients(e.gradients, { norms: run.latest.hiddenGradNorms, b, D, words: t });
  }

  // Moves the step view (sentence, layer, step); a new sentence needs its own intermediates.
  #view(change) {
    const newSentence = change.sentence !== undefined && change.sentence !== Number(this.#state.sentence);
    Object.assign(this.#state, change);
    if (newSentence) this.update();
    else {
      this.#renderSteps();
      this.#root.dispatchEvent?.(new CustomEvent('recur-update', { bubbles: true, composed: true }));
    }
  }

  #renderSteps() {
    const d = this.#steps, s = this.#state;
    if (!d) return;
    const t = strings(s.language);
    const l = clampInt('layer', s.layer, d.L * d.D - 1), step = clampInt('step', s.step, d.T - 1);
    this.#unit = Math.min(this.#unit, d.H - 1);
    syncStepControls(this.#els.stepControls, { ...d, l, t: step, unit: this.#unit, playing: Boolean(this.#timer), words: t });
    renderSteps(this.#els.steps, { ...d, l, t: step, unit: this.#unit, words: t, pick: (k) => this.#view({ step: k }) });
  }

  #play() {
    const T = this.#steps?.T ?? 1;
    if (Number(this.#state.step) >= T - 1) this.#state.step = 0;
    this.#timer = setInterval(() => {
      const next = Number(this.#state.step) + 1;
      if (next >= T) return this.#stop();
      this.#view({ step: next });
    }, PLAY_INTERVAL_MS);
    this.#renderSteps();
  }

  #stop() {
    if (!this.#timer) return;
    clearInterval(this.#timer);
    this.#timer = null;
    this.#renderSteps();
  }
}
