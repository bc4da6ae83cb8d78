// The main page: one full playground, a language switch and the "Copy embed code" dialog.
import { Playground } from './playground.mjs';
import { elementSnippet, iframeSnippet } from './embed-code.mjs';

const $ = (id) => document.getElementById(id);
const playground = new Playground($('playground'));

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
