// The digits mode's training run as the page sees it: a DigitsRun (digits.mjs) that lives where
// the playground computes (the compute worker, compute-host.mjs's 'digits' messages), so its
// steps never block the page. This side keeps what the cards draw (where the run is, its losses
// and accuracies, the confusion matrix and mistakes) as the run reports it after each slice, and
// reads a digit with the run's weights as last reported (DigitsReader, on the page's thread: one
// digit's forward pass is small).
import { DigitsReader } from './digits.mjs';

export class RemoteDigitsRun {
  #channel;
  #reader;
  #onprogress;
  #weights = null;
  #key = null;
  #generation = 0; // the sync the reports must be of (a report of a run replaced is dropped)
  steps = 0;
  running = false;
  epoch = 0;
  targetEpochs = 0;
  stepsPerEpoch = 0;
  stepInEpoch = 0;
  testing = false;
  testSize = 0;
  /** The lr of the steps to come, or null before the run has a trainer. */
  lr = null;
  /** As DigitsRun's: each step's loss; per epoch the train and test loss and accuracy. */
  history = { stepLoss: [], trainLoss: [], trainAccuracy: [], testLoss: [], testAccuracy: [] };
  /** After the last test pass: confusion[true][predicted] counts, and the misclassified test digits. */
  confusion = null;
  mistakes = [];
  /** What the run's trainer refused ({ name, message }), or null. */
  error = null;

  /**
   * A run on `bytes` (the digits file; a copy is transferred to the host) over `channel`
   * (compute-client.mjs); `recur` (the page's JS API) reads digits; `onprogress()` is called
   * after every report.
   */
  constructor(recur, channel, bytes, onprogress) {
    this.#channel = channel;
    this.#reader = new DigitsReader(recur);
    this.#onprogress = onprogress;
    const copy = bytes.slice();
    channel.send('digits', { action: 'load', bytes: copy }, { transfer: [copy.buffer] });
    channel.listen('digits', (message) => {
      if (message.report.generation !== this.#generation) return;
      this.#take(message.report);
      this.#onprogress();
    });
  }

  #take(r) {
    for (const key of ['steps', 'running', 'epoch', 'targetEpochs', 'stepsPerEpoch', 'stepInEpoch', 'testing'])
      this[key] = r[key];
    this.testSize = r.testSize;
    this.lr = r.lr;
    const h = this.history;
    h.stepLoss.length = r.from; // 0 when the run started over
    h.stepLoss.push(...r.stepLoss);
    for (const key of ['trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy']) h[key] = r[key];
    if (r.tally) ({ confusion: this.confusion, mistakes: this.mistakes } = r.tally);
    this.error = r.error;
    if ('weights' in r) {
      this.#weights = r.weights;
      if (r.weights) this.#reader.load(r.weights);
    }
  }

  /**
   * Makes this the run for `key` (everything that decides it; digits-mode.mjs's digitsKey): a
   * new key starts over from the seed with `config` (createModel's), `options` (createTrainer's),
   * `batchSize` and `schedule` (DigitsRun's sync). What the API refuses comes back as `error`.
   */
  sync(key, { config, options, batchSize, schedule = null }) {
    if (key === this.#key) return;
    this.#key = key;
    this.#weights = this.confusion = this.error = null;
    this.mistakes = [];
    this.#reader.reset(config);
    const generation = ++this.#generation;
    this.#channel.send('digits', { action: 'sync', generation, key, config, options, batchSize, schedule });
  }

  /** Trains until `epochs` epochs are done (each followed by a test pass). */
  runTo(epochs) {
    this.running = true; // as the run will say: the card's button turns to Pause at once
    this.targetEpochs = epochs;
    this.#channel.send('digits', { action: 'run', epochs });
  }

  pause() {
    this.running = false;
    this.#channel.send('digits', { action: 'pause' });
  }

  /** The trained weights as { model, head } state_dicts, as last reported; null while untrained. */
  weights() {
    return this.#weights;
  }

  /** One digit read with the weights as last reported (DigitsReader's read). */
  read(x, options) {
    return this.#reader.read(x, options);
  }

  dispose() {
    this.pause();
    this.#reader.dispose();
  }
}
