// Read it row by row (the digits mode): the digit with the row being read lit, a slider over the
// 28 rows (the step view's step: the Step-through card shows that row's x_t, gates and h_t), and
// the head applied to h_t after every row, as the ten class probabilities over the 28 steps
// ("after 12 rows it is a 7 or a 1"). The probabilities come from the JS API (run.read).
import { h, fill } from '../dom.mjs';
import { clampInt } from '../state.mjs';
import { digitCanvas } from '../digit-canvas.mjs';

// Ten colours, one a class (Tableau 10).
const COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#555',
];
const W = 360,
  H = 170,
  PAD = { l: 30, r: 10, t: 8, b: 22 };

export default {
  id: 'rows',
  column: 'outputs',
  inputs: ['digits'],
  create(ctx) {
    const { words, state: s } = ctx;
    const t = words.digits;
    const picture = h('div', { id: 'rows-digit', class: 'rows-digit' });
    const slider = h('input', {
      id: 'digit-row',
      type: 'range',
      min: 0,
      max: 27,
      value: clampInt('step', s.step, 27),
      'aria-label': t.rowLabel,
      oninput: () => ctx.view({ step: Number(slider.value) }),
    });
    const output = h('output', { id: 'digit-row-value', for: 'digit-row' });
    const plot = h('div', { id: 'rows-plot', class: 'rows-plot' });
    const says = h('p', { id: 'rows-says', class: 'prediction', 'aria-live': 'polite' });
    let playing = 0;
    const play = h(
      'button',
      {
        id: 'rows-play',
        type: 'button',
        class: 'button',
        onclick: () => {
          if (playing) return stop();
          let step = 0;
          ctx.view({ step });
          playing = setInterval(() => {
            if (++step > 27) return stop();
            ctx.view({ step });
          }, 180);
        },
      },
      t.play,
    );
    function stop() {
      clearInterval(playing);
      playing = 0;
    }

    return {
      children: [
        h('h2', {}, t.rowsTitle, ' ', h('span', { class: 'sub' }, t.rowsSub)),
        h(
          'div',
          { class: 'rows-layout' },
          picture,
          h('div', { class: 'rows-side' }, h('label', { class: 'field' }, t.rowLabel, slider, output), play, says),
        ),
        plot,
      ],
      render(view) {
        const run = ctx.digits?.run;
        const T = view.table.seq_len;
        const step = clampInt('step', s.step, T - 1);
        slider.max = T - 1;
        slider.value = step;
        output.textContent = `t = ${step}`;
        const image = { data: view.steps.sx.data, shape: [T, view.table.input_size] };
        fill(picture, digitCanvas(image, { scale: 6, row: step, id: 'rows-canvas', label: t.rowLabel }));
        const read = run?.read(view.steps.sx, { steps: true });
        if (!read?.perStep) {
          fill(says, read ? t.bidirectionalRows : '');
          fill(plot);
          return;
        }
        const p = read.perStep.data; // [T, 10]
        const row = Array.from(p.subarray(step * 10, step * 10 + 10));
        const order = row.map((v, d) => d).sort((a, b) => row[b] - row[a]);
        const pc = (v) => Math.round(100 * v);
        fill(says, t.after(step + 1, order[0], pc(row[order[0]]), order[1], pc(row[order[1]])));
        says.dataset.top = String(order[0]);
        fill(plot, probabilityPlot(p, T, step, t));
      },
      stop,
    };
  },
};

// The ten probabilities over the rows as lines (SVG), the current row marked, a legend of classes.
function probabilityPlot(p, T, step, t) {
  const NS = 'http://www.w3.org/2000/svg';
  const el = (tag, attrs, ...kids) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    for (const k of kids) e.append(k);
    return e;
  };
  const x = (i) => PAD.l + (i * (W - PAD.l - PAD.r)) / Math.max(1, T - 1);
  const y = (v) => PAD.t + (1 - v) * (H - PAD.t - PAD.b);
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, class: 'rows-svg', role: 'img', 'aria-label': t.rowsSub });
  for (const v of [0, 0.5, 1]) {
    svg.append(el('line', { x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v), class: 'grid' }));
    svg.append(el('text', { x: PAD.l - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, `${v * 100}%`));
  }
  svg.append(el('line', { x1: x(step), x2: x(step), y1: PAD.t, y2: H - PAD.b, class: 'now' }));
  for (let d = 0; d < 10; ++d) {
    const points = Array.from({ length: T }, (_, i) => `${x(i).toFixed(1)},${y(p[i * 10 + d]).toFixed(1)}`).join(' ');
    svg.append(el('polyline', { points, fill: 'none', stroke: COLOURS[d], 'stroke-width': 2, 'data-digit': d }));
    const end = p[(T - 1) * 10 + d];
    if (end > 0.08)
      svg.append(
        el(
          'text',
          { x: W - PAD.r - 2, y: y(end) - 3, 'text-anchor': 'end', fill: COLOURS[d], class: 'label' },
          String(d),
        ),
      );
  }
  svg.append(
    el('text', { x: (W + PAD.l) / 2, y: H - 4, 'text-anchor': 'middle', class: 'tick' }, `${t.rowLabel}: 1 … ${T}`),
  );
  const legend = h(
    'div',
    { class: 'rows-legend' },
    // The colour on a swatch, the digit in the ink: light colours as text were below 4.5:1.
    COLOURS.map((c, d) => h('span', {}, h('span', { class: 'swatch', style: `background: ${c}` }), ` ${d}`)),
  );
  return [svg, legend];
}
