// The Sentences card, the playground's input: the table the learner types (or torch.rand's
// sizes), the presets menu, the parse status and the table as the model reads it, with the
// head's predictions beside y. Its text area stays in the page even when the card is hidden.
import { h, fill } from '../dom.mjs';
import { control, status } from '../controls.mjs';
import { bitColour, edges, heatGrid } from '../heatmap.mjs';
import { NOTEBOOK_TABLE } from '../notebook.mjs';
import { PRESETS } from '../presets.mjs';

const MAX_SENTENCES = 12,
  MAX_STEPS = 12,
  MAX_BITS = 16; // drawn in the preview

export default {
  id: 'table',
  column: 'inputs',
  inputs: ['table', 'random'], // the digits mode's input is the Draw card (draw.mjs)
  eager: true, // the input: drawn on every change, wherever it is
  early: true, // its status, from the shapes the compute sends before its forward (shapesOf)
  create({ words: t, state: s, set, preset, update }) {
    // Rows do not wrap: a sentence stays one line (and a pasted table lays out without line breaking).
    const table = h('textarea', {
      id: 'table',
      name: 'table',
      wrap: 'off',
      spellcheck: 'false',
      autocomplete: 'off',
      autocapitalize: 'off',
      rows: 9,
      'aria-label': t.tableLabel,
    });
    table.value = s.table;
    const tableStatus = h('p', { id: 'table-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    const preview = h('div', { id: 'table-preview', class: 'preview-wrap', 'aria-label': t.previewLabel });
    const reset = h(
      'button',
      {
        id: 'reset-table',
        type: 'button',
        class: 'link',
        onclick: () => {
          table.value = NOTEBOOK_TABLE;
          s.table = NOTEBOOK_TABLE;
          update();
        },
      },
      t.restore,
    );
    const menu = h(
      'select',
      { id: 'preset', 'aria-label': t.presets, onchange: () => preset(menu.value) },
      h('option', { value: '' }, t.presets),
      PRESETS.map((p) => h('option', { value: p.id }, t.presetNames[p.id])),
    );
    // How the cells are read: bits, words, or one token a character (a table of words: vocabulary.mjs).
    const tokens = control(s, 'tokens', t.tokensLabel, t.tokenNames);
    tokens.classList.add('tokens');
    const tableForm = h('div', { class: 'table-form' }, table, tableStatus, tokens, preview, reset);
    const randomStatus = h('p', { id: 'random-status', class: 'status wide', role: 'status', 'aria-live': 'polite' });
    const randomForm = h(
      'form',
      { id: 'random-form', class: 'controls', autocomplete: 'off', onsubmit: (ev) => ev.preventDefault() },
      h('p', { class: 'note wide' }, t.randomIntro),
      control(s, 'batch'),
      control(s, 'seq_len'),
      control(s, 'input_size'),
      control(s, 'x_seed', t.xSeed),
      randomStatus,
      h(
        'button',
        { id: 'back-to-table', type: 'button', class: 'link wide', onclick: () => set({ input: 'table' }) },
        t.backToTable,
      ),
    );
    let lines = 0;
    // What the rows and columns are, and how the page counts them (said once, here).
    const sub = h('p', { class: 'sub', id: 'sentences-sub' }, t.sentencesSub);
    return {
      children: [h('div', { class: 'card-head' }, h('h2', {}, t.sentences), menu), sub, tableForm, randomForm],
      render(out) {
        const random = s.input === 'random';
        tableForm.hidden = random;
        randomForm.hidden = !random;
        if (random || out.ok || out.table)
          sub.textContent = random
            ? t.sentencesSubRandom
            : out.table?.vocabulary
              ? t.sentencesSubWords
              : t.sentencesSub;
        // The text area grows with the table, so every row stays in view while typing (counted
        // without splitting a long table into an array of lines).
        const n = Math.min(countLines(s.table, 24), 24);
        if (n !== lines) table.rows = Math.max(9, Math.min((lines = n) + 1, 24));
        const where = random ? randomStatus : tableStatus;
        // The shapes ahead of a forward: the preview's ŷ waits for the head, marked until it comes.
        preview.classList.toggle('computing', Boolean(out.early));
        preview.setAttribute('aria-busy', String(Boolean(out.early)));
        if (!out.ok && out.where === 'input') {
          status(where, out.error, '', t);
          if (!random) table.setAttribute('aria-invalid', 'true');
          return;
        }
        table.removeAttribute('aria-invalid');
        const x = out.table;
        if (x.vocabulary) {
          let lo = Infinity,
            hi = 0;
          for (const n of x.lengths) [lo, hi] = [Math.min(lo, n), Math.max(hi, n)];
          const characters = x.tokens === 'characters';
          status(
            where,
            null,
            t.wordsStatus(x.batch, lo, hi, x.vocabulary.length, characters, Boolean(x.y), out.formatted.ids),
          );
          if (out.ok) renderWords(preview, x, out.head.predicted, t, t.headInputNames[out.headInput]);
          return;
        }
        status(where, null, t.tableStatus(x.batch, x.seq_len, x.input_size, Boolean(x.y), out.formatted.x));
        if (out.ok) renderPreview(preview, x, out.head.predicted, t, t.headInputNames[out.headInput], out.extremes?.x);
      },
    };
  },
};

function countLines(text, max) {
  let n = 1;
  for (let at = text.indexOf('\n'); at >= 0 && n <= max; at = text.indexOf('\n', at + 1)) n += 1;
  return n;
}

// ŷ beside y: the head's class for sentence b, marked right or wrong when there is a label.
function predictedCell(table, predicted, b, reads = 'h_n[-1]') {
  return h(
    'span',
    {
      class: `predicted${table.y ? (predicted[b] === table.y[b] ? ' ok' : ' bad') : ''}`,
      title: `ŷ = head(${reads}).argmax()`,
    },
    String(predicted[b]),
  );
}

/** A table of words as the model reads it: each step's token (its id on hover), <pad> past a sentence's end. */
function renderWords(el, table, predicted, words, reads) {
  const B = table.batch,
    T = table.seq_len,
    bf = table.batch_first;
  const bs = edges(B, MAX_SENTENCES),
    ts = edges(T, MAX_STEPS);
  const id = (b, t) => table.ids.data[bf ? b * T + t : t * B + b];
  const cell = (b, t) => {
    if (t < 0) return h('td', { class: 'gap' }, '…');
    const k = id(b, t),
      index = bf ? `ids[${b}, ${t}]` : `ids[${t}, ${b}]`;
    return h('td', { class: k === 0 ? 'token pad' : 'token', title: `${index} = ${k}` }, table.vocabulary[k]);
  };
  const row = (b) =>
    b < 0
      ? h('tr', { class: 'gap' }, h('th', {}, '⋮'))
      : h(
          'tr',
          {},
          h('th', {}, String(b)),
          ts.map((t) => cell(b, t)),
          table.y ? h('td', {}, h('span', { class: 'label' }, String(table.y[b]))) : null,
          h('td', {}, predictedCell(table, predicted, b, reads)),
        );
  fill(
    el,
    h(
      'table',
      { class: 'words', id: 'words-preview', 'aria-label': words.previewLabel },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}),
          ts.map((t) => h('th', {}, t < 0 ? '…' : `x${t + 1}`)),
          table.y ? h('th', {}, 'y') : null,
          h('th', {}, 'ŷ'),
        ),
      ),
      h('tbody', {}, bs.map(row)),
    ),
  );
}

