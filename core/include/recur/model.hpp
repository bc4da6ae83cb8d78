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
#include "recur/init.hpp"
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
  // x one-hot: the column of each row's 1 (-1 for a row of zeros), in x's order, as the forward
  // found it; backward sums W_ih's gradient from it (kernels/one_hot.hpp) instead of scanning x again.
  std::optional<std::vector<std::int32_t>> one_hot;
};

// What a forward records besides its results.
enum class Record {
  nothing,       // the fast path
  steps,         // all of Intermediates, for a learner stepping through time
  for_backward,  // what backward() reads: h, c and preactivation (GRU: also hidden_term, gates);
                 // input_term, hidden_term and gates stay empty for RNN and LSTM
};

// One length a sentence, for sentences of different lengths padded to one seq_len: PyTorch's
// pack_padded_sequence(x, lengths, batch_first, enforce_sorted=False) -> module ->
// pad_packed_sequence(total_length=seq_len). Each sentence b runs its own lengths[b] steps:
// output is zero past them, h_n/c_n are its state at its own last step, and the reverse
// direction starts at its own end (step lengths[b] - 1) from h0/c0. Every layer alike.
using Lengths = std::vector<std::size_t>;

// The shapes a forward returns (ForwardResult's tensors), known from x's shape alone.
struct ForwardShapes {
  Shape output;
  Shape h_n;
  std::optional<Shape> c_n;  // LSTM only
};

struct ForwardResult {
  Tensor output;
  Tensor h_n;
  std::optional<Tensor> c_n;                   // LSTM only
  std::optional<Intermediates> intermediates;  // when asked for
};

// A model's parameters as torch.manual_seed(seed) and constructing the generated module draw
// them from `generator`: embedding.weight (normal_, padding row zeroed) first, then every
// recurrent weight in state_dict order from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).
StateDict initial_parameters(const ModelConfig& config, TorchGenerator& generator);

class Model {
 public:
  // Weights as torch.manual_seed(seed) followed by constructing the module (see init.hpp).
  Model(const ModelConfig& config, std::uint64_t seed);

  const ModelConfig& config() const { return config_; }
  // The torch.manual_seed the weights were drawn with: a head drawn after the model continues it.
  std::uint64_t seed() const { return seed_; }
  const StateDict& state_dict() const { return params_; }

  // Strict, like PyTorch's load_state_dict: every missing, unexpected or wrongly shaped entry
  // is reported in one recur::Error, and the model is left unchanged.
  void load_state_dict(const StateDict& entries);

  // x is [batch, seq_len, input_size] (batch_first) or [seq_len, batch, input_size];
  // h0 and c0, if given, are [num_layers, batch, hidden_size]; zeros if null. Unbatched, as in
  // PyTorch: x [seq_len, input_size], h0/c0 [num_layers, hidden_size], and output, h_n, c_n
  // without their batch dimension. With
  // `intermediates`, also records every step (more work and memory: off for the fast path).
  // `lengths` (null: every sentence is seq_len long) packs the batch as PyTorch does (Lengths);
  // recorded steps past a sentence's length hold its state unchanged (h, c) and are not steps
  // of it: backward() gives them no gradient.
  ForwardResult forward(const Tensor& x, const Tensor* h0 = nullptr, const Tensor* c0 = nullptr,
                        bool intermediates = false, const Lengths* lengths = nullptr) const {
    return forward(x, h0, c0, intermediates ? Record::steps : Record::nothing, lengths);
  }
  ForwardResult forward(const Tensor& x, const Tensor* h0, const Tensor* c0, Record record,
                        const Lengths* lengths = nullptr) const;

  // With an embedding (config.num_embeddings > 0), x holds token ids instead: [batch, seq_len]
  // (batch_first) or [seq_len, batch], or one sentence [seq_len]; each id's row of
  // embedding.weight is its step's input_size features.
  //
  // forward_features: the same from the features (x as without an embedding, the ids already
  // looked up: embedded(ids)), as training reads them.
  ForwardResult forward_features(const Tensor& x, const Tensor* h0, const Tensor* c0, Record record,
                                 const Lengths* lengths = nullptr) const;
  // The ids' rows of embedding.weight (ids.shape + [input_size]); without an embedding, x itself.
  Tensor embedded(const Tensor& ids) const;

  // The shapes forward(x) returns for an x of shape `x` (token ids with an embedding), and the
  // error forward throws for that shape; h0, c0 and lengths are not looked at. forward checks x
  // with it, so the two cannot differ. A page shows them before the forward has run.
  ForwardShapes output_shapes(const Shape& x) const;

  // Throws recur::Error unless `lengths` has one length a sentence, each 1 .. seq_len.
  static void check_lengths(const Lengths& lengths, std::size_t batch, std::size_t seq_len);

 private:
  // output_shapes for x as features (input_size values a step: embedded ids, or x itself).
  ForwardShapes feature_shapes(const Shape& x) const;
  ForwardResult forward_unbatched(const Tensor& x, const Tensor* h0, const Tensor* c0, Record record,
                                  const Lengths* lengths) const;

  // A layer's weights as the kernels read them, made once per load.
  struct PackedLayer {
    kernels::PackedMatrix w_ih;  // weight_ih_l{k}, packed as W^T panels
    kernels::PackedMatrix w_hh;  // weight_hh_l{k}
    std::vector<float> bias;  // bias_ih + bias_hh (GRU: bias_ih), padded like a gates row; zeros without bias
    std::vector<float> hidden_bias;  // GRU: bias_hh, added to W_hh h before the reset gate scales it
    kernels::PackedMatrix w_hr;      // LSTM with proj_size: weight_hr_l{k}
    // Every value of weight_ih finite: a one-hot input may be projected by lookups
    // (kernels/one_hot.hpp). Known once a load, not scanned every forward (a sampled character's
    // forward is as small as the scan).
    bool w_ih_finite = false;
  };
  void pack();
  // bias_ih/bias_hh of layer k, direction d, padded like a gates row (zeros without bias).
  std::vector<float> padded_bias(const std::string& name, std::size_t layer, std::size_t direction = 0) const;

  ModelConfig config_;
  std::uint64_t seed_;
  StateDict params_;
  std::vector<PackedLayer> packed_;
};

}  // namespace recur
