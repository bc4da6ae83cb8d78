// The playground's controller: reads the table and the controls, asks the JS API for a
// forward pass on every change, and hands the results to the panels. Computes no tensor.
import { loadRecur, RecurError } from './recur.mjs';
import { NOTEBOOK_TABLE } from './notebook.mjs';
import { renderCode, renderLastStep, renderShapes, renderTablePreview, renderValues } from './panels.mjs';

const $ = (id) => document.getElementById(id);
const els = {
  table: $('table'), tableStatus: $('table-status'), preview: $('table-preview'), reset: $('reset-table'),
  form: $('model-form'), modelStatus: $('model-status'), nonlinearityField: $('nonlinearity-field'),
  code: $('code'), shapes: $('shapes'), lastStep: $('last-step'), values: $('values'), results: $('results'), engine: $('engine'),
};

function readConfig(inputSize) {
  const f = els.form.elements;
  const num = (input) => (input.value.trim() === '' ? NaN : Number(input.value));
  return {
    mode: f.mode.value,
    nonlinearity: f.nonlinearity.value,
    input_size: inputSize,
    hidden_size: num(f.hidden_size),
    num_layers: num(f.num_layers),
    seed: num(f.seed),
    batch_first: f.batch_first.checked,
    bias: f.bias.checked,
  };
}

function showStatus(el, error, okText) {
  el.textContent = error ? error.message : okText;
  el.classList.toggle('error', Boolean(error));
}

// A result that no longer matches the inputs stays on screen, marked, until the inputs are valid.
function markStale(stale) {
  els.results.classList.toggle('stale', stale);
  els.results.setAttribute('aria-busy', String(stale));
}

// The text area grows with the table, so every row stays in view while typing.
function fitTextArea() {
  const lines = els.table.value.split('\n').length;
  els.table.rows = Math.max(9, Math.min(lines + 1, 24));
}

function update(recur) {
  fitTextArea();
  els.nonlinearityField.hidden = els.form.elements.mode.value === 'LSTM';
  const batchFirst = els.form.elements.batch_first.checked;
  let table;
  try {
    table = recur.parseTable(els.table.value, { batch_first: batchFirst });
  } catch (error) {
    if (!(error instanceof RecurError)) throw error;
    showStatus(els.tableStatus, error);
    els.table.setAttribute('aria-invalid', 'true');
    markStale(true);
    return;
  }
  els.table.removeAttribute('aria-invalid');
  const labels = table.y ? ', labels y' : ', no labels';
  showStatus(els.tableStatus, null,
    `${table.batch} sentences × ${table.seq_len} time steps × ${table.input_size} bits${labels} → x: torch.Size([${table.x.shape.join(', ')}])`);
  renderTablePreview(els.preview, table);

  const config = readConfig(table.input_size);
  let result;
  try {
    const model = recur.createModel(config);
    try {
      result = model.forward(table.x);
    } finally {
      model.dispose();
    }
  } catch (error) {
    if (!(error instanceof RecurError)) throw error;
    showStatus(els.modelStatus, error);
    markStale(true);
    return;
  }
  showStatus(els.modelStatus, null, '');
  const view = { table, result, config };
  renderCode(els.code, view);
  renderShapes(els.shapes, view);
  renderLastStep(els.lastStep, view);
  renderValues(els.values, view);
  markStale(false);
}

async function main() {
  els.table.value = NOTEBOOK_TABLE;
  let recur;
  try {
    recur = await loadRecur();
  } catch (error) {
    els.engine.textContent = `WebAssembly failed to load: ${error.message}`;
    els.engine.classList.add('error');
    return;
  }
  els.engine.textContent = `WebAssembly ${recur.simdArch === 'wasm' ? 'SIMD128' : recur.simdArch} · ready`;
  const run = () => update(recur);
  els.table.addEventListener('input', run);
  els.form.addEventListener('input', run);
  els.form.addEventListener('change', run);
  els.form.addEventListener('submit', (e) => e.preventDefault());
  els.reset.addEventListener('click', () => {
    els.table.value = NOTEBOOK_TABLE;
    run();
  });
  run();
  document.body.dataset.ready = 'true';
}

main();