/** The table as the model reads it (bits drawn dark when 1); the head's classes go beside y as ŷ. */
function renderPreview(el, table, predicted, words, reads, found) {
  const I = table.input_size,
    T = table.seq_len,
    B = table.batch;
  const bs = edges(B, MAX_SENTENCES),
    ts = edges(T, MAX_STEPS);
  const extra = [];
  if (table.y) extra.push({ header: 'y', cell: (r) => h('span', { class: 'label' }, String(table.y[bs[r]])) });
  if (predicted) {
    extra.push({ header: 'ŷ', cell: (r) => predictedCell(table, predicted, bs[r], reads) });
  }
  fill(
    el,
    heatGrid({
      rows: bs.map((b) => (b < 0 ? '⋮' : String(b))),
      columns: ts.map((t) => (t < 0 ? '…' : `x${t + 1}`)),
      block: (r, c) => {
        const b = bs[r],
          t = ts[c];
        if (b < 0 || t < 0) return null;
        const at = table.batch_first ? (b * T + t) * I : (t * B + b) * I;
        return table.x.data.subarray(at, at + I);
      },
      units: edges(I, MAX_BITS),
      colour: bitColour,
      size: { w: 10, h: 11 },
      extra,
      label: (r, c, i) => (table.batch_first ? `x[${bs[r]}, ${ts[c]}, ${i}]` : `x[${ts[c]}, ${bs[r]}, ${i}]`),
      name: 'x',
      tensor: table.x,
      found, // the compute's: x can hold a million values
      words,
    }),
  );
}
