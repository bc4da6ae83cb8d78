// The Shapes card: torch.Size of x, h0/c0, output, h_n and c_n, each dimension named, with why
// it has that size; the dimensions glide when batch_first moves batch.
import { h, fill } from '../dom.mjs';
import { dimensionNames } from '../dimensions.mjs';

export default {
  id: 'shapes',
  column: 'outputs',
  early: true, // drawn from the shapes the compute sends before its forward (compute.mjs's shapesOf)
  create({ words }) {
    const el = h('div', { id: 'shapes', class: 'shapes' });
    return { children: [h('h2', {}, words.shapes), el], render: (view) => renderShapes(el, view) };
  },
};

function sizeText(shape, names, glossary = {}) {
  // The dimension's name (and in Chinese the notebook's term for it) is drawn by CSS (::after),
  // so the text stays exactly PyTorch's print.
  const dims = shape.map((d, k) =>
    h('span', { class: 'dim', dataset: { name: names[k], gloss: glossary[names[k]] }, title: names[k] }, String(d)),
  );
  const parts = [];
  dims.forEach((d, k) => parts.push(k ? ', ' : '', d));
  return h('code', { class: 'torch-size' }, 'torch.Size([', parts, '])');
}

// Where each dimension sits now, by shape row and dimension name.
function dimensionPlaces(el) {
  const places = new Map();
  for (const d of el.querySelectorAll('.dim'))
    places.set(`${d.closest('.shape-value').id}/${d.dataset.name}`, d.getBoundingClientRect());
  return places;
}

// Each dimension glides from where it was to where it is (batch_first moving batch to the
// front, say), unless the learner asked for reduced motion.
function animateDimensions(el, before) {
  if (!el.animate || globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches) return;
  for (const d of el.querySelectorAll('.dim')) {
    const was = before.get(`${d.closest('.shape-value').id}/${d.dataset.name}`);
    if (!was) continue;
    const now = d.getBoundingClientRect();
    const dx = was.left - now.left;
    if (Math.abs(dx) < 1) continue;
    d.animate([{ transform: `translateX(${dx}px)`, color: 'var(--bad)' }, { transform: 'none' }], {
      duration: 450,
      easing: 'ease-in-out',
    });
  }
}

function renderShapes(el, { table, result, config, words, states, unbatched, state, embedding, packing }) {
  const bf = config.batch_first;
  // Measuring forces a layout: only when the dimensions are about to move.
  const moving = el.dataset.batchFirst !== undefined && el.dataset.batchFirst !== String(bf);
  const before = moving ? dimensionPlaces(el) : null;
  el.dataset.batchFirst = String(bf);
  const row = (name, id, tensor, why, alone = false) =>
    h(
      'div',
      { class: 'shape-row' },
      h('span', { class: 'shape-name' }, name),
      tensor
        ? h(
            'span',
            { id, class: 'shape-value', dataset: { shape: JSON.stringify(tensor.shape) } },
            sizeText(
              tensor.shape,
              dimensionNames(name.replace(/\[.*/, ''), bf, config.proj_size > 0, config.bidirectional, alone),
              words.glossary,
            ),
          )
        : h('span', { id, class: 'shape-value absent' }, '—'),
      h('span', { class: 'shape-why' }, why),
    );
  const noCn = words.noCn(config.mode === 'GRU' ? 'GRU' : 'RNN');
  // A table of words: ids and lengths, then x as the module reads it (one-hot, or the embedding's rows).
  const ids = table.ids
    ? [
        row('ids', 'shape-ids', table.ids, words.whyIds(bf)),
        row('lengths', 'shape-lengths', { shape: [table.batch] }, words.whyLengths),
      ]
    : [];
  const x = embedding
    ? row('x', 'shape-x', { shape: [...table.ids.shape, embedding.shape[1]] }, words.whyXEmbedded(embedding.shape[1]))
    : row(
        'x',
        'shape-x',
        table.x,
        table.ids ? words.whyXOneHot(table.vocabulary.length) : bf ? words.whyXFirst : words.whyXSeq,
      );
  fill(
    el,
    ...ids,
    x,
    states?.h0 ? row('h0', 'shape-h0', states.h0, words.whyH0(state.h0_seed)) : null,
    states?.c0 ? row('c0', 'shape-c0', states.c0, words.whyC0(Number(state.h0_seed) + 1)) : null,
    row('output', 'shape-output', result.output, config.bidirectional ? words.whyOutputBi : words.whyOutput),
    row(
      'h_n',
      'shape-h_n',
      result.h_n,
      config.proj_size > 0 ? words.whyHnProj : packing?.packed ? words.whyHnPacked(config.bidirectional) : words.whyHn,
    ),
    row('c_n', 'shape-c_n', result.c_n, result.c_n ? words.whyCn : noCn),
    unbatched
      ? h(
          'div',
          { class: 'unbatched', id: 'unbatched' },
          h('h3', {}, words.unbatchedTitle(unbatched.name)),
          row(unbatched.name, 'shape-x-alone', unbatched.x, '', true),
          row('output', 'shape-output-alone', unbatched.result.output, '', true),
          row('h_n', 'shape-h_n-alone', unbatched.result.h_n, '', true),
          row('c_n', 'shape-c_n-alone', unbatched.result.c_n, unbatched.result.c_n ? '' : noCn, true),
          h(
            'p',
            { class: unbatched.equal === unbatched.total ? 'verdict ok' : 'verdict bad', id: 'unbatched-verdict' },
            words.unbatchedEqual(unbatched.equal, unbatched.total, unbatched.b),
          ),
        )
      : null,
  );
  if (moving) animateDimensions(el, before);
}
