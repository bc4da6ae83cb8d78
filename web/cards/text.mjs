// The text card: a character model learning a text the learner picks or pastes, with its
// training and validation loss and perplexity (uPlot), what it writes from a typed prime, the
// top 5 next characters stepping through the text, the text coloured by one unit or gate, and
// the PyTorch script of the whole run. The run trains where the playground computes (the
// compute worker: text-remote.mjs); every number comes from the JS API.
import { h, fill } from '../dom.mjs';
import { control, field } from '../controls.mjs';
import { clampInt } from '../state.mjs';
import { textScript } from '../text-code.mjs';
import { whiteText } from '../heatmap.mjs';
import { chartWidth, followWidth, inkedAxis, withUPlot } from './train.mjs';

const CHART_HEIGHT = 180;
const SAMPLE_EVERY = 25; // steps between samples while training
const SAMPLE_LENGTH = 200;
const WINDOW = 240; // characters of the text stepped through and coloured
const samples = {}; // the sample texts by language, fetched once

function sampleText(language) {
  samples[language] ??= fetch(new URL(`./texts/${language}.txt`, import.meta.url)).then((r) => {
    if (!r.ok) throw new Error(`texts/${language}.txt: ${r.status}`);
    return r.text();
  });
  return samples[language];
}

// The run's settings from the state: what decides its numbers (a change starts it over).
function settingsOf(state, text) {
  return {
    text,
    mode: state.text_model,
    hidden_size: Number(state.text_hidden),
    seq_len: Number(state.text_seq_len),
    batch: Number(state.text_batch),
    lr: Number(state.text_lr),
    seed: Number(state.text_seed),
    stateful: Boolean(state.text_stateful),
  };
}

// Blue (negative) to white to red (positive), for an activation in [-1, 1] (gates in [0, 1]), as
// [r, g, b]; the character on it is black or white, whichever reads better (heatmap.mjs).
function activationColour(v) {
  const t = Math.max(-1, Math.min(1, v));
  const mix = (c) => Math.round(255 + (c - 255) * Math.abs(t));
  return t >= 0 ? [255, mix(80), mix(80)] : [mix(60), mix(120), 255];
}
const activationStyle = (v) => {
  const c = activationColour(v);
  return `background:rgb(${c.join(', ')});color:${whiteText(c) ? '#fff' : '#000'}`;
};

const shown = (c) => (c === '\n' ? '↵' : c === ' ' ? '␣' : c);

