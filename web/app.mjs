// The main page: one full playground, a language switch and the "Copy embed code" dialog.
// The whole setup lives in the URL hash (a link restores it exactly) and in localStorage (a
// reload keeps what was typed); state.mjs says which fields there are.
// Starts the compute worker before this module's own code runs (compute-start.mjs says why).
import * as start from './compute-start.mjs';
import { Playground } from './playground.mjs';
import { computeLaunched } from './compute-client.mjs';
import { elementSnippet, iframeSnippet } from './embed-code.mjs';
import { defaults, fromParams, toParams } from './state.mjs';
import { strings } from './strings.mjs';

const $ = (id) => document.getElementById(id);
// Held, not looked up when the link is written: that write runs after the typing pause, when the
// document may have been replaced (a test's setContent), and must not throw then.
const linkStatus = $('link-status');
const words = () => strings($('language').value).page;

// The page's own words (header, dialog, footer) in the chosen language; the playground has its own.
function localize(language) {
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  const page = strings(language).page;
  for (const el of document.querySelectorAll('[data-text]')) {
    const text = page[el.dataset.text];
    if (typeof text === 'string') el.textContent = text;
  }
}
const STORAGE_KEY = 'recur:playground';
// The texts a learner pastes (the table, the text card's own text), apart from the other fields:
// stored as typed, without URL-encoding a long text. Longer than LINK_MAX_TEXT, one stays out of
// the address (a link of megabytes is refused or truncated, and writing it costs a long task):
// this browser still keeps it.
const LONG_TEXTS = [
  { key: 'table', storage: 'recur:playground:table', notInLink: (page, n) => page.tableNotInLink(n) },
  { key: 'text_own', storage: 'recur:playground:text', notInLink: (page, n) => page.textNotInLink(n) },
];
const LINK_MAX_TEXT = 64 * 1024;
// `state` without the fields `texts` name (toParams leaves out a field that is undefined).
const without = (state, texts) => ({ ...state, ...Object.fromEntries(texts.map(({ key }) => [key, undefined])) });

// What this tab last wrote (sessionStorage: one a tab, kept across a reload, empty in a new tab):
// the address and the state. A reload of that address opens on the state, with the texts the
// address left out; a link opened anywhere else is exactly the link, even one that spells the
// same address. A page left with a change not yet in the address (typed in the last quarter
// second) wrote two: a reload opens the address from before the change (pagehide is too late to
// change it), and still gets the change.
const WRITTEN_KEY = 'recur:playground:written';
function written() {
  const w = JSON.parse(sessionStorage.getItem(WRITTEN_KEY) ?? 'null');
  return Array.isArray(w?.addresses) && typeof w.state === 'string' ? w : null;
}

// The long texts this browser kept, over `state`.
function keptTexts(state) {
  for (const { key, storage } of LONG_TEXTS) {
    const text = localStorage.getItem(storage);
    if (text !== null) state[key] = text;
  }
  return state;
}

function saved() {
  try {
    return keptTexts(fromParams(new URLSearchParams(localStorage.getItem(STORAGE_KEY) ?? '')).state);
  } catch {
    return {}; // storage blocked or unreadable: start from the notebook's table
  }
}

// The state a link holds; what it holds that Recur cannot use is said above the playground.
function fromLink() {
  const link = fromParams(new URLSearchParams(location.hash.slice(1)));
  const page = strings(link.state.language ?? $('language').value).page;
  const problems = [
    ...link.unknown.map((k) => `${k} (${page.unknown})`),
    ...link.invalid.map((k) => `${k} (${page.invalid})`),
  ];
  linkStatus.textContent = problems.length ? page.linkProblems(problems.join(', ')) : '';
  linkStatus.hidden = problems.length === 0;
  return link.state;
}

// A link wins over what this browser saved; a fresh visitor reading Chinese gets Chinese.
function initialState() {
  const link = fromLink();
  let state = Object.keys(link).length > 0 ? link : saved();
  // A reload of the address this page wrote: the texts too long for it come from this browser.
  try {
    const tab = written();
    if (state === link && tab?.addresses.includes(location.hash.slice(1)))
      state = { ...keptTexts({}), ...fromParams(new URLSearchParams(tab.state)).state };
  } catch {
    // storage blocked or unreadable: the link alone
  }
  state.language ??=
    navigator.languages?.some((l) => /^zh\b/i.test(l)) && !navigator.languages[0].startsWith('en') ? 'zh' : 'en';
  return state;
}

const launched = computeLaunched(start); // the worker's thread starts before the page's longest task
// Read while the worker starts: a first read of the browser's storage waits for it (20-30 ms).
const initial = initialState();
await launched;
$('language').value = initial.language;
localize(initial.language);
const playground = new Playground($('playground'), initial);

