// What the Firefox and WebKit suites know about the page, in one place: where things are
// (ids from web/index.html and the cards, radio values, the examples' element ids) and how to
// read them. When web/ changes, this file (and ../cells.mjs, shared with the Chromium suite,
// which reads the heat-map cells) is what to mend.

/** Pages under the server's root, and the single-file example opened from the disk. */
export const pages = {
  playground: '',
  tutorial: 'examples/tutorial.html',
  iframe: 'embed.html',
  offline: new URL('../../../dist/examples/offline.html', import.meta.url).href,
};

/** Set on <body> once WebAssembly is ready. */
export const ready = 'body[data-ready="true"]';

export const table = '#table';
export const tableStatus = '#table-status';
export const results = '#results';
export const engine = '#engine';
export const language = '#language';
export const embedButton = '#embed';
export const embedSnippets = { element: '#embed-element', iframe: '#embed-iframe', status: '#embed-status' };
export const shape = (name) => `#shape-${name}`;
export const values = (name) => `#values-${name}`;
// The mode's label: its radio button is drawn as a segment of the label, not itself.
export const mode = (name) => `label:has(> input[name="mode"][value="${name}"])`;
export const model = { hiddenSize: '#hidden-size', status: '#model-status', card: '[data-panel=model]' };
export const card = (name) => `[data-panel="${name}"]`;
export const heading = (panel) => `[data-panel="${panel}"] h2`;
export const lastStepCheck = '#last-step-check';
export const steps = {
  sentence: '#step-sentence',
  slider: '#step-slider',
  unit: '#step-unit',
  values: '#step-values',
  state: '#step-state',
  gates: '#step-gates',
  plugged: '#step-plugged',
  equation: '#step-equation',
  where: '#step-where',
  next: '#step-next',
};
export const weights = {
  file: '#weights-file',
  status: '#weights-status',
  switchConfig: '#switch-config',
  saveSafetensors: '#save-safetensors',
  saveJson: '#save-json',
};
export const code = { text: '#code', copy: '#copy-code', status: '[data-panel="code"] [role="status"]' };
export const training = {
  train: '#train',
  status: '#train-status',
  chart: '#loss-chart',
  chartCanvas: '#loss-chart canvas',
  predictedRight: '#head .predicted.ok',
};

// The training status line, "step 200 · loss 0.0001 · accuracy 6/6 (100 %)".
export function readTrainStatus(text) {
  const [, steps, loss, correct, total] = text.match(/step (\d+) · loss ([\d.]+) · accuracy (\d+)\/(\d+)/);
  return { steps: Number(steps), loss: Number(loss), correct: Number(correct), total: Number(total) };
}

/**
 * The iframe page's options in its URL hash, two cards stripped by `_hide` flags: one constant
 * for the Chromium suite (../embed.test.mjs) and the engine suite (./paths.mjs).
 */
export const iframeOptions = Object.freeze({
  mode: 'LSTM',
  hidden_size: '2',
  batch_first: 'false',
  table: '01 10\n11 00\n10 10',
  shapes_hide: 'true',
  code_hide: 'true',
});

/** The cards drawn on every change wherever they are (the inputs): they carry no data-drawn. */
export const eagerCards = Object.freeze(['table', 'vocabulary', 'model']);

/**
 * Runs in the page (pass it to an engine's evaluate, with `eager` = eagerCards): brings what
 * `selector` names into view as a person would before reading it, and resolves once its card is
 * drawn. The page draws a card only when it comes near the screen (an IntersectionObserver sets
 * the card's data-drawn), and redraws one that changed while off screen when it comes back; so
 * the element is scrolled to the middle of the window and two frames are let pass (the
 * observer's report and the draw it starts come between them). An element not on the page yet
 * (a card not drawn yet draws its contents then) is looked for card by card, scrolling each into
 * view, as a person scrolls down the page looking for it. ' >>> ' steps into a shadow root or an
 * iframe, as in inPage(). Resolves true if the element is there.
 */
export async function show(selector, eager) {
  // Two frames; a page that paints no frame for 10 s fails here, with a message, instead of
  // holding the test (and npm test) for ever: seen once in a loaded Chromium, in words.test.mjs.
  const frames = () =>
    new Promise((done, fail) => {
      const stalled = setTimeout(() => fail(new Error(`no frame painted in 10 s (showing ${selector})`)), 10000);
      requestAnimationFrame(() =>
        requestAnimationFrame(() =>
          setTimeout(() => {
            clearTimeout(stalled);
            done();
          }, 0),
        ),
      );
    });
  const parts = selector.split(' >>> ');
  const roots = () => {
    let found = [document];
    for (const part of parts.slice(0, -1))
      found = found.flatMap((r) => [...r.querySelectorAll(part)].map((e) => e.shadowRoot ?? e.contentDocument ?? e));
    return found;
  };
  const find = () => roots().flatMap((r) => [...r.querySelectorAll(parts.at(-1))])[0] ?? null;
  const bring = async (el) => {
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    await frames();
    const card = el.closest('[data-panel]');
    if (!card || card.hidden || eager.includes(card.dataset.panel)) return;
    for (const end = performance.now() + 5000; !card.dataset.drawn && performance.now() < end;) await frames();
  };
  const el = find();
  if (el) {
    await bring(el);
    return Boolean(find());
  }
  for (const card of roots().flatMap((r) => [...r.querySelectorAll('[data-panel]')])) {
    if (card.hidden || eager.includes(card.dataset.panel)) continue;
    await bring(card);
    const now = find();
    if (now) {
      await bring(now);
      return true;
    }
  }
  return false;
}

/**
 * Runs in the page (pass it to an engine's evaluate): what `selector` shows. A selector may
 * step into a custom element's shadow root or an iframe's document with ' >>> ', e.g.
 * '#first >>> #shape-x'.
 * `what` is 'text', 'value', 'count', 'visible', 'classes' or 'attribute:NAME'.
 */
export function inPage(selector, what) {
  let roots = [document];
  const parts = selector.split(' >>> ');
  for (const part of parts.slice(0, -1))
    roots = roots.flatMap((r) => [...r.querySelectorAll(part)].map((e) => e.shadowRoot ?? e.contentDocument ?? e));
  const all = roots.flatMap((r) => [...r.querySelectorAll(parts.at(-1))]);
  const el = all[0];
  if (what === 'count') return all.length;
  if (what === 'visible')
    return Boolean(el && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden');
  if (!el) return null;
  if (what === 'text') return el.textContent;
  if (what === 'value') return el.value;
  if (what === 'classes') return [...el.classList];
  if (what.startsWith('attribute:')) return el.getAttribute(what.slice('attribute:'.length));
  throw new Error(`inPage: unknown '${what}'`);
}

/**
 * Runs in the page: how many pixels of the canvases under `selector` are not transparent, and
 * how many colours they use, read back from each canvas. A canvas the engine failed to draw
 * reads as all transparent.
 */
export function canvasInk(selector) {
  let inked = 0;
  const colours = new Set();
  for (const canvas of document.querySelectorAll(selector)) {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    for (let k = 0; k < data.length; k += 4) {
      if (data[k + 3] === 0) continue;
      inked += 1;
      colours.add((data[k] << 16) | (data[k + 1] << 8) | data[k + 2]);
    }
  }
  return { inked, colours: colours.size };
}
