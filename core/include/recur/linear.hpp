#pragma once
// nn.Linear(in_features, out_features) as the classifier head on the last hidden state, like the
// notebook's Linear(64 -> 10): logits = x W^T + b, and the softmax and class a learner reads.
//
// Seeded like the notebook's code: torch.manual_seed(seed); rnn = nn.RNN(...); head =
// nn.Linear(hidden_size, out_features), so the head's draws continue after the module's.
// nn.Linear's reset_parameters: weight from kaiming_uniform_(a=sqrt(5)), which is
// U(-b, b) with b = sqrt(3) * sqrt(2 / (1 + a^2)) / sqrt(in_features), in double as Python
// computes it; then bias from U(-1/sqrt(in_features), 1/sqrt(in_features)).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "recur/config.hpp"
#include "recur/init.hpp"
#include "recur/model.hpp"
#include "recur/state_dict.hpp"
#include "recur/tensor.hpp"

namespace recur {

inline constexpr std::size_t max_out_features = 4096;

struct LinearGradients {
  StateDict parameters;  // weight, bias
  Tensor x;              // [batch, in_features]
};

struct LinearResult {
  Tensor logits;                        // [batch, out_features]
  Tensor probabilities;                 // softmax(logits, dim=-1)
  std::vector<std::int32_t> predicted;  // argmax per row (the first NaN, if a row has one)
};

class Linear {
 public:
  // Draws weight then bias from `generator`, as nn.Linear's constructor does.
  Linear(std::size_t in_features, std::size_t out_features, TorchGenerator& generator);

  // The head constructed right after the recurrent module `model` under torch.manual_seed(seed).
  static Linear after(const ModelConfig& model, std::uint64_t seed, std::size_t out_features);
  // The same for a model under the seed it was made with.
  static Linear after(const Model& model, std::size_t out_features) {
    return after(model.config(), model.seed(), out_features);
  }
  // The same with in_features given (a head on torch.cat((h_n[-2], h_n[-1]), dim=1) reads 2 x the h width).
  static Linear after(const Model& model, std::size_t out_features, std::size_t in_features);

  std::size_t in_features() const { return in_features_; }
  std::size_t out_features() const { return out_features_; }
  const StateDict& state_dict() const { return params_; }  // weight [out, in], bias [out]

  // Strict, as for the recurrent model (see check_state_dict).
  void load_state_dict(const StateDict& entries);

  // x is [batch, in_features].
  LinearResult forward(const Tensor& x) const;

  // The gradients of weight, bias and x, given the logits' gradient for input x.
  LinearGradients backward(const Tensor& x, const Tensor& d_logits) const;

 private:
  std::size_t in_features_, out_features_;
  StateDict params_;
};

// softmax along the last dimension of a [rows, n] tensor, as torch.softmax(x, dim=-1).
Tensor softmax(const Tensor& logits);

}  // namespace recur
