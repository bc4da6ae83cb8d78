// The Linear head panel: logits and softmax per sentence from h_n[-1], the predicted class beside
// y. Everything drawn here was computed by the core (model.createHead, head.forward).
import { h, fill } from './dom.mjs';
import { fmt, sharedScale, strip } from './heatmap.mjs';

const MAX_SENTENCES = 12;

/** The head's width when out_features is "auto" (0): one class a label of y, else 10. */
export function autoOutFeatures(y) {
  if (!y || y.length === 0) return 10;
  // Every label must be a valid class index, so labels 0 and 3 need 4 classes, not 2.
  return Math.max(new Set(y).size, Math.max(...y) + 1);
}

export function renderHead(el, { table, head, config, outFeatures, state, words, trained }) {
  const { logits, probabilities, predicted } = head;
  const B = table.batch, O = outFeatures;
  const scale = sharedScale(logits);
  const rows = [];
  let matches = 0;
  for (let b = 0; b < B; ++b) {
    const y = table.y?.[b];
    if (y === predicted[b]) matches += 1;
    if (b >= MAX_SENTENCES) continue;
    const p = probabilities.data.subarray(b * O, (b + 1) * O);
    const bars = [];
    for (let k = 0; k < Math.min(O, 16); ++k)
      bars.push(h('span', { class: k === predicted[b] ? 'bar best' : 'bar', title: `softmax[${b}, ${k}] = ${p[k].toPrecision(8)}` },
        h('span', { class: 'bar-fill', style: `height:${Math.round(p[k] * 100)}%` })));
    const verdict = y === undefined ? '' : y === predicted[b] ? ' ✓' : ' ✗';
    rows.push(h('tr', {},
      h('th', {}, String(b)),
      h('td', { class: 'label' }, y === undefined ? '—' : String(y)),
      h('td', {}, strip(logits.data.subarray(b * O, (b + 1) * O), { scale, limit: 16, showNumbers: O <= 4, label: (k) => `logits[${b}, ${k}]` })),
      h('td', {}, h('span', { class: 'bars' }, bars)),
      h('td', { class: y === undefined ? 'predicted' : y === predicted[b] ? 'predicted ok' : 'predicted bad', dataset: { sentence: b } },
        String(predicted[b]), verdict, h('span', { class: 'sub' }, ` ${fmt(p[predicted[b]])}`))));
  }
  fill(el,
    h('p', { class: 'note' }, words.headIntro(config.proj_size || config.hidden_size, O, String(state.out_features) === '0', Boolean(table.y), trained)),
    h('table', { class: 'values head' },
      h('thead', {}, h('tr', {}, h('th', {}, words.sentence), h('th', {}, 'y'), h('th', {}, 'logits'), h('th', {}, 'softmax'), h('th', {}, words.predicted))),
      h('tbody', {}, rows)),
    B > MAX_SENTENCES ? h('p', { class: 'note' }, words.moreCompared(B - MAX_SENTENCES)) : null,
    table.y ? h('p', { id: 'head-accuracy', class: 'verdict' }, words.accuracy(matches, B, trained)) : null);
}
