// One playground: the cards of cards/index.mjs built into any root (the page's own <div>, or a
// <recur-playground> element's shadow root). On every change it sends the state to the compute
// (compute-client.mjs: a worker, where the compute step, the weight files and the training run
// live) and hands the latest result to the cards; a card off screen is drawn when it scrolls
// into view, so a keystroke costs what is on screen, not what the data holds. It computes no
// tensor itself, and nothing it waits for runs on the page's thread.
import { h, replace } from './dom.mjs';
import { CARDS, PANELS } from './cards/index.mjs';
import { ComputeChannel, configureCompute, holdBusy, pageRecur } from './compute-client.mjs';
import { RemoteTextRun } from './text-remote.mjs';
import { cellAt } from './heatmap.mjs';
import { PRESETS } from './presets.mjs';
import { FIELD, defaults } from './state.mjs';
import { compute } from './compute.mjs';
import { DigitsMode } from './digits-mode.mjs';
import { formattedResult } from './session.mjs';
import { strings } from './strings.mjs';

export { PANELS };

// The Train card's run before the compute reports one.
const IDLE_RUN = Object.freeze({
  exists: false,
  steps: 0,
  running: false,
  replayTo: 0,
  history: { loss: [], accuracy: [] },
  latest: null,
  error: null,
});

/** The playground's starting state: the notebook's first example. */
export const DEFAULTS = Object.freeze({ ...defaults(), panels: PANELS });

// One compute (one WebAssembly instance) serves every playground on the page.
let styleUrl;
/**
 * For the classic single-file build: `createCore` is its inlined module factory (loadRecur's
 * option), `styleUrl` where style.css sits beside its script.
 */
export function configure({ styleUrl: style, ...options }) {
  configureCompute(options);
  if (style) styleUrl = style;
}
/** The stylesheet a shadow root links to. */
export const playgroundStyleUrl = () => styleUrl ?? new URL('style.css', import.meta.url).href;

// A late card (#drawAll) waits for the next frame, or this long where none comes.
const LATE_AT_MOST_MS = 100;
// A task that has drawn this long leaves the cards still to draw for the next frame (#drawAll):
// one card takes up to about 20 ms to draw the first time (a 200 x 40 table's last step), so
// no task goes over 50 ms.
const DRAW_BUDGET_MS = 16;

// A card counts as on screen this far (px) outside the viewport, so scrolling meets it drawn.
const NEAR = 300;
const NEAR_SCREEN = `${NEAR}px 0px`;

// What the Shapes card's numbers are made of: the shapes of x (or the ids), h0/c0 and the result.
const shapesKey = ({ table, states, result }) =>
  JSON.stringify(
    [table.x, table.ids, states.h0, states.c0, result.output, result.h_n, result.c_n].map((t) => t?.shape),
  );

export class Playground {
  #root;
  #state;
  #channel; // to the compute (compute-client.mjs)
  #simdArch;
  #connected = false;
  #ready; // { resolve, reject } of `ready`
  #cards = []; // { card, instance, article, dirty, visible (on screen or near it) }
  #view = null; // what the cards draw: the last good compute result and its context
  #weights = null; // { name, config }: a state_dict loaded from a file (kept by the compute; not part of the link)
  #training = IDLE_RUN; // the training run as the compute last reported it (session.mjs's training())
  #replay = true; // the state came from a link or attributes: replay its training steps
  #observer = null;
  #firstDraw = true; // no card drawn since the cards were built
  #results = null; // the column of result cards, marked stale while the inputs are invalid
  #digits = null; // the digits mode (digits-mode.mjs) on the page's thread, made when it first opens
  #digitsTurn = 0; // the latest digits compute asked for: an older one that finishes later is dropped
  #drawTurn = 0; // the latest result shown: the late cards of an older one's drawing are not drawn
  #shapesKey = ''; // the shapes the Shapes card shows (shapesKey)
  #shapesUnpainted = false; // new shapes drawn ahead of a result, not painted yet

