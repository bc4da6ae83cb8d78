// embed.html: a playground for an iframe, set by the URL hash, e.g.
//   embed.html#mode=LSTM&hidden_size=8&batch_first=false&table=001%20010%20100&shapes_hide=true
// Options are the fields of state.mjs (PyTorch's names); `<panel>_hide=true` strips a panel
// (table, model, code, shapes, last_step, steps, head, train, values), as TensorFlow Playground's
// `_hide` flags do.
import { DEFAULTS, PANELS, Playground } from './playground.mjs';
import { fromParams } from './state.mjs';
import { strings } from './strings.mjs';

const hideFlag = (panel) => `${panel.replace('-', '_')}_hide`;
const HIDE_FLAGS = new Set(PANELS.map(hideFlag));

// A link with options Recur cannot use still opens: it says which, above the playground.
function optionsFromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const { state, unknown, invalid } = fromParams(params, (key) => HIDE_FLAGS.has(key));
  const page = strings(state.language).page;
  const problems = [...unknown.map((k) => `${k} (${page.unknown})`), ...invalid.map((k) => `${k} (${page.invalid})`)];
  const status = document.getElementById('link-status');
  status.textContent = problems.length ? page.linkProblems(problems.join(', ')) : '';
  status.hidden = problems.length === 0;
  return { ...DEFAULTS, ...state, panels: PANELS.filter((p) => params.get(hideFlag(p)) !== 'true') };
}

const playground = new Playground(document.getElementById('playground'), optionsFromHash());
playground.ready.then(() => {
  document.body.dataset.ready = 'true';
});
addEventListener('hashchange', () => playground.set(optionsFromHash()));
