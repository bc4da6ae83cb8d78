// The page's side of the compute protocol (compute-host.mjs): one connection a page, to the
// compute worker (compute-worker.mjs) where one can run, else to the same host on the page's
// own thread; and a channel a playground, on which the latest state wins.
//
// Where the compute runs:
//   - a module Worker, whenever one can be made from this script's folder: the page, embed.html,
//     and <recur-playground> served from the tutorial's own site;
//   - the page's thread, in tasks of their own (a keystroke paints before its compute runs, and
//     states typed meanwhile are merged into one) with training in frames of a few
//     milliseconds, when a worker cannot be had: the single-file build (recur-standalone.js, a
//     classic script whose WebAssembly is inlined: a page opened from file:// may not start a
//     worker, and a worker could not load that script's module anyway), a <recur-playground>
//     script loaded from another site (a worker must come from the page's origin), an engine
//     without module workers, or a worker that failed to load. `connectionKind()` says which
//     and why.
import { loadRecur } from '../wasm/recur.mjs';
import { createHost } from './compute-host.mjs';

let loadOptions = {};
let connection = null;

/** For the single-file build: `createCore` is its inlined module factory (loadRecur's option). */
export function configureCompute(options) {
  loadOptions = options;
}

/** Where the compute runs: { kind: 'worker' | 'main-thread', reason }, once connected. */
export const connectionKind = () => connection?.then((c) => ({ kind: c.kind, reason: c.reason }));

// Playgrounds with a state on its way or being computed, or a result still being drawn; while
// any, <html> carries data-recur-busy (what a script or a test waits on to read settled numbers).
const busy = new Set();
/** Marks the page busy while `owner` (a channel, a drawing pass) holds it. */
export function holdBusy(owner, on) {
  if (on) busy.add(owner);
  else busy.delete(owner);
  globalThis.document?.documentElement.toggleAttribute('data-recur-busy', busy.size > 0);
}

// compute-start.mjs, once loaded: a page's module hands it over (computeLaunched), else connect()
// imports it. Its URL a plain variable: the bundler leaves the import to run time, so a page that
// loaded compute-start.mjs itself (index.html, embed.html) gets the worker it started. Made when
// asked: the single-file build (a classic script) has no import.meta.url.
const importStart = () => import(new URL('./compute-start.mjs', import.meta.url).href);
let start = null;

// compute-start.mjs's worker takes states from now on (see `early`).
function adopt(module) {
  start ??= module;
  if (start.worker) early = start.worker;
  for (const flush of waiting) flush();
}

/**
 * Resolves when the compute's worker thread runs (or cannot; at most a moment): a module about to
 * build playgrounds waits for it first (compute-start.mjs says why). `module`: compute-start.mjs
 * where the page's module imported it itself (app.mjs, embed.mjs; taken at once), else it is
 * loaded here.
 */
export async function computeLaunched(module = null) {
  if (loadOptions.createCore) return;
  adopt(module ?? (await importStart()));
  await start.launched;
}

// The worker while its WebAssembly loads (null: none yet, or none). A state sent to it waits
// there for the module, so the first compute starts as soon as the module is ready, not after a
// round trip through a page still building itself (on a cold visit, 60-140 ms later).
let early = null;
const waiting = new Set(); // the channels' flushes, run when `early` is set

async function connect() {
  if (loadOptions.createCore)
    return onThisThread(
      'the single-file build: its WebAssembly is inlined in a classic script, which no worker can load',
    );
  let worker, first;
  try {
    if (!start) adopt(await importStart());
    ({ worker, first } = await start.started);
  } catch (error) {
    return onThisThread(`the worker's starter did not load: ${error.message}`);
  }
  if (!worker) return onThisThread(`no worker can be made here: ${first.message}`);
  if (first.type !== 'ready') {
    early = null;
    worker.terminate();
    if (first.type === 'failed') {
      console.error(`Recur's compute worker: ${first.message}`);
      return onThisThread(`the worker could not load WebAssembly: ${first.message}`);
    }
    return onThisThread(`the worker did not start: ${first.message ?? 'error'}`);
  }
  performance.mark('recur:compute-ready'); // the worker's WebAssembly is loaded (bench/page.mjs)
  const listeners = new Map();
  worker.onmessage = ({ data }) => {
    if (data.type === 'error' && data.id === undefined) console.error(`Recur's compute worker: ${data.message}`);
    else listeners.get(data.id)?.(data);
  };
  worker.onerror = null;
  return {
    kind: 'worker',
    reason: 'a module worker',
    simdArch: first.simdArch,
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen: (id, f) => listeners.set(id, f),
  };
}

// The JS API on the page's thread, loaded once and only when asked: by the host when no worker
// can be had, and by the digits mode, which reads one drawn digit on the page's thread.
let pageApi = null;
export const pageRecur = () => (pageApi ??= loadRecur(loadOptions));

async function onThisThread(reason) {
  const recur = await pageRecur();
  const listeners = new Map();
  const handle = createHost(
    recur,
    (message) => listeners.get(message.id)?.(message),
    (f) => requestAnimationFrame(f),
  );
  return {
    kind: 'main-thread',
    reason,
    simdArch: recur.simdArch,
    // A task of its own, as a worker's message would be.
    post: (message) =>
      setTimeout(() => {
        try {
          handle(message);
        } catch (error) {
          console.error(error);
        }
      }),
    listen: (id, f) => listeners.set(id, f),
  };
}

