// The compute side of the page's message protocol: one Session (session.mjs) a playground,
// behind messages, wherever it runs — in the compute worker (compute-worker.mjs), or on the
// page's own thread where no worker can run (compute-client.mjs). Without a DOM.
//
// Page -> host (every message names its playground: `id`):
//   { type: 'compute', id, seq, state, replay, actions }   compute `state`; a reply { type:
//        'result', id, seq, reply: true, out }. The page keeps one compute in flight and sends
//        only the latest state after it (latest wins), so the host never works on a stale one.
//        `actions`: Train card presses ({ action: 'train' | 'step' | 'reset' }).
//   { type: 'measure', id } -> { type: 'progress', id, training }: the run's loss and gradients
//        of its weights as they are (the Train card asks when the page is idle).
//   { type: 'weights', id, req, action: 'load', name, bytes } -> { type: 'weights', id, req, name, config } or { error }
//   { type: 'weights', id, req, action: 'save', format, config } -> { type: 'weights', id, req, body } or { error }
//   { type: 'drawn', id }        the page drew a training frame's result: the next may come
//   { type: 'text', id, run, req, action, ... }   the text card's character model (text-remote.mjs
//        is the page's side): 'start' { settings } -> { info, vocabulary, progress } or { error };
//        'run' { steps }, 'pause', 'dispose'; 'sample' { prime, options } -> { text } or
//        { error }; 'inspect' { text, k } -> { value }. While it trains, after each slice,
//        unasked: { type: 'text', id, run, progress }: the steps, the new training losses, ...
//   { type: 'digits', id, req, action, ... }   the digits mode's training run (digits-remote.mjs is
//        the page's side): 'load' { bytes } (the digits file, transferred), 'sync' { generation,
//        key, config, options, batchSize } (the run's reports carry its generation), 'run'
//        { epochs }, 'pause'.
//        After each slice, unasked: { type: 'digits', id, report }: where the run is, the new
//        batch losses, the epochs' figures, and now and then (and when it stops) its weights.
//   { type: 'close', id }                                   the playground is gone
// Host -> page, unasked: { type: 'result', id, seq, reply: false, out } after a frame of a
// training run (its progress, and the forward pass with the weights as trained so far: `seq` is
// the state's it was computed for, so the page drops it if a newer state is on its way; one at a
// time: the next comes after the page's 'drawn'), and
// { type: 'shapes', id, seq, out } before a state's forward runs (its input parsed and its
// model made: compute.mjs's shapesOf, with `formatted` x), and
// { type: 'launched' } (compute-worker.mjs: its script runs), then { type: 'ready', simdArch } once,
// or { type: 'failed', message }; { type: 'error', id, seq, reply: true, message } when
// computing a state failed other than by the API's refusal (a bug).
// Tensors travel as typed arrays, transferred (never copied element by element, never as JSON).
import { Session } from './session.mjs';
import { TextRun } from './text-training.mjs';
import { DigitsRun } from './digits.mjs';

/** Every ArrayBuffer under `value` (typed arrays in plain objects and arrays), once each. */
export function transferables(value, found = new Set()) {
  if (!value || typeof value !== 'object') return found;
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const v of value) transferables(v, found);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) transferables(v, found);
  }
  return found;
}

/**
 * The host: `post(message, transfer)` sends to the page, `schedule(f)` runs f soon (training
 * frames). Returns handle(message) for the page's messages.
 */
export function createHost(recur, post, schedule) {
  const sessions = new Map();
  const texts = new Map(); // id -> { run: TextRun, number, sent }: the text card's model
  const digitRuns = new Map(); // id -> the digits mode's run (digitsMessage)
  const send = (message) => post(message, [...transferables(message)]);
  const session = (id) => {
    let s = sessions.get(id);
    if (!s) sessions.set(id, (s = new Session(recur, (message) => send({ ...message, id }), schedule)));
    return s;
  };
  return (message) => {
    const { type, id } = message;
    if (type === 'compute') {
      try {
        send({ ...session(id).compute(message.state, message.seq, message), id });
      } catch (error) {
        // A bug, not a refusal (those are results): said, and the page's next state still runs.
        send({ type: 'error', id, seq: message.seq, reply: true, message: `${error.message}\n${error.stack ?? ''}` });
      }
    } else if (type === 'drawn') {
      sessions.get(id)?.drawn();
    } else if (type === 'measure') {
      send({ type: 'progress', id, training: session(id).measure() });
    } else if (type === 'weights') {
      const s = session(id);
      const answer =
        message.action === 'load'
          ? s.loadWeights(message.name, message.bytes)
          : s.saveWeights(message.format, message.config);
      send({ type: 'weights', id, req: message.req, ...answer });
    } else if (type === 'text' || type === 'digits') {
      let answer;
      try {
        answer =
          type === 'text' ? textMessage(recur, texts, message, send) : digitsMessage(recur, digitRuns, message, send);
      } catch (error) {
        // The API's refusal (a text too short, a prime with a character not in the text, an
        // lr), said on the card; anything else is a bug, said there too rather than lost.
        answer = { error: { name: error?.name ?? 'Error', message: error?.message ?? String(error) } };
      }
      if (message.req) send({ type, id, run: message.run, req: message.req, ...answer });
    } else if (type === 'close') {
      sessions.get(id)?.dispose();
      sessions.delete(id);
      texts.get(id)?.run.dispose();
      texts.delete(id);
      digitRuns.get(id)?.run.dispose();
      digitRuns.delete(id);
    }
  };
}