export default {
  id: 'text',
  column: 'outputs',
  create(ctx) {
    const { words: t, state } = ctx;
    let run = null,
      runKey = null,
      starting = null, // the key of a run being started
      runError = null,
      replayTo = clampInt('text_trained', state.text_trained); // a link's steps, replayed from the seed
    let sampling = 0,
      replaying = 0; // the step count a link's run is being replayed to
    let loadedText = null,
      sampled = { steps: -1, key: null, text: '' },
      inspected = { steps: -1, key: null, value: null };

    const trainButton = h('button', { id: 'text-train', type: 'button', class: 'button primary' }, t.textTrain);
    const resetButton = h('button', { id: 'text-reset', type: 'button', class: 'button' }, t.textReset);
    const own = h('textarea', {
      id: 'text-own',
      name: 'text_own',
      rows: 6,
      spellcheck: false,
      'aria-label': t.textOwnLabel,
      placeholder: t.textOwnLabel,
    });
    own.value = state.text_own;
    const info = h('p', { id: 'text-info', class: 'note' });
    const statusLine = h('p', { id: 'text-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    const chart = h('div', { id: 'text-chart', class: 'chart' });
    const sampleOut = h('pre', { id: 'text-sample', class: 'text-sample', 'aria-live': 'off' });
    const top5 = h('div', { id: 'text-top5' });
    const coloured = h('p', { id: 'text-coloured', class: 'text-coloured' });
    const code = h('pre', { id: 'text-code', class: 'code' });
    const text = (key, value) => h('input', { id: key.replace(/_/g, '-'), name: key, type: 'text', value });

    const article = h('div', {});
    const emit = () => article.dispatchEvent(new CustomEvent('recur-update', { bubbles: true, composed: true }));

    function currentText() {
      if (state.text_source === 'own') return Promise.resolve(String(state.text_own));
      return sampleText(state.text_source);
    }

    // After a slice of training: drawn at the next frame, a task apart from the slices (so
    // neither grows by the other), once however many slices ran before it.
    let drawPending = false;
    function onprogress() {
      if (drawPending) return;
      drawPending = true;
      requestAnimationFrame(() => {
        drawPending = false;
        if (run && !starting) state.text_trained = run.steps; // not a replaced run's steps
        draw();
        emit();
      });
    }

    // Makes the run for the current settings (a new one starts over); false while the text loads.
    function sync() {
      const key = JSON.stringify({
        ...settingsOf(state, ''),
        source: state.text_source,
        own: state.text_source === 'own' ? state.text_own : '',
      });
      if (key === runKey && (run || runError)) return true;
      if (key === starting) return false; // its run is on its way
      const pending = (starting = key);
      // The new run starts untrained (unless a link's steps are replayed): the link says so from
      // now on, not once the run is made, and never pairs these settings with the old run's steps.
      if (replayTo === 0) state.text_trained = 0;
      let value;
      currentText()
        .then((text) => ctx.textRun(settingsOf(state, (value = text)), onprogress))
        .then(
          (started) => {
            if (starting === pending) starting = null;
            if (pending === runKey) return started.dispose();
            run?.dispose();
            run = started;
            loadedText = value;
            runError = null;
            runKey = pending;
            if (replayTo > 0) run.runTo((replaying = replayTo));
            replayTo = 0;
            draw();
          },
          (error) => {
            if (starting === pending) starting = null;
            run?.dispose();
            run = null;
            runError = error;
            runKey = pending;
            draw();
          },
        );
      return false;
    }

    trainButton.onclick = () => {
      if (!run) return;
      if (run.running) run.pause();
      else run.runTo(run.steps + clampInt('text_steps', state.text_steps));
      draw();
    };
    resetButton.onclick = () => {
      runKey = null;
      state.text_trained = 0;
      sync();
      emit();
    };

    function drawChart() {
      const n = run.history.train.length;
      const xs = Array.from({ length: n + 1 }, (_, k) => k);
      const trainLoss = [null, ...run.history.train];
      const valLoss = new Array(n + 1).fill(null),
        perplexity = new Array(n + 1).fill(null);
      for (const [step, loss] of run.history.validation) {
        valLoss[step] = loss;
        perplexity[step] = Math.exp(loss);
      }
      const data = [xs, trainLoss, valLoss, perplexity];
      chart.dataset.points = String(n);
      withUPlot((uPlot) => {
        if (chart.plot) return chart.plot.setData(data);
        chart.plot = new uPlot(
          {
            width: chartWidth(chart),
            height: CHART_HEIGHT,
            legend: { show: true },
            scales: { x: { time: false } },
            axes: [
              { ...inkedAxis(chart), size: 36 },
              { ...inkedAxis(chart), label: t.textAxisLoss, size: 52 },
              {
                ...inkedAxis(chart),
                side: 1,
                scale: 'ppl',
                label: t.textAxisPerplexity,
                size: 52,
                grid: { show: false },
              },
            ],
            series: [
              {},
              { label: 'train', stroke: '#ea580c', width: 1.5, points: { show: false } },
              { label: 'validation', stroke: '#2563eb', width: 2, spanGaps: true, points: { show: true, size: 4 } },
              {
                label: 'perplexity',
                scale: 'ppl',
                stroke: '#16a34a',
                width: 1,
                dash: [4, 4],
                spanGaps: true,
                points: { show: false },
              },
            ],
          },
          data,
          chart,
        );
        followWidth(chart, CHART_HEIGHT);
      });
    }

    function sampleSettings() {
      return {
        length: SAMPLE_LENGTH,
        temperature: Number(state.text_temperature),
        top_k: Number(state.text_top_k),
        seed: Number(state.text_sample_seed),
      };
    }

    function prime() {
      const p = String(state.text_prime);
      return p.length ? p : [...loadedText][0];
    }

    function drawSample() {
      const key = JSON.stringify([sampleSettings(), prime()]);
      const due = run.steps !== sampled.steps && (!run.running || run.steps - sampled.steps >= SAMPLE_EVERY);
      if (key === sampled.key && !due) return;
      // Asked once: the answer comes from the worker, and is drawn if nothing changed meanwhile.
      const asked = (sampled = { steps: run.steps, key, text: sampled.text }),
        from = prime();
      run.sample(from, sampleSettings()).then((r) => {
        if (sampled !== asked) return;
        asked.text = r.error ? r.error.message : from + r.text;
        sampleOut.classList.toggle('error', Boolean(r.error));
        sampleOut.textContent = asked.text;
        sampleOut.dataset.steps = String(asked.steps);
      });
    }

    function drawInside() {
      if (run.running && inspected.value) return; // the views follow when training pauses
      const chars = [...loadedText].slice(0, WINDOW).join('');
      if (inspected.steps !== run.steps || inspected.key !== chars) {
        // Asked of the worker; drawn when it answers, if nothing changed meanwhile (the text's
        // view of the last steps stays until then).
        const asked = (inspected = {
          steps: run.steps,
          key: chars,
          value: inspected.key === chars ? inspected.value : null,
        });
        run.inspect(chars, 5).then(
          (value) => {
            if (inspected !== asked || !run) return; // replaced, or the card is gone
            asked.value = value;
            drawInside();
          },
          () => {},
        );
      }
      const v = inspected.value;
      if (!v) return;
      const T = v.chars.length;
      const at = Math.min(clampInt('text_position', state.text_position), T - 1);
      const move = (d) => () => {
        state.text_position = Math.max(0, Math.min(T - 1, at + d));
        drawInside();
        emit();
      };
      fill(
        top5,
        h('h3', {}, t.textTop5Title(`“${shown(v.chars[at])}” (${at + 1})`)),
        h(
          'div',
          { class: 'train-buttons' },
          h(
            'button',
            { id: 'text-prev', type: 'button', class: 'button', onclick: move(-1), disabled: at === 0 },
            t.textPrev,
          ),
          h(
            'button',
            { id: 'text-next', type: 'button', class: 'button', onclick: move(1), disabled: at === T - 1 },
            t.textNext,
          ),
        ),
        h(
          'ol',
          { class: 'text-top5' },
          v.top[at].map(({ char, p }) =>
            h(
              'li',
              { class: at + 1 < T && char === v.chars[at + 1] ? 'hit' : '' },
              h('code', {}, shown(char)),
              ` ${(p * 100).toFixed(1)} %`,
            ),
          ),
        ),
      );
      // The unit colouring: intermediates are [num_layers, seq_len, batch, n], batch 1 here.
      const kind = state.text_unit_kind;
      const m = v.intermediates;
      const H = Number(state.text_hidden);
      const unit = Math.min(clampInt('text_unit', state.text_unit), H - 1);
      let values = null,
        width = H,
        offset = unit;
      if (kind === 'h') values = m.h;
      else if (kind === 'c') values = m.c;
      else if (m.gates) {
        values = m.gates;
        width = m.gates.shape[3];
        offset = Number(kind.slice(4)) * H + unit;
        if (offset >= width) values = null; // GRU has three gates
      }
      if (values && values.shape[3] !== width) width = values.shape[3];
      fill(
        coloured,
        values
          ? v.chars.map((c, k) => {
              const a = values.data[k * width + offset];
              return h(
                'span',
                {
                  style: activationStyle(a),
                  title: `${kind}[${unit}] = ${a.toFixed(4)}`,
                  class: k === at ? 'at' : '',
                },
                c === '\n' ? '↵\n' : c,
              );
            })
          : '—',
      );
    }

    function draw() {
      trainButton.textContent = run?.running ? t.textPause : t.textTrain;
      trainButton.setAttribute('aria-pressed', String(Boolean(run?.running)));
      trainButton.disabled = resetButton.disabled = !run;
      own.hidden = state.text_source !== 'own';
      const error = runError ?? run?.error;
      if (error || !run) {
        statusLine.textContent = error ? error.message : t.textLoading;
        statusLine.classList.toggle('error', Boolean(error));
        return;
      }
      statusLine.classList.remove('error');
      const i = run.info;
      info.textContent = t.textInfo(i.characters, run.vocabulary.length, i.chunks, i.validation_rows);
      const val = run.history.validation.at(-1)?.[1];
      const target = run.running && run.steps < replaying ? replaying : 0;
      statusLine.textContent = target
        ? t.textReplaying(run.steps, target)
        : run.steps
          ? t.textStatus(run.steps, run.history.train.at(-1), val)
          : t.textUntrained(val);
      statusLine.dataset.steps = String(run.steps);
      statusLine.dataset.validation = String(val);
      drawChart();
      // Writing is a forward a character: a task of its own, after this slice's.
      clearTimeout(sampling);
      sampling = setTimeout(() => run && drawSample(), 0);
      drawInside();
      code.textContent = textScript({
        ...settingsOf(state, loadedText),
        steps: run.steps,
        prime: prime(),
        length: SAMPLE_LENGTH,
        temperature: Number(state.text_temperature),
        top_k: Number(state.text_top_k),
        sample_seed: Number(state.text_sample_seed),
      });
    }

    const kinds = ['h', 'c', 'gate0', 'gate1', 'gate2', 'gate3'];
    const unitKind = field(
      t.textUnitLabel,
      h(
        'select',
        { id: 'text-unit-kind', name: 'text_unit_kind' },
        kinds.map((k) => h('option', { value: k, selected: state.text_unit_kind === k }, t.textUnitKind[k])),
      ),
    );
    const source = field(
      t.textSourceLabel,
      h(
        'select',
        { id: 'text-source', name: 'text_source' },
        ['en', 'zh', 'own'].map((k) => h('option', { value: k, selected: state.text_source === k }, t.textSources[k])),
      ),
    );
    article.append(
      h('h2', {}, t.textTitle, ' ', h('span', { class: 'sub' }, t.textSub)),
      h(
        'form',
        {
          id: 'text-form',
          class: 'controls train-controls',
          autocomplete: 'off',
          onsubmit: (ev) => ev.preventDefault(),
        },
        source,
        control(state, 'text_model', 'model'),
        control(state, 'text_hidden', 'hidden_size'),
        control(state, 'text_seq_len', 'seq_len'),
        control(state, 'text_batch', 'batch'),
        control(state, 'text_lr', 'lr'),
        control(state, 'text_stateful', 'stateful (h.detach())'),
        control(state, 'text_seed', 'seed'),
        control(state, 'text_steps', t.textStepsLabel),
        h('div', { class: 'train-buttons' }, trainButton, resetButton),
      ),
      own,
      info,
      statusLine,
      chart,
      h('h3', {}, t.textSampleTitle),
      h(
        'form',
        { class: 'controls', autocomplete: 'off', onsubmit: (ev) => ev.preventDefault() },
        field(t.textPrimeLabel, text('text_prime', state.text_prime)),
        control(state, 'text_temperature', t.textTemperatureLabel),
        control(state, 'text_top_k', t.textTopKLabel),
        control(state, 'text_sample_seed', t.textSampleSeedLabel),
      ),
      sampleOut,
      top5,
      h('h3', {}, t.textUnitTitle),
      h(
        'form',
        { class: 'controls', autocomplete: 'off', onsubmit: (ev) => ev.preventDefault() },
        unitKind,
        control(state, 'text_unit', t.textUnitLabel),
      ),
      coloured,
      h('p', { class: 'note' }, t.textUnitNote),
      h(
        'details',
        { id: 'text-code-panel' },
        h('summary', {}, t.textCodeTitle),
        h('p', { class: 'note' }, t.textCodeNote),
        code,
      ),
    );

    return {
      children: [article],
      render() {
        if (sync()) draw();
      },
      stop() {
        run?.dispose();
        run = null;
      },
    };
  },
};
