// The colour scale of heat maps: the largest |value| of what is drawn together, so colours
// compare across panels. Without a DOM: the compute (compute.mjs) makes the result's own from
// the extremes it finds beside the forward, off the page's thread (a 1 MiB table's output with
// LSTM 64 is 7.4 million values).
import { extremes } from './extremes.mjs';

/**
 * Largest finite |value| over tensors' extremes() (null: none), at least 1 (tanh and sigmoid
 * live in [-1, 1]); the compute finds a result's extremes once, for this and the summaries.
 */
export function scaleOfExtremes(...found) {
  let m = 1;
  for (const e of found) if (e && e.lo >= 0) m = Math.max(m, -e.low, e.high);
  return m;
}

/** The same over tensors { data } (null: none): a card's own small ones. */
export const sharedScale = (...tensors) => scaleOfExtremes(...tensors.map((t) => t && extremes(t.data)));
