// Draws rows of values as coloured cells: blue below zero, orange above, white at zero, on a
// scale shared by everything drawn with the same `scale`, so colours compare across panels.
import { h } from './dom.mjs';

/** Formats a value the way PyTorch prints a tensor element: 4 decimals. */
export const fmt = (v) => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v.toFixed(4));

export function colour(v, scale) {
  if (!Number.isFinite(v)) return 'rgb(200, 60, 160)';
  const t = Math.max(-1, Math.min(1, v / scale));
  const a = Math.abs(t);
  // white -> #2563eb (negative) or #ea580c (positive)
  const [r, g, b] = t < 0 ? [37, 99, 235] : [234, 88, 12];
  const mix = (c) => Math.round(255 + (c - 255) * a);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

/**
 * One strip of cells. `values` is an array-like of numbers; `label(k)` names cell k for the
 * tooltip and the hover readout (e.g. 'output[2, 1, 3]'); numbers are written inside when
 * `showNumbers`; `unit(k)`, if given, tags cell k with the hidden unit it belongs to.
 */
export function strip(values, { scale, label, showNumbers, limit = values.length, unit }) {
  const cells = [];
  for (let k = 0; k < Math.min(limit, values.length); ++k) {
    const v = values[k];
    cells.push(h('span', {
      class: 'cell' + (showNumbers ? ' with-number' : ''),
      style: `background:${colour(v, scale)}; color:${Math.abs(v) / scale > 0.6 ? '#fff' : '#1f2937'}`,
      title: `${label(k)} = ${Number.isFinite(v) ? v.toPrecision(8) : fmt(v)}`,
      dataset: unit ? { unit: unit(k) } : undefined,
    }, showNumbers ? fmt(v) : ''));
  }
  if (limit < values.length) cells.push(h('span', { class: 'more', title: `${values.length - limit} more not drawn` }, '…'));
  return h('span', { class: 'strip' }, cells);
}

/** Largest |value| over tensors, at least 1 (tanh and sigmoid live in [-1, 1]). */
export function sharedScale(...tensors) {
  let m = 1;
  for (const t of tensors) if (t) for (const v of t.data) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

export function legend(scale) {
  const stops = [-1, -0.5, 0, 0.5, 1].map((t) => t * scale);
  return h('div', { class: 'legend' },
    h('span', { class: 'legend-bar', style: `background: linear-gradient(90deg, ${stops.map((v) => colour(v, scale)).join(', ')})` }),
    h('span', { class: 'legend-labels' }, stops.map((v) => h('span', {}, v.toFixed(2)))));
}
