// Draws rows of values as coloured cells: blue below zero, orange above, white at zero, on a
// scale shared by everything drawn with the same `scale`, so colours compare across panels.
import { h } from './dom.mjs';
import { extremes } from './extremes.mjs';
import { strings } from './strings.mjs';

/** Formats a value the way PyTorch prints a tensor element: 4 decimals. */
export const fmt = (v) => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v.toFixed(4));

const NOT_FINITE = [200, 60, 160];

// The colours follow the reader's colour scheme: on a dark page a value of 0 is the dark card
// (as it is the white card on a light one) and the two ends are lighter, so the same cells stand
// out the same way. Read when drawn: a change of scheme shows at the next draw.
const DARK = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
const PALETTE = {
  light: { zero: [255, 255, 255], negative: [37, 99, 235], positive: [234, 88, 12], ramp: [76, 29, 149] },
  dark: { zero: [30, 41, 59], negative: [96, 165, 250], positive: [251, 146, 60], ramp: [196, 181, 253] },
};
const palette = () => (DARK?.matches ? PALETTE.dark : PALETTE.light);
const mixed = (from, to, a) => from.map((c, k) => Math.round(c + (to[k] - c) * a));
const css = ([r, g, b]) => `rgb(${r}, ${g}, ${b})`;

// The cell's colour as [r, g, b]: from the zero colour towards blue (negative) or orange (positive).
function rgb(v, scale) {
  if (!Number.isFinite(v)) return NOT_FINITE;
  const t = Math.max(-1, Math.min(1, v / scale));
  const p = palette();
  return mixed(p.zero, t < 0 ? p.negative : p.positive, Math.abs(t));
}

/** A one-sided scale for t in [0, 1] (the gradient norms' log scale): the zero colour to violet. */
export const ramp = (t) => (Number.isFinite(t) ? css(mixed(palette().zero, palette().ramp, t)) : css(NOT_FINITE));

/** A bit of the table as the model reads it: 1 strong, 0 faint, in either scheme. */
export const bitColour = (v) => (v ? (DARK?.matches ? '#e5e7eb' : '#1f2937') : DARK?.matches ? '#334155' : '#e2e8f0');

export const colour = (v, scale) => css(rgb(v, scale));

