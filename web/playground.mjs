// One playground: the cards of cards/index.mjs built into any root (the page's own <div>, or a
// <recur-playground> element's shadow root). On every change it runs the compute step once
// (compute.mjs: the JS API's forward pass, head and step intermediates) and hands the result to
// the cards; a card off screen is drawn when it scrolls into view, so a keystroke costs what is
// on screen, not what the data holds. It computes no tensor itself.
import { loadRecur } from '../wasm/recur.mjs';
import { h, replace } from './dom.mjs';
import { CARDS, PANELS } from './cards/index.mjs';
import { compute, isRecurError, trainingKey } from './compute.mjs';
import { cellAt, sharedScale } from './heatmap.mjs';
import { PRESETS } from './presets.mjs';
import { TrainingRun } from './training.mjs';
import { readWeights, saveWeights } from './weights.mjs';
import { FIELD, clampInt, defaults } from './state.mjs';
import { strings } from './strings.mjs';

export { PANELS };

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

// A card counts as on screen this far outside the viewport, so scrolling meets it drawn.
const NEAR_SCREEN = '300px 0px';

export class Playground {
  #root;
  #state;
  #recur;
  #cards = []; // { card, instance, article, dirty, visible (on screen or near it) }
  #view = null; // what the cards draw: the last good compute result and its context
  #weights = null; // { name, dict, head }: a state_dict loaded from a file (not part of the link)
  #run = null; // the training run (training.mjs)
  #trainError = null; // what the trainer refused (e.g. lr), shown in the Train card
  #replayTo = 0; // the step count a link's run is being replayed to
  #replay = true; // the state came from a link or attributes: replay its training steps
  #pendingRun = null; // { key, make }: the run this table and model call for (training.mjs's sync)
  #observer = null;
  #firstDraw = true; // no card drawn since the cards were built
  #results = null; // the column of result cards, marked stale while the inputs are invalid

