// The main page: one full playground, a language switch and the "Copy embed code" dialog.
import { Playground } from './playground.mjs';
import { elementSnippet, iframeSnippet } from './embed-code.mjs';

const $ = (id) => document.getElementById(id);

// What the learner typed and chose survives a reload: kept in localStorage on every change.
const STORAGE_KEY = 'recur:playground';
function restored() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    return saved && typeof saved.table === 'string' ? saved : {};
  } catch {
    return {}; // storage blocked or unreadable: start from the notebook's table
  }
}
const initial = restored();
if (initial.language) $('language').value = initial.language;
const playground = new Playground($('playground'), initial);
$('playground').addEventListener('recur-update', save);
$('playground').addEventListener('input', save);
function save() {
  const { panels, ...state } = playground.state;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // private mode or full storage: nothing to do, the page still works
  }
}

playground.ready.then((pg) => {
  $('engine').textContent = `WebAssembly ${pg.simdArch === 'wasm' ? 'SIMD128' : 'scalar'} · ready`;
  document.body.dataset.ready = 'true';
  return pg;
}, (error) => {
  $('engine').textContent = `WebAssembly failed to load: ${error.message}`;
  $('engine').classList.add('error');
});

$('language').addEventListener('change', (e) => {
  document.documentElement.lang = e.target.value === 'zh' ? 'zh-CN' : 'en';
  playground.set({ language: e.target.value });
});

$('embed').addEventListener('click', async () => {
  const state = playground.state;
  $('embed-element').value = elementSnippet(state, location.href);
  $('embed-iframe').value = iframeSnippet(state, location.href);
  $('embed-dialog').showModal();
  try {
    await navigator.clipboard.writeText(`${$('embed-element').value}\n\n${$('embed-iframe').value}`);
    $('embed-status').textContent = 'Both snippets are on the clipboard.';
  } catch {
    $('embed-status').textContent = 'Select a snippet and copy it (the clipboard is not available here).';
  }
});
