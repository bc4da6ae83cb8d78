// The two snippets that put the current playground into another page: a <recur-playground>
// element and an iframe of embed.html driven by the URL hash.
import { toParams } from './state.mjs';

const escapeHtml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** embed.html's hash for a state: the fields that differ from the defaults, table included. */
export function embedHash(state) {
  return toParams(state).toString();
}

/** The element: every non-default field but the table as an attribute, the table as its text. */
export function elementSnippet(state, base) {
  const params = toParams(state);
  params.delete('table');
  const attributes = [...params].map(([key, value]) => ` ${key.replace(/_/g, '-')}="${escapeHtml(value)}"`).join('');
  return (
    `<script type="module" src="${new URL('recur-playground.mjs', base)}"></script>\n` +
    `<recur-playground${attributes}>\n${escapeHtml(state.table.trim())}\n</recur-playground>`
  );
}

/**
 * The iframe, and the script beside embed.html (iframe-height.js) that sets its height to the
 * height embed.html posts (its content's); without the script it keeps height="720" and scrolls
 * inside.
 */
export function iframeSnippet(state, base) {
  const src = `${new URL('embed.html', base)}#${embedHash(state)}`;
  return (
    `<iframe src="${escapeHtml(src)}" title="Recur playground" width="100%" height="720" style="border:0" loading="lazy"></iframe>\n` +
    `<script src="${escapeHtml(new URL('iframe-height.js', base).href)}" async></script>`
  );
}