  /** Builds the playground into `root` and runs the first forward pass once WebAssembly is ready. */
  constructor(root, options = {}) {
    this.#root = root;
    this.#state = { ...DEFAULTS, ...options };
    this.#build();
    this.ready = recur().then(
      (r) => {
        this.#recur = r;
        this.#run = new TrainingRun(r, () => this.#trainedFrame());
        this.update();
        return this;
      },
      (error) => {
        const status = this.#root.querySelector('#table-status');
        status.textContent = strings(this.#state.language).loadFailed + error.message;
        status.classList.add('error');
        throw error;
      },
    );
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

  // What a card can use: the words, the live state, and the playground's actions.
  #context() {
    const self = this; // the getters below have their own `this`
    return {
      words: strings(this.#state.language),
      state: this.#state,
      set: (options) => this.set(options),
      preset: (id) => this.preset(id),
      update: () => this.update(),
      redraw: () => this.#drawAll(),
      view: (change) => this.#moveView(change),
      weights: {
        load: (file) => this.#loadWeights(file),
        save: (format) => this.#saveWeights(format),
        get loaded() {
          return self.#weights;
        },
      },
      training: {
        get run() {
          return self.#run;
        },
        get error() {
          return self.#trainError;
        },
        get replayTo() {
          return self.#replayTo;
        },
        prepare: () => this.#prepareRun(),
        train: () => this.#train(),
        step: () => this.#prepareRun() && this.#run.runTo(this.#run.steps + 1),
        reset: () => this.#resetTraining(),
      },
    };
  }

  #build() {
    for (const c of this.#cards) c.instance.stop?.();
    this.#observer?.disconnect();
    const s = this.#state,
      show = new Set(s.panels),
      ctx = this.#context();
    const columns = { inputs: [], outputs: [] };
    this.#cards = [];
    this.#firstDraw = true;
    for (const card of CARDS) {
      // The table card stays in the tree when hidden: its text area is the playground's input.
      if (!show.has(card.id) && card.id !== 'table' && card.id !== 'model') continue;
      const instance = card.create(ctx);
      const article = h(
        'article',
        { class: 'card', dataset: { panel: card.id }, hidden: !show.has(card.id), ...instance.article },
        ...instance.children,
      );
      columns[card.column].push(article);
      this.#cards.push({ card, instance, article, dirty: true, visible: false });
    }
    const anyInput = columns.inputs.some((article) => !article.hidden);
    const inputs = h('section', { class: 'column inputs' }, columns.inputs);
    this.#results = h(
      'section',
      { class: 'column outputs', id: 'results', dataset: { stale: ctx.words.stale } },
      columns.outputs,
    );
    replace(
      this.#root,
      h(
        'div',
        { class: anyInput ? 'layout' : 'layout single', lang: s.language === 'zh' ? 'zh-CN' : 'en' },
        anyInput ? inputs : h('div', { hidden: true }, inputs),
        this.#results,
      ),
    );
    // Every control is named after its field (state.mjs): one listener reads them all.
    this.#root.addEventListener?.('input', this.#onInput);
    // The exact value under the pointer, and in the step view the unit whose equation to show;
    // a tap (touch has no hover) reads the cell it lands on.
    this.#root.addEventListener?.('pointermove', this.#onPointer);
    this.#root.addEventListener?.('pointerdown', this.#onPointer);
    this.#observer =
      globalThis.IntersectionObserver &&
      new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            const c = this.#cards.find((x) => x.article === entry.target);
            if (!c) continue;
            c.visible = entry.isIntersecting;
            if (c.visible && c.dirty) this.#draw(c);
          }
        },
        { rootMargin: NEAR_SCREEN },
      );
  }

  #onInput = (ev) => {
    const el = ev.target;
    // values_view only changes how the Values card draws: that card redraws itself.
    if (!el.name || !FIELD[el.name] || el.name === 'values_view') return;
    this.#state[el.name] = el.type === 'checkbox' ? el.checked : el.value;
    this.update();
  };

  #onPointer = (ev) => {
    const cell = cellAt(ev);
    if (!cell) return;
    const out = cell.el.closest('.card')?.querySelector('.readout');
    if (out) out.textContent = cell.text;
    for (const c of this.#cards) if (c.article.contains(cell.el)) c.instance.hover?.(cell);
  };

  /** Recomputes everything from the state: one compute step, then the cards on screen are drawn. */
  update() {
    const s = this.#state,
      r = this.#recur,
      words = strings(s.language);
    if (!r) return;
    performance.mark('recur:update');
    const out = compute(r, s, { words, weights: this.#weights, train: (x) => this.#syncTraining(x) });
    performance.mark('recur:computed');
    for (const c of this.#cards) if (c.card.eager) c.instance.render(out, r);
    if (!out.ok) {
      this.#stale(true);
      return;
    }
    const trainedSteps = out.trained ? this.#run.steps : 0;
    // One colour scale for output, h_n and c_n wherever they are drawn.
    const scale = sharedScale(out.result.output, out.result.h_n, out.result.c_n);
    this.#view = { ...out, state: s, words, scale, trainedSteps, format: (x) => r.formatTensor(x) };
    for (const c of this.#cards) if (!c.card.eager) c.dirty = true;
    this.#drawAll();
    this.#stale(false);
    performance.measure('recur:compute', 'recur:update', 'recur:computed');
    performance.measure('recur:update', 'recur:update');
    this.#root.dispatchEvent?.(new CustomEvent('recur-update', { bubbles: true, composed: true }));
  }

  // Draws every dirty card that is on screen (or near it); the others wait for the observer.
  #drawAll() {
    for (const c of this.#cards) {
      if (c.card.eager) continue;
      c.dirty = true;
      // The first time, each card's place is measured after the cards above it are drawn (the
      // observer saw them all empty, so all on screen); then the observer says what is seen.
      if (this.#firstDraw) c.visible = this.#near(c.article);
      if (c.visible) this.#draw(c);
    }
    if (!this.#view || !this.#firstDraw) return;
    this.#firstDraw = false;
    // Observed from now on: a report about the empty cards before this draw would be wrong.
    for (const c of this.#cards) if (!c.card.eager) this.#observer?.observe(c.article);
  }

  #near(el) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return false;
    return box.bottom >= -300 && box.top <= (globalThis.innerHeight ?? 0) + 300;
  }

  #draw(c) {
    if (!this.#view) return;
    c.dirty = false;
    c.instance.render(this.#view);
    c.article.dataset.drawn = String(performance.now());
  }

  // The training run for this table and model, started over when anything that decides it
  // changed (except when the state came from a link: then its steps are replayed from the seed).
  // Returns the trained weights { model, head }, or null while untrained. An untrained run is
  // only made when the Train card is drawn or used (#prepareRun): a keystroke does not pay for it.
  #syncTraining({ table, config, outFeatures, states }) {
    const s = this.#state,
      run = this.#run;
    this.#trainError = null;
    if (!table.y) {
      this.#replay = false;
      this.#pendingRun = null;
      run.dispose();
      return null;
    }
    this.#pendingRun = {
      key: trainingKey(s, config, outFeatures, this.#weights?.name),
      make: () => ({
        config,
        weights: this.#weights?.dict,
        head: this.#weights?.head,
        x: table.x,
        y: table.y,
        states,
        options: { out_features: outFeatures, optimizer: s.optimizer, lr: Number(s.lr) },
      }),
    };
    if (run.steps === 0 && clampInt('trained', s.trained) === 0 && !run.running) return null;
    if (!this.#prepareRun()) return null;
    const target = clampInt('trained', s.trained); // 0 if the run just started over
    if (run.steps < target && !run.running) run.runTo((this.#replayTo = target));
    return run.weights();
  }

  // Makes the run the pending one (see #syncTraining); false if the trainer refused it.
  #prepareRun() {
    const pending = this.#pendingRun,
      replay = this.#replay;
    if (!pending) return false;
    this.#replay = false;
    try {
      if (this.#run.sync(pending.key, pending.make) && !replay) this.#state.trained = 0;
      return true;
    } catch (error) {
      if (!isRecurError(error)) throw error;
      this.#trainError = error;
      return false;
    }
  }

  #trainedFrame() {
    this.#state.trained = this.#run.steps;
    this.update();
  }

  #train() {
    const run = this.#run;
    if (!run || !this.#prepareRun()) return;
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

  // A weight file from the learner's disk: it becomes the starting point if it reads.
  async #loadWeights(file) {
    if (!this.#recur) return { error: new Error('WebAssembly is not ready') };
    try {
      const loaded = await readWeights(this.#recur, file);
      this.#weights = loaded;
      this.update();
      return loaded;
    } catch (error) {
      return { error };
    }
  }

  #saveWeights(format) {
    if (!this.#recur || !this.#view) return null;
    try {
      saveWeights(this.#recur, {
        config: this.#view.config,
        weights: this.#weights,
        trained: this.#run?.weights(),
        format,
      });
      return null;
    } catch (error) {
      if (!isRecurError(error)) throw error;
      return error;
    }
  }

  // Moves the step view (sentence, layer, step); a new sentence needs its own intermediates.
  #moveView(change) {
    const newSentence = change.sentence !== undefined && change.sentence !== Number(this.#state.sentence);
    Object.assign(this.#state, change);
    if (newSentence) return this.update();
    // The step view and the Values card (which draws the chosen sentence and step) follow.
    for (const c of this.#cards) {
      if (c.card.id !== 'steps' && c.card.id !== 'values') continue;
      c.dirty = true;
      if (c.visible) this.#draw(c);
    }
    this.#root.dispatchEvent?.(new CustomEvent('recur-update', { bubbles: true, composed: true }));
  }

  // A result that no longer matches the inputs stays on screen, marked, until they are valid.
  #stale(stale) {
    if (stale) this.#run?.pause(); // no training on inputs that no longer parse
    this.#results.classList.toggle('stale', stale);
    this.#results.setAttribute('aria-busy', String(stale));
  }
}