// What the page needs to draw a text run, from the last report on: the losses it has not had.
function textProgress(t) {
  const { run } = t,
    train = run.history.train.slice(t.sent);
  t.sent = run.history.train.length;
  return {
    steps: run.steps,
    running: run.running,
    train,
    validation: run.history.validation,
    error: run.error ? { name: run.error.name, message: run.error.message } : null,
  };
}

// The text card's messages: one TextRun a playground (a new 'start' replaces it), trained in
// slices (slices.mjs) so that the host still hears 'pause' or 'sample' while it trains.
function textMessage(recur, texts, message, send) {
  const { id, action } = message;
  let t = texts.get(id);
  if (action === 'start') {
    t?.run.dispose();
    texts.delete(id);
    let run;
    try {
      run = new TextRun(recur, message.settings, () => {
        const current = texts.get(id);
        if (current?.run === run) send({ type: 'text', id, run: current.number, progress: textProgress(current) });
      });
      run.evaluate();
    } catch (error) {
      run?.dispose();
      throw error;
    }
    texts.set(id, (t = { run, number: message.run, sent: 0 }));
    return { info: run.info, vocabulary: run.vocabulary, progress: textProgress(t) };
  }
  if (!t || t.number !== message.run) return { error: { name: 'Error', message: 'the text run has ended' } };
  if (action === 'run' || action === 'pause') {
    if (action === 'run') t.run.runTo(message.steps);
    else t.run.pause();
    // Said at once, after any slice's report still on its way: the page's button follows.
    send({ type: 'text', id, run: t.number, progress: textProgress(t) });
  } else if (action === 'dispose') {
    t.run.dispose();
    texts.delete(id);
  } else if (action === 'sample') {
    const r = t.run.sample(message.prime, message.options);
    return r.error ? { error: { name: r.error.name, message: r.error.message } } : r;
  } else if (action === 'inspect') return { value: t.run.inspect(message.text, message.k) };
  return {};
}

/** A running digits run's weights go to the page at most this often (and whenever it stops). */
const WEIGHTS_EVERY_MS = 500;

// Where a digits run is, for the page (digits-remote.mjs): the batch losses it has not had,
// the epochs' figures, the confusion matrix and mistakes when a test pass made new ones, and its
// weights when due.
function digitsReport(d) {
  const { run } = d,
    h = run.history;
  const report = {
    generation: d.generation,
    steps: run.steps,
    running: run.running,
    epoch: run.epoch,
    targetEpochs: run.targetEpochs,
    stepsPerEpoch: run.stepsPerEpoch,
    stepInEpoch: run.stepInEpoch,
    testing: run.testing,
    testSize: run.testSize,
    lr: run.lr,
    from: d.sent,
    stepLoss: h.stepLoss.slice(d.sent),
    trainLoss: h.trainLoss,
    trainAccuracy: h.trainAccuracy,
    testLoss: h.testLoss,
    testAccuracy: h.testAccuracy,
    error: run.error ? { name: run.error.name, message: run.error.message } : null,
  };
  d.sent = h.stepLoss.length;
  if (run.confusion !== d.tallied) {
    d.tallied = run.confusion;
    report.tally = { confusion: run.confusion, mistakes: run.mistakes };
  }
  const now = performance.now();
  if (run.steps !== d.weighed && (!run.running || now - d.weighedAt >= WEIGHTS_EVERY_MS)) {
    report.weights = run.weights();
    d.weighed = run.steps;
    d.weighedAt = now;
  }
  return report;
}

// The digits mode's messages: one DigitsRun a playground, on the digits the page sent, trained
// in slices (slices.mjs) so that the host still hears 'pause' and the other playgrounds.
function digitsMessage(recur, runs, message, send) {
  const { id, action } = message;
  const report = (d) => send({ type: 'digits', id, report: digitsReport(d) });
  if (action === 'load') {
    runs.get(id)?.run.dispose();
    const d = { generation: 0, sent: 0, tallied: null, weighed: 0, weighedAt: 0 };
    d.run = new DigitsRun(recur, recur.readDigits(message.bytes), () => runs.get(id) === d && report(d));
    runs.set(id, d);
    return {};
  }
  const d = runs.get(id);
  if (!d) throw new Error('the digits have not been sent');
  if (action === 'sync') {
    d.generation = message.generation;
    let startedOver = true; // also when the API refused it: the run it had is gone
    try {
      startedOver = d.run.sync(message.key, message);
    } catch (error) {
      if (error?.name !== 'RecurError') throw error;
      d.run.error = error; // said on the card, as an error of the run
    }
    if (startedOver) Object.assign(d, { sent: 0, tallied: null, weighed: 0 });
    report(d);
    return { startedOver };
  }
  if (action === 'run') d.run.runTo(message.epochs);
  else if (action === 'pause') d.run.pause();
  report(d); // at once, after any slice's report still on its way: the page's button follows
  return {};
}
