#include "recur/model.hpp"

#include <algorithm>
#include <cstring>

#include <xtensor/xmanipulation.hpp>

#include "recur/error.hpp"
#include "recur/format.hpp"
#include "recur/init.hpp"
#include "recur/kernels/cell.hpp"
#include "recur/kernels/gemm.hpp"

namespace recur {
namespace {

const Tensor* find(const StateDict& dict, const std::string& name) {
  for (const auto& p : dict)
    if (p.name == name) return &p.value;
  return nullptr;
}

std::string quote_list(const std::vector<std::string>& names) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", \"" : "\"") + names[i] + "\"";
  return s;
}

// PyTorch's wording: "Expected hidden size (2, 6, 4), got [1, 6, 4]".
void check_state(const Tensor* state, const char* what, const Shape& expected) {
  if (state == nullptr) return;
  const Shape got = shape_of(*state);
  if (got != expected) {
    std::string e = "(";
    for (std::size_t i = 0; i < expected.size(); ++i) e += (i ? ", " : "") + std::to_string(expected[i]);
    throw Error(std::string("Expected ") + what + " size " + e + "), got " + format_dims(got));
  }
}

}  // namespace

Model::Model(const ModelConfig& config, std::uint64_t seed) : config_(config) {
  validate(config_);
  TorchGenerator generator(seed);
  const float bound = init_bound(config_.hidden_size);
  for (auto& spec : parameter_specs(config_)) {
    Tensor value = Tensor::from_shape(spec.shape);
    for (float& v : value) v = generator.uniform(-bound, bound);
    params_.push_back({spec.name, std::move(value)});
  }
  pack();
}

void Model::load_state_dict(const StateDict& entries) {
  const auto specs = parameter_specs(config_);
  std::vector<std::string> missing, unexpected, mismatched;
  for (const auto& spec : specs) {
    const Tensor* value = find(entries, spec.name);
    if (value == nullptr) {
      missing.push_back(spec.name);
    } else if (shape_of(*value) != spec.shape) {
      mismatched.push_back("size mismatch for " + spec.name + ": copying a param with shape " +
                           format_dims(shape_of(*value)) +
                           " from checkpoint, the shape in current model is " + format_dims(spec.shape) + ".");
    }
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& name = entries[i].name;
    const bool known = std::any_of(specs.begin(), specs.end(), [&](const auto& s) { return s.name == name; });
    const bool repeated = std::any_of(entries.begin(), entries.begin() + i, [&](const auto& e) { return e.name == name; });
    if (!known || repeated) unexpected.push_back(name);
  }
  if (!missing.empty() || !unexpected.empty() || !mismatched.empty()) {
    std::string message = "Error(s) in loading state_dict for " + module_name(config_.mode) + ":";
    if (!missing.empty()) message += "\n\tMissing key(s) in state_dict: " + quote_list(missing) + ".";
    if (!unexpected.empty()) message += "\n\tUnexpected key(s) in state_dict: " + quote_list(unexpected) + ".";
    for (const auto& m : mismatched) message += "\n\t" + m;
    throw Error(message);
  }
  for (auto& p : params_) p.value = *find(entries, p.name);
  pack();
}

void Model::pack() {
  const std::size_t rows = gate_count(config_.mode) * config_.hidden_size;
  packed_.clear();
  for (std::size_t k = 0; k < config_.num_layers; ++k) {
    const std::string l = "_l" + std::to_string(k);
    PackedLayer layer;
    layer.w_ih_t = xt::transpose(*find(params_, "weight_ih" + l));
    layer.w_hh_t = xt::transpose(*find(params_, "weight_hh" + l));
    if (config_.bias) layer.bias = *find(params_, "bias_ih" + l) + *find(params_, "bias_hh" + l);
    else layer.bias = xt::zeros<float>({rows});
    packed_.push_back(std::move(layer));
  }
}

ForwardResult Model::forward(const Tensor& x, const Tensor* h0, const Tensor* c0) const {
  const bool lstm = config_.mode == Mode::lstm;
  if (x.dimension() != 3)
    throw Error("input must have 3 dimensions " +
                std::string(config_.batch_first ? "[batch, seq_len, input_size]" : "[seq_len, batch, input_size]") +
                ", got " + std::to_string(x.dimension()) + " with shape " + format_dims(shape_of(x)));
  if (x.shape()[2] != config_.input_size)
    throw Error("input.size(-1) must be equal to input_size. Expected " + std::to_string(config_.input_size) +
                ", got " + std::to_string(x.shape()[2]));
  const std::size_t B = config_.batch_first ? x.shape()[0] : x.shape()[1];
  const std::size_t T = config_.batch_first ? x.shape()[1] : x.shape()[0];
  if (B == 0 || T == 0)
    throw Error("input has shape " + format_dims(shape_of(x)) + ": batch and seq_len must be at least 1");
  const std::size_t H = config_.hidden_size, L = config_.num_layers, G = gate_count(config_.mode) * H;
  const Shape state_shape{L, B, H};
  check_state(h0, "hidden", state_shape);
  if (c0 != nullptr && !lstm) throw Error("c0 is only for LSTM: an RNN has no cell state");
  check_state(c0, "cell", state_shape);

  // Time-major [T, B, ...] inside: step t is one contiguous [B, ...] block.
  Tensor input = config_.batch_first ? Tensor(xt::transpose(x, {1, 0, 2})) : x;
  ForwardResult result;
  result.h_n = h0 ? *h0 : Tensor(xt::zeros<float>(state_shape));
  if (lstm) result.c_n = c0 ? *c0 : Tensor(xt::zeros<float>(state_shape));
  Tensor gates = Tensor::from_shape({T, B, G});
  Tensor layer_out = Tensor::from_shape({T, B, H});

  for (std::size_t k = 0; k < L; ++k) {
    const PackedLayer& layer = packed_[k];
    const std::size_t in = input.shape()[2];
    for (std::size_t r = 0; r < T * B; ++r) std::memcpy(gates.data() + r * G, layer.bias.data(), G * sizeof(float));
    kernels::gemm_accumulate(T * B, G, in, input.data(), in, layer.w_ih_t.data(), G, gates.data(), G);

    float* h = result.h_n.data() + k * B * H;  // h_{t-1}, updated in place to h_t
    float* c = lstm ? result.c_n->data() + k * B * H : nullptr;
    for (std::size_t t = 0; t < T; ++t) {
      float* g = gates.data() + t * B * G;
      kernels::gemm_accumulate(B, G, H, h, H, layer.w_hh_t.data(), G, g, G);
      if (lstm) {
        for (std::size_t b = 0; b < B; ++b) kernels::lstm_cell(g + b * G, c + b * H, h + b * H, H);
      } else {
        if (config_.mode == Mode::rnn_tanh) kernels::tanh_inplace(g, B * G);
        else kernels::relu_inplace(g, B * G);
        std::memcpy(h, g, B * H * sizeof(float));
      }
      std::memcpy(layer_out.data() + t * B * H, h, B * H * sizeof(float));
    }
    std::swap(input, layer_out);
    if (k + 1 < L && layer_out.shape()[2] != H) layer_out = Tensor::from_shape({T, B, H});
  }
  result.output = config_.batch_first ? Tensor(xt::transpose(input, {1, 0, 2})) : input;
  return result;
}

}  // namespace recur
