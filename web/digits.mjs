// The digits mode's data and training, without a DOM: the digits file (fetched only when the
// mode opens), the table-like input the compute step reads, and a training run over mini-batches
// in torch.randperm's order, stepped in slices (slices.mjs) that yield to the event loop, in the
// compute worker (compute-host.mjs); and DigitsReader, the page's model for reading one digit
// with the run's weights. Every number comes from the JS API (wasm/recur.mjs): the digits stay
// in WebAssembly memory, batches and evaluations are drawn there; this file only decides what to
// ask for and when, and keeps the history the cards draw. It has no DOM.
import { Slicer, nextTask } from './slices.mjs';
import { splitHead } from './training.mjs';

/** Test digits evaluated at a time (a forward of 200 digits takes a few ms). */
const EVAL_CHUNK = 200;
/** Digits drawn in the misclassified gallery. */
export const MAX_MISTAKES = 48;
/** The batch order's seed: g = torch.Generator().manual_seed(ORDER_SEED) (README, the PyTorch code). */
export const ORDER_SEED = 0;
export const CLASSES = 10;

let fetching = null;
/** The digits file's bytes, fetched once a page (a failed fetch can be tried again). */
export function fetchDigits(url = null) {
  fetching ??= (async () => {
    // Beside this module in dist/ (inside the async function: a bundle without import.meta.url
    // rejects instead of throwing).
    url ??= new URL('digits.bin', import.meta.url);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
    return new Uint8Array(await response.arrayBuffer());
  })();
  fetching.catch(() => (fetching = null));
  return fetching;
}

/**
 * The compute step's input in the digits mode, shaped like a parsed table: x is one digit
 * [1, 28, 28] (a row a time step), the drawn one if there is a drawing, else test digit `index`;
 * y its class (null for a drawing).
 */
export function digitsTable(digits, { drawing = null, index = 0, batch_first = true } = {}) {
  const rows = digits.rows,
    cols = digits.cols;
  let x, y;
  if (drawing) {
    x = { data: drawing.data, shape: batch_first ? [1, rows, cols] : [rows, 1, cols] };
    y = null;
  } else {
    const test = digits.train + Math.max(0, Math.min(index, digits.size - digits.train - 1));
    ({ x, y } = digits.batch([test], { batch_first }));
  }
  return { x, y, batch: 1, seq_len: rows, input_size: cols, batch_first, digits: true };
}

/** The pixels of test digit `index` (0-based among the test digits), [rows, cols] in [0, 1]. */
export function testDigit(digits, index) {
  const { x, y } = digits.batch([digits.train + index]);
  return { data: x.data, shape: [digits.rows, digits.cols], label: y[0] };
}

export class DigitsRun {
  #recur;
  #digits;
  #schedule;
  #slicer = new Slicer();
  #onprogress;
  #key = null;
  #model = null;
  #trainer = null;
  #settings = null; // { batchSize, schedule: { lr, T_max } or null }
  #order = null; // this epoch's indices (recur.randperm)
  #at = 0; // the next batch's offset in #order
  #epochSums = { loss: 0, correct: 0, seen: 0 };
  #testing = null; // { from, loss, correct, predicted } while the test digits are evaluated
  #running = false;
  #target = 0; // epochs to reach
  /** What the trainer refused (lr, sizes), as its RecurError. */
  error = null;

  /**
   * `schedule(f)` runs f as a new task (slices.mjs's nextTask); `onprogress()` is called after
   * every slice.
   */
  constructor(recur, digits, onprogress, schedule = nextTask) {
    this.#recur = recur;
    this.#digits = digits;
    this.#onprogress = onprogress;
    this.#schedule = schedule;
    this.#clearHistory();
  }

