// The compute worker: the WebAssembly module and every playground's compute (compute-host.mjs)
// off the page's thread, so no parse, forward pass or training step can hold up a keystroke or
// a frame. A thin shell: it loads the module and hands the page's messages to the host, in order.
import { loadRecur } from '../wasm/recur.mjs';
import { createHost } from './compute-host.mjs';

// A training run steps in short frames with a task boundary between them, so a page's message
// (a keystroke's state) is handled within a frame even while a run goes on.
const schedule = (f) => setTimeout(f, 0);

// First: the page waits for this word before it builds itself (compute-start.mjs says why).
self.postMessage({ type: 'launched' });

const ready = loadRecur().then(
  (recur) => {
    self.postMessage({ type: 'ready', simdArch: recur.simdArch });
    return createHost(recur, (message, transfer) => self.postMessage(message, transfer), schedule);
  },
  (error) => {
    self.postMessage({ type: 'failed', message: error.message });
    throw error;
  },
);

// Messages that arrive while the module loads wait for it, in the order they came.
let queue = ready;
self.onmessage = ({ data }) => {
  queue = queue.then((handle) => {
    handle(data);
    return handle;
  });
  // A bug (not a RecurError: those are results) is reported to the page, and the next message still runs.
  queue.catch((error) => self.postMessage({ type: 'error', message: `${error.message}\n${error.stack ?? ''}` }));
  queue = queue.catch(() => ready);
};
