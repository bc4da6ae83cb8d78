#include "recur/model.hpp"

#include <algorithm>
#include <cstring>

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
  if (!missing.empty() || !unexpected.empty() || !mismatched.empty()) {
    std::string message = "Error(s) in loading state_dict for " + module_name(config_.mode) + ":";
    if (!missing.empty()) message += "\n\tMissing key(s) in state_dict: " + quote_list(missing) + ".";
    if (!unexpected.empty())
      message += "\n\tUnexpected key(s) in state_dict: " + quote_list(unexpected) + ".";
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
    const Tensor& w_ih = *find(params_, "weight_ih" + l);
    const Tensor& w_hh = *find(params_, "weight_hh" + l);
    PackedLayer layer{kernels::PackedMatrix(w_ih.data(), rows, w_ih.shape()[1]),
                      kernels::PackedMatrix(w_hh.data(), rows, config_.hidden_size),
                      std::vector<float>(kernels::padded(rows), 0.0f)};
    if (config_.bias) {
      const Tensor& b_ih = *find(params_, "bias_ih" + l);
      const Tensor& b_hh = *find(params_, "bias_hh" + l);
      for (std::size_t j = 0; j < rows; ++j) layer.bias[j] = b_ih(j) + b_hh(j);
    }
    packed_.push_back(std::move(layer));
  }
}

ForwardResult Model::forward(const Tensor& x, const Tensor* h0, const Tensor* c0) const {
  const bool lstm = config_.mode == Mode::lstm;
  if (x.dimension() != 3)
    throw Error(
        "input must have 3 dimensions " +
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
  // Everything a forward allocates, counted in 64 bits before any of it is allocated.
  const std::uint64_t steps = std::uint64_t{B} * T;
  if (steps * kernels::padded(G) > max_tensor_elements || steps * H > max_tensor_elements)
    throw Error("a forward on input of shape " + format_dims(shape_of(x)) + " needs " +
                std::to_string(steps * kernels::padded(G)) + " gate values, more than the maximum " +
                std::to_string(max_tensor_elements) + ": use fewer sentences or time steps");
  const Shape state_shape{L, B, H};
  check_state(h0, "hidden", state_shape);
  if (c0 != nullptr && !lstm) throw Error("c0 is only for LSTM: an RNN has no cell state");
  check_state(c0, "cell", state_shape);

  // Inside, layers hand each other time-major [T, B, H] buffers: step t is one block. A row
  // of gates is padded to whole kernel panels (Gp >= G columns).
  ForwardResult result;
  result.h_n = h0 ? *h0 : Tensor(xt::zeros<float>(state_shape));
  if (lstm) result.c_n = c0 ? *c0 : Tensor(xt::zeros<float>(state_shape));
  result.output = config_.batch_first ? Tensor::from_shape({B, T, H}) : Tensor::from_shape({T, B, H});
  const std::size_t Gp = kernels::padded(G);
  Tensor gates = Tensor::from_shape({T * B * Gp});  // uninitialized: every element is written first
  Tensor between = L > 1 ? Tensor::from_shape({T, B, H}) : Tensor();  // a hidden layer's output

  for (std::size_t k = 0; k < L; ++k) {
    const PackedLayer& layer = packed_[k];
    const bool first = k == 0, last = k + 1 == L;
    // gates[t, b] = b_ih + b_hh + input[t, b] W_ih^T for every step at once.
    if (first && config_.batch_first) {
      // x is [B, T, I]: one GEMM per sentence writes its T rows B*Gp apart, no transpose.
      const std::size_t I = config_.input_size;
      for (std::size_t b = 0; b < B; ++b)
        kernels::gemm_bias(T, x.data() + b * T * I, I, layer.w_ih, layer.bias.data(), gates.data() + b * Gp,
                           B * Gp);
    } else {
      const std::size_t in = first ? config_.input_size : H;
      kernels::gemm_bias(T * B, first ? x.data() : between.data(), in, layer.w_ih, layer.bias.data(),
                         gates.data(), Gp);
    }

    float* h = result.h_n.data() + k * B * H;  // h_{t-1}, updated in place to h_t
    float* c = lstm ? result.c_n->data() + k * B * H : nullptr;
    for (std::size_t t = 0; t < T; ++t) {
      float* g = gates.data() + t * B * Gp;
      kernels::gemm_accumulate(B, h, H, layer.w_hh, g, Gp);
      if (lstm) {
        for (std::size_t b = 0; b < B; ++b) kernels::lstm_cell(g + b * Gp, c + b * H, h + b * H, H);
      } else {
        if (config_.mode == Mode::rnn_tanh)
          kernels::tanh_inplace(g, B * Gp);
        else
          kernels::relu_inplace(g, B * Gp);
        for (std::size_t b = 0; b < B; ++b) std::memcpy(h + b * H, g + b * Gp, H * sizeof(float));
      }
      if (!last) {
        std::memcpy(between.data() + t * B * H, h, B * H * sizeof(float));
      } else if (config_.batch_first) {
        for (std::size_t b = 0; b < B; ++b)
          std::memcpy(result.output.data() + (b * T + t) * H, h + b * H, H * sizeof(float));
      } else {
        std::memcpy(result.output.data() + t * B * H, h, B * H * sizeof(float));
      }
    }
  }
  return result;
}

}  // namespace recur
