#pragma once
// nn.RNN / nn.LSTM / nn.GRU: parameters by state_dict name and a forward pass with PyTorch's
// semantics.
//
//   output  [batch, seq_len, hidden] with batch_first, else [seq_len, batch, hidden]
//   h_n     [num_layers, batch, hidden]  whatever batch_first says (so is c_n, LSTM only)
//
// Per layer: one GEMM projects every time step's input at once (x W_ih^T + b_ih + b_hh; GRU only
// + b_ih, as its reset gate scales W_hh h + b_hh), then each step adds h_{t-1} W_hh^T and
// applies the cell. Weights are transposed once at load.

#include <cstdint>
#include <optional>

#include "recur/config.hpp"
#include "recur/kernels/gemm.hpp"
#include "recur/state_dict.hpp"
#include "recur/tensor.hpp"

namespace recur {

// What each layer computed at each step, for a learner stepping through time. Every tensor is
// time-major, [num_layers, seq_len, batch, n] whatever batch_first says, with n = G (gates:
// H for RNN, 4H for LSTM in the order i, f, g, o, 3H for GRU in the order r, z, n) or H:
//   input_term     W_ih x_t + b_ih         (x_t: the input, or the layer below's h_t)
//   hidden_term    W_hh h_{t-1} + b_hh
//   preactivation  what each activation reads: input_term + hidden_term as the fast path sums
//                  it; for GRU's n, input_term_n + r * hidden_term_n
//   gates          LSTM: sigmoid(i), sigmoid(f), tanh(g), sigmoid(o); GRU: sigmoid(r),
//                  sigmoid(z), tanh(n)
//   h, c           h_t and (LSTM) c_t
// h, c, preactivation and gates are the very values the forward used, bit for bit (for GRU the
// two terms too); for RNN and LSTM the two terms are computed apart for display, so they sum to
// preactivation to within rounding.
struct Intermediates {
  Tensor input_term;
  Tensor hidden_term;
  Tensor preactivation;
  std::optional<Tensor> gates;  // LSTM and GRU
  Tensor h;
  std::optional<Tensor> c;  // LSTM only
};

// What a forward records besides its results.
enum class Record {
  nothing,       // the fast path
  steps,         // all of Intermediates, for a learner stepping through time
  for_backward,  // what backward() reads: h, c and preactivation (GRU: also hidden_term, gates);
                 // input_term, hidden_term and gates stay empty for RNN and LSTM
};

struct ForwardResult {
  Tensor output;
  Tensor h_n;
  std::optional<Tensor> c_n;                   // LSTM only
  std::optional<Intermediates> intermediates;  // when asked for
};

class Model {
 public:
  // Weights as torch.manual_seed(seed) followed by constructing the module (see init.hpp).
  Model(const ModelConfig& config, std::uint64_t seed);

  const ModelConfig& config() const { return config_; }
  const StateDict& state_dict() const { return params_; }

  // Strict, like PyTorch's load_state_dict: every missing, unexpected or wrongly shaped entry
  // is reported in one recur::Error, and the model is left unchanged.
  void load_state_dict(const StateDict& entries);

  // x is [batch, seq_len, input_size] (batch_first) or [seq_len, batch, input_size];
  // h0 and c0, if given, are [num_layers, batch, hidden_size]; zeros if null. Unbatched, as in
  // PyTorch: x [seq_len, input_size], h0/c0 [num_layers, hidden_size], and output, h_n, c_n
  // without their batch dimension. With
  // `intermediates`, also records every step (more work and memory: off for the fast path).
  ForwardResult forward(const Tensor& x, const Tensor* h0 = nullptr, const Tensor* c0 = nullptr,
                        bool intermediates = false) const {
    return forward(x, h0, c0, intermediates ? Record::steps : Record::nothing);
  }
  ForwardResult forward(const Tensor& x, const Tensor* h0, const Tensor* c0, Record record) const;

 private:
  ForwardResult forward_unbatched(const Tensor& x, const Tensor* h0, const Tensor* c0, Record record) const;

  // A layer's weights as the kernels read them, made once per load.
  struct PackedLayer {
    kernels::PackedMatrix w_ih;  // weight_ih_l{k}, packed as W^T panels
    kernels::PackedMatrix w_hh;  // weight_hh_l{k}
    std::vector<float> bias;  // bias_ih + bias_hh (GRU: bias_ih), padded like a gates row; zeros without bias
    std::vector<float> hidden_bias;  // GRU: bias_hh, added to W_hh h before the reset gate scales it
    kernels::PackedMatrix w_hr;      // LSTM with proj_size: weight_hr_l{k}
  };
  void pack();
  // bias_ih/bias_hh of layer k, direction d, padded like a gates row (zeros without bias).
  std::vector<float> padded_bias(const std::string& name, std::size_t layer, std::size_t direction = 0) const;

  ModelConfig config_;
  StateDict params_;
  std::vector<PackedLayer> packed_;
};

}  // namespace recur
