// Long work (a training run) cut into short tasks: where the compute runs (the worker, or the
// page's thread where no worker can be had), a slice is as long as a keystroke's compute, a
// 'pause' or the page's own work may wait; on the page's thread, under the 50 ms after which the
// web counts a task as long (Long Tasks, INP). A slice runs pieces of work (a training step, a
// chunk of test digits) while its time so far plus the longest piece seen lately still fits in
// SLICE_MS, then yields to the event loop. A piece is never cut, so the margin between
// SLICE_MS and 50 ms is what a piece longer than any before it, or a garbage collection, may use.
// Pacing by the longest piece rather than the last keeps a slow piece (an evaluation beside the
// steps) from starting late in a slice.

/** A slice's own budget: what its pieces may take, well under 50 ms. */
export const SLICE_MS = 22;
/** How fast an old long piece is forgotten: its length weighs this much less each piece. */
const FORGET = 0.9;

export class Slicer {
  #longest = 0;

  /**
   * One slice: calls `piece()` until it returns false (no more work) or the next piece might not
   * fit. At least one piece runs. Returns whether there is more work (piece() never said false).
   */
  slice(piece) {
    const start = performance.now();
    for (;;) {
      const t0 = performance.now();
      if (!piece()) return false;
      const now = performance.now();
      this.#longest = Math.max(now - t0, this.#longest * FORGET);
      if (now - start + this.#longest > SLICE_MS) return true;
    }
  }
}

/**
 * Runs f in a task of its own soon: a message to itself rather than setTimeout, which browsers
 * hold back to 4 ms once timers nest, so a run of short slices would mostly wait.
 */
export function nextTask(f) {
  if (typeof MessageChannel === 'undefined') return void setTimeout(f, 0);
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    f();
  };
  channel.port2.postMessage(null);
}
