// <recur-playground>: a live Recur playground for tutorial pages, in one module script.
//
//   <script type="module" src="recur-playground.mjs"></script>
//   <recur-playground mode="LSTM" hidden-size="4" batch-first="true" panels="table,shapes,values">
//   001 010 100 | 1
//   100 111 000 | 0
//   </recur-playground>
//
// Attributes: every field of state.mjs with - for _ (table, else the element's text, else the
// notebook's table; mode, nonlinearity, hidden-size, num-layers, batch-first, bias, seed,
// out-features, input ('random' with batch, seq-len, input-size, x-seed), step, language (en,
// zh), ...) and panels (a comma list of table, vocabulary, model, shapes, last-step, steps, head, train,
// values, code). It renders in its own shadow DOM, so several on a page are independent; changing an
// attribute re-renders. Its WebAssembly and styles load from beside this script.
import { DEFAULTS, PANELS, Playground, playgroundStyleUrl } from './playground.mjs';
import { FIELDS, parseField, DIGITS_DEFAULTS } from './state.mjs';
import { computeLaunched } from './compute-client.mjs';

const attributeOf = (key) => key.replace(/_/g, '-');
const ATTRIBUTES = [...FIELDS.map((f) => attributeOf(f.key)), 'panels'];
// Tutorial authors indent the table inside the element: drop the common indentation.
function dedent(text) {
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^[ \t]*/)[0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

export class RecurPlaygroundElement extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #playground;

  connectedCallback() {
    if (this.#playground) return;
    const shadow = this.attachShadow({ mode: 'open' });
    shadow.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: playgroundStyleUrl() }));
    const root = document.createElement('div');
    root.className = 'embedded';
    shadow.append(root);
    this.#playground = new Playground(root, this.#options());
  }

  // Only a change of the table attribute replaces the table: what the learner typed stays.
  attributeChangedCallback(name) {
    if (!this.#playground) return;
    const { table, ...options } = this.#options();
    this.#playground.set(name === 'table' ? { ...options, table } : options);
  }

  /** The playground inside (for scripts that want its state). */
  get playground() {
    return this.#playground;
  }

  #options() {
    const options = { ...DEFAULTS, table: this.textContent.trim() ? dedent(this.textContent) : DEFAULTS.table };
    // input="digits" starts from the notebook's LSTM(28, 64) + Linear(64, 10), like a link.
    if (this.getAttribute('input') === 'digits') Object.assign(options, DIGITS_DEFAULTS);
    for (const f of FIELDS) {
      const text = this.getAttribute(attributeOf(f.key));
      // A bare boolean attribute (batch-first) means true, as in HTML.
      const value = text === null ? undefined : parseField(f, f.kind === 'bool' && text === '' ? 'true' : text);
      if (value !== undefined) options[f.key] = value;
    }
    if (this.hasAttribute('panels'))
      options.panels = this.getAttribute('panels')
        .split(',')
        .map((p) => p.trim())
        .filter((p) => PANELS.includes(p));
    return options;
  }
}

// Defined (and the elements built) once the compute's worker thread runs: building six playgrounds
// is one long task, which would hold up the worker's start (compute-start.mjs).
computeLaunched()
  .catch(() => {}) // the compute says what failed, on each element
  .then(() => {
    if (!customElements.get('recur-playground')) customElements.define('recur-playground', RecurPlaygroundElement);
  });
