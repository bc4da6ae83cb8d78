// The digits mode of one playground: loads the digits file when the mode first opens, holds the
// drawing (or the test digit) the other cards read, and the training run, which trains where
// the playground computes (digits-remote.mjs). The playground hands it to the cards as
// ctx.digits; it computes nothing itself (the JS API does).
import { RemoteDigitsRun } from './digits-remote.mjs';
import { digitsTable, fetchDigits, testDigit } from './digits.mjs';
import { clampInt } from './state.mjs';

/**
 * The run's lr schedule: CosineAnnealingLR over the epochs a Train click runs ({ T_max }), or
 * null for a constant lr.
 */
export const scheduleOf = (s) =>
  s.digits_schedule === 'cosine' ? { T_max: clampInt('digits_epochs', s.digits_epochs) } : null;

/** Everything that decides a digits run: a run starts over when it changes. */
export function digitsKey(s, config) {
  return JSON.stringify([config, s.optimizer, s.lr, s.digits_batch, scheduleOf(s)]);
}

export class DigitsMode {
  #recur;
  #channel;
  #onchange;
  #digits = null;
  #loading = null;
  #run = null;
  /** The drawing the learner made, MNIST-like ([28, 28] tensor), or null: then the test digit is read. */
  drawing = null;
  /** Why the digits could not be loaded, or null. */
  error = null;

  /**
   * `recur`: the page's JS API (the digits shown and read), `channel`: the playground's compute
   * channel (compute-client.mjs), where the run trains.
   * `onchange(all)` is called at the next frame after the data has loaded or training moved on:
   * all = true when the weights the other cards show changed for good (the run stopped or
   * started over), false while it runs, when only the training card has more to draw (a whole
   * page's redraw is kept out of the frames between slices). Its own frame, apart from the
   * slices of training, so neither task grows past the other's length.
   */
  constructor(recur, channel, onchange) {
    this.#recur = recur;
    this.#channel = channel;
    let pending = null,
      seen = '';
    this.#onchange = () => {
      if (pending) return;
      const later = (f) => (globalThis.requestAnimationFrame ? requestAnimationFrame(f) : setTimeout(f, 0));
      pending = later(() => {
        pending = null;
        // The whole page when the run stopped (its weights are final for now) or started over;
        // not when it starts: until it stops, the other cards keep the weights they show.
        const run = this.#run,
          now = run ? `${run.running} ${run.steps === 0}` : '';
        onchange(!run?.running || (now !== seen && run.steps === 0));
        seen = now;
      });
    };
  }

  /** The digits handle once loaded, else null (and the load is started). */
  get digits() {
    if (!this.#digits && !this.#loading) {
      this.#loading = fetchDigits().then(
        (bytes) => {
          this.#digits = this.#recur.readDigits(bytes);
          this.#run = new RemoteDigitsRun(this.#recur, this.#channel, bytes, () => this.#onchange());
          this.#onchange();
        },
        (error) => {
          this.error = error;
          this.#loading = null;
          this.#onchange();
        },
      );
    }
    return this.#digits;
  }

  get run() {
    return this.#run;
  }

  /** The compute step's input (digits.mjs's digitsTable), or null while loading. */
  table(s) {
    const digits = this.digits;
    if (!digits) return null;
    return digitsTable(digits, {
      drawing: this.drawing,
      index: clampInt('digit', s.digit),
      batch_first: s.batch_first,
    });
  }

  /** Test digit `index` as { data, shape: [28, 28], label }. */
  testDigit(index) {
    return testDigit(this.#digits, index);
  }

  /** A drawing (the pad's alpha channel) as MNIST's preprocessing makes it: [28, 28]. */
  fromInk(ink, height, width) {
    return this.#recur.mnistDigit(ink, { height, width });
  }

  /**
   * Makes the run match the page's model and optimizer (a change starts over); `config` is
   * createModel's. Returns the RecurError the trainer raised, or null.
   */
  prepare(s, config) {
    if (!this.#run) return null;
    try {
      this.#run.sync(digitsKey(s, config), {
        config,
        options: { optimizer: s.optimizer, lr: Number(s.lr) },
        batchSize: clampInt('digits_batch', s.digits_batch),
        schedule: scheduleOf(s),
      });
      return null;
    } catch (error) {
      if (error?.name !== 'RecurError') throw error;
      return error;
    }
  }

  /** The run's trained weights { model, head } for the compute step, or null while untrained. */
  weights() {
    return this.#run?.weights() ?? null;
  }

  dispose() {
    this.#run?.dispose();
  }
}
