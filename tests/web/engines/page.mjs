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
