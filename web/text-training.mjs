// A character model learning a text, for the text card: one recur.textDataset, one per-step
// trainer (createTrainer(model, {per_step: true})), stepped in slices (slices.mjs) that each end
// by yielding to the event loop, so the compute worker it runs in (compute-host.mjs; the page's
// thread where no worker can be had) still hears the page while it trains. DOM-free and
// message-shaped (settings in, numbers and strings out). The JS API computes; this file only
// decides when.
import { Slicer, nextTask } from './slices.mjs';

/** The validation loss is measured every this many steps (and at the end of a run). */
export const EVALUATE_EVERY = 10;

export class TextRun {
  #recur;
  #text = null;
  #model = null;
  #trainer = null;
  #state = {}; // { h0, c0 } carried from chunk to chunk when stateful
  #settings;
  #target = 0;
  #running = false;
  #schedule;
  #slicer = new Slicer();
  #evaluateDue = false; // a validation pass is owed (a piece of its own: it is longer than a step)
  #onprogress;
  /** Per step: the training loss of that step's chunk; per evaluation: [step, validation loss]. */
  history = { train: [], validation: [] };
  error = null;

  /**
   * settings: { text, mode, hidden_size, seq_len, batch, lr, seed, stateful }. Throws the API's
   * RecurError for a text or a setting it refuses (too short, too many characters, ...).
   */
  constructor(recur, settings, onprogress = () => {}, schedule = nextTask) {
    this.#recur = recur;
    this.#settings = settings;
    this.#onprogress = onprogress;
    this.#schedule = schedule;
    const { text, mode, hidden_size, seq_len, batch, lr, seed } = settings;
    this.#text = recur.textDataset(text, { seq_len, batch, batch_first: true });
    const V = this.#text.vocabulary.length;
    try {
      this.#model = recur.createModel({ mode, input_size: V, hidden_size, batch_first: true, seed });
      this.#trainer = recur.createTrainer(this.#model, { out_features: V, per_step: true, lr });
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  get vocabulary() {
    return this.#text.vocabulary;
  }

  get info() {
    return this.#text.info;
  }

  get steps() {
    return this.#trainer?.steps ?? 0;
  }

  get running() {
    return this.#running;
  }

  /**
   * One optimizer step on the next chunk; the stateful loop starts from zeros at chunk 0. The
   * validation loss is measured every EVALUATE_EVERY steps: here, or when `deferEvaluation`, as
   * the next piece of the slice.
   */
  step(deferEvaluation = false) {
    const i = this.steps % this.#text.info.chunks;
    if (!this.#settings.stateful || i === 0) this.#state = {};
    const { x, y } = this.#text.chunk(i);
    const r = this.#trainer.stepAndGrad(x, y, this.#state);
    this.#state = { h0: r.h_n, c0: r.c_n }; // copies: detached, as h.detach() in PyTorch
    this.history.train.push(r.loss);
    if (this.steps % EVALUATE_EVERY === 0) {
      if (deferEvaluation) this.#evaluateDue = true;
      else this.evaluate();
    }
    return r.loss;
  }

  /** The mean loss over the held-out tenth (rows of seq_len, each from zeros). */
  evaluate() {
    const last = this.history.validation.at(-1);
    if (last && last[0] === this.steps) return last[1];
    const { x, y } = this.#text.validation();
    const loss = this.#trainer.lossAndGrad(x, y).loss;
    this.history.validation.push([this.steps, loss]);
    return loss;
  }

  /** Trains until `steps` steps are taken (or pause()), a slice at a time. */
  runTo(steps) {
    this.#target = steps;
    if (this.#running || this.steps >= steps) return;
    this.#running = true;
    // A piece: an owed validation pass, else a step, else the run's closing validation pass.
    const piece = () => {
      if (this.#evaluateDue || this.steps >= this.#target) {
        this.#evaluateDue = false;
        this.evaluate();
        return this.steps < this.#target;
      }
      this.step(true);
      return true;
    };
    const slice = () => {
      if (!this.#running || !this.#trainer) return;
      try {
        if (!this.#slicer.slice(piece)) this.#running = false;
      } catch (error) {
        this.error = error;
        this.#running = false;
      }
      if (this.#running) this.#schedule(slice);
      this.#onprogress(this);
    };
    this.#schedule(slice);
  }

  pause() {
    this.#running = false;
  }

  /** `length` characters after `prime` (a string of the text's characters): { text } or { error }. */
  sample(prime, { length = 200, temperature = 1, top_k = 0, seed = 0 } = {}) {
    try {
      const ids = this.#trainer.sample(this.#text.encode(prime), { length, temperature, top_k, seed });
      return { text: this.#text.decode(ids) };
    } catch (error) {
      return { error };
    }
  }

  /**
   * The text's first `length` characters, what the model predicts after each (the top k and
   * their probabilities) and its record of every step: { chars, top, probabilities, intermediates }.
   */
  inspect(text, k = 5) {
    const ids = this.#text.encode(text);
    const r = this.#trainer.nextCharacters(ids, { k });
    return {
      chars: Array.from(ids, (i) => this.#text.vocabulary[i]),
      top: Array.from({ length: ids.length }, (_, t) =>
        Array.from({ length: k }, (_, j) => ({
          char: this.#text.vocabulary[r.top.data[t * k + j]],
          p: r.probabilities.data[t * k + j],
        })),
      ),
      intermediates: r.intermediates,
    };
  }

  dispose() {
    this.#running = false;
    this.#trainer?.dispose();
    this.#model?.dispose();
    this.#text?.dispose();
    this.#trainer = this.#model = this.#text = null;
  }
}
