// The two snippets that put the current playground into another page: a <recur-playground>
// element and an iframe of embed.html driven by the URL hash.
const OPTIONS = ['mode', 'nonlinearity', 'hidden_size', 'num_layers', 'batch_first', 'bias', 'seed', 'language'];

const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** embed.html's hash for a state: mode=LSTM&hidden_size=4&...&table=... */
export function embedHash(state) {
  const params = new URLSearchParams();
  for (const key of OPTIONS) params.set(key, String(state[key]));
  params.set('table', state.table);
  return params.toString();
}

export function elementSnippet(state, base) {
  const attr = (key) => `${key.replace(/_/g, '-')}="${escapeHtml(String(state[key]))}"`;
  return `<script type="module" src="${new URL('recur-playground.mjs', base)}"></script>\n` +
    `<recur-playground ${OPTIONS.map(attr).join(' ')}>\n${escapeHtml(state.table.trim())}\n</recur-playground>`;
}

export function iframeSnippet(state, base) {
  const src = `${new URL('embed.html', base)}#${embedHash(state)}`;
  return `<iframe src="${escapeHtml(src)}" title="Recur playground" width="100%" height="720" style="border:0" loading="lazy"></iframe>`;
}
