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

const exact = (v) => (Number.isFinite(v) ? v.toPrecision(8) : fmt(v));

/**
 * One strip of cells, as elements (for a handful of values; a table of them is heatGrid's job).
 * `values` is an array-like of numbers; `label(k)` names cell k for the tooltip and the hover
 * readout (e.g. 'output[2, 1, 3]'); numbers are written inside when `showNumbers`; `units`
 * tags cell k as hidden unit k (the step view's equation follows it).
 */
export function strip(values, { scale, label, showNumbers, limit = values.length, units = false }) {
  const cells = [];
  for (let k = 0; k < Math.min(limit, values.length); ++k) {
    const v = values[k];
    const cell = h(
      'span',
      {
        class: `cell${showNumbers ? ' with-number' : ''}${Math.abs(v) / scale > 0.6 ? ' dark' : ''}`,
        title: `${label(k)} = ${exact(v)}`,
        dataset: units ? { unit: k } : undefined,
      },
      showNumbers ? fmt(v) : '',
    );
    cell.style.backgroundColor = colour(v, scale); // one property: no CSS text to parse
    cells.push(cell);
  }
  if (limit < values.length)
    cells.push(h('span', { class: 'more', title: `${values.length - limit} more not drawn` }, '…'));
  return h('span', { class: 'strip' }, cells);
}

/**
 * The indices of a dimension of `n` drawn in at most `max` places, as PyTorch prints a long
 * tensor: all of them when they fit, else the first and the last max/2 with -1 (an ellipsis)
 * between: edges(128, 12) = [0..5, -1, 122..127]. A `focus` index in the gap is drawn too, in
 * its place (the sentence or step the learner chose elsewhere): edges(128, 12, 60) =
 * [0..5, -1, 60, -1, 122..127].
 */
export function edges(n, max, focus = -1) {
  if (n <= max) return Array.from({ length: n }, (_, k) => k);
  const half = Math.floor(max / 2);
  const head = Array.from({ length: half }, (_, k) => k),
    tail = Array.from({ length: half }, (_, k) => n - half + k);
  if (!(focus >= half && focus < n - half)) return [...head, -1, ...tail];
  return [...head, ...(focus > half ? [-1] : []), focus, ...(focus < n - half - 1 ? [-1] : []), ...tail];
}

const ELLIPSIS = -1;

/**
 * A table of strips on one <canvas>: `rows` x `columns` blocks, block (r, c) the values
 * `block(r, c)`, or null for an ellipsis row or column (drawn as ⋮ or …). `units` lists which
 * values of a block are drawn (edges(): -1 for an ellipsis; default the first `n`). Row and
 * column headers are elements around the canvas. Thousands of cells as one element is what
 * keeps a keystroke's repaint within a frame (as elements they cost a layout and a paint each).
 * The canvas answers the pointer: its `heat` property has at(x, y) -> { text: 'output[0, 2, 3]
 * = -0.12345678', unit, row, column } and all() -> every drawn cell's text (what a reader or a
 * test can read without the pointer). Options: label(r, c, u) (u: the unit's index), scale,
 * colour(v) (default: the shared blue-white-orange), unitTags (cell u is hidden unit u), mark (a
 * column to underlay, or a list of them), extra ([{ header, cell(r) }] element columns after the canvas), size
 * { w, h }, onpick(row, column) for clicks.
 */
