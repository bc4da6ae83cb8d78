// Starts the compute worker (compute-worker.mjs) and waits for its first words: 'launched' (its
// script runs), then 'ready' or 'failed', or its script not running at all. A module of its own,
// so that a page can start the worker before its own module is fetched and compiled: index.html
// loads this one first, and the worker's start (a new JavaScript engine, its script, the .wasm:
// a few hundred ms on a first visit) overlaps that. compute-client.mjs imports it at run time,
// so the page's module gets this same instance, and the worker already on its way; an element
// on another page starts it then.
//
// A worker's thread is started by a task on the page's thread once the browser has its script
// (Chromium: traced, the worker's first task came 350 ms after its script had arrived, at the
// end of the page's first long task, the building of the page). So a page waits for `launched`
// (at most LAUNCH_WAIT_MS) before it builds itself: the worker then fetches and compiles the
// .wasm while the page is built, not after.
performance.mark('recur:worker-start');

const LAUNCH_WAIT_MS = 150;

let launch;
/** Resolves when the worker's script runs, when it cannot, or after LAUNCH_WAIT_MS. */
export const launched = new Promise((resolve) => {
  launch = resolve;
  setTimeout(resolve, LAUNCH_WAIT_MS);
});

const made = make();
/** The worker, null where none can be made here (`started` then says why). */
export const worker = made.worker;

function make() {
  try {
    return { worker: new Worker(new URL('./compute-worker.mjs', import.meta.url), { type: 'module' }) };
  } catch (error) {
    return { worker: null, error };
  }
}

/** { worker, first }: `first` is the worker's first message's data after 'launched', or its `error` event. */
export const started = start();

function start() {
  if (!worker) {
    launch();
    return Promise.resolve({ worker: null, first: made.error });
  }
  return new Promise((resolve) => {
    worker.onmessage = ({ data }) => {
      launch();
      if (data.type === 'launched') performance.mark('recur:worker-launched');
      else resolve({ worker, first: data });
    };
    // The worker's script did not load or run (no module workers, a blocked file).
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      launch();
      resolve({ worker, first: ev });
    };
  });
}
