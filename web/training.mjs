// A training run for the Train card: one trainer (recur.createTrainer) on the table's sentences
// and labels, stepped for a few milliseconds a frame so the page stays responsive, with its
// loss and accuracy history and the gradients of the current weights. The JS API computes;
// this file only decides when.

const FRAME_BUDGET_MS = 12;

/** A state_dict with the head's entries (head.weight, head.bias) apart: { model, head }. */
export function splitHead(dict) {
  const model = {},
    head = {};
  for (const [name, value] of Object.entries(dict)) {
    if (name.startsWith('head.')) head[name.slice(5)] = value;
    else model[name] = value;
  }
  return { model, head };
}

export class TrainingRun {
  #recur;
  #model = null;
  #trainer = null;
  #key = null;
  #data = null; // { x, y }
  #onframe;
  #schedule;
  #target = 0;
  #running = false;
  /** Per step count k: the loss and the accuracy of the weights after k steps. */
  history = { loss: [], accuracy: [] };
  /** lossAndGrad of the current weights (predicted, hiddenGradNorms, ...), or null. */
  latest = null;
  /** What the trainer refused about this run's data (e.g. a label the head has no class for). */
  error = null;

  /**
   * `onframe()` is called after each frame of steps and when a run ends; `schedule(f)` runs f at
   * the next frame (requestAnimationFrame; a Node test passes setImmediate).
   */
  constructor(recur, onframe, schedule = (f) => requestAnimationFrame(f)) {
    this.#recur = recur;
    this.#onframe = onframe;
    this.#schedule = schedule;
  }

  get steps() {
    return this.#trainer?.steps ?? 0;
  }

  /** Whether a run is made (sync), trained or not. */
  get exists() {
    return Boolean(this.#trainer);
  }

  get running() {
    return this.#running;
  }

  /**
   * Makes the run the one for `key` (everything that decides it: configuration, data, optimizer).
   * A new key starts over from the seed (or the loaded weights): `make()` -> { config, weights,
   * head (loaded state_dicts, or null), x, y, states ({h0, c0}), options }. Throws
   * the API's RecurError for options it refuses. Returns true if the run was started over.
   */
  sync(key, make) {
    if (key === this.#key && this.#trainer) return false;
    this.dispose();
    const { config, weights, head, x, y, states, options } = make();
    const model = this.#recur.createModel(config);
    try {
      if (weights) model.loadStateDict(weights);
      this.#trainer = this.#recur.createTrainer(model, options);
      if (head)
        this.#trainer.loadStateDict({ ...model.stateDict(), 'head.weight': head.weight, 'head.bias': head.bias });
    } catch (error) {
      this.#trainer?.dispose();
      this.#trainer = null;
      model.dispose();
      throw error;
    }
    this.#model = model;
    this.#key = key;
    this.#data = { x, y, states };
    return true; // not measured yet: measure() when the page has time (a keystroke should not wait)
  }

  /** The trained weights as { model, head } state_dicts, or null before the first step. */
  weights() {
    return this.steps ? splitHead(this.#trainer.stateDict()) : null;
  }

  /** Trains until `steps` steps have been taken (or pause()), a frame at a time. */
  runTo(steps) {
    if (!this.#trainer) return;
    this.#target = steps;
    if (this.#running || this.steps >= steps) return;
    this.#running = true;
    const frame = () => {
      if (!this.#running || !this.#trainer) return;
      const end = performance.now() + FRAME_BUDGET_MS;
      this.#guard(() => {
        do this.#step();
        while (this.steps < this.#target && performance.now() < end);
      });
      this.measure();
      if (this.steps >= this.#target || this.error) this.#running = false;
      else this.#schedule(frame);
      this.#onframe();
    };
    this.#schedule(frame);
  }

  pause() {
    this.#running = false;
  }

  /** The loss, predictions and gradients of the weights as they are now (into `latest`). */
  measure() {
    if (!this.#trainer) return;
    this.#guard(() => {
      this.latest = this.#trainer.lossAndGrad(this.#data.x, this.#data.y, this.#data.states);
      this.#record(this.steps, this.latest);
    });
  }

  // The API's refusals become `error` (shown by the page); anything else is a bug and is thrown.
  #guard(f) {
    try {
      f();
    } catch (error) {
      if (error?.name !== 'RecurError') throw error;
      this.error = error;
      this.latest = null;
    }
  }

  // A step reports the weights it started from: their loss and predictions are step k's.
  #step() {
    const k = this.steps;
    this.#record(k, this.#trainer.stepAndGrad(this.#data.x, this.#data.y, this.#data.states));
  }

  #record(k, { loss, predicted }) {
    const { y } = this.#data;
    let correct = 0;
    predicted.forEach((p, b) => {
      correct += p === y[b] ? 1 : 0;
    });
    this.history.loss[k] = loss;
    this.history.accuracy[k] = correct / y.length;
  }

  dispose() {
    this.#running = false;
    this.#trainer?.dispose();
    this.#model?.dispose();
    this.#trainer = this.#model = this.#key = this.#data = this.latest = this.error = null;
    this.history = { loss: [], accuracy: [] };
  }
}
