// Weight files: a state_dict the learner loads (.json {name: {shape, data}} or .safetensors) and
// the current weights (seeded, loaded or trained) saved as either, both of which PyTorch loads.
// The JS API reads, writes and checks them; this file turns a file's bytes into dicts and back
// (without a DOM: it runs where the compute runs, compute-host.mjs).
import { splitHead } from './training.mjs';

const prefixed = (prefix, dict) => Object.fromEntries(Object.entries(dict).map(([k, v]) => [prefix + k, v]));

/**
 * Reads a weight file's bytes (a Uint8Array; `name` says which kind: .json or .safetensors):
 * { name, dict (the module's entries), head (head.weight/bias, or null), config (what made it, as
 * far as its shapes tell: recur.inferConfig), headInput ('cat' for a head on both directions) }.
 * Throws what is wrong with it (the API's RecurError, or JSON's SyntaxError).
 */
export function readWeights(recur, name, bytes) {
  const all = /\.json$/i.test(name) ? JSON.parse(new TextDecoder().decode(bytes)) : recur.readSafetensors(bytes);
  const { model, head } = splitHead(all);
  const config = recur.inferConfig(model);
  const hasHead = Object.keys(head).length > 0;
  // A head of twice h's width reads torch.cat((h_n[-2], h_n[-1]), dim=1) (a bidirectional model's).
  const width = config.proj_size || config.hidden_size,
    headInput = hasHead && config.bidirectional && head.weight?.shape?.[1] === 2 * width ? 'cat' : 'last';
  return { name, dict: model, head: hasHead ? head : null, config, headInput };
}

/** The state fields that make the model a file was made by (to offer switching to them). */
export function fieldsOf(config, headInput = 'last') {
  return {
    // inferConfig spells modes as PyTorch does; the page's mode is RNN, LSTM or GRU (an RNN's
    // nonlinearity cannot be told from its weights).
    mode: config.mode.startsWith('RNN') ? 'RNN' : config.mode,
    hidden_size: config.hidden_size,
    num_layers: config.num_layers,
    bias: config.bias,
    bidirectional: config.bidirectional,
    proj_size: config.proj_size,
    head_input: headInput,
    // nn.Embedding(V, embedding_dim) in front: the table's words read as ids (V follows the table).
    ...(config.num_embeddings ? { encoding: 'embedding', embedding_dim: config.input_size } : {}),
  };
}

/**
 * The weights of `config` as a file's body in `format` ('json' text or safetensors bytes): the
 * loaded file's over the seeded ones, and after training the trained ones with the head
 * (head.weight, head.bias). Throws the API's RecurError.
 */
export function weightsFile(recur, { config, weights, trained, format }) {
  let model;
  try {
    model = recur.createModel(config);
    if (weights) model.loadStateDict(weights.dict);
    const dict = trained ? { ...trained.model, ...prefixed('head.', trained.head) } : model.stateDict();
    return format === 'json'
      ? JSON.stringify(
          Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, { shape: v.shape, data: Array.from(v.data) }])),
        )
      : recur.writeSafetensors(dict);
  } finally {
    model?.dispose();
  }
}
