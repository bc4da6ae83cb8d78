// The text card's run as the page sees it: a TextRun (text-training.mjs) that lives where the
// playground computes (the compute worker, compute-host.mjs's 'text' messages), so its training
// steps never block the page. This side keeps what the card draws (steps, losses, running,
// error) as the run reports it after each slice; writing and the step-through view are asked
// for and answered (promises).

let runs = 0;
const live = new Map(); // number -> the run whose reports it is

export class RemoteTextRun {
  #channel;
  #number;
  #onprogress;
  steps = 0;
  running = false;
  /** As TextRun's: per step the training loss; per evaluation [step, validation loss]. */
  history = { train: [], validation: [] };
  /** What the run refused while training ({ name, message }), or null. */
  error = null;
  info = null;
  vocabulary = [];

  /**
   * Starts a run of `settings` (TextRun's) on the channel (compute-client.mjs): resolves to the
   * run, or rejects with { name, message } for a text or a setting the API refuses.
   * `onprogress()` is called after every report.
   */
  static async start(channel, settings, onprogress = () => {}) {
    const run = new RemoteTextRun(channel, onprogress);
    const answer = await channel.send('text', { action: 'start', run: run.#number, settings }, { answer: true });
    if (answer.error) {
      live.delete(run.#number);
      throw answer.error;
    }
    run.info = answer.info;
    run.vocabulary = answer.vocabulary;
    run.#take(answer.progress);
    return run;
  }

  constructor(channel, onprogress) {
    this.#channel = channel;
    this.#number = ++runs;
    this.#onprogress = onprogress;
    live.set(this.#number, this);
    channel.listen('text', (message) => {
      const run = live.get(message.run);
      if (!run || !message.progress) return;
      run.#take(message.progress);
      run.#onprogress(run);
    });
  }

  #take(progress) {
    this.steps = progress.steps;
    this.running = progress.running;
    this.history.train.push(...progress.train);
    this.history.validation = progress.validation;
    this.error = progress.error;
  }

  #send(message, answer = false) {
    return this.#channel.send('text', { ...message, run: this.#number }, { answer });
  }

  /** Trains until `steps` steps are taken (or pause()). */
  runTo(steps) {
    if (this.steps >= steps) return;
    this.running = true; // as the run will say: the card's button turns to Pause at once
    this.#send({ action: 'run', steps });
  }

  pause() {
    this.running = false;
    this.#send({ action: 'pause' });
  }

  /** `length` characters after `prime`: a promise of { text } or { error }. */
  sample(prime, options) {
    return this.#send({ action: 'sample', prime, options }, true).then(({ text, error }) =>
      error ? { error } : { text },
    );
  }

  /** A promise of TextRun's inspect(text, k): { chars, top, intermediates }. */
  inspect(text, k = 5) {
    return this.#send({ action: 'inspect', text, k }, true).then((answer) => {
      if (answer.error) throw answer.error;
      return answer.value;
    });
  }

  dispose() {
    live.delete(this.#number);
    this.running = false;
    this.#send({ action: 'dispose' });
  }
}
