// The Train card's results: the loss and accuracy curves (uPlot, loaded on first use) and the
// gradient-through-time heat map, ||dL/dh_t|| per layer and step of one sentence. Every number
// drawn comes from the JS API (trainer.step, trainer.lossAndGrad).
import { h, fill } from '../dom.mjs';
import { control, status } from '../controls.mjs';
import { heatGrid, ramp } from '../heatmap.mjs';

const CHART_HEIGHT = 190;
let uPlot = null;
let uPlotReady = null;
// Beside the page's bundle in dist/ (kept out of it: it loads when this card is first drawn).
const UPLOT = './uplot.mjs';

// requestIdleCallback where the browser has it (Safari before 18 does not): a short timeout.
const whenIdle = (f) => (globalThis.requestIdleCallback ? requestIdleCallback(f, { timeout: 250 }) : setTimeout(f, 50));
const cancelIdle = (id) => (globalThis.cancelIdleCallback ? cancelIdleCallback(id) : clearTimeout(id));

export default {
  id: 'train',
  column: 'outputs',
  inputs: ['table', 'random'], // the digits mode trains in its own card (digits-train.mjs)
  create({ words: t, state, training }) {
    const trainButton = h(
      'button',
      { id: 'train', type: 'button', class: 'button primary', onclick: () => training.train() },
      t.train,
    );
    const form = h(
      'form',
      {
        id: 'train-form',
        class: 'controls train-controls',
        autocomplete: 'off',
        onsubmit: (ev) => ev.preventDefault(),
      },
      control(state, 'optimizer', t.optimizerLabel),
      control(state, 'lr', t.lrLabel),
      control(state, 'epochs', t.epochsLabel),
      h(
        'div',
        { class: 'train-buttons' },
        trainButton,
        h('button', { id: 'train-step', type: 'button', class: 'button', onclick: () => training.step() }, t.trainStep),
        h(
          'button',
          { id: 'train-reset', type: 'button', class: 'button', onclick: () => training.reset() },
          t.trainReset,
        ),
      ),
    );
    const statusLine = h('p', { id: 'train-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    const chart = h('div', { id: 'loss-chart', class: 'chart' });
    const gradients = h('div', { id: 'gradients' });
    let measuring = 0;
    function render(view) {
      const { table, b, config } = view,
        run = training.run,
        error = training.error ?? run.error;
      if (table.y && !run.latest && !error) {
        // A new run's loss and gradients wait until the page is idle: after this keystroke's
        // frame, and not at all while the learner keeps typing.
        cancelIdle(measuring);
        measuring = whenIdle(() => training.measure());
      }
      const ready = Boolean(table.y && run.latest && !error);
      for (const button of form.querySelectorAll('button')) button.disabled = !ready;
      trainButton.textContent = run.running ? t.pause : t.train;
      trainButton.setAttribute('aria-pressed', String(run.running));
      readout.hidden = !ready; // no gradient map, no cell to point at
      if (!ready) {
        status(
          statusLine,
          error,
          table.y ? '…' : view.state.input === 'random' ? t.trainNeedsYRandom : t.trainNeedsY,
          t,
        );
        chart.hidden = true;
        fill(gradients);
        return;
      }
      let correct = 0;
      run.latest.predicted.forEach((p, k) => {
        correct += p === table.y[k] ? 1 : 0;
      });
      const replaying = run.running && run.steps < training.replayTo;
      status(
        statusLine,
        null,
        replaying
          ? t.replaying(run.steps, training.replayTo)
          : t.trainStatus(run.steps, run.latest.loss, correct, table.batch),
      );
      chart.hidden = false;
      renderChart(chart, run.history, t);
      renderGradients(gradients, {
        norms: run.latest.hiddenGradNorms,
        b,
        D: config.bidirectional ? 2 : 1,
        // Packed, a sentence ends at its own last word: there the loss enters.
        length: view.packing?.packed ? view.packing.lengths[b] : table.seq_len,
        cat: view.headInput === 'cat',
        words: t,
      });
    }
    const readout = h('p', { class: 'readout', id: 'train-readout', 'aria-live': 'polite', hidden: true }, t.hover);
    return {
      children: [
        h('h2', {}, t.trainTitle, ' ', h('span', { class: 'sub' }, t.trainSub)),
        form,
        statusLine,
        chart,
        readout,
        gradients,
        h('p', { class: 'note' }, t.trainNote),
      ],
      render,
    };
  },
};

// uPlot makes an Intl.NumberFormat(navigator.language) as it loads, which throws where that is
// no language tag: WebKitGTK 2.50 under the C.UTF-8 locale (Debian's default) reports "C", and
// uplot.mjs then fails to load, so no chart was drawn. There the C locale's language is given.
function giveLanguageTag() {
  try {
    new Intl.NumberFormat(navigator.language);
  } catch {
    Object.defineProperty(navigator, 'language', { value: 'en-US', configurable: true });
  }
}

/**
 * Loads uPlot in idle time, for a card on screen that will draw a chart later (the digits mode's,
 * once training starts): the number formats and the module's evaluation then take tasks of their
 * own, and the first chart only makes itself (together they were one task of 180-250 ms).
 */
let preloading = false; // an idle callback is already asked for
export function preloadUPlot() {
  if (uPlotReady || preloading) return;
  preloading = true;
  const idle = globalThis.requestIdleCallback ?? ((f) => setTimeout(f, 100));
  idle(() => withUPlot(() => {}));
}

// Runs draw(uPlot) once uPlot is loaded (a separate file, fetched the first time a chart is
// drawn); the digits card's and the text card's charts use it too.
export function withUPlot(draw) {
  if (uPlot) return draw(uPlot);
  if (!uPlotReady) giveLanguageTag();
  uPlotReady ??= import(UPLOT).then((m) => {
    uPlot = m.default;
  });
  uPlotReady.then(
    () => draw(uPlot),
    () => {},
  ); // offline without uplot.mjs: the status line still says it all
}

// 1, 0.1, 0.01, 1e-3, 1e-4: a log axis's labels (uPlot's own round the small ones to 0).
const logTick = (v) => (v == null ? '' : v >= 0.01 ? String(+v.toPrecision(2)) : v.toExponential(0));

// Faint rules: black on a light page, white on a dark one (whichever the ink, 'rgb(r, g, b)', is not).
function faintRule(ink) {
  const [r, g, b] = (ink.match(/\d+/g) ?? []).map(Number);
  return r + g + b > 384 ? 'rgba(255, 255, 255, 0.08)' : 'rgba(0, 0, 0, 0.06)';
}

/**
 * uPlot axis options in the page's ink and faint rules, read off `holder` (uPlot draws black on
 * its canvas otherwise: unreadable on a dark page or in forced colours). For every chart's axes.
 */
export function inkedAxis(holder) {
  const ink = getComputedStyle(holder).color,
    rule = faintRule(ink);
  return { stroke: ink, ticks: { stroke: rule }, grid: { stroke: rule, width: 1 } };
}

/** A chart's width in `holder`: its width, at least 240 px (320 px before it is laid out). */
export const chartWidth = (holder) => Math.max(240, holder.clientWidth || 320);

/**
 * Keeps `holder.plot` (a uPlot chart, which draws at a fixed size) as wide as `holder`; returns
 * the observer. Only a new width is drawn again: the observer's first report, right after the
 * chart is made, would otherwise draw it a second time in the same frame (10-33 ms, measured).
 */
export function followWidth(holder, height) {
  const observer = new ResizeObserver(() => {
    const width = chartWidth(holder);
    if (width !== holder.plot.width) holder.plot.setSize({ width, height });
  });
  observer.observe(holder);
  return observer;
}

/** Draws (or updates) the loss and accuracy curves of `history` into `holder`, which it owns. */
function renderChart(holder, history, words) {
  const n = history.loss.length;
  // The loss on a log scale (it falls by orders of magnitude); 0 cannot be drawn there.
  const data = [
    Array.from({ length: n }, (_, k) => k),
    Array.from(history.loss, (v) => (v > 0 ? v : null)),
    Array.from(history.accuracy, (v) => (v == null ? null : v * 100)),
  ];
  holder.dataset.points = String(n);
  withUPlot(() => {
    // A change of colour scheme makes the chart anew, its axes in the new ink (inkedAxis).
    const ink = getComputedStyle(holder).color;
    if (holder.plot && holder.ink === ink) return holder.plot.setData(data);
    holder.plot?.destroy();
    holder.resizing?.disconnect();
    holder.ink = ink;
    const axis = inkedAxis(holder);
    holder.plot = new uPlot(
      {
        width: chartWidth(holder),
        height: CHART_HEIGHT,
        legend: { show: false },
        scales: { x: { time: false }, y: { distr: 3 }, pct: { range: [0, 105] } },
        axes: [
          { ...axis, label: words.axisStep, size: 36 },
          { ...axis, label: words.axisLoss, size: 52, values: (u, splits) => splits.map(logTick) },
          { ...axis, side: 1, scale: 'pct', label: words.axisAccuracy, size: 48, grid: { show: false } },
        ],
        series: [
          {},
          { label: 'loss', stroke: '#ea580c', width: 2, points: { show: false } },
          { label: words.axisAccuracy, scale: 'pct', stroke: '#16a34a', width: 2, points: { show: false } },
        ],
      },
      data,
      holder,
    );
    holder.resizing = followWidth(holder, CHART_HEIGHT);
  });
}

// Gradient norms span orders of magnitude: colour by log10, from the zero colour (1e-4 of the
// largest or less) to deep violet (the largest).
function logColour(max) {
  return (v) => ramp(!Number.isFinite(v) ? v : v > 0 && max > 0 ? Math.max(0, 1 + Math.log10(v / max) / 4) : 0);
}

/** The gradient-through-time heat map of sentence `b` from lossAndGrad's hiddenGradNorms [S, T, B]. */
function renderGradients(el, { norms, b, D, length, cat, words }) {
  const [S, T, B] = norms.shape;
  const at = (row, t) => norms.data[(row * T + t) * B + b];
  let max = 0;
  for (let row = 0; row < S; ++row) for (let t = 0; t < T; ++t) max = Math.max(max, at(row, t));
  // The loss reads h_n[-1], the last row: the top layer's only direction, which ends at the
  // sentence's last step (packed: its own last word), or with two directions its reverse one,
  // which ends at t = 0. The gradient enters where that direction ends and flows back through
  // its steps to where it began. torch.cat((h_n[-2], h_n[-1])) reads both: the forward one is told.
  const reverse = D === 2 && !cat,
    row = reverse ? S - 1 : S - D,
    enters = reverse ? 0 : length - 1,
    began = reverse ? length - 1 : 0;
  const last = at(row, enters),
    first = at(row, began),
    r = first / last;
  // float32 gradients reach 1e-38 and below after a run that learned: written as they are.
  const norm = (v) => (v === 0 ? '0' : v.toExponential(2));
  const ratio = !(last > 0) ? '—' : r === 0 ? '0' : r < 0.001 ? r.toExponential(1) : r.toPrecision(2);
  fill(
    el,
    h('h3', {}, words.gradientsTitle(b)),
    heatGrid({
      rows: Array.from({ length: S }, (_, row) => words.gradientRow(Math.floor(row / D), row % D === 1)),
      columns: Array.from({ length: T }, (_, t) => `t=${t}`),
      block: (row, t) => [at(row, t)],
      n: 1,
      size: { w: 26, h: 22 },
      // As hiddenGradNorms is indexed: [layer * directions + direction, t, sentence].
      label: (row, t) => `‖∂L/∂h_t‖[${row}, ${t}, ${b}]`,
      colour: logColour(max),
      name: '‖∂L/∂h_t‖',
      words,
    }),
    h(
      'p',
      { class: 'note', id: 'vanishing' },
      (reverse ? words.vanishingReverse : words.vanishing)(norm(first), norm(last), ratio, length - 1),
    ),
    h('p', { class: 'note' }, words.gradientsNote),
  );
}
