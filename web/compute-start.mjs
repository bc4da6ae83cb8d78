// Starts the compute worker (compute-worker.mjs) and waits for its first word: 'ready', 'failed',
// or its script not running at all. A module of its own, so that a page can start the worker
// before its own module is fetched and compiled: index.html loads this one first, and the
// worker's start (a new JavaScript engine, its script, the .wasm: a few hundred ms on a first
// visit) overlaps that. compute-client.mjs imports it at run time, so the page's module gets
// this same instance, and the worker already on its way; an element on another page starts it
// then.

/** { worker, first }: `first` is the worker's first message's data, or its `error` event. */
export const started = start();

function start() {
  let worker;
  try {
    worker = new Worker(new URL('./compute-worker.mjs', import.meta.url), { type: 'module' });
  } catch (error) {
    return Promise.resolve({ worker: null, first: error });
  }
  return new Promise((resolve) => {
    worker.onmessage = ({ data }) => resolve({ worker, first: data });
    // The worker's script did not load or run (no module workers, a blocked file).
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      resolve({ worker, first: ev });
    };
  });
}
