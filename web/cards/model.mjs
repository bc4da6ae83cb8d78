// The Model card: nn.RNN / nn.LSTM / nn.GRU's options, what PyTorch warns about them, and the
// weights (seeded, or loaded from a file dropped here or picked, and saved back).
import { h, fill } from '../dom.mjs';
import { control, status } from '../controls.mjs';
import { fieldsOf } from '../weights.mjs';
import { errorText, warningText } from '../errors.mjs';

// nn.LSTM(3, 8, num_layers=2, bidirectional=True): how PyTorch's constructor reads.
const describe = (c) =>
  `nn.${c.mode}(${c.input_size}, ${c.hidden_size}${c.num_layers > 1 ? `, num_layers=${c.num_layers}` : ''}${c.bias ? '' : ', bias=False'}${c.bidirectional ? ', bidirectional=True' : ''}${c.proj_size ? `, proj_size=${c.proj_size}` : ''})`;

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
      h0Seed = control(s, 'h0_seed');
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
      const wanted = fieldsOf(result.config);
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
