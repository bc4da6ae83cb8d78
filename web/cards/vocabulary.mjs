// The Vocabulary card, shown while the table is one of words: each token's id, how often it
// occurs, its one-hot vector, and with nn.Embedding its row of the embedding's weight (the
// seeded, loaded or trained values the module reads). The order is the core's (words.hpp):
// <pad> at 0, then first appearance, which the PyTorch code panel rebuilds.
import { h, fill } from '../dom.mjs';
import { strip } from '../heatmap.mjs';
import { sharedScale } from '../scale.mjs';
import { vocabularyRows } from '../compute.mjs'; // the rows drawn: the compute sends their embedding rows
const MAX_PLACES = 10; // one-hot places written out (and embedding values drawn)

export default {
  id: 'vocabulary',
  column: 'inputs',
  inputs: ['table'],
  eager: true, // at most 24 short rows, drawn with the table it describes
  // Only a table of words has a vocabulary; a table of bits is its own one-hot code.
  shows: (out) => Boolean(out.table?.vocabulary),
  create({ words }) {
    const sub = h('p', { class: 'sub' }),
      el = h('div', { id: 'vocabulary' });
    return {
      children: [h('h2', {}, words.vocabulary), sub, el],
      render(out) {
        if (!out.table?.vocabulary) return;
        sub.textContent = words.vocabularySub(out.table.tokens === 'characters');
        renderVocabulary(el, out, words);
      },
    };
  },
};

// "0 0 1 0 0": token k's one-hot vector (its first places, then how many more).
function oneHot(k, V) {
  const places = [];
  for (let i = 0; i < Math.min(V, MAX_PLACES); ++i) places.push(i === k ? '1' : '0');
  return places.join(' ') + (V > MAX_PLACES ? ` … (${V})` : '');
}

function renderVocabulary(el, { table, embedding }, words) {
  const { vocabulary, counts } = table,
    V = vocabulary.length,
    c = words.vocabColumns;
  // The compute sends the embedding's rows this card draws (embedding.rows: which).
  const E = embedding?.shape[1],
    at = new Map(embedding?.rows.map((k, i) => [k, i])),
    row = (k) => embedding.data.subarray(at.get(k) * E, (at.get(k) + 1) * E),
    scale = embedding && sharedScale(embedding);
  const line = (k) =>
    k < 0
      ? h('tr', { class: 'gap' }, h('th', {}, '⋮'), h('td', {}, '⋮'))
      : h(
          'tr',
          { class: k === 0 ? 'pad' : undefined },
          h('th', {}, String(k)),
          h('td', { class: 'token' }, vocabulary[k]),
          h('td', { class: 'count' }, String(counts[k])),
          h('td', {}, h('code', {}, oneHot(k, V))),
          embedding
            ? h('td', {}, strip(row(k), { scale, limit: MAX_PLACES, label: (i) => `embedding.weight[${k}, ${i}]` }))
            : null,
        );
  const shown = vocabularyRows(V),
    drawn = shown.filter((k) => k >= 0).length;
  fill(
    el,
    h('p', { class: 'note' }, embedding ? words.vocabEmbedding(V, E) : words.vocabOneHot(V)),
    h(
      'table',
      { class: 'values vocabulary' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, c.id),
          h('th', {}, c.token),
          h('th', {}, c.count),
          h('th', {}, c.vector),
          embedding ? h('th', {}, c.row) : null,
        ),
      ),
      h('tbody', {}, shown.map(line)),
    ),
    V > drawn ? h('p', { class: 'note' }, words.moreTokens(V - drawn)) : null,
    h('p', { class: 'note' }, words.vocabPad),
  );
}
