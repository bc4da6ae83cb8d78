// embed.html: a playground for an iframe, set by the URL hash, e.g.
//   embed.html#mode=LSTM&hidden_size=8&batch_first=false&table=001%20010%20100&shapes_hide=true
// Options use PyTorch's names; `<panel>_hide=true` strips a panel (table, model, code, shapes,
// last_step, values), as TensorFlow Playground's `_hide` flags do.
import { DEFAULTS, PANELS, Playground } from './playground.mjs';

const KNOWN = new Set(['mode', 'nonlinearity', 'hidden_size', 'num_layers', 'seed', 'language', 'table', 'batch_first', 'bias',
  ...PANELS.map((p) => `${p.replace('-', '_')}_hide`)]);

// A link with options Recur does not know still opens: it says which, above the playground.
function linkMessage(params) {
  const unknown = [...params.keys()].filter((k) => !KNOWN.has(k));
  const status = document.getElementById('link-status');
  status.textContent = unknown.length ? `This link has options Recur does not know, ignored: ${unknown.join(', ')}` : '';
  status.hidden = unknown.length === 0;
}

function optionsFromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  linkMessage(params);
  const options = {};
  for (const key of ['mode', 'nonlinearity', 'hidden_size', 'num_layers', 'seed', 'language', 'table'])
    if (params.has(key)) options[key] = params.get(key);
  for (const key of ['batch_first', 'bias']) if (params.has(key)) options[key] = params.get(key) !== 'false';
  options.panels = PANELS.filter((p) => params.get(`${p.replace('-', '_')}_hide`) !== 'true');
  return { ...DEFAULTS, ...options };
}

const playground = new Playground(document.getElementById('playground'), optionsFromHash());
playground.ready.then(() => { document.body.dataset.ready = 'true'; });
addEventListener('hashchange', () => playground.set(optionsFromHash()));
