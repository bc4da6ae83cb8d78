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
#include <cstring>
#include <optional>
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

  // Tensor.normal_() (mean 0, std 1) of n float32 values, as PyTorch 1.13's CPU kernel draws
  // them. n >= 16 (contiguous float: normal_fill, AVX2 on the machines PyTorch runs on): n
  // uniform floats, Box-Muller over pairs (j, j + 8) of each 16, with avx_mathfun's Cephes
  // log and sincos; when n is not a multiple of 16 the last 16 are drawn again and recomputed.
  // n < 16: at::normal_distribution<double>, one pair of 53-bit uniforms per two values, the
  // second value of a pair kept for the next call (as the generator keeps it).
  void normal(float* data, std::size_t n);

 private:
  // at::uniform_real_distribution<double>(0, 1): 53 bits of random64() = (draw << 32) | draw.
  double uniform_double() {
    const std::uint64_t hi = engine_(), lo = engine_();
    return static_cast<double>(((hi << 32) | lo) & ((std::uint64_t{1} << 53) - 1)) *
           (1.0 / 9007199254740992.0);
  }
  float uniform_float() {
    return static_cast<float>(static_cast<double>(engine_() & 0xFFFFFFu) * (1.0 / 16777216.0));
  }

  std::mt19937 engine_;
  std::optional<double> next_double_normal_;  // torch.manual_seed clears it, so does a new generator
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