export function heatGrid({
  rows,
  columns,
  block,
  n,
  units = Array.from({ length: n }, (_, k) => k),
  label,
  scale,
  colour: paint = (v) => colour(v, scale),
  unitTags = false,
  mark = -1,
  extra = [],
  size = { w: 14, h: 18 },
  onpick,
}) {
  const marks = [mark].flat().filter((m) => m >= 0);
  const R = rows.length,
    C = columns.length,
    N = units.length;
  const cw = size.w + 1,
    rowH = size.h + 3,
    blockW = N * cw + 10;
  const ratio = globalThis.devicePixelRatio || 1;
  const canvas = h('canvas', {
    class: 'heat-canvas',
    width: Math.ceil(C * blockW * ratio),
    height: Math.ceil(R * rowH * ratio),
    style: `width:${C * blockW}px;height:${R * rowH}px;grid-row:2 / span ${R};grid-column:2 / span ${C}`,
  });
  // Drawn by fill() once in place: into the canvas already on the page when there is one (its
  // backing store is reused), else into this one.
  canvas.draw = (target) => {
    const g = target.getContext('2d');
    if (!g) return;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, C * blockW, R * rowH);
    g.fillStyle = '#eef2ff';
    for (const m of marks) g.fillRect(m * blockW - 3, 0, N * cw + 5, R * rowH);
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.font = `${Math.min(14, size.h)}px system-ui, sans-serif`;
    for (let r = 0; r < R; ++r)
      for (let c = 0; c < C; ++c) {
        const values = block(r, c);
        if (!values) {
          // An ellipsis row or column: what PyTorch's print writes as "...".
          g.fillStyle = '#94a3b8';
          g.fillText(rows[r] === '⋮' || columns[c] !== '…' ? '⋮' : '…', c * blockW + (N * cw) / 2, r * rowH + rowH / 2);
          continue;
        }
        for (let k = 0; k < N; ++k) {
          const u = units[k];
          if (u === ELLIPSIS) {
            g.fillStyle = '#94a3b8';
            g.fillText('…', k * cw + c * blockW + size.w / 2, r * rowH + rowH / 2);
          } else if (u < values.length) {
            g.fillStyle = paint(values[u]);
            g.fillRect(c * blockW + k * cw, r * rowH + 1, size.w, size.h);
          }
        }
      }
  };
  const cellText = (r, c, u) => `${label(r, c, u)} = ${exact(block(r, c)[u])}`;
  canvas.heat = {
    at(x, y) {
      const r = Math.floor(y / rowH),
        c = Math.floor(x / blockW),
        k = Math.floor((x - c * blockW) / cw);
      if (r < 0 || r >= R || c < 0 || c >= C || k < 0 || k >= N) return null;
      const values = block(r, c),
        u = units[k];
      if (!values || u === ELLIPSIS || u >= values.length) return null;
      return { text: cellText(r, c, u), unit: unitTags ? String(u) : undefined, row: r, column: c };
    },
    /** The centre of the k-th drawn cell of block (r, c), in CSS px from the canvas's corner. */
    where(r, c, k) {
      return { x: c * blockW + k * cw + size.w / 2, y: r * rowH + 1 + size.h / 2 };
    },
    all() {
      const texts = [];
      for (let r = 0; r < R; ++r)
        for (let c = 0; c < C; ++c) {
          const values = block(r, c);
          if (values) for (const u of units) if (u !== ELLIPSIS && u < values.length) texts.push(cellText(r, c, u));
        }
      return texts;
    },
  };
  if (onpick) {
    canvas.heat.onpick = onpick;
    // Reads canvas.heat at click time: fill() may have given this canvas a newer grid's reader.
    canvas.addEventListener('click', (ev) => {
      const hit = canvas.heat.at(ev.offsetX, ev.offsetY);
      if (hit) canvas.heat.onpick(hit.row, hit.column);
    });
  }
  const head = (text, c) =>
    h('span', { class: marks.includes(c) ? 'grid-head mark' : text === '…' ? 'grid-head gap' : 'grid-head' }, text);
  return h(
    'div',
    {
      class: 'heat-grid',
      style: `grid-template-columns:auto repeat(${C}, ${blockW}px)${extra.map(() => ' auto').join('')};grid-template-rows:auto repeat(${R}, ${rowH}px)`,
    },
    h('span', { class: 'grid-head' }),
    columns.map(head),
    extra.map((x) => h('span', { class: 'grid-head' }, x.header)),
    rows.map((row, r) => [
      h('span', { class: row === '⋮' ? 'grid-row gap' : 'grid-row', style: `grid-row:${r + 2};grid-column:1` }, row),
      extra.map((x, i) =>
        h(
          'span',
          { class: 'grid-extra', style: `grid-row:${r + 2};grid-column:${C + 2 + i}` },
          row === '⋮' ? '' : x.cell(r),
        ),
      ),
    ]),
    canvas,
  );
}

/**
 * The cell under a pointer event: { text: 'h_n[0, 1, 2] = -0.36358', unit, el } or null, from a
 * number cell or a heat grid's canvas.
 */
export function cellAt(ev) {
  const cell = ev.target.closest?.('.cell[title]');
  if (cell) return { text: cell.title, unit: cell.dataset.unit, el: cell };
  const canvas = ev.target.closest?.('canvas.heat-canvas');
  const hit = canvas?.heat.at(ev.offsetX, ev.offsetY);
  if (!hit) return null;
  canvas.title = hit.text; // the browser's own tooltip shows it too
  return { ...hit, el: canvas };
}

/** Largest |value| over tensors, at least 1 (tanh and sigmoid live in [-1, 1]). */
export function sharedScale(...tensors) {
  let m = 1;
  for (const t of tensors) if (t) for (const v of t.data) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

export function legend(scale) {
  const stops = [-1, -0.5, 0, 0.5, 1].map((t) => t * scale);
  return h(
    'div',
    { class: 'legend' },
    h('span', {
      class: 'legend-bar',
      style: `background: linear-gradient(90deg, ${stops.map((v) => colour(v, scale)).join(', ')})`,
    }),
    h(
      'span',
      { class: 'legend-labels' },
      stops.map((v) => h('span', {}, v.toFixed(2))),
    ),
  );
}