// WCAG's relative luminance of an sRGB colour.
function luminance(channels) {
  const [r, g, b] = channels.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * Whether a number written on the cell of `v` is white (else black): whichever contrasts more
 * with the cell's colour. One of the two always reaches WCAG's 4.5:1 (at worst 4.58:1, on a
 * colour of luminance 0.18), which a fixed threshold on |v| did not give (white on mid blue: 2.5:1).
 */
export const lightText = (v, scale) => whiteText(rgb(v, scale));

/** Whether white (else black) text contrasts more with the colour [r, g, b]. */
export function whiteText(channels) {
  const l = luminance(channels);
  return 1.05 / (l + 0.05) > (l + 0.05) / 0.05;
}

/** The colour [r, g, b] seen where `channels` at opacity `alpha` lies over the card (its scheme's). */
export const overCard = (channels, alpha) => mixed(palette().zero, channels, alpha);

const exact = (v) => (Number.isFinite(v) ? v.toPrecision(8) : fmt(v));

/** A value for reading aloud or in a table: 4 decimals, or 4 digits when 4 decimals would say 0. */
export const short = (v) => (Number.isFinite(v) && v !== 0 && Math.abs(v) < 5e-4 ? v.toExponential(3) : fmt(v));

/**
 * A heat map's text alternative: a tensor named `name` summarised as its smallest and largest
 * finite value and where each is, e.g. "output: 6×3×4; min -0.7820 at output[0, 0, 0], max 0.1120
 * at output[2, 1, 3]". `dims` says what was summarised, `found` is its extremes() and where(i)
 * names the place of value i.
 */
function summarise(words, name, dims, { lo, hi, low, high, notFinite }, where) {
  const a = words.a11y;
  const text =
    lo < 0
      ? a.summaryEmpty(name, dims)
      : a.summary(name, dims, { value: short(low), at: where(lo) }, { value: short(high), at: where(hi) });
  return notFinite ? text + a.notFinite(notFinite) : text;
}

/**
 * The summary of a whole tensor { data, shape } named `name` (its index as PyTorch writes it);
 * `found`: its extremes() when the compute found them (a result's: millions of values), else
 * found here.
 */
export function tensorSummary(words, name, { data, shape }, found = null) {
  const index = (flat) => {
    const at = [];
    for (let d = shape.length - 1; d >= 0; --d) {
      at.unshift(flat % shape[d]);
      flat = Math.floor(flat / shape[d]);
    }
    return `${name}[${at.join(', ')}]`;
  };
  return summarise(words, name, shape.join('×'), found ?? extremes(data), index);
}

/**
 * One strip of cells, as elements (for a handful of values; a table of them is heatGrid's job).
 * `values` is an array-like of numbers; `label(k)` names cell k for the tooltip and the hover
 * readout (e.g. 'output[2, 1, 3]'); numbers are written inside when `showNumbers`; `units`
 * tags cell k as hidden unit k (the step view's equation follows it).
 */
export function strip(values, { scale, label, showNumbers, limit = values.length, units = false }) {
  const cells = [],
    spoken = [];
  for (let k = 0; k < Math.min(limit, values.length); ++k) {
    const v = values[k];
    const cell = h(
      'span',
      {
        class: `cell${showNumbers ? ' with-number' : ''}${showNumbers && lightText(v, scale) ? ' dark' : ''}`,
        title: `${label(k)} = ${exact(v)}`,
        dataset: units ? { unit: k } : undefined,
      },
      showNumbers ? fmt(v) : '',
    );
    cell.style.backgroundColor = colour(v, scale); // one property: no CSS text to parse
    cells.push(cell);
    spoken.push(`${label(k)} = ${short(v)}`);
  }
  if (limit < values.length) {
    cells.push(h('span', { class: 'more', title: `${values.length - limit} more not drawn` }, '…'));
    spoken.push('…');
  }
  // Read as one picture whose text is every drawn value (the colours alone say nothing to a
  // screen reader, and the cells' tooltips are not read).
  return h('span', { class: 'strip', role: 'img', 'aria-label': spoken.join(', ') }, cells);
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

// The page's colours for a heat map's marks and ellipses, read once a root (the document or an
// element's shadow root) and colour scheme: reading a computed style makes the browser bring every
// style up to date first, and a keystroke that redraws a dozen heat maps, each after the DOM
// changed, spent a third of its main-thread time doing so (measured: 221 of 680 ms over 30 flips
// of the notebook's table, and two tasks over 50 ms). The custom properties change only with the
// colour scheme (style.css: prefers-color-scheme, forced-colors), which matchMedia tells cheaply.
const coloursByRoot = new WeakMap();
const SCHEMES = ['(prefers-color-scheme: dark)', '(forced-colors: active)'];
function pageColours(target) {
  const root = target.getRootNode(),
    scheme = SCHEMES.map((q) => globalThis.matchMedia?.(q).matches).join();
  let colours = coloursByRoot.get(root);
  if (colours?.scheme !== scheme) {
    const style = getComputedStyle(target),
      soft = style.getPropertyValue('--accent-soft').trim(),
      muted = style.getPropertyValue('--muted').trim();
    colours = { scheme, soft: soft || '#eef2ff', muted: muted || '#94a3b8' };
    // Kept once the stylesheet is in (an element's styles may still be loading at its first draw).
    if (soft && muted) coloursByRoot.set(root, colours);
  }
  return colours;
}

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
 * Its text alternative: the grid reads as one picture whose name is a summary (`name`, the
 * smallest and largest value and where: of the whole `tensor` { data, shape } when given, from
 * its extremes `found` by the compute when it found them, else of the drawn cells), and a
 * "Values as a table" disclosure after it holds every drawn value in a table with the grid's
 * headers, built when it is opened. `words` are the page's strings.
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
  name = '',
  tensor = null,
  found = null,
  words = strings('en'),
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
    // The marked columns and the ellipses in the page's own colours (its scheme's, light or dark).
    const { soft, muted } = pageColours(target);
    g.fillStyle = soft;
    for (const m of marks) g.fillRect(m * blockW - 3, 0, N * cw + 5, R * rowH);
    // An ellipsis is three dots drawn as squares, not text: a canvas's font (text needs one) makes
    // Chromium bring the page's styles up to date first, a forced recalculation on every heat map
    // with an ellipsis at every keystroke (measured as above).
    const dot = Math.max(1.5, Math.min(2.5, size.h / 6)),
      ellipsis = (glyph, x, y) => {
        g.fillStyle = muted;
        for (const d of [-1, 0, 1]) {
          const [dx, dy] = glyph === '⋮' ? [0, d * 2.2 * dot] : [d * 2.2 * dot, 0];
          g.fillRect(x + dx - dot / 2, y + dy - dot / 2, dot, dot);
        }
      };
    for (let r = 0; r < R; ++r)
      for (let c = 0; c < C; ++c) {
        const values = block(r, c);
        if (!values) {
          // An ellipsis row or column: what PyTorch's print writes as "...".
          ellipsis(rows[r] === '⋮' || columns[c] !== '…' ? '⋮' : '…', c * blockW + (N * cw) / 2, r * rowH + rowH / 2);
          continue;
        }
        for (let k = 0; k < N; ++k) {
          const u = units[k];
          if (u === ELLIPSIS) {
            ellipsis('…', k * cw + c * blockW + size.w / 2, r * rowH + rowH / 2);
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
  // The drawn cells as (row, column, unit) triples and their values, for the summary when no
  // tensor is given.
  const drawn = [],
    drawnValues = [];
  if (!tensor)
    for (let r = 0; r < R; ++r)
      for (let c = 0; c < C; ++c) {
        const values = block(r, c);
        if (values)
          for (const u of units)
            if (u !== ELLIPSIS && u < values.length) {
              drawn.push(r, c, u);
              drawnValues.push(values[u]);
            }
      }
  const summary = tensor
    ? tensorSummary(words, name, tensor, found)
    : summarise(words, name, words.a11y.drawn(R, C, N), extremes(drawnValues), (i) =>
        label(drawn[3 * i], drawn[3 * i + 1], drawn[3 * i + 2]),
      );
  const grid = h(
    'div',
    {
      class: 'heat-grid',
      role: 'img',
      'aria-label': summary,
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
  // The drawn values as a table, with the grid's row and column headers: built when opened (and
  // rebuilt by fill() while open), so a keystroke does not pay for thousands of cells nobody reads.
  const summarised = rows.includes('⋮') || columns.includes('…') || units.includes(ELLIPSIS);
  const table = () =>
    h(
      'table',
      { class: 'values heat-values' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, name),
          columns.map((c) => h('th', { scope: 'col' }, c)),
          extra.map((x) => h('th', { scope: 'col' }, x.header)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row, r) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, row),
            columns.map((_, c) => {
              const values = block(r, c);
              if (!values) return h('td', {}, row === '⋮' ? '⋮' : '…');
              const cell = [];
              for (const u of units)
                if (u === ELLIPSIS) cell.push('…');
                else if (u < values.length) cell.push(short(values[u]));
              return h('td', {}, cell.join(' '));
            }),
            extra.map((x) => h('td', {}, row === '⋮' ? '' : x.cell(r).textContent)),
          ),
        ),
      ),
    );
  const details = h(
    'details',
    { class: 'heat-table' },
    h('summary', {}, summarised ? words.a11y.tableSummarised : words.a11y.table),
  );
  // fill() keeps the disclosure on the page and hands it this grid's builder (dom.mjs patch()).
  details.fillOpen = (el) => {
    el.querySelector('table')?.remove();
    el.append(table());
  };
  // Not h()'s onX: a listened element is replaced on every redraw, which would close it.
  details.addEventListener('toggle', () => details.open && details.fillOpen(details));
  return h('div', { class: 'heat-map' }, grid, details);
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
