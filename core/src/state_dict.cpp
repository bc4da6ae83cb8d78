#include "recur/state_dict.hpp"

namespace recur {

std::vector<ParameterSpec> parameter_specs(const ModelConfig& config) {
  const std::size_t rows = gate_count(config.mode) * config.hidden_size;
  std::vector<ParameterSpec> specs;
  for (std::size_t k = 0; k < config.num_layers; ++k) {
    const std::string l = "_l" + std::to_string(k);
    const std::size_t in = k == 0 ? config.input_size : config.hidden_size;
    specs.push_back({"weight_ih" + l, {rows, in}});
    specs.push_back({"weight_hh" + l, {rows, config.hidden_size}});
    if (config.bias) {
      specs.push_back({"bias_ih" + l, {rows}});
      specs.push_back({"bias_hh" + l, {rows}});
    }
  }
  return specs;
}

}  // namespace recur