  #clearHistory() {
    /**
     * steps: each step's loss (of its batch, before the update); per epoch e (index e - 1):
     * train loss / accuracy (the mean over its batches, as a PyTorch loop prints), test loss /
     * accuracy (the 2 000 test digits after the epoch).
     */
    this.history = { stepLoss: [], trainLoss: [], trainAccuracy: [], testLoss: [], testAccuracy: [] };
    /** After the last test pass: confusion[true][predicted] counts, and the misclassified test digits. */
    this.confusion = null;
    this.mistakes = [];
  }

  get running() {
    return this.#running;
  }
  get steps() {
    return this.#trainer?.steps ?? 0;
  }
  get epoch() {
    return this.history.testAccuracy.length;
  }
  get targetEpochs() {
    return this.#target;
  }
  get stepsPerEpoch() {
    return this.#settings ? Math.ceil(this.#digits.train / this.#settings.batchSize) : 0;
  }
  /** Steps into the current epoch. */
  get stepInEpoch() {
    return this.#order ? Math.ceil(this.#at / this.#settings.batchSize) : 0;
  }
  get testing() {
    return this.#testing !== null;
  }
  /** The lr of the steps to come (the schedule's for this epoch), or null before a trainer. */
  get lr() {
    return this.#trainer?.lr ?? null;
  }

  /**
   * Makes this the run for `key` (everything that decides it): a new key starts over from the
   * seed with `config` (createModel's), `options` (createTrainer's, out_features 10),
   * `batchSize` and `schedule`: { T_max } for torch.optim.lr_scheduler.CosineAnnealingLR (the lr
   * falls from options.lr to 0 over T_max epochs), or null for a constant lr. Throws the API's
   * RecurError for what it refuses. Returns true if it started over.
   */
  sync(key, { config, options, batchSize, schedule = null }) {
    if (key === this.#key && this.#trainer) return false;
    this.dispose();
    const model = this.#recur.createModel(config);
    try {
      this.#trainer = this.#recur.createTrainer(model, { ...options, out_features: CLASSES });
    } catch (error) {
      this.#trainer?.dispose();
      this.#trainer = null;
      model.dispose();
      throw error;
    }
    this.#model = model;
    this.#key = key;
    this.#settings = { batchSize, schedule: schedule && { lr: this.#trainer.lr, T_max: schedule.T_max } };
    return true;
  }

  /** Trains until `epochs` epochs are done (each followed by a test pass), a slice at a time. */
  runTo(epochs) {
    if (!this.#trainer) return;
    this.#target = epochs;
    if (this.#running || this.epoch >= epochs) return;
    this.#running = true;
    this.#schedule(this.#slice);
  }

  pause() {
    this.#running = false;
  }

  // A piece of work: a chunk of the test digits after an epoch, else a step; none at the target.
  #piece = () => {
    if (this.#testing) this.#testChunk();
    else if (this.epoch >= this.#target) return false;
    else this.#step();
    return true;
  };

  #slice = () => {
    if (!this.#running || !this.#trainer) return;
    try {
      if (!this.#slicer.slice(this.#piece)) this.#running = false;
    } catch (error) {
      if (error?.name !== 'RecurError') throw error;
      this.error = error;
      this.#running = false;
    }
    if (this.#running) this.#schedule(this.#slice);
    this.#onprogress();
  };

  // One optimizer step on the next batch of this epoch's order.
  #step() {
    const { batchSize } = this.#settings;
    const n = this.#digits.train;
    if (!this.#order) {
      this.#order = this.#recur.randperm(n, { seed: ORDER_SEED, epoch: this.epoch });
      this.#at = 0;
      this.#epochSums = { loss: 0, correct: 0, seen: 0 };
    }
    const indices = this.#order.subarray(this.#at, Math.min(this.#at + batchSize, n));
    const { x, y } = this.#digits.batch(indices);
    const { loss, predicted } = this.#trainer.stepAndGrad(x, y);
    this.history.stepLoss.push(loss);
    const sums = this.#epochSums;
    sums.loss += loss * y.length;
    sums.seen += y.length;
    for (let b = 0; b < y.length; ++b) sums.correct += predicted[b] === y[b] ? 1 : 0;
    this.#at += indices.length;
    if (this.#at >= n) {
      this.history.trainLoss.push(sums.loss / sums.seen);
      this.history.trainAccuracy.push(sums.correct / sums.seen);
      this.#order = null;
      this.#testing = { from: this.#digits.train, loss: 0, correct: 0, predicted: new Int32Array(this.testSize) };
    }
  }

  get testSize() {
    return this.#digits.size - this.#digits.train;
  }

  // The next chunk of the test digits through the trained model (forward only).
  #testChunk() {
    const t = this.#testing,
      end = Math.min(t.from + EVAL_CHUNK, this.#digits.size);
    const indices = Int32Array.from({ length: end - t.from }, (_, i) => t.from + i);
    const { x, y } = this.#digits.batch(indices);
    const e = this.#trainer.evaluate(x, y);
    t.loss += e.loss * y.length;
    t.correct += e.correct;
    t.predicted.set(e.predicted, t.from - this.#digits.train);
    t.from = end;
    if (end < this.#digits.size) return;
    const n = this.testSize;
    this.history.testLoss.push(t.loss / n);
    this.history.testAccuracy.push(t.correct / n);
    this.#tally(t.predicted);
    this.#testing = null;
    // scheduler.step() after each epoch, as the PyTorch loop does: the next epoch's lr.
    const { schedule } = this.#settings;
    if (schedule) this.#trainer.lr = this.#recur.cosineAnnealingLR(schedule, this.epoch);
  }

  // The confusion matrix and the gallery of mistakes: counts of the classes predicted, per class.
  #tally(predicted) {
    const labels = this.#digits.labels,
      train = this.#digits.train;
    const confusion = Array.from({ length: CLASSES }, () => new Array(CLASSES).fill(0));
    const mistakes = [];
    predicted.forEach((p, i) => {
      const label = labels[train + i];
      confusion[label][p] += 1;
      if (p !== label && mistakes.length < MAX_MISTAKES) mistakes.push({ index: i, label, predicted: p });
    });
    this.confusion = confusion;
    this.mistakes = mistakes;
  }

  /** The trained weights as { model, head } state_dicts, or null before the first step. */
  weights() {
    return this.steps ? splitHead(this.#trainer.stateDict()) : null;
  }

  dispose() {
    this.#running = false;
    this.#trainer?.dispose();
    this.#model?.dispose();
    this.#trainer = this.#model = this.#key = this.#order = this.#testing = null;
    this.#target = 0;
    this.error = null;
    this.#clearHistory();
  }
}

/**
 * The model of a digits run as the page reads one digit with it: the run's `config` with its
 * weights as last reported (the run trains elsewhere: digits-remote.mjs), or as made from the
 * seed before the first step, and the 10-class head.
 */
export class DigitsReader {
  #recur;
  #model = null;
  #head = null;

  constructor(recur) {
    this.#recur = recur;
  }

  /** A model of `config` as made from its seed (a run that starts over). */
  reset(config) {
    this.dispose();
    this.#model = this.#recur.createModel(config);
    this.#head = this.#model.createHead(CLASSES);
  }

  /** The trained weights, { model, head } state_dicts (DigitsRun's weights()). */
  load(weights) {
    this.#model.loadStateDict(weights.model);
    this.#head.loadStateDict(weights.head);
  }

  /**
   * The model on one digit x ([1, 28, 28]): { probabilities (10), predicted }, and with
   * `steps: true` also the head applied to h_t after every row: perStep [28 x 10].
   */
  read(x, { steps = false } = {}) {
    if (!this.#model) return null;
    const result = this.#model.forward(x, { intermediates: steps });
    const [S, B, R] = result.h_n.shape;
    const last = this.#head.forward({ data: result.h_n.data.subarray((S - 1) * B * R), shape: [B, R] });
    const out = { probabilities: last.probabilities.data, predicted: last.predicted[0], perStep: null };
    const h = result.intermediates?.h; // [layers * directions, T, 1, H]
    if (h && h.shape[0] === this.#model.config.num_layers && h.shape[3] === this.#head.in_features) {
      // One direction: the top layer's h_t after each row, through the head.
      const [, T, , H] = h.shape;
      const top = h.data.subarray((h.shape[0] - 1) * T * H);
      out.perStep = this.#head.forward({ data: top, shape: [T, H] }).probabilities;
    }
    return out;
  }

  dispose() {
    this.#head?.dispose();
    this.#model?.dispose();
    this.#head = this.#model = null;
  }
}
