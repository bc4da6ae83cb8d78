// The digits mode's training: optimizer, lr, batch size, epochs and the lr schedule; Train
// (which pauses too) and Reset; the batch loss, the train and test loss and accuracy per epoch
// as curves (uPlot), live; then the confusion matrix of the test digits and a gallery of the
// misclassified ones.
// The run (digits.mjs) computes through the JS API; this card draws its history.
import { h, fill } from '../dom.mjs';
import { control, status } from '../controls.mjs';
import { digitCanvas } from '../digit-canvas.mjs';
import { overCard, whiteText } from '../heatmap.mjs';
import { clampInt } from '../state.mjs';
import { chartWidth, followWidth, inkedAxis, preloadUPlot, withUPlot } from './train.mjs';

const CHART_HEIGHT = 200;

export default {
  id: 'digits-train',
  column: 'outputs',
  inputs: ['digits'],
  create(ctx) {
    const { words, state: s, set } = ctx;
    const t = words.digits;
    const trainButton = h(
      'button',
      {
        id: 'digits-train-button',
        type: 'button',
        class: 'button primary',
        onclick: () => {
          const run = ctx.digits?.run;
          if (!run) return;
          if (run.running) run.pause();
          else run.runTo(run.epoch + clampInt('digits_epochs', s.digits_epochs));
          render();
        },
      },
      t.train,
    );
    const resetButton = h(
      'button',
      {
        id: 'digits-reset',
        type: 'button',
        class: 'button',
        onclick: () => {
          ctx.digits?.run?.dispose();
          ctx.update(); // the seeded weights again, everywhere
        },
      },
      t.reset,
    );
    const form = h(
      'form',
      {
        id: 'digits-train-form',
        class: 'controls train-controls',
        autocomplete: 'off',
        onsubmit: (ev) => ev.preventDefault(),
      },
      // The same fields as the Train card's (named by the field), with ids of their own: both
      // cards are in the page, one of them hidden.
      renamed(control(s, 'optimizer'), 'digits-optimizer'),
      renamed(control(s, 'lr'), 'digits-lr'),
      control(s, 'digits_batch', t.batchLabel),
      control(s, 'digits_epochs', t.epochsLabel),
      control(s, 'digits_schedule', t.scheduleLabel, t.schedules),
      h('div', { class: 'train-buttons' }, trainButton, resetButton),
    );
    const statusLine = h('p', { id: 'digits-train-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    const firstLosses = h('p', { id: 'digits-first-losses', class: 'note' });
    const chart = h('div', { id: 'digits-chart', class: 'chart' });
    const confusion = h('div', { id: 'confusion', class: 'confusion-wrap' });
    const mistakes = h('div', { id: 'mistakes', class: 'mistakes' });
    let tallied; // the confusion matrix drawn: it and the gallery change only when a test pass ends

    function render() {
      preloadUPlot(); // drawn once on screen: the chart comes when training starts
      prepareChart(chart, t);
      const mode = ctx.digits,
        run = mode?.run;
      const ready = Boolean(run && run.stepsPerEpoch);
      for (const button of form.querySelectorAll('button')) button.disabled = !ready;
      trainButton.textContent = run?.running ? t.pause : t.train;
      trainButton.setAttribute('aria-pressed', String(Boolean(run?.running)));
      if (!ready) {
        status(statusLine, run?.error ?? null, t.loading);
        return;
      }
      const hist = run.history,
        n = run.testSize;
      const pct = (v) => (100 * v).toFixed(1);
      const lastTest = hist.testAccuracy.at(-1);
      let text;
      if (run.steps === 0) text = t.notTrained(run.stepsPerEpoch);
      else if (run.testing) text = t.testing(run.epoch + 1);
      else if (!run.running && lastTest !== undefined)
        text = t.done(run.epoch, pct(lastTest), Math.round(lastTest * n), n);
      else
        text = t.status(
          run.epoch,
          Math.max(run.targetEpochs, run.epoch + 1),
          run.stepInEpoch,
          run.stepsPerEpoch,
          // The lr of this epoch's steps (the schedule's), to 4 significant digits.
          run.lr === null ? '' : Number(run.lr.toPrecision(4)).toString(),
          lastTest === undefined ? null : pct(lastTest),
        );
      status(statusLine, run.error, text);
      statusLine.dataset.testAccuracy = lastTest === undefined ? '' : String(lastTest);
      statusLine.dataset.epochs = String(run.epoch);
      const first = hist.stepLoss.slice(0, 3).map((v) => v.toFixed(4));
      fill(firstLosses, first.length ? t.firstLosses(first.join(', ')) : '');
      chart.hidden = run.steps === 0;
      if (run.steps) renderChart(chart, run, t);
      if (tallied === run.confusion) return;
      const tally = (tallied = run.confusion),
        epochs = String(run.epoch);
      // In a frame of their own: the frame that ends a run also redraws the page with the
      // trained weights, and the two together passed 50 ms. data-epochs says which test pass
      // the matrix counts once it is drawn.
      requestAnimationFrame(() => {
        if (tallied !== tally) return; // a newer test pass (or a reset) came first
        renderConfusion(confusion, tally, t);
        confusion.dataset.epochs = tally ? epochs : '';
        renderMistakes(mistakes, run, mode, t, (index) => {
          mode.drawing = null;
          set({ ...s, digit: index });
        });
      });
    }

    return {
      children: [
        h('h2', {}, t.trainTitle, ' ', h('span', { class: 'sub' }, t.trainSub)),
        form,
        h('p', { class: 'note' }, t.trainNote),
        statusLine,
        firstLosses,
        chart,
        confusion,
        mistakes,
      ],
      render,
    };
  },
};

/** A field's control with another id (its name, the state's key, stays). */
function renamed(label, id) {
  label.querySelector('input, select').id = id;
  return label;
}

/**
 * The batch loss at every step and, at each epoch's end, the train and test loss (log scale,
 * left) and accuracy (right), against epochs (a step k of an epoch of n steps at k / n).
 */
function renderChart(holder, run, t) {
  const hist = run.history,
    per = run.stepsPerEpoch,
    steps = hist.stepLoss.length;
  const x = Array.from({ length: steps }, (_, k) => (k + 1) / per);
  const atEpochEnd = (values) => {
    const out = new Array(steps).fill(null);
    values.forEach((v, e) => {
      const k = Math.min(steps, (e + 1) * per) - 1;
      if (k >= 0) out[k] = v;
    });
    return out;
  };
  const percent = (values) => values.map((v) => v * 100);
  const data = [
    x,
    hist.stepLoss.map((v) => (v > 0 ? v : null)),
    atEpochEnd(hist.trainLoss),
    atEpochEnd(hist.testLoss),
    atEpochEnd(percent(hist.trainAccuracy)),
    atEpochEnd(percent(hist.testAccuracy)),
  ];
  holder.dataset.points = String(steps);
  withUPlot((uPlot) => {
    const plot = (holder.plot ??= makeChart(uPlot, holder, t));
    if (!plot.shown) {
      // Its first data: on the page now, at the holder's width (it was hidden when made).
      plot.shown = true;
      holder.append(plot.root);
      plot.initOnce();
      const width = chartWidth(holder);
      if (width !== plot.width) plot.setSize({ width, height: CHART_HEIGHT });
      followWidth(holder, CHART_HEIGHT);
    }
    plot.setData(data);
  });
}

/**
 * Makes the chart of `holder` in idle time before training, once uPlot has loaded: built in one
 * idle task, drawn (empty, off the page) in the next. The first frame of a run then only puts it
 * on the page with its data: building and first drawing it there were one task of 55-80 ms
 * (about 25 ms building, the rest the first drawing; measured).
 */
function prepareChart(holder, t) {
  if (holder.preparing) return;
  holder.preparing = true;
  const idle = globalThis.requestIdleCallback ?? ((f) => setTimeout(f, 100));
  idle(() =>
    withUPlot((uPlot) =>
      idle(() => {
        holder.plot ??= makeChart(uPlot, holder, t);
        idle(() => holder.plot.initOnce());
      }),
    ),
  );
}

/** The chart, built but neither drawn nor on the page: `initOnce()` draws it (uPlot's deferred init). */
function makeChart(uPlot, holder, t) {
  const epochSeries = (label, stroke, scale, dash) => ({
    label,
    stroke,
    scale,
    width: 2,
    dash,
    spanGaps: true,
    points: { show: true, size: 5, fill: stroke },
  });
  let init = null;
  const plot = new uPlot(
    {
      width: chartWidth(holder),
      height: CHART_HEIGHT,
      legend: { show: true, live: false },
      scales: { x: { time: false }, y: { distr: 3 }, pct: { range: [0, 100] } },
      axes: [
        { ...inkedAxis(holder), label: t.axisEpoch, size: 36 },
        { ...inkedAxis(holder), label: t.axisLoss, size: 52 },
        { ...inkedAxis(holder), side: 1, scale: 'pct', label: t.axisAccuracy, size: 48, grid: { show: false } },
      ],
      series: [
        {},
        { label: t.stepLoss, stroke: 'rgba(234, 88, 12, 0.35)', width: 1, points: { show: false } },
        epochSeries(t.trainLoss, '#ea580c', 'y'),
        epochSeries(t.testLoss, '#9a3412', 'y', [6, 4]),
        epochSeries(t.trainAccuracy, '#16a34a', 'pct'),
        epochSeries(t.testAccuracy, '#166534', 'pct', [6, 4]),
      ],
    },
    [[], [], [], [], [], []],
    (_, later) => (init = later),
  );
  plot.initOnce = () => {
    init?.();
    init = null;
  };
  return plot;
}

/** confusion[true][predicted] counts as a table, each cell shaded by its share of its row. */
function renderConfusion(el, confusion, t) {
  if (!confusion) return fill(el);
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, ''),
    confusion.map((_, d) => h('th', { scope: 'col' }, String(d))),
  );
  const rows = confusion.map((row, d) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, String(d)),
      row.map((count, p) => {
        const share = count / total;
        // The shade as seen on the card, and the count in black or white, whichever reads better
        // on it (a fixed threshold put white on mid green, 2.2:1).
        const colour = p === d ? overCard([22, 163, 74], share) : overCard([220, 38, 38], Math.min(1, share * 4));
        return h(
          'td',
          { style: `background: rgb(${colour.join(', ')})`, class: whiteText(colour) ? 'dark' : 'light' },
          count ? String(count) : '',
        );
      }),
    );
  });
  fill(el, h('h3', {}, t.confusionTitle), h('table', { id: 'confusion-matrix', class: 'confusion' }, head, rows));
}

/** The misclassified test digits as small pictures, "true → predicted"; a click reads one. */
function renderMistakes(el, run, mode, t, pick) {
  if (!run.confusion) return fill(el);
  const wrong = run.confusion.reduce((a, row, d) => a + row.reduce((b, c, p) => b + (p === d ? 0 : c), 0), 0);
  fill(
    el,
    h('h3', {}, t.mistakesTitle(wrong, run.mistakes.length)),
    h(
      'div',
      { class: 'gallery' },
      run.mistakes.map((m) =>
        h(
          'button',
          {
            type: 'button',
            class: 'mistake',
            dataset: { index: String(m.index) },
            title: `${m.index}: ${t.mistake(m.label, m.predicted)}`,
            onclick: () => pick(m.index),
          },
          digitCanvas(mode.testDigit(m.index), { scale: 2, label: t.mistake(m.label, m.predicted) }),
          h('span', {}, t.mistake(m.label, m.predicted)),
        ),
      ),
    ),
  );
}