// Every change goes to the hash (replaced, not pushed: typing makes no history entries) and to
// storage, once typing pauses: replaceState with a long table costs tens of ms in Chromium, too
// much to pay on every keystroke.
let lastHash = location.hash.slice(1);
let pending = null;
function rememberSoon() {
  clearTimeout(pending);
  pending = setTimeout(remember, 250);
}
let textUnsaved = false; // a long text not stored yet (stored when the page is left)
function remember(leaving = false) {
  clearTimeout(pending);
  pending = null;
  // A link opened in this tab since the last write (its hashchange not handled yet) is not
  // overwritten with the state it replaces: the hashchange handler applies it, then it is written.
  if (location.hash.slice(1) !== lastHash) return;
  const state = playground.state,
    tooLong = LONG_TEXTS.filter(({ key }) => String(state[key]).length > LINK_MAX_TEXT);
  // A text too long for the link is not encoded at all (encoding 1 MiB cost hundreds of ms).
  const params = toParams(without(state, tooLong)).toString();
  const addresses = leaving && params !== lastHash ? [lastHash, params] : [params];
  lastHash = params;
  history.replaceState(null, '', params ? `#${params}` : location.pathname + location.search);
  linkStatus.classList.toggle('error', tooLong.length === 0);
  if (tooLong.length || linkStatus.dataset.tooLong) {
    linkStatus.textContent = tooLong.map((t) => t.notInLink(words(), String(state[t.key]).length)).join(' ');
    linkStatus.hidden = tooLong.length === 0;
    linkStatus.dataset.tooLong = tooLong.length ? 'true' : '';
  }
  try {
    localStorage.setItem(STORAGE_KEY, toParams(without(state, LONG_TEXTS), { all: true }).toString());
    sessionStorage.setItem(WRITTEN_KEY, JSON.stringify({ addresses, state: params }));
    // A long text is stored when the page is left (storing a megabyte is a long task, not to be
    // paid at every typing pause); a short one at once.
    textUnsaved = tooLong.length > 0 && !leaving;
    for (const text of LONG_TEXTS)
      if (!textUnsaved || !tooLong.includes(text)) localStorage.setItem(text.storage, String(state[text.key]));
  } catch {
    // private mode or full storage: the link still holds the state
  }
}
$('playground').addEventListener('recur-update', rememberSoon);
$('playground').addEventListener('input', rememberSoon);
// A choice (a radio button, a box, a menu) is written at once: a reload right after it keeps it
// (pagehide is too late to change the address a reload opens).
$('playground').addEventListener(
  'change',
  (ev) => ev.target.type !== 'textarea' && ev.target.type !== 'text' && remember(),
);
addEventListener('pagehide', () => (pending || textUnsaved) && remember(true));
addEventListener('visibilitychange', () => document.hidden && (pending || textUnsaved) && remember(true));
// A link pasted into this tab: exactly its setup, the rest at the defaults.
addEventListener('hashchange', () => {
  if (location.hash.slice(1) === lastHash) return;
  lastHash = location.hash.slice(1);
  const language = playground.state.language;
  playground.set({ ...defaults(), language, ...fromLink() });
});

playground.ready.then(
  (pg) => {
    $('engine').dataset.text = 'ready';
    $('engine').dataset.arch = pg.simdArch === 'wasm' ? 'SIMD128' : 'scalar';
    $('engine').textContent = words().ready($('engine').dataset.arch);
    document.body.dataset.ready = 'true';
    return pg;
  },
  (error) => {
    $('engine').textContent = words().failed(error.message);
    $('engine').classList.add('error');
  },
);

$('language').addEventListener('change', (e) => {
  localize(e.target.value);
  if ($('engine').dataset.arch) $('engine').textContent = words().ready($('engine').dataset.arch);
  playground.set({ language: e.target.value });
});

$('embed').addEventListener('click', async () => {
  const state = playground.state;
  $('embed-element').value = elementSnippet(state, location.href);
  $('embed-iframe').value = iframeSnippet(state, location.href);
  // Where both load from, what that server must send, and whether readers elsewhere can reach it.
  $('embed-origin').textContent = words().embedOrigin(location.origin);
  const loopback = /^(localhost|127(\.\d+){3}|\[::1\])$/.test(location.hostname);
  $('embed-loopback').textContent = loopback ? words().embedLoopback(location.host) : '';
  $('embed-loopback').hidden = !loopback;
  $('embed-dialog').showModal();
  try {
    await navigator.clipboard.writeText(`${$('embed-element').value}\n\n${$('embed-iframe').value}`);
    $('embed-status').textContent = words().copiedBoth;
  } catch {
    $('embed-status').textContent = words().copyManually;
  }
});