  /**
   * Builds the playground into `root`; `ready` resolves once WebAssembly is loaded and the first
   * result is drawn.
   */
  constructor(root, options = {}) {
    this.#root = root;
    this.#state = { ...DEFAULTS, ...options };
    this.ready = new Promise((resolve, reject) => {
      this.#ready = { resolve, reject };
    });
    // The compute starts loading first (the worker's fetches and compile overlap building the cards).
    this.#channel = new ComputeChannel(
      (out) => this.#show(out),
      (error) => {
        const status = this.#root.querySelector('#table-status');
        status.textContent = strings(this.#state.language).loadFailed + error.message;
        status.classList.add('error');
        this.#ready.reject(error);
      },
      (training) => this.#progress(training),
      (out) => this.#early(out),
    );
    // The first state goes now: a worker still loading computes it once its module is ready,
    // while the cards are built here.
    this.update();
    this.#build();
    // Heat maps and charts are drawn in the colour scheme's colours: drawn again when it changes.
    for (const scheme of ['(prefers-color-scheme: dark)', '(forced-colors: active)'])
      globalThis.matchMedia?.(scheme).addEventListener?.('change', () => this.update());
    this.#channel.ready.then((conn) => {
      this.#simdArch = conn.simdArch;
      this.#connected = true;
      if (this.#state.input === 'digits') this.update(); // the digits mode waits for the compute
    });
  }

  /** The SIMD build in use: 'wasm' (SIMD128) or 'scalar'. */
  get simdArch() {
    return this.#simdArch;
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
    this.update();
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
      // The text card's run, started where the playground computes (text-remote.mjs).
      textRun: (settings, onprogress) => RemoteTextRun.start(this.#channel, settings, onprogress),
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
      get digits() {
        return self.#digits;
      },
      // The run as last reported (steps, running, history, latest, error, replayTo) and the
      // Train card's buttons, which the compute applies before the state's next result.
      training: {
        get run() {
          return self.#training;
        },
        get error() {
          return self.#training.error;
        },
        get replayTo() {
          return self.#training.replayTo;
        },
        train: () => this.#act('train'),
        step: () => this.#act('step'),
        reset: () => this.#act('reset'),
        measure: () => this.#channel.measure(),
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
      // A card made for other inputs (the table's, the digits') is built hidden.
      const article = h(
        'article',
        {
          class: 'card',
          // data-eager: drawn on every change (no data-drawn mark), so a test need not wait for one;
          // data-early: drawn from the shapes ahead of a result (style.css leaves it undimmed).
          dataset: { panel: card.id, eager: card.eager ? 'true' : undefined, early: card.early ? 'true' : undefined },
          hidden: !this.#shown(card) || Boolean(card.shows),
          ...instance.article,
        },
        ...instance.children,
      );
      columns[card.column].push(article);
      this.#cards.push({ card, instance, article, dirty: true, visible: false });
    }
    // A card that shows with its input (the vocabulary) counts: its column must be there for it.
    const anyInput = this.#cards.some((c) => c.card.column === 'inputs' && this.#shown(c.card));
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

  // Whether a card is among the panels asked for and made for the current input (the table's, the digits').
  #shown(card) {
    return this.#state.panels.includes(card.id) && (!card.inputs || card.inputs.includes(this.#state.input));
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

  /** Recomputes everything from the state: sent to the compute; its result is drawn when it comes. */
  update() {
    if (this.#state.input === 'digits') {
      if (this.#connected) this.#updateDigits();
      return;
    }
    performance.mark('recur:update');
    this.#channel.compute(this.#state, { replay: this.#replay });
    this.#replay = false;
  }

  #act(action) {
    if (action === 'reset') this.#state.trained = 0;
    this.#channel.compute(this.#state, { action });
  }

  // The training run's report alone: only the Train card changes.
  #progress(training) {
    this.#training = training;
    for (const c of this.#cards) {
      if (c.card.id !== 'train') continue;
      c.dirty = true;
      if (c.visible) this.#draw(c);
    }
  }

  // The latest state's shapes, ahead of its forward (session.mjs): the table's status and the
  // Shapes card show them now; the other cards keep the last result, marked as being computed
  // (style.css dims them only if that lasts), until the result comes and #show draws them all.
  // Should a newer state not parse before it comes, the shapes stay those of the last table that
  // did (a keystroke's result is dropped when another keystroke follows it).
  #early(out) {
    if (this.#state.input === 'digits' || this.#firstDraw) return;
    const view = { ...out, unbatched: null, state: this.#state, words: strings(this.#state.language) };
    let shown = false; // a result card drawn ahead
    for (const c of this.#cards) {
      if (!c.card.early) continue;
      if (c.card.eager) {
        c.instance.render(out);
      } else if (c.visible) {
        c.instance.render(view); // drawn again with the result (#show marks every card dirty)
        shown = true;
      }
    }
    const key = shapesKey(out);
    if (shown && key !== this.#shapesKey && globalThis.requestAnimationFrame) {
      // New shapes (a paste, batch_first): painted before the result's cards are drawn.
      this.#shapesKey = key;
      this.#shapesUnpainted = true;
      requestAnimationFrame(() => (this.#shapesUnpainted = false));
    }
    this.#computing(true);
  }

  // The latest state's result (or a training frame's): the inputs' cards, then the cards on screen.
  #show(out) {
    // The worker's answer to a table state that the digits mode has since replaced.
    if (this.#state.input === 'digits' && !out.digits) return;
    const started = performance.now();
    const s = this.#state,
      words = strings(s.language);
    performance.mark('recur:computed');
    this.#training = out.training;
    // A card that only some inputs call for (the vocabulary: a table of words) shows with them;
    // kept as it was while the input does not parse.
    for (const c of this.#cards)
      if (c.card.shows && (out.ok || out.table)) c.article.hidden = !this.#shown(c.card) || !c.card.shows(out);
    for (const c of this.#cards) if (c.card.eager) c.instance.render(out);
    this.#computing(false);
    if (!out.ok) {
      this.#stale(true);
      this.#ready?.resolve(this);
      return;
    }
    s.trained = out.trainedSteps;
    const { output, h_n, c_n } = out.result;
    // print(): the core's text for each result tensor, made with the result.
    const printed = new Map([output, h_n, c_n].map((t, k) => [t, out.formatted[['output', 'h_n', 'c_n'][k]]]));
    this.#view = { ...out, state: s, words, trainedSteps: out.trainedSteps, format: (t) => printed.get(t) };
    for (const c of this.#cards) if (!c.card.eager) c.dirty = true;
    this.#stale(false);
    ++this.#drawTurn;
    this.#shapesKey = shapesKey(out);
    this.#drawAll(
      () => {
        performance.measure('recur:update', 'recur:update');
        this.#ready?.resolve(this);
        this.#root.dispatchEvent?.(new CustomEvent('recur-update', { bubbles: true, composed: true }));
      },
      { shapesFirst: this.#shapesUnpainted, started },
    );
  }

  // Draws every dirty card that is on screen (or near it); the others wait for the observer.
  // A late card (the step view, the longest to draw: 18-33 ms for a 200 x 40 table and LSTM
  // 64) is drawn after the next frame, so the cards above it (the shapes first) are painted
  // without waiting for it; with `shapesFirst` (new shapes drawn ahead of this result and not
  // painted yet: it came right after them) so is every card but those drawn ahead. And no task
  // draws for more than DRAW_BUDGET_MS (counted from `started`, when this task began drawing):
  // the cards left wait for the next frame, in order. `done()` runs once all are drawn; until
  // then the page is busy (data-recur-busy), as while computing.
  #drawAll(done = () => {}, { shapesFirst = false, started = performance.now() } = {}) {
    const turn = this.#drawTurn,
      left = [], // over this task's budget
      late = [];
    // The first time, each card's place is measured after the cards above it are drawn (the
    // observer saw them all empty, so all on screen); then the observer says what is seen. Each
    // such measure lays the page out again, so the cards already below the screen before any is
    // drawn (drawing moves them further down) are not measured again: on a page of six
    // playgrounds, those below the screen draw nothing and lay out once each.
    const far = new Set();
    if (this.#firstDraw)
      for (const c of this.#cards) if (!c.card.eager && this.#below(c.article.getBoundingClientRect())) far.add(c);
    for (const c of this.#cards) {
      if (c.card.eager) continue;
      c.dirty = true;
      if (this.#firstDraw) c.visible = !far.has(c) && this.#near(c.article);
      if (!c.visible) continue;
      if (c.card.late || (shapesFirst && !c.card.early)) late.push(c);
      // (The first draw measures each card's place after those above it are drawn: all in this task.)
      else if (this.#firstDraw || performance.now() - started < DRAW_BUDGET_MS) this.#draw(c);
      else left.push(c);
    }
    if (this.#view && this.#firstDraw) {
      this.#firstDraw = false;
      // Observed from now on: a report about the empty cards before this draw would be wrong.
      for (const c of this.#cards) if (!c.card.eager) this.#observer?.observe(c.article);
    }
    let rest = [...left, ...late];
    if (!rest.length || !globalThis.requestAnimationFrame) {
      for (const c of rest) this.#draw(c);
      return done();
    }
    const pass = {}; // this pass's hold on data-recur-busy
    holdBusy(pass, true);
    const nextFrame = () => {
      let ran = false;
      const drawRest = () => {
        if (ran) return;
        ran = true;
        if (turn !== this.#drawTurn) return holdBusy(pass, false); // a newer result is being drawn: it draws these too
        rest = this.#drawFor(rest.filter((c) => c.dirty && c.visible));
        if (rest.length) return nextFrame();
        holdBusy(pass, false);
        done();
      };
      requestAnimationFrame(() => setTimeout(drawRest));
      // A page that is not painted (a background tab, a frame out of sight) has no frames.
      setTimeout(drawRest, LATE_AT_MOST_MS);
    };
    nextFrame();
  }

  // Draws `cards` in order for DRAW_BUDGET_MS (at least one); returns those left.
  #drawFor(cards) {
    const started = performance.now();
    let k = 0;
    while (k < cards.length && (k === 0 || performance.now() - started < DRAW_BUDGET_MS)) this.#draw(cards[k++]);
    return cards.slice(k);
  }

  #near(el) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return false;
    return box.bottom >= -NEAR && !this.#below(box);
  }

  // Below the screen and the margin of #near.
  #below(box) {
    return box.top > (globalThis.innerHeight ?? 0) + NEAR;
  }

  #draw(c) {
    if (!this.#view) return;
    c.dirty = false;
    c.instance.render(this.#view);
    c.article.dataset.drawn = String(performance.now());
  }

  // A weight file from the learner's disk: it becomes the starting point if it reads.
  async #loadWeights(file) {
    if (!this.#connected) return { error: new Error('WebAssembly is not ready') };
    const bytes = new Uint8Array(await file.arrayBuffer());
    const loaded = await this.#channel.weights({ action: 'load', name: file.name, bytes });
    if (loaded.error) return { error: loaded.error };
    this.#weights = { name: loaded.name, config: loaded.config, headInput: loaded.headInput };
    this.update();
    return this.#weights;
  }

  // Downloads the current weights; resolves to the API's refusal, or null.
  async #saveWeights(format) {
    if (!this.#connected || !this.#view) return null;
    const { config } = this.#view;
    const saved = await this.#channel.weights({ action: 'save', format, config });
    if (saved.error) return saved.error;
    const link = h('a', {
      href: URL.createObjectURL(new Blob([saved.body])),
      download: `recur_${config.mode.toLowerCase()}.${format}`,
    });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    return null;
  }

  // Moves the step view (sentence, layer, step); a new sentence needs its own intermediates.
  #moveView(change) {
    const newSentence = change.sentence !== undefined && change.sentence !== Number(this.#state.sentence);
    Object.assign(this.#state, change);
    if (newSentence) return this.update();
    // The step view and the Values card (which draws the chosen sentence and step) follow.
    for (const c of this.#cards) {
      if (c.card.id !== 'steps' && c.card.id !== 'values' && c.card.id !== 'rows') continue;
      c.dirty = true;
      if (c.visible) this.#draw(c);
    }
    this.#root.dispatchEvent?.(new CustomEvent('recur-update', { bubbles: true, composed: true }));
  }

  // The digits mode computes one digit on the page's thread (a small forward pass, with the
  // weights its run last reported); the run itself trains where the playground computes
  // (digits-remote.mjs).
  async #updateDigits() {
    const turn = ++this.#digitsTurn,
      r = await pageRecur();
    if (turn !== this.#digitsTurn || this.#state.input !== 'digits') return;
    this.#digits ??= new DigitsMode(r, this.#channel, (all) => (all ? this.update() : this.#redraw(['digits-train'])));
    const s = this.#state;
    const out = compute(r, s, {
      words: strings(s.language),
      digits: this.#digits,
      train: ({ config }) => {
        this.#digits.prepare(s, config);
        return this.#digits.weights();
      },
    });
    out.digits = true;
    out.trainedSteps = 0;
    out.formatted = formattedResult(r, out);
    out.training = IDLE_RUN;
    this.#show(out);
  }

  // Redraws the cards `ids` (those on screen) from the current view: a slice of digits training
  // changes only what its card draws.
  #redraw(ids) {
    for (const c of this.#cards) {
      if (!ids.includes(c.card.id)) continue;
      c.dirty = true;
      if (c.visible) this.#draw(c);
    }
  }

  // A result that no longer matches the inputs stays on screen, marked, until they are valid.
  #stale(stale) {
    this.#results.classList.toggle('stale', stale);
    this.#busy();
  }

  // The shapes of the latest state are drawn and its forward is running.
  #computing(on) {
    this.#results.classList.toggle('computing', on);
    this.#busy();
  }

  #busy() {
    const busy = this.#results.classList.contains('stale') || this.#results.classList.contains('computing');
    this.#results.setAttribute('aria-busy', String(busy));
  }
}
