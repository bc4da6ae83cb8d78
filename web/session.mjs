// One playground's compute side, without a DOM: the state in, the compute step's result out
// (compute.mjs), with what outlives a keystroke — the weights loaded from a file and the
// training run (training.mjs). It runs in the compute worker (compute-worker.mjs), or on the
// page's thread where no worker can run (compute-client.mjs says when); compute-host.mjs carries
// its messages. Everything it hands out is plain data and typed arrays, made to be transferred.
import { compute, isRecurError, trainingKey } from './compute.mjs';
import { TrainingRun } from './training.mjs';
import { readWeights, weightsFile } from './weights.mjs';
import { clampInt } from './state.mjs';
import { strings } from './strings.mjs';

// A tensor the session keeps (training data) as its own copy: the result's arrays are
// transferred to the page, which leaves them empty here.
const own = (t) => t && { data: t.data.slice(), shape: [...t.shape] };

// An error as data (a RecurError's class does not survive a structured clone; its name and a
// table error's row, line and column do: the page says it in its language from them).
const plainError = (error) =>
  error && { name: error.name, message: error.message, row: error.row, line: error.line, column: error.column };

export class Session {
  #recur;
  #post;
  #run;
  #state = null; // the state of the last compute
  #seq = 0; // its sequence number (results of training frames carry it)
  #weights = null; // { name, dict, head, config }: a state_dict read from a file
  #trainError = null; // what the trainer refused about the run (e.g. lr)
  #replay = false; // the state came from a link: replay its training steps (state.trained)
  #replayTo = 0;
  #pending = null; // { key, make }: the run this table and model call for
  #unacked = false; // a training frame's result is posted and the page has not drawn it yet
  #frameDue = false; // a frame ended meanwhile: its result is posted once the page has drawn

  /**
   * `post(message)` sends a result the session was not asked for (a training frame's);
   * `schedule(f)` runs f soon (a worker: setTimeout; the page's thread: requestAnimationFrame).
   */
  constructor(recur, post, schedule) {
    this.#recur = recur;
    this.#post = post;
    this.#run = new TrainingRun(recur, () => this.#frame(), schedule);
  }

  /**
   * Computes `state` (sequence number `seq`); `replay`: it came from a link or a preset, whose
   * training steps are replayed; `actions`: the Train card's buttons pressed since the last
   * compute ({ action: 'train' | 'step' | 'reset' }), applied in order first.
   * Returns the result message { type: 'result', seq, reply: true, out }.
   */
  compute(state, seq, { replay = false, actions = [] } = {}) {
    this.#state = state;
    this.#seq = seq;
    if (replay) this.#replay = true;
    for (const { action } of actions) this.#act(action);
    return this.#result(true);
  }

