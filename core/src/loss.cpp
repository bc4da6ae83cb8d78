#include "recur/loss.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "recur/error.hpp"
#include "recur/format.hpp"
#include "recur/kernels/simd.hpp"

namespace recur {

CrossEntropy cross_entropy(const Tensor& logits, const std::vector<std::int32_t>& labels) {
  if (logits.dimension() != 2)
    throw Error("cross_entropy: logits must be [batch, classes], got " + format_dims(shape_of(logits)));
  const std::size_t B = logits.shape()[0], C = logits.shape()[1];
  if (labels.size() != B)
    throw Error("cross_entropy: " + std::to_string(labels.size()) + " labels for " + std::to_string(B) +
                " sentences");
  for (std::size_t b = 0; b < B; ++b)
    if (labels[b] < 0 || static_cast<std::size_t>(labels[b]) >= C)
      throw Error("label " + std::to_string(labels[b]) + " of sentence " + std::to_string(b + 1) +
                  " is not a class of a head with out_features = " + std::to_string(C) + " (classes 0 to " +
                  std::to_string(C - 1) + ")");
  CrossEntropy r{0.0f, Tensor::from_shape({B, C})};
  // softmax(logits), then from its sum log_softmax and nll_loss: log p = x - max - log(sum exp(x
  // - max)), summed, then / B. A vector of exps at a time, as PyTorch's CPU kernel does (a
  // character model has 2 048 rows of 65 classes a step; one std::exp at a time was a twentieth
  // of an RNN's step); the last partial vector is padded with -inf, whose exp adds exactly 0.
  alignas(64) float pad[kernels::lanes];
  float total = 0;
  for (std::size_t b = 0; b < B; ++b) {
    const float* row = logits.data() + b * C;
    float* d = r.d_logits.data() + b * C;
    const float largest = *std::max_element(row, row + C);
    const kernels::vfloat top(largest);
    kernels::vfloat sums(0.0f);
    std::size_t j = 0;
    for (; j + kernels::lanes <= C; j += kernels::lanes) {
      const kernels::vfloat e = xsimd::exp(kernels::vfloat::load_unaligned(row + j) - top);
      e.store_unaligned(d + j);
      sums += e;
    }
    if (j < C) {
      std::fill(pad, pad + kernels::lanes, -std::numeric_limits<float>::infinity());
      std::copy(row + j, row + C, pad);
      const kernels::vfloat e = xsimd::exp(kernels::vfloat::load_aligned(pad) - top);
      e.store_aligned(pad);
      std::copy(pad, pad + (C - j), d + j);
      sums += e;
    }
    const float sum = xsimd::reduce_add(sums);
    for (std::size_t k = 0; k < C; ++k) d[k] /= sum;
    total += -(row[labels[b]] - largest - std::log(sum));
    d[labels[b]] -= 1;
    for (std::size_t k = 0; k < C; ++k) d[k] /= static_cast<float>(B);
  }
  r.loss = total / static_cast<float>(B);
  return r;
}

}  // namespace recur
