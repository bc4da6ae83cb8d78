// embed.html: a playground for an iframe, set by the URL hash, e.g.
//   embed.html#mode=LSTM&hidden_size=8&batch_first=false&table=001%20010%20100&shapes_hide=true
// Options are the fields of state.mjs (PyTorch's names); `<panel>_hide=true` strips a panel
// (table_hide, model_hide, code_hide, shapes_hide, last_step_hide, steps_hide, head_hide,
// train_hide, values_hide), as TensorFlow Playground's `_hide` flags do. A flag takes the usual
// spellings of true (true, 1, yes, on, or no value); any other value is named above the
// playground, as an invalid field is. The page posts its height to the page around the iframe
// ({ type: 'recur:height', height }), so the snippet's script (iframe-height.js) sizes the iframe
// to its content.
// Starts the compute worker before this module's own code runs (compute-start.mjs says why).
import * as start from './compute-start.mjs';
import { computeLaunched } from './compute-client.mjs';
import { DEFAULTS, PANELS, Playground } from './playground.mjs';
import { fromParams, parseBool } from './state.mjs';
import { strings } from './strings.mjs';

const hideFlag = (panel) => `${panel.replace('-', '_')}_hide`;
const HIDE_FLAGS = new Set(PANELS.map(hideFlag));

// A link with options Recur cannot use still opens: it says which, above the playground.
function optionsFromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const { state, unknown, invalid } = fromParams(params, (key) => HIDE_FLAGS.has(key));
  const page = strings(state.language).page;
  const hidden = new Set(),
    badFlags = [];
  for (const [key, text] of params) {
    if (!HIDE_FLAGS.has(key)) continue;
    const value = text === '' ? true : parseBool(text); // a bare flag (code_hide) means true
    if (value === undefined) badFlags.push(`${key}=${text} (${page.notTrueFalse})`);
    else if (value) hidden.add(key);
    else hidden.delete(key);
  }
  const problems = [
    ...unknown.map((k) => `${k} (${page.unknown})`),
    ...invalid.map((k) => `${k} (${page.invalid})`),
    ...badFlags,
  ];
  const status = document.getElementById('link-status');
  status.textContent = problems.length ? page.linkProblems(problems.join(', ')) : '';
  status.hidden = problems.length === 0;
  return { ...DEFAULTS, ...state, panels: PANELS.filter((p) => !hidden.has(hideFlag(p))) };
}

await computeLaunched(start); // the worker's thread starts before the page's longest task
const playground = new Playground(document.getElementById('playground'), optionsFromHash());
playground.ready.then(() => {
  document.body.dataset.ready = 'true';
});
addEventListener('hashchange', () => playground.set(optionsFromHash()));

// The content's height, whenever it changes, for the page the iframe sits in: its snippet sets
// the iframe's height from it, so the lesson shows the whole playground with no scrolling inside.
if (window.parent !== window) {
  let posted = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === posted) return;
    posted = height;
    window.parent.postMessage({ type: 'recur:height', height }, '*');
  }).observe(document.body);
}