  // A training frame's result (the run's progress and the forward pass with its weights), one
  // at a time: the next is posted when the page says it drew this one (drawn()), so a page slower
  // than the run never gets a queue of results; the run goes on stepping meanwhile.
  #frame() {
    if (this.#unacked) {
      this.#frameDue = true;
      return;
    }
    this.#unacked = true;
    this.#frameDue = false;
    this.#post(this.#result(false));
  }

  /** The page drew the last training frame's result. */
  drawn() {
    this.#unacked = false;
    if (this.#frameDue) this.#frame();
  }

  #result(reply) {
    const s = this.#state,
      run = this.#run;
    const out = compute(this.#recur, s, {
      words: strings(s.language),
      weights: this.#weights,
      train: (x) => this.#sync(x),
      early: reply && !s.unbatched ? (shapes) => this.#early(shapes) : null,
    });
    if (!out.ok) run.pause(); // no training on inputs that no longer parse
    if (out.error) out.error = plainError(out.error);
    out.trainedSteps = out.trained ? run.steps : 0;
    out.formatted = formattedResult(this.#recur, out);
    out.training = this.training();
    return { type: 'result', seq: this.#seq, reply, out };
  }

  // The input's shapes and the forward's, posted before the forward runs: the page shows them
  // at once while a large table's forward takes its time (a 1 MiB table with LSTM 64: about a
  // second). Not with the unbatched check on: its verdict needs both forwards.
  #early(shapes) {
    shapes.formatted = formattedResult(this.#recur, shapes);
    this.#post({ type: 'shapes', seq: this.#seq, out: shapes });
  }

  /** The training run as the Train card draws it (copies: the run goes on). */
  training() {
    const run = this.#run,
      latest = run.latest;
    return {
      exists: run.exists,
      steps: run.steps,
      running: run.running,
      replayTo: this.#replayTo,
      history: { loss: [...run.history.loss], accuracy: [...run.history.accuracy] },
      latest: latest && {
        loss: latest.loss,
        predicted: Int32Array.from(latest.predicted),
        hiddenGradNorms: own(latest.hiddenGradNorms),
      },
      error: plainError(this.#trainError ?? run.error),
    };
  }

  // The training run for this table and model, started over when anything that decides it
  // changed (except when the state came from a link: then its steps are replayed from the seed).
  // Returns the trained weights { model, head }, or null while untrained. An untrained run is
  // made only when the Train card is shown (its panel) or used.
  #sync({ table, x, lengths, headInput, config, outFeatures, states }) {
    const s = this.#state,
      run = this.#run;
    this.#trainError = null;
    if (!table.y) {
      this.#replay = false;
      this.#pending = null;
      run.dispose();
      return null;
    }
    // Copied now: the result's arrays are transferred to the page before a Train press makes the run.
    const data = {
      x: own(x),
      y: table.y.slice(),
      states: { h0: own(states.h0), c0: own(states.c0), lengths: lengths?.slice() ?? null },
    };
    this.#pending = {
      key: trainingKey(s, config, outFeatures, this.#weights?.name),
      make: () => ({
        config,
        weights: this.#weights?.dict,
        head: this.#weights?.head,
        ...data,
        options: { out_features: outFeatures, optimizer: s.optimizer, lr: Number(s.lr), head_input: headInput },
      }),
    };
    const target = this.#replay ? clampInt('trained', s.trained) : 0;
    const shown = s.panels?.includes('train');
    if (run.steps === 0 && target === 0 && !run.running && !shown) return null;
    if (!this.#prepare()) return null;
    if (run.steps < target && !run.running) run.runTo((this.#replayTo = target));
    return run.weights();
  }

  // Makes the run the pending one; false if the trainer refused it.
  #prepare() {
    const pending = this.#pending;
    if (!pending) return false;
    this.#replay = false;
    try {
      this.#run.sync(pending.key, pending.make);
      return true;
    } catch (error) {
      if (!isRecurError(error)) throw error;
      this.#trainError = error;
      return false;
    }
  }

  // The Train card's buttons. Applied before the compute that follows them, so the run they
  // act on is the one for the state sent with them.
  #act(action) {
    const run = this.#run;
    if (action === 'reset') {
      run.dispose();
      return;
    }
    // The run for the state as it is now (a keystroke may have changed it since the last compute).
    compute(this.#recur, this.#state, {
      words: strings(this.#state.language),
      weights: this.#weights,
      train: (x) => {
        this.#sync(x);
        return null;
      },
    });
    if (!this.#prepare()) return;
    if (action === 'step') {
      run.runTo(run.steps + 1);
    } else if (action === 'train') {
      this.#replayTo = 0;
      if (run.running) run.pause();
      else run.runTo(run.steps + clampInt('epochs', this.#state.epochs));
    }
  }

  /**
   * The loss, predictions and gradients of the run's weights as they are (for the Train card,
   * when the page is idle): the run's report alone, no forward pass (nothing else changed).
   */
  measure() {
    const run = this.#run;
    if (this.#state && this.#prepare() && !run.latest) run.measure();
    return this.training();
  }

  /**
   * Reads a weight file's bytes: its { name, config } (what made it), kept as the starting
   * point; or { error } when it does not read.
   */
  loadWeights(name, bytes) {
    try {
      this.#weights = readWeights(this.#recur, name, bytes);
      return { name, config: this.#weights.config, headInput: this.#weights.headInput };
    } catch (error) {
      return { error: plainError(error) };
    }
  }

  /** The current weights of `config` as a file's body ('json' text or safetensors bytes), or { error }. */
  saveWeights(format, config) {
    try {
      return {
        body: weightsFile(this.#recur, { config, weights: this.#weights, trained: this.#run.weights(), format }),
      };
    } catch (error) {
      if (!isRecurError(error)) throw error;
      return { error: plainError(error) };
    }
  }

  dispose() {
    this.#run.dispose();
    this.#weights = null;
  }
}

// What the cards print with the core's formatter (torch.Size, print()), made beside the compute
// so the page needs no WebAssembly of its own.
export function formattedResult(recur, out) {
  const text = {};
  if (out.table?.x) text.x = recur.formatShape(out.table.x.shape);
  if (out.table?.ids) text.ids = recur.formatShape(out.table.ids.shape);
  if (out.ok)
    for (const name of ['output', 'h_n', 'c_n'])
      if (out.result[name]) text[name] = recur.formatTensor(out.result[name]);
  return text;
}
