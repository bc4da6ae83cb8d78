// The Linear head card: logits and softmax per sentence from h_n[-1], the predicted class beside
// y. Everything drawn here was computed by the core (model.createHead, head.forward).
import { h, fill } from '../dom.mjs';
import { edges, fmt, strip } from '../heatmap.mjs';
import { sharedScale } from '../scale.mjs';

const MAX_SENTENCES = 12;

export default {
  id: 'head',
  column: 'outputs',
  create({ words, weights }) {
    const el = h('div', { id: 'head' });
    // Loaded weights (a file) are not untrained: the card names them.
    return {
      children: [h('h2', {}, words.headTitle), el],
      render: (view) => renderHead(el, { ...view, loaded: weights?.loaded?.name ?? null }),
    };
  },
};

function renderHead(el, { table, head, headInput, config, outFeatures, state, words, trainedSteps, loaded }) {
  const { logits, probabilities, predicted } = head;
  const B = table.batch,
    O = outFeatures;
  const scale = sharedScale(logits);
  let matches = 0;
  if (table.y) for (let b = 0; b < B; ++b) if (table.y[b] === predicted[b]) matches += 1;
  const row = (b) => {
    if (b < 0) return h('tr', { class: 'gap' }, h('th', {}, '⋮'), h('td', {}), h('td', {}, '⋮'));
    const y = table.y?.[b];
    const p = probabilities.data.subarray(b * O, (b + 1) * O);
    const bars = [];
    for (let k = 0; k < Math.min(O, 16); ++k)
      bars.push(
        h(
          'span',
          { class: k === predicted[b] ? 'bar best' : 'bar', title: `softmax[${b}, ${k}] = ${p[k].toPrecision(8)}` },
          h('span', { class: 'bar-fill', style: `height:${Math.round(p[k] * 100)}%` }),
        ),
      );
    const verdict = y === undefined ? '' : y === predicted[b] ? ' ✓' : ' ✗';
    return h(
      'tr',
      {},
      h('th', {}, String(b)),
      h('td', { class: 'label' }, y === undefined ? '—' : String(y)),
      h(
        'td',
        {},
        strip(logits.data.subarray(b * O, (b + 1) * O), {
          scale,
          limit: 16,
          showNumbers: O <= 4,
          label: (k) => `logits[${b}, ${k}]`,
        }),
      ),
      h(
        'td',
        {},
        h(
          'span',
          {
            class: 'bars',
            role: 'img',
            'aria-label': Array.from(p.subarray(0, Math.min(O, 16)), (v, k) => `softmax[${b}, ${k}] = ${fmt(v)}`).join(
              ', ',
            ),
          },
          bars,
        ),
      ),
      h(
        'td',
        {
          class: y === undefined ? 'predicted' : y === predicted[b] ? 'predicted ok' : 'predicted bad',
          dataset: { sentence: b },
        },
        String(predicted[b]),
        verdict,
        h('span', { class: 'sub' }, ` ${fmt(p[predicted[b]])}`),
      ),
    );
  };
  fill(
    el,
    h(
      'p',
      { class: 'note' },
      words.headIntro(
        (headInput === 'cat' ? 2 : 1) * (config.proj_size || config.hidden_size),
        O,
        String(state.out_features) === '0',
        Boolean(table.y),
        trainedSteps,
        words.headInputNames[headInput],
        loaded,
      ),
    ),
    h(
      'table',
      { class: 'values head' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, words.sentence),
          h('th', {}, 'y'),
          h('th', {}, 'logits'),
          h('th', {}, 'softmax'),
          h('th', {}, words.predicted),
        ),
      ),
      h('tbody', {}, edges(B, MAX_SENTENCES).map(row)),
    ),
    B > MAX_SENTENCES ? h('p', { class: 'note' }, words.moreCompared(B - MAX_SENTENCES)) : null,
    table.y
      ? h('p', { id: 'head-accuracy', class: 'verdict' }, words.accuracy(matches, B, trainedSteps, loaded))
      : null,
  );
}
