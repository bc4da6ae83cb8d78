// The colour scale of heat maps: the largest |value| of what is drawn together, so colours
// compare across panels. Without a DOM: the compute (compute.mjs) makes the result's own from
// the extremes it finds beside the forward, off the page's thread (a 1 MiB table's output with
// LSTM 64 is 7.4 million values).

/** Largest finite |value| over tensors, at least 1 (tanh and sigmoid live in [-1, 1]). */
export function sharedScale(...tensors) {
  let m = 1;
  for (const t of tensors) {
    if (!t) continue;
    const data = t.data;
    for (let k = 0; k < data.length; ++k) {
      const a = Math.abs(data[k]);
      if (a > m && a !== Infinity) m = a; // NaN is never > m
    }
  }
  return m;
}

/** The same from tensors' extremes() (null: none), which the compute finds once for a result. */
export function scaleOfExtremes(...found) {
  let m = 1;
  for (const e of found) if (e && e.lo >= 0) m = Math.max(m, -e.low, e.high);
  return m;
}
