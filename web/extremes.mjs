// A tensor's smallest and largest finite values, where they are, and how many of its values are
// not finite: what a heat map's text alternative says of a whole tensor (heatmap.mjs), and what
// the colour scale is made of (scale.mjs). Without a DOM: the compute finds a result's beside the
// forward, off the page's thread. A 1 MiB table's output with LSTM 64 is 7.4 million values;
// read one by one through a callback on the page's thread they took one task of 114 ms.

/**
 * Over the array-like `data`: { lo, hi, low, high, notFinite }, lo and hi the first index of the
 * smallest (low) and largest (high) finite value, -1 when no value is finite.
 */
export function extremes(data) {
  let lo = -1,
    hi = -1,
    low = Infinity,
    high = -Infinity,
    notFinite = 0;
  for (let i = 0; i < data.length; ++i) {
    const v = data[i];
    if (v < low && v !== -Infinity) ((lo = i), (low = v));
    if (v > high && v !== Infinity) ((hi = i), (high = v));
    if (v - v !== 0) notFinite += 1; // NaN and ±Infinity, in one comparison
  }
  return { lo, hi, low, high, notFinite };
}
