#pragma once
// Parameters by PyTorch's state_dict names and layouts. For layer k of a model with G gates
// (1 for RNN, 4 for LSTM: i, f, g, o stacked, 3 for GRU: r, z, n stacked), in PyTorch's order:
//   weight_ih_l{k}  [G*hidden_size, input_size (k = 0) or hidden_size]
//   weight_hh_l{k}  [G*hidden_size, hidden_size]
//   bias_ih_l{k}    [G*hidden_size]        (only with bias=True)
//   bias_hh_l{k}    [G*hidden_size]        (only with bias=True)
//   weight_hr_l{k}  [proj_size, hidden_size]   (LSTM with proj_size > 0; then weight_hh and the
//                   next layer's weight_ih read proj_size columns)
// With bidirectional=True each layer's forward entries are followed by the same with a
// `_reverse` suffix, and layers after the first read both directions (2 x the h width).

#include <string>
#include <vector>

#include "recur/config.hpp"
#include "recur/tensor.hpp"

namespace recur {

struct Parameter {
  std::string name;
  Tensor value;
};

using StateDict = std::vector<Parameter>;

struct ParameterSpec {
  std::string name;
  Shape shape;
};

// The parameters a model of this configuration has, in state_dict order. With an embedding, the
// generated PyTorch module's names: embedding.weight, then the recurrent layer's under "rnn."
// (rnn.weight_ih_l0, ...), as self.embedding and self.rnn of an nn.Module name them.
std::vector<ParameterSpec> parameter_specs(const ModelConfig& config);

// "rnn." with an embedding, else "": what the recurrent layer's names start with.
inline std::string recurrent_prefix(const ModelConfig& config) {
  return config.num_embeddings ? "rnn." : "";
}

// The entry called `name`, or null.
const Tensor* find_parameter(const StateDict& dict, const std::string& name);

// The configuration a state_dict was made by, read off its keys and shapes: mode from the gate
// rows (1, 3 or 4 x hidden_size; an RNN's nonlinearity cannot be told and is taken as tanh),
// input_size, hidden_size, proj_size (weight_hr), num_layers, bias, bidirectional (_reverse).
// Throws recur::Error saying what does not fit any nn.RNN / nn.LSTM / nn.GRU.
ModelConfig infer_config(const StateDict& dict);

// Strict, like PyTorch's load_state_dict: throws one recur::Error listing every missing,
// unexpected (or repeated) and wrongly shaped entry, in PyTorch's words, for module `module`.
void check_state_dict(const std::vector<ParameterSpec>& specs, const StateDict& entries,
                      const std::string& module);

}  // namespace recur