let ids = 0;

/**
 * One playground's channel. `compute(state)` sends the state, or, while one is being computed,
 * keeps it as the next (a newer one replaces it: the typed text is never lost, and never
 * computed out of order); `onresult(out)` gets only the result of the latest state sent, and
 * results of training frames computed for it.
 */
export class ComputeChannel {
  #id = ++ids;
  #conn = null;
  #onresult;
  #seq = 0; // the latest state sent
  #inFlight = 0; // the state being computed (0: none)
  #next = null; // { state, replay, actions }: to send when the one in flight is done
  #sentEarly = null; // a compute sent to the loading worker: sent again if the page's thread computes instead
  #requests = new Map();
  #lastRequest = 0;

  #onprogress;
  #onshapes;
  #listeners = new Map(); // type -> f: the host's unasked messages of that type

  /**
   * `onprogress(training)`: the training run's report alone (after measure()); `onshapes(out)`:
   * the latest state's shapes, before its forward runs (session.mjs's early result).
   */
  constructor(onresult, onerror, onprogress = () => {}, onshapes = () => {}) {
    this.#onresult = onresult;
    this.#onprogress = onprogress;
    this.#onshapes = onshapes;
    this.ready = (connection ??= connect()).then((conn) => {
      this.#conn = conn;
      conn.listen(this.#id, (message) => this.#receive(message));
      if (this.#sentEarly && conn.kind !== 'worker') conn.post(this.#sentEarly);
      this.#sentEarly = null;
      this.#flush();
      return conn;
    });
    this.ready.catch(onerror);
    this.#waiting = () => this.#flush();
    waiting.add(this.#waiting);
    const settled = () => waiting.delete(this.#waiting);
    this.ready.then(settled, settled);
  }

  #waiting;

  /** Computes `state`; `replay`: replay its training steps; `action`: a Train card press. */
  compute(state, { replay = false, action = null } = {}) {
    const next = (this.#next ??= { replay: false, actions: [] });
    next.state = { ...state };
    next.replay ||= replay;
    if (action) next.actions.push({ action });
    holdBusy(this, true);
    this.#flush();
  }

  /** Asks for the training run's loss and gradients as they are (an onprogress call answers). */
  measure() {
    this.ready.then((conn) => conn.post({ type: 'measure', id: this.#id }));
  }

  /** A weight file's bytes read ({ name, config } or { error }), or the weights saved ({ body } or { error }). */
  weights(message) {
    return this.send('weights', message, { answer: true, transfer: message.bytes ? [message.bytes.buffer] : [] });
  }

  /**
   * A message of `type` ('text', 'digits': a run the host keeps for this playground,
   * compute-host.mjs) with `transfer`red buffers: a promise of the host's answer when `answer`.
   * Unasked messages of a type go to its listener (listen()).
   */
  send(type, message, { answer = false, transfer = [] } = {}) {
    const req = answer ? ++this.#lastRequest : 0;
    return this.ready.then(
      (conn) =>
        new Promise((resolve) => {
          if (req) this.#requests.set(req, resolve);
          conn.post({ ...message, type, id: this.#id, req }, transfer);
          if (!req) resolve();
        }),
    );
  }

  /** `f(message)` hears the host's unasked messages of `type` (a run's reports). */
  listen(type, f) {
    this.#listeners.set(type, f);
  }

  #flush() {
    if (!(this.#conn || early) || this.#inFlight || !this.#next) return;
    const { state, replay, actions } = this.#next;
    this.#next = null;
    this.#inFlight = ++this.#seq;
    const message = { type: 'compute', id: this.#id, seq: this.#seq, state, replay, actions };
    if (this.#conn) {
      this.#conn.post(message);
    } else {
      early.postMessage(message);
      this.#sentEarly = message;
    }
  }

  #receive(message) {
    if (message.type === 'progress') {
      this.#onprogress(message.training);
      return;
    }
    if (message.type === 'shapes') {
      if (message.seq === this.#seq && !this.#next) this.#onshapes(message.out);
      return;
    }
    if (message.req) {
      this.#requests.get(message.req)?.(message);
      this.#requests.delete(message.req);
      return;
    }
    if (this.#listeners.has(message.type)) {
      this.#listeners.get(message.type)(message);
      return;
    }
    if (message.reply && message.seq === this.#inFlight) this.#inFlight = 0;
    // A result for a state already replaced by a newer one is dropped.
    if (message.type === 'result' && message.seq === this.#seq && !this.#next) this.#onresult(message.out);
    // A training frame's result, drawn (or dropped): the next may come once this frame is painted.
    if (message.type === 'result' && !message.reply) {
      const drawn = () => this.#conn.post({ type: 'drawn', id: this.#id });
      if (globalThis.requestAnimationFrame) requestAnimationFrame(() => setTimeout(drawn));
      else setTimeout(drawn);
    }
    if (message.type === 'error') console.error(`Recur's compute: ${message.message}`);
    this.#flush();
    if (!this.#inFlight && !this.#next) holdBusy(this, false);
  }
}
