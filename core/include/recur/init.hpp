#pragma once
// Default weights, drawn exactly as PyTorch draws them, so that seed s gives the weights of
//   torch.manual_seed(s); nn.LSTM(...)   (or nn.RNN, nn.GRU) on the CPU, bit for bit.
//
// PyTorch's CPU generator is MT19937 seeded with the low 32 bits of the seed; Tensor.uniform_
// (aten's uniform_real_distribution<float>) turns each 32-bit draw r into
//   x = (r & 0xFFFFFF) * 2^-24;   value = float(x * (to - from) + from)
// where from and to are already rounded to float but the arithmetic is in double (aten's
// dist_acctype<float> on the CPU), rounded to float once at the end.
// and nn.RNNBase.reset_parameters fills every parameter, in state_dict order, from
// U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>

#include "recur/tensor.hpp"

namespace recur {

class TorchGenerator {
 public:
  explicit TorchGenerator(std::uint64_t seed) : engine_(static_cast<std::uint32_t>(seed)) {}

  // Advances past n draws (n uniform_ values), as constructing a module of n parameters does.
  void skip(std::uint64_t n) { engine_.discard(n); }

  // The next 32-bit draw, as CPUGeneratorImpl::random() gives it (randperm.hpp uses it).
  std::uint32_t random() { return static_cast<std::uint32_t>(engine_()); }

  // One draw of Tensor.uniform_(from, to) for a float32 tensor.
  float uniform(float from, float to) {
    const double x = static_cast<double>(engine_() & 0xFFFFFFu) * (1.0 / 16777216.0);
    return static_cast<float>(x * (static_cast<double>(to) - static_cast<double>(from)) +
                              static_cast<double>(from));
  }

 private:
  std::mt19937 engine_;
};

// 1/sqrt(hidden_size) as PyTorch computes it: in double, then rounded to float by uniform_.
inline float init_bound(std::size_t hidden_size) {
  return static_cast<float>(1.0 / std::sqrt(static_cast<double>(hidden_size)));
}

// torch.manual_seed(seed); torch.rand(*shape): uniform_(0, 1), one draw an element.
inline Tensor rand(const Shape& shape, std::uint64_t seed) {
  TorchGenerator generator(seed);
  Tensor t = Tensor::from_shape(shape);
  for (float& v : t) v = generator.uniform(0.0f, 1.0f);
  return t;
}

}  // namespace recur
