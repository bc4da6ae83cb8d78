#include "recur/state_dict.hpp"

#include <algorithm>

#include "recur/error.hpp"
#include "recur/format.hpp"

namespace recur {
namespace {

std::string quote_list(const std::vector<std::string>& names) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", \"" : "\"") + names[i] + "\"";
  return s;
}

}  // namespace

const Tensor* find_parameter(const StateDict& dict, const std::string& name) {
  for (const auto& p : dict)
    if (p.name == name) return &p.value;
  return nullptr;
}

std::vector<ParameterSpec> parameter_specs(const ModelConfig& config) {
  const std::size_t rows = gate_count(config.mode) * config.hidden_size, R = output_size(config);
  const std::size_t D = directions(config);
  std::vector<ParameterSpec> specs;
  if (config.num_embeddings)
    specs.push_back({"embedding.weight", {config.num_embeddings, config.input_size}});
  const std::string p = recurrent_prefix(config);
  for (std::size_t k = 0; k < config.num_layers; ++k) {
    for (std::size_t d = 0; d < D; ++d) {
      const std::string l = "_l" + std::to_string(k) + (d ? "_reverse" : "");
      const std::size_t in = k == 0 ? config.input_size : D * R;
      specs.push_back({p + "weight_ih" + l, {rows, in}});
      specs.push_back({p + "weight_hh" + l, {rows, R}});
      if (config.bias) {
        specs.push_back({p + "bias_ih" + l, {rows}});
        specs.push_back({p + "bias_hh" + l, {rows}});
      }
      if (config.proj_size) specs.push_back({p + "weight_hr" + l, {config.proj_size, config.hidden_size}});
    }
  }
  return specs;
}

void check_state_dict(const std::vector<ParameterSpec>& specs, const StateDict& entries,
                      const std::string& module) {
  std::vector<std::string> missing, unexpected, mismatched;
  for (const auto& spec : specs) {
    const Tensor* value = find_parameter(entries, spec.name);
    if (value == nullptr) {
      missing.push_back(spec.name);
    } else if (shape_of(*value) != spec.shape) {
      mismatched.push_back(
          "size mismatch for " + spec.name + ": copying a param with shape " + format_dims(shape_of(*value)) +
          " from checkpoint, the shape in current model is " + format_dims(spec.shape) + ".");
    }
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& name = entries[i].name;
    const bool known = std::any_of(specs.begin(), specs.end(), [&](const auto& s) { return s.name == name; });
    const bool repeated =
        std::any_of(entries.begin(), entries.begin() + i, [&](const auto& e) { return e.name == name; });
    if (!known || repeated) unexpected.push_back(name);
  }
  if (missing.empty() && unexpected.empty() && mismatched.empty()) return;
  std::string message = "Error(s) in loading state_dict for " + module + ":";
  if (!missing.empty()) message += "\n\tMissing key(s) in state_dict: " + quote_list(missing) + ".";
  if (!unexpected.empty()) message += "\n\tUnexpected key(s) in state_dict: " + quote_list(unexpected) + ".";
  for (const auto& m : mismatched) message += "\n\t" + m;
  throw Error(message);
}

ModelConfig infer_config(const StateDict& dict) {
  if (const Tensor* embedding = find_parameter(dict, "embedding.weight")) {
    // The generated module's names: the recurrent layer's under "rnn.", read as its own dict.
    if (embedding->dimension() != 2)
      throw Error("embedding.weight must be 2-D [num_embeddings, embedding_dim], got " +
                  format_dims(shape_of(*embedding)));
    StateDict recurrent;
    for (const auto& e : dict)
      if (e.name.rfind("rnn.", 0) == 0) recurrent.push_back({e.name.substr(4), e.value});
    ModelConfig c = infer_config(recurrent);
    c.num_embeddings = embedding->shape()[0];
    validate(c);
    check_state_dict(parameter_specs(c), dict, module_name(c.mode));  // embedding_dim == input_size too
    return c;
  }
  const Tensor* w_ih = find_parameter(dict, "weight_ih_l0");
  const Tensor* w_hh = find_parameter(dict, "weight_hh_l0");
  if (w_ih == nullptr || w_hh == nullptr || w_ih->dimension() != 2 || w_hh->dimension() != 2)
    throw Error(
        "not the state_dict of an nn.RNN, nn.LSTM or nn.GRU: it needs 2-D weight_ih_l0 and weight_hh_l0");
  ModelConfig c;
  const std::size_t rows = w_ih->shape()[0];
  c.input_size = w_ih->shape()[1];
  if (const Tensor* w_hr = find_parameter(dict, "weight_hr_l0"); w_hr != nullptr && w_hr->dimension() == 2) {
    c.proj_size = w_hr->shape()[0];
    c.hidden_size = w_hr->shape()[1];
  } else {
    c.hidden_size = w_hh->shape()[1];
  }
  if (c.hidden_size == 0 || rows % c.hidden_size != 0 || rows / c.hidden_size == 2 ||
      rows / c.hidden_size > 4)
    throw Error("weight_ih_l0 has " + std::to_string(rows) + " rows: not 1, 3 or 4 times hidden_size " +
                std::to_string(c.hidden_size) + " (nn.RNN, nn.GRU, nn.LSTM)");
  const std::size_t gates = rows / c.hidden_size;
  c.mode = gates == 4 ? Mode::lstm : gates == 3 ? Mode::gru : Mode::rnn_tanh;
  while (find_parameter(dict, "weight_ih_l" + std::to_string(c.num_layers)) != nullptr) ++c.num_layers;
  c.bias = find_parameter(dict, "bias_ih_l0") != nullptr;
  c.bidirectional = find_parameter(dict, "weight_ih_l0_reverse") != nullptr;
  validate(c);
  check_state_dict(parameter_specs(c), dict, module_name(c.mode));  // every key and shape, or why not
  return c;
}

}  // namespace recur
