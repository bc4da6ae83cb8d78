// Where a tensor's values sit, by PyTorch's names: the names of its dimensions as PyTorch's docs
// give them, and one sentence's H values at one step of output or one row of h_n / c_n.

/** The names of a tensor's dimensions, as a learner reads them off PyTorch's docs. */
export function dimensionNames(name, batchFirst, projected = false, bidirectional = false, unbatched = false) {
  const names = batchedNames(name, batchFirst, projected, bidirectional);
  return unbatched ? names.filter((n) => n !== 'batch') : names;
}

function batchedNames(name, batchFirst, projected, bidirectional) {
  // With proj_size, h (so output and h_n) is proj_size wide; c_n keeps hidden_size. With two
  // directions output holds both (2*...) and h_n/c_n have a row a layer and direction.
  const width = projected && name !== 'c_n' ? 'proj_size' : 'hidden_size';
  const rows = bidirectional ? 'num_layers*2' : 'num_layers';
  // A table of words: its token ids (x without its last dimension) and a length a sentence.
  if (name === 'ids') return batchFirst ? ['batch', 'seq_len'] : ['seq_len', 'batch'];
  if (name === 'lengths') return ['batch'];
  if (name === 'x') return batchFirst ? ['batch', 'seq_len', 'input_size'] : ['seq_len', 'batch', 'input_size'];
  const out = bidirectional ? `2*${width}` : width;
  if (name === 'output') return batchFirst ? ['batch', 'seq_len', out] : ['seq_len', 'batch', out];
  return [rows, 'batch', name === 'c_n' || name === 'c0' ? 'hidden_size' : width];
}

/** output[b, t] (batch_first) or output[t, b]: the H values of one sentence at one step. */
export function outputAt(output, batchFirst, b, t) {
  const [, d1, H] = output.shape;
  const at = batchFirst ? (b * d1 + t) * H : (t * d1 + b) * H;
  return output.data.subarray(at, at + H);
}

/** state[l, b]: the H values of one sentence in row l of h_n or c_n. */
export function stateAt(state, l, b) {
  const [, B, H] = state.shape;
  return state.data.subarray((l * B + b) * H, (l * B + b + 1) * H);
}
