// The digits mode's input: a drawing pad (pointer events: mouse, touch, pen), Clear, and a test
// digit to read instead (the keyboard's way in); the 28x28 digit as the model reads it
// (recur.mnistDigit: MNIST's preprocessing) and the prediction with its ten probabilities,
// updated while the learner draws. Every number comes from the JS API (digits mode's run.read).
import { h, fill } from '../dom.mjs';
import { control, status } from '../controls.mjs';
import { digitCanvas } from '../digit-canvas.mjs';

const PAD = 280; // the pad's pixels: ten a digit pixel
const STROKE = 22; // MNIST's strokes are about 2 of 28 pixels wide once scaled to the 20-pixel box

export default {
  id: 'draw',
  column: 'inputs',
  eager: true, // the input: drawn on every change, wherever it is
  inputs: ['digits'],
  create(ctx) {
    const { words, state: s, set, update } = ctx;
    const t = words.digits;
    // The digits mode exists once WebAssembly has loaded (after the cards are built).
    const mode = {
      get run() {
        return ctx.digits?.run;
      },
      get digits() {
        return ctx.digits?.digits;
      },
      get error() {
        return ctx.digits?.error;
      },
      get drawing() {
        return ctx.digits?.drawing;
      },
      set drawing(d) {
        if (ctx.digits) ctx.digits.drawing = d;
      },
      table: (state) => ctx.digits?.table(state),
      fromInk: (...a) => ctx.digits.fromInk(...a),
    };
    const pad = h('canvas', {
      id: 'digit-pad',
      class: 'digit-pad',
      width: PAD,
      height: PAD,
      role: 'img',
      'aria-label': t.padLabel,
    });
    const context = pad.getContext('2d', { willReadFrequently: true });
    const readsHolder = h('div', { id: 'digit-reads', class: 'digit-reads' });
    const prediction = h('p', { id: 'digit-prediction', class: 'prediction', 'aria-live': 'polite' });
    const bars = h('div', { id: 'digit-probabilities', class: 'probability-bars', 'aria-label': t.probabilities });
    const statusLine = h('p', { id: 'digits-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    const about = h('p', { id: 'digit-about', class: 'note' });
    const pick = control(s, 'digit', t.pick);
    // Picking a test digit reads it instead of the drawing (this runs before the playground's
    // own input listener, which recomputes).
    pick.querySelector('input').addEventListener('input', () => {
      mode.drawing = null;
      clearPad();
    });

    let drawing = false,
      last = null,
      pending = 0,
      inked = false;
    function clearPad() {
      context.clearRect(0, 0, PAD, PAD);
      inked = false;
    }
    const point = (ev) => {
      const box = pad.getBoundingClientRect();
      return [((ev.clientX - box.left) * PAD) / box.width, ((ev.clientY - box.top) * PAD) / box.height];
    };
    function stroke(to) {
      context.strokeStyle = '#111';
      context.fillStyle = '#111';
      context.lineCap = 'round';
      context.lineJoin = 'round';
      context.lineWidth = STROKE;
      context.beginPath();
      context.moveTo(...(last ?? to));
      context.lineTo(...to);
      context.stroke();
      last = to;
      inked = true;
    }
    // The drawing through MNIST's preprocessing and the model, at most once a frame.
    function readDrawing(final) {
      if (!inked) return;
      const alpha = context.getImageData(0, 0, PAD, PAD).data;
      const ink = new Uint8Array(PAD * PAD);
      for (let i = 0; i < ink.length; ++i) ink[i] = alpha[i * 4 + 3];
      mode.drawing = mode.fromInk(ink, PAD, PAD);
      if (final)
        update(); // every card now reads the drawing
      else showReading();
    }
    pad.addEventListener('pointerdown', (ev) => {
      ev.preventDefault();
      pad.setPointerCapture?.(ev.pointerId);
      drawing = true;
      last = null;
      stroke(point(ev));
      readDrawing(false);
    });
    pad.addEventListener('pointermove', (ev) => {
      if (!drawing) return;
      for (const e of ev.getCoalescedEvents?.() ?? [ev]) stroke(point(e));
      if (!pending)
        pending = requestAnimationFrame(() => {
          pending = 0;
          readDrawing(false);
        });
    });
    const end = () => {
      if (!drawing) return;
      drawing = false;
      readDrawing(true);
    };
    pad.addEventListener('pointerup', end);
    pad.addEventListener('pointercancel', end);
    const clear = h(
      'button',
      {
        id: 'digit-clear',
        type: 'button',
        class: 'button',
        onclick: () => {
          clearPad();
          mode.drawing = null;
          update();
        },
      },
      t.clear,
    );

    // The digit being read (the drawing, else the test digit), its picture and the model's guess.
    function showReading() {
      const run = mode.run;
      const table = mode.table(s);
      if (!run || !table) return;
      const x = table.x;
      const image = { data: x.data, shape: [28, 28] };
      fill(readsHolder, digitCanvas(image, { scale: 4, label: t.reads }));
      const read = run.read(x);
      if (!read) {
        fill(prediction);
        fill(bars);
        return;
      }
      const p = Array.from(read.probabilities);
      const untrained = run.steps === 0;
      fill(prediction, t.predicted(read.predicted, (100 * p[read.predicted]).toFixed(1)), untrained ? t.untrained : '');
      fill(
        bars,
        p.map((v, d) =>
          h(
            'div',
            { class: d === read.predicted ? 'digit-bar most' : 'digit-bar', dataset: { digit: String(d) } },
            h('span', { class: 'digit-bar-label' }, String(d)),
            h(
              'span',
              { class: 'digit-bar-track' },
              h('span', { class: 'digit-bar-fill', style: `width: ${(100 * v).toFixed(1)}%` }),
            ),
            h('span', { class: 'digit-bar-value' }, `${(100 * v).toFixed(1)} %`),
          ),
        ),
      );
      about.textContent = mode.drawing ? t.drawnDigit : t.testDigitIs(s.digit, table.y?.[0]);
    }

    return {
      children: [
        h('div', { class: 'card-head' }, h('h2', {}, t.drawTitle)),
        h('p', { class: 'sub' }, t.drawSub),
        statusLine,
        h(
          'div',
          { class: 'digit-row' },
          h('div', { class: 'pad-wrap' }, pad, h('div', { class: 'pad-buttons' }, clear)),
          h('div', { class: 'digit-side' }, readsHolder, about, prediction),
        ),
        h('form', { class: 'controls', autocomplete: 'off', onsubmit: (ev) => ev.preventDefault() }, pick),
        bars,
        h(
          'button',
          { id: 'digits-back', type: 'button', class: 'link wide', onclick: () => set({ input: 'table' }) },
          t.backToTable,
        ),
      ],
      render(out) {
        // Drawn on every change (the inputs are eager) but hidden in the other modes: there it
        // must not ask for the digits, which would fetch the file.
        if (s.input !== 'digits') return;
        const digits = mode.digits;
        if (!out.ok && out.where === 'input') {
          status(statusLine, mode.error ? out.error : null, mode.error ? '' : t.loading);
          return;
        }
        status(statusLine, null, digits ? t.loaded(digits.size, digits.train) : t.loading);
        showReading();
      },
    };
  },
};
