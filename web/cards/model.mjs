// The Model card: nn.RNN / nn.LSTM / nn.GRU's options, what PyTorch warns about them, and the
// weights (seeded, or loaded from a file dropped here or picked, and saved back).
import { h, fill } from '../dom.mjs';
import { control, status } from '../controls.mjs';
import { fieldsOf } from '../weights.mjs';
import { errorText, warningText } from '../errors.mjs';

// nn.LSTM(3, 8, num_layers=2, bidirectional=True): how PyTorch's constructor reads.
const describe = (c) =>
  `${c.num_embeddings ? `nn.Embedding(${c.num_embeddings}, ${c.input_size}) + ` : ''}nn.${c.mode}(${c.input_size}, ${c.hidden_size}${c.num_layers > 1 ? `, num_layers=${c.num_layers}` : ''}${c.bias ? '' : ', bias=False'}${c.bidirectional ? ', bidirectional=True' : ''}${c.proj_size ? `, proj_size=${c.proj_size}` : ''})`;

export default {
  id: 'model',
  column: 'inputs',
  eager: true, // the input: drawn on every change, wherever it is
  create({ words: t, state: s, set, weights }) {
    const radio = (value) =>
      h(
        'label',
        {},
        h('input', { type: 'radio', name: 'mode', value, checked: s.mode === value }),
        ' ',
        h('code', {}, `nn.${value}`),
      );
    const nonlinearity = control(s, 'nonlinearity'),
      proj = control(s, 'proj_size', t.projLabel),
      h0Seed = control(s, 'h0_seed'),
      // A table of words: how its ids reach the module, and whether its sentences are packed.
      encoding = control(s, 'encoding', t.encodingLabel, t.encodingNames),
      embeddingDim = control(s, 'embedding_dim'),
      packed = control(s, 'packed', t.packedLabel),
      headInput = control(s, 'head_input', t.headInputLabel, t.headInputNames);
    encoding.hidden = embeddingDim.hidden = packed.hidden = true; // shown once a table of words is read
    const form = h(
      'form',
      { id: 'model-form', class: 'controls', autocomplete: 'off', onsubmit: (ev) => ev.preventDefault() },
      h('fieldset', { class: 'segmented', 'aria-label': 'mode' }, radio('RNN'), radio('LSTM'), radio('GRU')),
      nonlinearity,
      control(s, 'hidden_size'),
      control(s, 'num_layers'),
      control(s, 'seed'),
      control(s, 'out_features', t.outFeaturesLabel),
      control(s, 'dropout'),
      proj,
      control(s, 'h0', t.h0Label),
      h0Seed,
      control(s, 'batch_first'),
      control(s, 'bias'),
      control(s, 'bidirectional'),
      control(s, 'unbatched', t.unbatchedLabel),
      encoding,
      embeddingDim,
      packed,
      headInput,
    );
    const modelStatus = h('p', { id: 'model-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    const file = h('input', {
      id: 'weights-file',
      type: 'file',
      accept: '.json,.safetensors',
      hidden: true,
      onchange: () => file.files[0] && load(file.files[0]),
    });
    const weightsStatus = h('p', { id: 'weights-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    let offer = false; // the status offers to switch to a file's configuration
    async function load(f) {
      const result = await weights.load(f);
      if (result.error) {
        fill(weightsStatus, `${f.name}: ${errorText(result.error, t.lang)}`);
        weightsStatus.classList.add('error');
        return;
      }
      const wanted = fieldsOf(result.config, result.headInput);
      offer = !Object.entries(wanted).every(([k, v]) => String(s[k]) === String(v));
      if (!offer) return;
      fill(
        weightsStatus,
        t.weightsFor(f.name, describe(result.config)),
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'button',
            id: 'switch-config',
            onclick: () => {
              offer = false;
              set(wanted);
            },
          },
          t.switchTo,
        ),
      );
      weightsStatus.classList.remove('error');
    }
    const save = async (format) => {
      const error = await weights.save(format);
      if (error) status(weightsStatus, error, '', t);
    };
    const box = h(
      'div',
      { class: 'weights', id: 'weights' },
      h(
        'div',
        { class: 'weights-buttons' },
        h(
          'button',
          { type: 'button', class: 'button', id: 'load-weights', onclick: () => file.click() },
          t.loadWeights,
        ),
        h('button', { type: 'button', class: 'button', id: 'save-json', onclick: () => save('json') }, t.saveJson),
        h(
          'button',
          { type: 'button', class: 'button', id: 'save-safetensors', onclick: () => save('safetensors') },
          t.saveSafetensors,
        ),
      ),
      file,
      weightsStatus,
    );
    return {
      children: [h('h2', {}, t.model), form, modelStatus, box],
      // A weight file dropped anywhere on the card loads like a picked one.
      article: {
        ondragover: (ev) => ev.preventDefault(),
        ondrop: (ev) => {
          ev.preventDefault();
          const f = ev.dataTransfer?.files[0];
          if (f) load(f);
        },
      },
      render(out) {
        nonlinearity.hidden = s.mode !== 'RNN'; // an RNN option
        proj.hidden = s.mode !== 'LSTM'; // an LSTM option
        h0Seed.hidden = s.h0 !== 'rand';
        headInput.hidden = !s.bidirectional; // both directions exist only then
        // The words' options, while the table is one of words (kept as they were while it does not parse).
        if (out.table || out.ok) {
          const wordsTable = Boolean(out.table?.vocabulary);
          encoding.hidden = packed.hidden = !wordsTable;
          embeddingDim.hidden = !wordsTable || s.encoding !== 'embedding';
        }
        if (!out.ok && out.where === 'model') return status(modelStatus, out.error, '', t);
        if (!out.ok) return;
        // PyTorch's UserWarnings keep their name; their text is in the learner's language.
        const notes = out.notes.map((n) =>
          n.startsWith('UserWarning: ') ? `UserWarning: ${warningText(n.slice(13), t.lang)}` : n,
        );
        status(modelStatus, null, notes.join('\n'));
        if (offer) return;
        const loaded = weights.loaded;
        status(weightsStatus, null, loaded ? t.weightsLoaded(loaded.name) : t.weightsSeeded(out.config.seed));
      },
    };
  },
};
